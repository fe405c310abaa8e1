import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { FhirResource } from 'fhir/r4.d.ts';
import { z } from 'zod';
import { loadConfig } from '../../config.ts';
import { AppError } from '../../errors/app-error.ts';
import { parseOrThrow } from '../../errors/parse.ts';
import { createLogger } from '../../log/logger.ts';
import type { CaseInput } from '../../suggest/case-input.ts';
import { CareSettingSchema } from '../../suggest/document/care-setting.ts';
import { createSuggestionRuntime } from '../../suggest/runtime.ts';
import type { Suggestions } from '../../suggest/suggestions.ts';
import { action, printJson } from '../run-command.ts';

const Flags = z
  .object({
    textFile: z.string().min(1).optional(),
    bundle: z.string().min(1).optional(),
    encounter: z
      .string()
      .regex(/^[A-Za-z0-9\-.]{1,64}$/, 'must be a FHIR id')
      .optional(),
    backend: z.enum(['rules', 'llama', 'openai-compatible']).optional(),
    model: z.string().min(1).optional(),
    codes: z.boolean(),
    triage: z.boolean(),
    setting: CareSettingSchema.optional(),
    json: z.boolean().optional(),
  })
  .refine((f) => (f.textFile === undefined) !== (f.bundle === undefined), {
    message: 'give exactly one of --text-file or --bundle',
    path: ['textFile'],
  })
  .refine((f) => f.encounter === undefined || f.bundle !== undefined, {
    message: '--encounter needs --bundle',
    path: ['encounter'],
  });

const BundleSchema = z.object({
  resourceType: z.literal('Bundle'),
  entry: z.array(z.object({ resource: z.looseObject({ resourceType: z.string() }).optional() })).default([]),
});

async function readCase(flags: z.infer<typeof Flags>): Promise<CaseInput> {
  const path = flags.textFile ?? flags.bundle ?? '';
  let content: string;
  try {
    content =
      path === '-'
        ? await new Response(process.stdin as unknown as ReadableStream).text()
        : await readFile(path, 'utf8');
  } catch {
    throw new AppError('INVALID_INPUT', `cannot read ${path}`);
  }
  const setting = flags.setting ? { setting: flags.setting } : {};
  if (flags.textFile !== undefined) return { text: content, ...setting };
  let json: unknown;
  try {
    json = JSON.parse(content);
  } catch {
    throw new AppError('INVALID_INPUT', `${path} is not valid JSON`);
  }
  const bundle = parseOrThrow(BundleSchema, json, 'bundle');
  const resources = bundle.entry.flatMap((e) => (e.resource ? [e.resource as unknown as FhirResource] : []));
  if (
    flags.encounter !== undefined &&
    !resources.some((r) => r.resourceType === 'Encounter' && r.id === flags.encounter)
  )
    throw new AppError('INVALID_INPUT', `${path} has no Encounter ${flags.encounter}`);
  return { resources, ...(flags.encounter !== undefined ? { encounterId: flags.encounter } : {}), ...setting };
}

function printReadable(s: Suggestions): void {
  if (s.triage) {
    process.stdout.write(`Triage: ${s.triage.level}  ${s.triage.rationale}\n`);
    for (const d of s.triage.discriminators) {
      process.stdout.write(`  ${d.level.padEnd(11)} ${d.name} (${d.protocol})\n      source: ${d.source}\n`);
      for (const e of d.evidence)
        process.stdout.write(
          e.kind === 'text'
            ? `      evidence: "${e.text}" [${e.start}-${e.end}]\n`
            : `      from ${e.ref}: ${e.text}\n`,
        );
    }
  }
  if (s.codes.length === 0) process.stdout.write('No ICD-10-CM suggestions.\n');
  for (const [i, c] of s.codes.entries()) {
    process.stdout.write(
      `${String(i + 1).padStart(2)}. ${c.code.padEnd(8)} ${c.confidence.toFixed(2)}  ${c.display}${c.needsSpecificity ? '  [needs specificity]' : ''}\n`,
    );
    for (const e of c.evidence) process.stdout.write(`      evidence: "${e.text}" [${e.start}-${e.end}]\n`);
    if (c.onChart !== undefined) process.stdout.write(`      already on the chart (${c.onChart})\n`);
    for (const prompt of c.documentation ?? []) process.stdout.write(`      ${prompt}\n`);
    if (c.excludes1Conflicts.length > 0)
      process.stdout.write(`      Excludes1 conflict with ${c.excludes1Conflicts.join(', ')}\n`);
  }
  const fallback = s.engine.fallback ? `, fell back from ${s.engine.fallback.from}: ${s.engine.fallback.reason}` : '';
  process.stdout.write(
    `(${s.engine.modelVersion}, ICD-10-CM ${s.engine.terminologyVersion}, ${s.timings.totalMs} ms${fallback})\n`,
  );
}

/** `chartside suggest`: ICD-10-CM codes and triage for a text or a FHIR Bundle, de-identified first. */
export function registerSuggestCommand(program: Command): void {
  program
    .command('suggest')
    .description(
      'Suggest ICD-10-CM codes (with evidence) and a triage level for a clinical text or a FHIR Bundle. The case is de-identified before any backend sees it; output quotes the de-identified text.',
    )
    .option('--text-file <file>', 'clinical text (a note, a problem statement); - for standard input')
    .option('--bundle <file>', 'a FHIR R4 Bundle holding the chart (Patient required)')
    .option('--encounter <id>', 'the encounter in context (as a launch or hook gives it); default: the latest')
    .option('--backend <name>', 'rules | llama | openai-compatible (default: CHARTSIDE_BACKEND or rules)')
    .option('--model <file>', 'GGUF model for the llama backend (default: CHARTSIDE_MODEL)')
    .option(
      '--setting <setting>',
      'inpatient | outpatient: inpatient codes uncertain diagnoses as established (Guidelines II.H); default: a bundle’s encounter class, else outpatient',
    )
    .option('--no-codes', 'skip ICD-10-CM coding')
    .option('--no-triage', 'skip triage')
    .option('--json', 'print the Suggestions object as JSON')
    .action(
      action(async (raw: unknown) => {
        const flags = parseOrThrow(Flags, raw, 'flags');
        const input = await readCase(flags);
        const env = { ...process.env };
        if (flags.backend) env.CHARTSIDE_BACKEND = flags.backend;
        if (flags.model) env.CHARTSIDE_MODEL = flags.model;
        const runtime = await createSuggestionRuntime(loadConfig(env), createLogger({ level: 'silent' }));
        try {
          const result = await runtime.pipeline.suggest(input, { wantCodes: flags.codes, wantTriage: flags.triage });
          if (flags.json) printJson(result);
          else printReadable(result);
        } finally {
          await runtime.close();
        }
      }),
    );
}
