import { createHash } from 'node:crypto';
import { readFile, rename, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { AppError } from '../../server/errors/app-error.ts';
import type { CodeNotes } from './model.ts';

/** File names inside a terminology directory written by `chartside terminology import`. */
export const MANIFEST_FILE = 'manifest.json';
export const DATA_FILE = 'icd10cm.json';
export const TERMS_FILE = 'icd10cm-terms.bin';
export const FORMAT = 'chartside-icd10cm';
export const FORMAT_VERSION = 2;

export const ManifestSchema = z.object({
  format: z.literal(FORMAT),
  formatVersion: z.literal(FORMAT_VERSION),
  system: z.string(),
  /** Code system version: the release's fiscal year, e.g. "2026". */
  version: z.string().regex(/^\d{4}$/),
  name: z.string(),
  createdAt: z.string(),
  counts: z.object({
    codes: z.number(),
    billable: z.number(),
    headers: z.number(),
    terms: z.number(),
    notes: z.number(),
  }),
  sources: z.array(z.object({ file: z.string(), role: z.string(), sha256: z.string(), bytes: z.number() })),
  data: z.object({ file: z.string(), sha256: z.string().regex(/^[0-9a-f]{64}$/) }),
  /** Packed search terms: little-endian Int32 records (see build-search-terms.ts). */
  terms: z.object({ file: z.string(), sha256: z.string().regex(/^[0-9a-f]{64}$/), bytes: z.number().int() }),
});
export type Manifest = z.infer<typeof ManifestSchema>;

const NotesSchema = z.record(
  z.string(),
  z.object({
    inclusion: z.array(z.string()).optional(),
    excludes1: z.array(z.string()).optional(),
    excludes2: z.array(z.string()).optional(),
    codeFirst: z.array(z.string()).optional(),
    useAdditional: z.array(z.string()).optional(),
    codeAlso: z.array(z.string()).optional(),
  }),
);

/** The data file: codes in tabular order, titles, notes, and the vocabulary and texts of the search terms. */
export const IndexDataSchema = z.object({
  codes: z.array(z.string()),
  /** One character per code: "1" billable, "0" header. */
  billable: z.string(),
  short: z.array(z.string()),
  long: z.array(z.string()),
  notes: NotesSchema,
  vocab: z.array(z.string()),
  texts: z.array(z.string()),
});
export type IndexData = z.infer<typeof IndexDataSchema>;

export interface LoadedIndex {
  manifest: Manifest;
  data: IndexData;
  notes: Map<string, CodeNotes>;
  packedTerms: Int32Array;
}

function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

async function writeAtomically(path: string, content: string | Uint8Array): Promise<void> {
  await writeFile(`${path}.tmp`, content);
  await rename(`${path}.tmp`, path);
}

/** Writes terms, data, then manifest, each atomically (temp file + rename), so a crash never leaves a half index. */
export async function writeIndex(
  dir: string,
  manifest: Omit<Manifest, 'data' | 'terms'>,
  data: IndexData,
  terms: Int32Array,
): Promise<Manifest> {
  await mkdir(dir, { recursive: true });
  const text = JSON.stringify(data);
  const bytes = new Uint8Array(terms.buffer, terms.byteOffset, terms.byteLength);
  const full: Manifest = {
    ...manifest,
    data: { file: DATA_FILE, sha256: sha256(text) },
    terms: { file: TERMS_FILE, sha256: sha256(Buffer.from(bytes)), bytes: bytes.byteLength },
  };
  await writeAtomically(join(dir, TERMS_FILE), bytes);
  await writeAtomically(join(dir, DATA_FILE), text);
  await writeAtomically(join(dir, MANIFEST_FILE), JSON.stringify(full, null, 2) + '\n');
  return full;
}

/** Reads and checks a terminology directory: manifest shape, data checksum, data shape. */
export async function readIndex(dir: string): Promise<LoadedIndex> {
  let manifestText: string;
  try {
    manifestText = await readFile(join(dir, MANIFEST_FILE), 'utf8');
  } catch {
    throw new AppError(
      'CONFIG',
      `terminology directory ${dir} has no ${MANIFEST_FILE}; write one with \`chartside terminology import\``,
    );
  }
  let manifestJson: unknown;
  try {
    manifestJson = JSON.parse(manifestText);
  } catch {
    throw new AppError('CORRUPT_DATA', `${join(dir, MANIFEST_FILE)} is not valid JSON`);
  }
  const manifest = ManifestSchema.safeParse(manifestJson);
  if (!manifest.success) {
    throw new AppError(
      'CORRUPT_DATA',
      `${join(dir, MANIFEST_FILE)} is not a Chartside ICD-10-CM manifest (${manifest.error.issues[0]?.path.join('.') ?? 'shape'})`,
    );
  }
  const dataPath = join(dir, manifest.data.data.file);
  const termsPath = join(dir, manifest.data.terms.file);
  let dataText: string;
  let termBytes: Buffer;
  try {
    [dataText, termBytes] = await Promise.all([readFile(dataPath, 'utf8'), readFile(termsPath)]);
  } catch {
    throw new AppError('CORRUPT_DATA', `${dir} is missing ${manifest.data.data.file} or ${manifest.data.terms.file}`);
  }
  if (sha256(dataText) !== manifest.data.data.sha256 || sha256(termBytes) !== manifest.data.terms.sha256) {
    throw new AppError(
      'CORRUPT_DATA',
      `${dir}: index files do not match the SHA-256 in their manifest (edited or truncated)`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(dataText);
  } catch {
    throw new AppError('CORRUPT_DATA', `${dataPath} is not valid JSON`);
  }
  const data = IndexDataSchema.safeParse(json);
  if (!data.success || data.data.billable.length !== data.data.codes.length || termBytes.byteLength % 4 !== 0) {
    throw new AppError('CORRUPT_DATA', `${dataPath} is not a Chartside ICD-10-CM index`);
  }
  const aligned = new Uint8Array(termBytes.byteLength);
  aligned.set(termBytes);
  return {
    manifest: manifest.data,
    data: data.data,
    notes: new Map(Object.entries(data.data.notes)),
    packedTerms: new Int32Array(aligned.buffer),
  };
}

export function fileSha256(content: Buffer): string {
  return sha256(content);
}
