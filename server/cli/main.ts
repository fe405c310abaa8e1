import { Command, CommanderError } from 'commander';
import { registerTerminologyCommands } from './commands/terminology.ts';
import { registerServeCommand } from './commands/serve.ts';
import { errorLine, exitCodeFor } from './run-command.ts';

/** `chartside`: the one CLI. Each domain registers its subcommands from its own file under commands/. */
export function buildProgram(): Command {
  const program = new Command('chartside')
    .description('Chartside: on-premise ICD-10-CM coding and triage suggestions for EHRs (SMART on FHIR + CDS Hooks).')
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ outputError: (text, write) => write(text.split('\n')[0] + '\n') })
    .exitOverride();
  registerServeCommand(program);
  registerTerminologyCommands(program);
  return program;
}

async function main(): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(process.argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode === 0 ? 0 : 2;
      return;
    }
    process.stderr.write(errorLine(error) + '\n');
    process.exitCode = exitCodeFor(error);
  }
}

await main();
