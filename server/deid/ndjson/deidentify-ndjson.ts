import { mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import { createWriteStream, type WriteStream } from 'node:fs';
import { basename, join } from 'node:path';
import { once } from 'node:events';
import type { Bundle, Resource } from 'fhir/r4.d.ts';
import { AppError } from '../../errors/app-error.ts';
import { FhirContext } from '../fhir/fhir-context.ts';
import type { Deidentifier } from '../index.ts';
import { mergeCounts, type PhiCounts } from '../phi-category.ts';
import { learnFromNdjsonLine } from './learn-line.ts';
import { openInput, readLines } from './read-lines.ts';

/** What to do with a line that cannot be de-identified. */
export type OnError = 'skip' | 'stop';

export interface NdjsonRunOptions {
  readonly input: string;
  readonly outDir: string;
  readonly onError: OnError;
  /** Longest accepted line in bytes (default 64 MiB). */
  readonly maxLineBytes?: number;
}

/** A problem with one input line: where, and what kind, never its content. */
export interface LineProblem {
  readonly file: string;
  readonly line: number;
  readonly message: string;
}

/** The run report: counts only, never values. */
export interface DeidReport {
  readonly files: number;
  readonly records: { read: number; written: number; skipped: number };
  readonly resourceTypes: Record<string, number>;
  readonly categories: PhiCounts;
  readonly errors: LineProblem[];
  readonly errorsNotListed: number;
  readonly bytesRead: number;
}

const MAX_LISTED_ERRORS = 100;
const MAX_BUNDLE_BYTES = 512 * 1024 * 1024;

async function listInputs(input: string): Promise<string[]> {
  const info = await stat(input);
  if (!info.isDirectory()) return [input];
  // Bulk Data manifests and id lists sit beside the data and are not FHIR.
  const names = (await readdir(input))
    .filter(
      (n) => /\.(?:ndjson|jsonl|json)(?:\.gz)?$/.test(n) && !/^manifest\.json$|_ids\.json$|^deid-report\.json$/.test(n),
    )
    .sort();
  return names.map((n) => join(input, n));
}

function isBundleFile(path: string): boolean {
  return /\.json(?:\.gz)?$/.test(path);
}

async function write(stream: WriteStream, text: string): Promise<void> {
  if (!stream.write(text)) await once(stream, 'drain');
}

/**
 * Learns what the export knows about its people before de-identifying it: a first streaming pass parses
 * only Patient, RelatedPerson, Practitioner, Organization, Location and PractitionerRole lines, and for
 * other lines notes the patient reference and the latest date (the "over 89" rule needs the age at the
 * patient's events). Memory grows with the number of patients, not of records.
 */
async function learnContext(files: readonly string[], maxLineBytes: number): Promise<FhirContext> {
  const context = new FhirContext();
  for (const file of files) {
    if (isBundleFile(file)) continue;
    for await (const item of readLines(openInput(file), maxLineBytes)) {
      if ('text' in item) learnFromNdjsonLine(context, item.text);
    }
  }
  return context;
}

/**
 * `chartside deid fhir`: de-identifies NDJSON files (one resource a line, streamed, constant memory per
 * record) and Bundle files into `outDir`, and writes `deid-report.json` there. A bad line (invalid JSON,
 * not a resource, unknown type, too large, not UTF-8) is reported with its line number and skipped, or
 * stops the run with `onError: 'stop'`; no valid record is lost.
 */
export async function deidentifyFiles(deid: Deidentifier, options: NdjsonRunOptions): Promise<DeidReport> {
  const maxLineBytes = options.maxLineBytes ?? 64 * 1024 * 1024;
  const files = await listInputs(options.input);
  if (files.length === 0) throw new AppError('INVALID_INPUT', 'no .ndjson, .jsonl or .json files in the input');
  await mkdir(options.outDir, { recursive: true });
  const context = await learnContext(files, maxLineBytes);
  const categories: PhiCounts = {};
  const resourceTypes: Record<string, number> = {};
  const records = { read: 0, written: 0, skipped: 0 };
  const errors: LineProblem[] = [];
  let errorsNotListed = 0;
  let bytesRead = 0;
  const problem = (file: string, line: number, message: string): void => {
    records.skipped++;
    if (errors.length < MAX_LISTED_ERRORS) errors.push({ file: basename(file), line, message });
    else errorsNotListed++;
    if (options.onError === 'stop')
      throw new AppError('CORRUPT_DATA', `${basename(file)} line ${line}: ${message}`, {
        expression: [`line ${line}`],
      });
  };

  for (const file of files) {
    const outName = basename(file).replace(/\.gz$/, '');
    const out = createWriteStream(join(options.outDir, outName));
    try {
      if (isBundleFile(file)) {
        let text = '';
        for await (const item of readLines(openInput(file), MAX_BUNDLE_BYTES)) {
          if ('error' in item)
            throw new AppError(
              item.error === 'TOO_LARGE' ? 'TOO_LARGE' : 'CORRUPT_DATA',
              `${basename(file)}: ${item.error === 'TOO_LARGE' ? 'Bundle is larger than 512 MiB' : `line ${item.line} is not valid UTF-8`}`,
            );
          text += item.text + '\n';
          bytesRead += item.bytes + 1;
        }
        records.read++;
        let bundle: unknown;
        try {
          bundle = JSON.parse(text);
        } catch {
          problem(file, 1, 'not valid JSON');
          continue;
        }
        try {
          const result = deid.deidentifyBundle(bundle as Bundle);
          mergeCounts(categories, result.counts);
          for (const [type, n] of Object.entries(result.resourceTypes))
            resourceTypes[type] = (resourceTypes[type] ?? 0) + n;
          await write(out, JSON.stringify(result.bundle) + '\n');
          records.written++;
        } catch (error) {
          if (error instanceof AppError && error.code !== 'CORRUPT_DATA') problem(file, 1, error.message);
          else throw error;
        }
        continue;
      }
      for await (const item of readLines(openInput(file), maxLineBytes)) {
        bytesRead += item.bytes + 1;
        if ('error' in item) {
          records.read++;
          problem(
            file,
            item.line,
            item.error === 'TOO_LARGE' ? `line is longer than ${maxLineBytes} bytes` : 'not valid UTF-8',
          );
          continue;
        }
        if (item.text.trim() === '') continue;
        records.read++;
        let resource: unknown;
        try {
          resource = JSON.parse(item.text);
        } catch {
          problem(file, item.line, 'not valid JSON');
          continue;
        }
        if (
          typeof resource !== 'object' ||
          resource === null ||
          Array.isArray(resource) ||
          typeof (resource as { resourceType?: unknown }).resourceType !== 'string'
        ) {
          problem(file, item.line, 'not a FHIR resource (no resourceType)');
          continue;
        }
        try {
          const result = deid.deidentifyResource(resource as Resource, context);
          mergeCounts(categories, result.counts);
          const type = (resource as Resource).resourceType;
          resourceTypes[type] = (resourceTypes[type] ?? 0) + 1;
          await write(out, JSON.stringify(result.resource) + '\n');
          records.written++;
        } catch (error) {
          if (error instanceof AppError && error.code !== 'CORRUPT_DATA') problem(file, item.line, error.message);
          else throw error;
        }
      }
    } finally {
      out.end();
      await once(out, 'close');
    }
  }
  const report: DeidReport = {
    files: files.length,
    records,
    resourceTypes,
    categories,
    errors,
    errorsNotListed,
    bytesRead,
  };
  await writeFile(join(options.outDir, 'deid-report.json'), JSON.stringify(report, null, 2) + '\n');
  return report;
}
