import { SingleBar, Presets } from 'cli-progress';
import { Option, type Command } from 'commander';
import { z } from 'zod';
import { loadConfig } from '../../config.ts';
import { AppError } from '../../errors/app-error.ts';
import { parseOrThrow } from '../../errors/parse.ts';
import { requireFiles } from '../require-inputs.ts';
import { importRelease } from '../../../terminology/icd10cm/import-release.ts';
import { loadTerminology } from '../../../terminology/icd10cm/load.ts';
import type { CodeDetails, SearchHit } from '../../../terminology/icd10cm/terminology.ts';
import { action, printJson } from '../run-command.ts';

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

function printHits(hits: SearchHit[]): void {
  if (hits.length === 0) {
    process.stdout.write('no matching codes\n');
    return;
  }
  for (const [i, hit] of hits.entries()) {
    const flag = hit.billable ? ' ' : '*';
    process.stdout.write(
      `${String(i + 1).padStart(2)}. ${hit.code.padEnd(8)}${flag} ${hit.score.toFixed(3)}  ${hit.display}\n`,
    );
    process.stdout.write(`              matched: ${hit.matched.join(', ')}  via ${hit.source}: ${hit.term}\n`);
    if (hit.features) {
      const parts = Object.entries(hit.features.contributions).map(([k, v]) => `${k} ${v > 0 ? '+' : ''}${v}`);
      process.stdout.write(`              match ${hit.features.match}; ${parts.join(', ') || 'no adjustments'}\n`);
    }
  }
  process.stdout.write('(* header code: needs more characters before it can be billed)\n');
}

function printDetails(d: CodeDetails): void {
  process.stdout.write(`${d.code}  ${d.billable ? 'billable' : 'header (needs more specificity)'}\n  ${d.display}\n`);
  process.stdout.write(`  category ${d.category.code} ${d.category.display}\n`);
  if (d.chapter) process.stdout.write(`  chapter ${d.chapter.chapter} (${d.chapter.range}) ${d.chapter.title}\n`);
  for (const e of d.excludes1) process.stdout.write(`  Excludes1: ${e.note}\n`);
  for (const e of d.excludes2) process.stdout.write(`  Excludes2: ${e.note}\n`);
}

const ImportFlags = z.object({
  order: z.string().min(1),
  tabular: z.array(z.string()).optional(),
  index: z.array(z.string()).optional(),
  out: z.string().min(1),
  releaseYear: z
    .string()
    .regex(/^\d{4}$/, 'must be a four-digit year, e.g. --release-year 2026')
    .optional(),
  version: z.unknown().optional(),
  subset: z.string().optional(),
  terms: z.array(z.string()).optional(),
  progress: z.boolean().optional(),
});

