import type { GateCheck, GateResult, TaskReport } from './eval-report.ts';
import { EVAL_TASKS } from './generation-tasks.ts';
import { describeRule, satisfies, type Thresholds } from './thresholds.ts';

/**
 * The promotion gate: every gated metric of every evaluated task must meet its threshold. Gates of tasks the
 * suite did not hold are listed as `not-evaluated` and do not block (the model is not cleared for those
 * tasks by this run); a run that measured no gated metric at all does not pass.
 */
export function evaluateGate(tasks: readonly TaskReport[], thresholds: Thresholds): GateResult {
  const checks: GateCheck[] = [];
  for (const task of EVAL_TASKS) {
    const report = tasks.find((t) => t.task === task);
    for (const [metric, rule] of Object.entries(thresholds[task] ?? {})) {
      const raw = report ? (report.metrics as unknown as Record<string, unknown>)[metric] : undefined;
      const value = typeof raw === 'number' ? raw : null;
      const status =
        report === undefined ? 'not-evaluated' : value !== null && satisfies(value, rule) ? 'pass' : 'fail';
      checks.push({ task, metric, rule, bound: describeRule(rule), value, status });
    }
  }
  const evaluated = checks.filter((c) => c.status !== 'not-evaluated');
  return { passed: evaluated.length > 0 && evaluated.every((c) => c.status === 'pass'), checks };
}
