import type { Command } from 'commander';
import { z } from 'zod';
import { migrateDatabase } from '../../db/migrate.ts';
import { exportRecordTable } from '../../db/pg-feedback-store.ts';
import { parseOrThrow } from '../../errors/parse.ts';
import { requireDatabaseUrl, withCliDatabase } from '../database-url.ts';
import { action, printJson } from '../run-command.ts';

const MigrateFlags = z.object({ databaseUrl: z.string().optional(), json: z.boolean().optional() });
const ExportFlags = z.object({
  databaseUrl: z.string().optional(),
  table: z.enum(['feedback', 'training-cases']),
  out: z.string().min(1),
});

export function registerDbCommands(program: Command): void {
  const db = program
    .command('db')
    .description('The shared PostgreSQL database of N replicas (CHARTSIDE_DATABASE_URL).');

  db.command('migrate')
    .description(
      'Apply pending schema migrations (under the same advisory lock replicas take at start), ahead of a roll-out.',
    )
    .option('--database-url <url>', 'postgres:// URL (default: CHARTSIDE_DATABASE_URL)')
    .option('--json', 'print the result as JSON')
    .action(
      action(async (raw: unknown) => {
        const flags = parseOrThrow(MigrateFlags, raw, 'flags');
        const url = requireDatabaseUrl(flags.databaseUrl);
        const result = await withCliDatabase(url, (database) => migrateDatabase(database));
        if (flags.json) printJson(result);
        else
          process.stdout.write(
            result.applied.length === 0
              ? `schema current at version ${result.version}\n`
              : `applied ${result.applied.join(', ')}: schema at version ${result.version}\n`,
          );
      }),
    );

  db.command('export')
    .description(
      'Write the feedback or training case store of the database as the NDJSON file `dataset build --feedback/--cases` reads.',
    )
    .requiredOption('--table <name>', 'feedback or training-cases')
    .requiredOption('--out <file>', 'NDJSON file to write')
    .option('--database-url <url>', 'postgres:// URL (default: CHARTSIDE_DATABASE_URL)')
    .action(
      action(async (raw: unknown) => {
        const flags = parseOrThrow(ExportFlags, raw, 'flags');
        const url = requireDatabaseUrl(flags.databaseUrl);
        const table = flags.table === 'feedback' ? 'feedback' : 'training_cases';
        const records = await withCliDatabase(url, (database) => exportRecordTable(database, table, flags.out));
        process.stdout.write(`wrote ${records} records to ${flags.out}\n`);
      }),
    );
}