export function registerTerminologyCommands(program: Command): void {
  const terminology = program
    .command('terminology')
    .description(
      'ICD-10-CM: import the official release, look codes up, search clinical text. Uses CHARTSIDE_TERMINOLOGY (a directory written by `terminology import`) or the embedded default set.',
    );

  terminology
    .command('import')
    .description('Import the CMS/CDC ICD-10-CM release files into a compact, versioned index directory.')
    .requiredOption('--order <file>', 'order file icd10cm_order_YYYY.txt (plain or .gz)')
    .option('--tabular <file>', 'Tabular List XML (repeatable: whole list or chapters)', collect)
    .option(
      '--index <file>',
      'Alphabetic Index XML (diseases, external cause, neoplasm or drug table) or JSON Lines flattening (repeatable)',
      collect,
    )
    .requiredOption('--out <dir>', 'directory to write (manifest.json + icd10cm.json)')
    .option('--terms <file>', "a site's entry terms, CODE<TAB>term lines (repeatable)", collect)
    .option('--subset <file>', 'keep only the codes listed in this file (one a line) and their ancestors')
    .option('--release-year <year>', 'release year (e.g. 2026) when the order file name does not carry it')
    // the root --version prints the program's version; here it is a mistake to explain, not to obey
    .addOption(new Option('--version [year]').hideHelp())
    .option('--no-progress', 'no progress bar')
    .action(
      action(async (raw: unknown) => {
        const flags = parseOrThrow(ImportFlags, raw, 'flags');
        if (flags.version !== undefined) {
          throw new AppError(
            'INVALID_INPUT',
            '--version prints the program version; pass the release year as --release-year YYYY',
            { expression: ['flags.version'] },
          );
        }
        await requireFiles([
          ['--order', [flags.order]],
          ['--tabular', flags.tabular ?? []],
          ['--index', flags.index ?? []],
          ['--terms', flags.terms ?? []],
          ['--subset', flags.subset !== undefined ? [flags.subset] : []],
        ]);
        const bar =
          flags.progress !== false && process.stderr.isTTY
            ? new SingleBar({ format: ' {bar} {value}/{total} {step}', stream: process.stderr }, Presets.shades_classic)
            : undefined;
        bar?.start(1, 0, { step: 'starting' });
        try {
          const manifest = await importRelease({
            order: flags.order,
            ...(flags.tabular ? { tabular: flags.tabular } : {}),
            ...(flags.index ? { index: flags.index } : {}),
            out: flags.out,
            ...(flags.releaseYear ? { version: flags.releaseYear } : {}),
            ...(flags.subset ? { subset: flags.subset } : {}),
            ...(flags.terms ? { terms: flags.terms } : {}),
            onProgress: (step, done, total) => {
              bar?.setTotal(total);
              bar?.update(done, { step });
            },
          });
          bar?.stop();
          const c = manifest.counts;
          process.stdout.write(
            `${manifest.name}: ${c.codes} codes (${c.billable} billable, ${c.headers} headers), ${c.terms} search terms, ${c.notes} codes with notes → ${flags.out}\n`,
          );
        } finally {
          bar?.stop();
        }
      }),
    );

  terminology
    .command('search')
    .description('Rank ICD-10-CM codes for a phrase or a whole note.')
    .argument('<text>', 'clinical text; use - to read it from standard input')
    .option('--limit <n>', 'how many codes (1-200)', '10')
    .option('--billable-only', 'leave header codes out')
    .option('--explain', 'show the ranking features that placed each code')
    .option('--json', 'print JSON')
    .action(
      action(async (textArg: string, raw: unknown) => {
        const flags = parseOrThrow(
          z.object({
            limit: z.coerce.number().int().min(1).max(200),
            billableOnly: z.boolean().optional(),
            explain: z.boolean().optional(),
            json: z.boolean().optional(),
          }),
          raw,
          'flags',
        );
        const text = textArg === '-' ? await readStdin() : textArg;
        const t = await loadTerminology(loadConfig().terminology);
        const hits = t.search(text, {
          limit: flags.limit,
          billableOnly: flags.billableOnly ?? false,
          explain: flags.explain ?? false,
        });
        if (flags.json) printJson({ system: t.info.system, version: t.info.version, hits });
        else printHits(hits);
      }),
    );

  terminology
    .command('lookup')
    .description('Validate a code (with or without its dot) and show its titles, hierarchy and Excludes notes.')
    .argument('<code>', 'e.g. J44.1 or J441')
    .option('--json', 'print JSON')
    .action(
      action(async (code: string, raw: unknown) => {
        const flags = parseOrThrow(z.object({ json: z.boolean().optional() }), raw, 'flags');
        const t = await loadTerminology(loadConfig().terminology);
        const details = t.lookup(code);
        if (flags.json) printJson({ system: t.info.system, version: t.info.version, ...details });
        else printDetails(details);
      }),
    );

  terminology
    .command('info')
    .description('Which code set and version is loaded.')
    .action(
      action(async () => {
        const t = await loadTerminology(loadConfig().terminology);
        printJson(t.info);
      }),
    );
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
