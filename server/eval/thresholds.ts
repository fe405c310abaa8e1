import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { AppError } from '../errors/app-error.ts';
import { EVAL_TASKS, type EvalTask } from './generation-tasks.ts';
import { METRIC_MEANINGS } from './metric-meanings.ts';

/** A bound on one metric: any of ≥, >, ≤, < (all given must hold). */
export const ThresholdRuleSchema = z
  .object({
    gte: z.number().optional(),
    gt: z.number().optional(),
    lte: z.number().optional(),
    lt: z.number().optional(),
  })
  .strict()
  .refine((r) => Object.keys(r).length > 0, { message: 'a threshold needs at least one of gte, gt, lte, lt' });
export type ThresholdRule = z.infer<typeof ThresholdRuleSchema>;

export type Thresholds = Partial<Record<EvalTask, Record<string, ThresholdRule>>>;

/**
 * The default gate, from the clinical requirements (issue 8): coding top-1 on the principal diagnosis ≥ 90% and
 * no invalid code; triage EMERGENT recall ≥ 95%; note BLEU > 0.7; patient communication at grade 6–8; and a
 * hard zero for hallucinated doses in every generation task.
 */
export const DEFAULT_THRESHOLDS: Thresholds = {
  coding: { top1: { gte: 0.9 }, invalid: { lte: 0 } },
  triage: { emergentRecall: { gte: 0.95 } },
  note: { bleu: { gt: 0.7 }, hallucinatedDoses: { lte: 0 } },
  discharge: { hallucinatedDoses: { lte: 0 } },
  'patient-comm': { gradeLevel: { gte: 6, lte: 8 }, hallucinatedDoses: { lte: 0 } },
};

/**
 * A site's thresholds file: per task, per metric, a rule that replaces the default, or `null` to drop a
 * default gate. Only numeric metrics the task reports may be gated.
 */
export const SiteThresholdsSchema = z
  .object(
    Object.fromEntries(
      EVAL_TASKS.map((task) => [task, z.record(z.string(), ThresholdRuleSchema.nullable()).optional()]),
    ) as Record<EvalTask, z.ZodOptional<z.ZodRecord<z.ZodString, z.ZodNullable<typeof ThresholdRuleSchema>>>>,
  )
  .strict()
  .superRefine((site, ctx) => {
    for (const task of EVAL_TASKS) {
      for (const metric of Object.keys(site[task] ?? {})) {
        if (!(metric in METRIC_MEANINGS[task]) || metric === 'n' || metric === 'emergentRecallCI95')
          ctx.addIssue({ code: 'custom', path: [task, metric], message: 'is not a gateable metric of this task' });
      }
    }
  });

/** The defaults with a site's overrides applied. */
export function mergeThresholds(site: z.infer<typeof SiteThresholdsSchema>): Thresholds {
  const merged: Thresholds = {};
  for (const task of EVAL_TASKS) {
    const rules: Record<string, ThresholdRule> = { ...DEFAULT_THRESHOLDS[task] };
    for (const [metric, rule] of Object.entries(site[task] ?? {})) {
      if (rule === null) delete rules[metric];
      else rules[metric] = rule;
    }
    if (Object.keys(rules).length > 0) merged[task] = rules;
  }
  return merged;
}

/** Reads a site thresholds file; `undefined` path → the defaults. */
export async function loadThresholds(path: string | undefined): Promise<Thresholds> {
  if (path === undefined) return DEFAULT_THRESHOLDS;
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (cause) {
    if (cause instanceof SyntaxError) throw new AppError('INVALID_INPUT', 'thresholds file is not valid JSON');
    throw new AppError('INVALID_INPUT', 'thresholds file cannot be read', { cause });
  }
  const parsed = SiteThresholdsSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError('INVALID_INPUT', `thresholds.${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
  }
  return mergeThresholds(parsed.data);
}

/** `≥ 0.9`, `> 0.7`, `≥ 6 and ≤ 8`. */
export function describeRule(rule: ThresholdRule): string {
  const parts: string[] = [];
  if (rule.gte !== undefined) parts.push(`≥ ${rule.gte}`);
  if (rule.gt !== undefined) parts.push(`> ${rule.gt}`);
  if (rule.lte !== undefined) parts.push(`≤ ${rule.lte}`);
  if (rule.lt !== undefined) parts.push(`< ${rule.lt}`);
  return parts.join(' and ');
}

export function satisfies(value: number, rule: ThresholdRule): boolean {
  return (
    (rule.gte === undefined || value >= rule.gte) &&
    (rule.gt === undefined || value > rule.gt) &&
    (rule.lte === undefined || value <= rule.lte) &&
    (rule.lt === undefined || value < rule.lt)
  );
}
