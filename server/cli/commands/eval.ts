import type { Command } from 'commander';
import { createDeidentifier, resolveDeidSecret } from '../../deid/index.ts';
import { readDeidCases } from '../../eval/deid-cases.ts';
import { computeDeidMetrics } from '../../eval/deid-metrics.ts';
import { action, printJson } from '../run-command.ts';

/**
 * `chartside eval …`: one command with a subcommand per task (`deid` now; `coding` and `triage` register
 * next to it), each printing the metrics of `../shared/eval/README.md`.
 */
export function registerEvalCommands(program: Command): Command {
  const evalCommand = program
    .command('eval')
    .description('Evaluate Chartside engines on case files (formats and metrics: shared/eval/README.md).');
  registerEvalDeid(evalCommand);
  return evalCommand;
}

function registerEvalDeid(evalCommand: Command): void {
  evalCommand
    .command('deid')
    .description(
      'Token recall/precision, span recall and per-type recall of the de-identification engine on gold PHI spans.',
    )
    .requiredOption('--cases <file>', 'cases, JSON Lines: {"id","text","phi":[{"start","end","type"}]}')
    .option('--json', 'print the metrics as one JSON object (the default output too)')
    .action(
      action(async (opts: { cases: string; json?: boolean }) => {
        const cases = await readDeidCases(opts.cases);
        // Evaluation needs no stable pseudonyms: a random per-run secret is fine, and nothing is written.
        const engine = createDeidentifier({ secret: resolveDeidSecret({ mode: 'development' }) });
        const masked = cases.map((c) => engine.detectPhi(c.text));
        printJson(computeDeidMetrics(cases, masked));
      }),
    );
}
