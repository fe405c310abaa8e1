import type { Command } from 'commander';
import { z } from 'zod';
import { AppError } from '../../errors/app-error.ts';
import { parseOrThrow } from '../../errors/parse.ts';
import { loadSigningKey } from '../../bulk/backend-keys.ts';
import { createProgressReporter } from '../../bulk/export-progress.ts';
import {
  ExportRequestSchema,
  GroupIdSchema,
  InstantSchema,
  ResourceTypeSchema,
  TypeFilterSchema,
} from '../../bulk/export-request.ts';
import { ExportPause, runExport } from '../../bulk/run-export.ts';
import { action, printJson } from '../run-command.ts';

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];
const commaList = (value: string, previous: string[] = []): string[] => [
  ...previous,
  ...value
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== ''),
];

/** The EHR's endpoints are http(s) only: anything else (ftp://, a bare word) is refused before any request. */
const httpUrl = (example: string) =>
  z.url({ protocol: /^https?$/, error: `must be an http:// or https:// URL such as ${example}` });

const ExportFlags = z.object({
  fhirBase: httpUrl('https://ehr.example/fhir/R4'),
  clientId: z.string().min(1).optional(),
  key: z.string().min(1).optional(),
  open: z.boolean().optional(),
  maxWait: z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 3600)
    .default(3600),
  tokenUrl: httpUrl('https://ehr.example/oauth2/token').optional(),
  scope: z.string().min(1).default('system/*.read'),
  group: GroupIdSchema.optional(),
  patient: z.boolean().optional(),
  type: z.array(ResourceTypeSchema).optional(),
  since: InstantSchema.optional(),
  typeFilter: z.array(TypeFilterSchema).optional(),
  outputFormat: z.string().optional(),
  out: z.string().min(1),
  parallel: z.coerce.number().int().min(1).max(32).default(4),
  quiet: z.boolean().optional(),
  json: z.boolean().optional(),
});

/** `chartside export`: a FHIR Bulk Data export with SMART Backend Services authorization, resumable. */
export function registerExportCommands(program: Command): void {
  program
    .command('export')
    .description(
      'Export FHIR data from the EHR (Bulk Data Access 2.0) into a folder of NDJSON files with a manifest. Run the same command again after a crash, a kill or a service stop (SIGTERM) to resume; Ctrl-C cancels the export and deletes the job.',
    )
    .requiredOption('--fhir-base <url>', 'the EHR FHIR server base URL')
    .option('--client-id <id>', 'client id registered with the EHR for SMART Backend Services')
    .option('--key <file>', 'private JWK written by `chartside keys generate`')
    .option(
      '--open',
      'no authorization, for a server inside the network that needs none (refused when its SMART configuration declares a token endpoint)',
    )
    .option(
      '--max-wait <seconds>',
      'how long to wait in all when the server rate-limits a request (429 with Retry-After), and at most between two status polls; past it the export stops, cancelling a job it was polling',
      '3600',
    )
    .option('--token-url <url>', 'token endpoint (default: from the server .well-known/smart-configuration)')
    .option('--scope <scope>', 'scopes to ask for', 'system/*.read')
    .option('--group <id>', 'export one Group (Group/[id]/$export)')
    .option('--patient', 'export all patients (Patient/$export) instead of the whole system')
    .option('--type <types>', 'resource types to export, comma-separated (repeatable)', commaList)
    .option('--since <instant>', 'only resources changed since this FHIR instant')
    .option('--type-filter <query>', 'a _typeFilter such as "Observation?category=vital-signs" (repeatable)', collect)
    .option('--output-format <mime>', 'the _outputFormat to ask for', 'application/fhir+ndjson')
    .requiredOption('--out <dir>', 'output folder (holds the state file that resumes the export)')
    .option('--parallel <n>', 'parallel downloads', '4')
    .option('--quiet', 'no progress display')
    .option('--json', 'progress and result as JSON lines on stdout')
    .action(
      action(async (raw: unknown) => {
        const flags = parseOrThrow(ExportFlags, raw, 'flags');
        if (flags.patient && flags.group !== undefined) {
          throw new AppError('INVALID_INPUT', '--group: choose --patient or --group, not both');
        }
        const request = parseOrThrow(
          ExportRequestSchema,
          {
            fhirBase: flags.fhirBase,
            level: flags.group !== undefined ? 'group' : flags.patient ? 'patient' : 'system',
            groupId: flags.group,
            types: flags.type ?? [],
            since: flags.since,
            typeFilters: flags.typeFilter ?? [],
            outputFormat: flags.outputFormat,
          },
          // every part was checked as its flag above: a failure here is Chartside's, not the user's
          'export request',
        );
        if (flags.open && (flags.clientId !== undefined || flags.key !== undefined))
          throw new AppError('INVALID_INPUT', '--open takes no --client-id or --key: choose one');
        if (!flags.open && (flags.clientId === undefined || flags.key === undefined))
          throw new AppError(
            'INVALID_INPUT',
            `--${flags.clientId === undefined ? 'client-id' : 'key'} is missing: give --client-id and --key (SMART Backend Services), or --open for a server that needs no authorization`,
          );
        const signingKey = flags.key === undefined ? undefined : await loadSigningKey(flags.key);
        const reporter = createProgressReporter(
          flags.json ? 'json' : flags.quiet || !process.stderr.isTTY ? 'quiet' : 'bar',
        );
        // Ctrl-C cancels (the job is deleted); a service stop or `kill` (SIGTERM, SIGHUP) pauses: run again to resume.
        const controller = new AbortController();
        const cancel = (): void => controller.abort(new Error('cancelled'));
        const pause = (): void => controller.abort(new ExportPause());
        process.once('SIGINT', cancel);
        process.once('SIGTERM', pause);
        process.once('SIGHUP', pause);
        try {
          const summary = await runExport({
            request,
            clientId: flags.clientId,
            signingKey,
            open: flags.open,
            maxRetryAfterMs: flags.maxWait * 1000,
            tokenUrl: flags.tokenUrl,
            scope: flags.scope,
            outDir: flags.out,
            concurrency: flags.parallel,
            signal: controller.signal,
            onEvent: reporter.onEvent,
          });
          reporter.stop();
          if (flags.json) {
            if (summary.alreadyComplete) process.stdout.write(JSON.stringify({ event: 'done', summary }) + '\n');
          } else if (!flags.quiet) printJson(summary);
        } finally {
          reporter.stop();
          process.off('SIGINT', cancel);
          process.off('SIGTERM', pause);
          process.off('SIGHUP', pause);
        }
      }),
    );
}
