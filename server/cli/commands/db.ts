import type { Command } from 'commander';
import { z } from 'zod';
import { migrateDatabase } from '../../db/migrate.ts';
import { AppError } from '../../errors/app-error.ts';
import { parseOrThrow } from '../../errors/parse.ts';
import { databaseUrlOf, withCliDatabase } from '../database-url.ts';
import { action, printJson } from '../run-command.ts';

const MigrateFlags = z.object({ databaseUrl: z.string().optional(), json: z.boolean().optional() });

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
        const url = databaseUrlOf(flags.databaseUrl);
        if (url === undefined) throw new AppError('INVALID_INPUT', 'give --database-url or set CHARTSIDE_DATABASE_URL');
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
}
