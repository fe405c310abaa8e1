import type { Command } from 'commander';
import { z } from 'zod';
import { verifyAuditLog } from '../../audit/verify-audit-log.ts';
import { AppError } from '../../errors/app-error.ts';
import { parseOrThrow } from '../../errors/parse.ts';
import { action, printJson } from '../run-command.ts';

const VerifyFlags = z.object({ json: z.boolean().optional() });

export function registerAuditCommands(program: Command): void {
  const audit = program
    .command('audit')
    .description('The audit log (FHIR AuditEvent NDJSON, hash-chained; CHARTSIDE_AUDIT_LOG).');

  audit
    .command('verify')
    .description(
      'Check the hash chain of an audit log: exits 0 when intact, 3 when any line was edited, removed, inserted or reordered.',
    )
    .argument('<file>', 'the audit log (e.g. .chartside/audit.ndjson)')
    .option('--json', 'print the whole verification as JSON')
    .action(
      action(async (file: string, raw: unknown) => {
        const flags = parseOrThrow(VerifyFlags, raw, 'flags');
        const result = await verifyAuditLog(file);
        if (flags.json) printJson(result);
        else {
          process.stdout.write(
            `${result.ok ? 'intact' : 'TAMPERED'}: ${result.lines} records, last #${result.lastSeq} sha256 ${result.lastHash}, head ${result.head}${result.tornTail ? ', torn last line (crash; cut at next start)' : ''}\n`,
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
      }),
    );
}
