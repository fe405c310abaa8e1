import type { Command } from 'commander';
import { z } from 'zod';
import { headFileOf } from '../../audit/audit-chain.ts';
import { verifyAuditLog } from '../../audit/verify-audit-log.ts';
import { AppError } from '../../errors/app-error.ts';
import { parseOrThrow } from '../../errors/parse.ts';
import { action, printJson } from '../run-command.ts';
import { exportAuditTable, verifyAuditTable } from '../../db/audit-table.ts';
import { databaseUrlOf, requireDatabaseUrl, withCliDatabase } from '../database-url.ts';

const VerifyFlags = z.object({
  json: z.boolean().optional(),
  head: z.boolean().default(true),
  databaseUrl: z.string().optional(),
});
const ExportFlags = z.object({ out: z.string().min(1), databaseUrl: z.string().optional() });

export function registerAuditCommands(program: Command): void {
  const audit = program
    .command('audit')
    .description('The audit log (FHIR AuditEvent NDJSON, hash-chained; CHARTSIDE_AUDIT_LOG).');

  audit
    .command('verify')
    .description(
      'Check the hash chain of an audit log and its .head file: exits 0 when intact, 3 when any line was edited, removed, inserted or reordered, or when the .head file is missing (unless --no-head).',
    )
    .argument('[file]', 'the audit log (e.g. .chartside/audit.ndjson); without it, the database’s audit table')
    .option('--json', 'print the whole verification as JSON')
    .option('--no-head', 'accept a log without its .head file (removal or edit of the last lines then goes undetected)')
    .option('--database-url <url>', 'verify the audit table of this database (default: CHARTSIDE_DATABASE_URL)')
    .action(
      action(async (file: string | undefined, raw: unknown) => {
        const flags = parseOrThrow(VerifyFlags, raw, 'flags');
        if (file === undefined) {
          await verifyDatabaseChain(flags);
          return;
        }
        const result = await verifyAuditLog(file);
        // Without the head, the chain alone cannot tell that its last lines were removed or rewritten.
        const headless = result.head === 'missing' || result.head === 'unreadable';
        if (flags.json) printJson(result);
        else {
          process.stdout.write(
            `${!result.ok ? 'TAMPERED' : headless ? 'chain intact' : 'intact'}: ${result.lines} records, last #${result.lastSeq} sha256 ${result.lastHash}, head ${result.head}${result.tornTail ? ', torn last line (crash; cut at next start)' : ''}\n`,
          );
          for (const p of result.problems) process.stdout.write(`  line ${p.line}: ${p.problem}\n`);
        }
        if (!result.ok) {
          const first = result.problems[0];
          throw new AppError(
            'CORRUPT_DATA',
            `audit log fails verification${first ? ` at line ${first.line}: ${first.problem}` : ''}`,
          );
        }
        if (headless && flags.head) {
          throw new AppError(
            'CORRUPT_DATA',
            `audit log head ${headFileOf(file)} is ${result.head}: removal or edit of the last lines cannot be detected; restore the head, or pass --no-head to check the chain alone`,
          );
        }
        if (headless && !flags.json) {
          process.stdout.write(
            `not protected without the head: the last lines could have been removed or rewritten; compare sha256 ${result.lastHash} with the copy kept elsewhere\n`,
          );
        }
      }),
    );
  registerAuditExportCommand(audit);
}

/** `audit verify` without a file: the chain in the database (the shared trail of N replicas). */
async function verifyDatabaseChain(flags: z.infer<typeof VerifyFlags>): Promise<void> {
  const url = databaseUrlOf(flags.databaseUrl);
  if (url === undefined) {
    throw new AppError('INVALID_INPUT', 'give the audit log file, or --database-url / CHARTSIDE_DATABASE_URL');
  }
  const result = await withCliDatabase(url, verifyAuditTable);
  if (flags.json) printJson(result);
  else {
    process.stdout.write(
      `${result.ok ? 'intact' : 'TAMPERED'}: ${result.records} records in the database, last #${result.lastSeq} sha256 ${result.lastHash}, head ${result.head}\n`,
    );
    for (const p of result.problems) process.stdout.write(`  record ${p.line}: ${p.problem}\n`);
  }
  if (!result.ok) {
    const first = result.problems[0];
    throw new AppError(
      'CORRUPT_DATA',
      `audit table fails verification${first ? ` at record ${first.line}: ${first.problem}` : ''}`,
    );
  }
}

/** `audit export`: the database's chain as the NDJSON file (and `.head`) that `audit verify FILE` checks. */
export function registerAuditExportCommand(audit: Command): void {
  audit
    .command('export')
    .description('Write the audit table of the database as a hash-chained NDJSON file (with its .head sidecar).')
    .requiredOption('--out <file>', 'the NDJSON file to write')
    .option('--database-url <url>', 'postgres:// URL (default: CHARTSIDE_DATABASE_URL)')
    .action(
      action(async (raw: unknown) => {
        const flags = parseOrThrow(ExportFlags, raw, 'flags');
        const url = requireDatabaseUrl(flags.databaseUrl);
        const result = await withCliDatabase(url, (db) => exportAuditTable(db, flags.out));
        process.stdout.write(`wrote ${result.records} records to ${flags.out} (last #${result.lastSeq})\n`);
      }),
    );
}
