import { Command, CommanderError } from 'commander';
import { registerTerminologyCommands } from './commands/terminology.ts';
import { registerServeCommand } from './commands/serve.ts';
import { registerDeidCommands } from './commands/deid.ts';
import { registerEvalCommands } from './commands/eval.ts';
import { registerEvalSuggestionCommands } from './commands/eval-suggestions.ts';
import { registerEvalGenerationCommands } from './commands/eval-generation.ts';
import { registerModelsCommands } from './commands/models.ts';
import { registerSuggestCommand } from './commands/suggest.ts';
import { registerExportCommands } from './commands/export.ts';
import { registerKeysCommands } from './commands/keys.ts';
import { registerDatasetCommands } from './commands/dataset.ts';
import { registerAuditCommands } from './commands/audit.ts';
import { registerRegisterCommand } from './commands/register.ts';
import { registerDbCommands } from './commands/db.ts';
import { useFlagMessages } from './flag-messages.ts';
import { errorLine, exitCodeFor } from './run-command.ts';

/** `chartside`: the one CLI. Each domain registers its subcommands from its own file under commands/. */
export function buildProgram(): Command {
  const program = new Command('chartside')
    .description('Chartside: on-premise ICD-10-CM coding and triage suggestions for EHRs (SMART on FHIR + CDS Hooks).')
    .version('0.1.0')
    // root flags only before a command: `terminology import --version 2026` must not print 0.1.0 and exit 0
    .enablePositionalOptions()
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ outputError: (text, write) => write(text.split('\n')[0] + '\n') })
    .exitOverride();
  registerServeCommand(program);
  registerTerminologyCommands(program);
  registerDeidCommands(program);
  const evalCommand = registerEvalCommands(program);
  registerEvalSuggestionCommands(evalCommand);
  registerEvalGenerationCommands(evalCommand);
  registerModelsCommands(program);
  registerSuggestCommand(program);
  registerKeysCommands(program);
  registerExportCommands(program);
  registerDatasetCommands(program);
  registerAuditCommands(program);
  registerRegisterCommand(program);
  registerDbCommands(program);
  return program;
}

/**
 * Runs one `chartside` command line (the arguments after the program name): what it prints goes to stdout
 * and stderr, its exit status to `process.exitCode` (2 for a usage error).
 */
export async function runCli(args: readonly string[]): Promise<void> {
  useFlagMessages();
  try {
    await buildProgram().parseAsync([...args], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode === 0 ? 0 : 2;
      return;
    }
    process.stderr.write(errorLine(error) + '\n');
    process.exitCode = exitCodeFor(error);
  }
}
