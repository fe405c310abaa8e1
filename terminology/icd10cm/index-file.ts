import { createHash } from 'node:crypto';
import { readFile, rename, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { AppError } from '../../server/errors/app-error.ts';
import type { CodeNotes } from './model.ts';
import { decodeEngine, encodeEngine } from './engine-file.ts';
import type { EngineArrays } from './search-engine.ts';

/** File names inside a terminology directory written by `chartside terminology import`. */
export const MANIFEST_FILE = 'manifest.json';
export const DATA_FILE = 'icd10cm.json';
export const ENGINE_FILE = 'icd10cm-engine.bin';
export const FORMAT = 'chartside-icd10cm';
/**
 * Bumped whenever what an import writes changes meaning: 6 holds the "negated defaults" analysis
 * ("without …" / "not …" qualifiers of a term), 7 a title's leading list of conditions as one group of
 * alternatives ("Agenesis, aplasia and hypoplasia of gallbladder"); a directory of an older format
 * loads no more and says it needs re-importing.
 */
export const FORMAT_VERSION = 7;

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
    /** Nodes of the Alphabetic Index tree (format 5). */
    indexNodes: z.number().int().optional(),
  }),
  sources: z.array(z.object({ file: z.string(), role: z.string(), sha256: z.string(), bytes: z.number() })),
  data: z.object({ file: z.string(), sha256: z.string().regex(/^[0-9a-f]{64}$/) }),
  /** The search engine's arrays (see engine-file.ts). */
  engine: z.object({ file: z.string(), sha256: z.string().regex(/^[0-9a-f]{64}$/), bytes: z.number().int() }),
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
    includes: z.array(z.string()).optional(),
    sevenChrNote: z.array(z.string()).optional(),
    sevenChr: z.array(z.object({ char: z.string().length(1), meaning: z.string() })).optional(),
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
  /** Word expansions learned from the release ("index stem<space>title stem"; see learn-expansions.ts). */
  expansions: z.array(z.string()).optional(),
  /** The Alphabetic Index as a tree (see index-tree.ts); absent when no index was imported. */
  tree: z
    .object({
      parent: z.array(z.number().int()),
      title: z.array(z.string()),
      code: z.array(z.string()),
      nemod: z.array(z.string()),
      see: z.array(z.string()),
      seeAlso: z.array(z.string()),
      groups: z.array(z.string()),
    })
    .optional(),
});
export type IndexData = z.infer<typeof IndexDataSchema>;

/**
 * On disk, the long string lists are stored newline-joined: one JSON string each parses several times
 * faster than a hundred thousand small ones, which keeps start-up under half a second.
 */
const LIST_FIELDS = ['codes', 'short', 'long', 'vocab', 'texts'] as const;
const StoredIndexDataSchema = z.object({
  codes: z.string(),
  billable: z.string(),
  short: z.string(),
  long: z.string(),
  notes: NotesSchema,
  vocab: z.string(),
  texts: z.string(),
  tree: z.record(z.string(), z.string()).optional(),
  expansions: z.array(z.string()).optional(),
});

const TREE_LISTS = ['title', 'code', 'nemod', 'see', 'seeAlso', 'groups'] as const;

function toStored(data: IndexData): z.infer<typeof StoredIndexDataSchema> {
  const join = (list: readonly string[]): string => list.map((s) => s.replace(/[\r\n]+/g, ' ')).join('\n');
  const { tree, ...rest } = data;
  return {
    ...rest,
    ...(tree
      ? {
          tree: {
            parent: tree.parent.join(','),
            ...Object.fromEntries(TREE_LISTS.map((f) => [f, join(tree[f])])),
          },
        }
      : {}),
    codes: join(data.codes),
    short: join(data.short),
    long: join(data.long),
    vocab: join(data.vocab),
    texts: join(data.texts),
  };
}

function fromStored(stored: z.infer<typeof StoredIndexDataSchema>): IndexData {
  const split = (text: string): string[] => (text === '' ? [] : text.split('\n'));
  const { tree, ...rest } = stored;
  const data: IndexData = { ...rest, codes: [], short: [], long: [], vocab: [], texts: [] };
  for (const field of LIST_FIELDS) data[field] = split(stored[field]);
  if (tree) {
    const parent = (tree.parent ?? '') === '' ? [] : (tree.parent ?? '').split(',').map(Number);
    const lists = Object.fromEntries(
      TREE_LISTS.map((f) => [f, parent.length === 0 ? [] : (tree[f] ?? '').split('\n')]),
    ) as Record<(typeof TREE_LISTS)[number], string[]>;
    if (TREE_LISTS.every((f) => lists[f].length === parent.length)) data.tree = { parent, ...lists };
  }
  return data;
}

export interface LoadedIndex {
  manifest: Manifest;
  data: IndexData;
  notes: Map<string, CodeNotes>;
  engine: EngineArrays;
}

function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

async function writeAtomically(path: string, content: string | Uint8Array): Promise<void> {
  await writeFile(`${path}.tmp`, content);
  await rename(`${path}.tmp`, path);
}

/** Writes terms, data, then manifest, each atomically (temp file + rename), so a crash never leaves a half index. */
export async function writeIndex(
  dir: string,
  manifest: Omit<Manifest, 'data' | 'engine'>,
  data: IndexData,
  engine: EngineArrays,
): Promise<Manifest> {
  await mkdir(dir, { recursive: true });
  const text = JSON.stringify(toStored(data));
  const bytes = encodeEngine(engine);
  const full: Manifest = {
    ...manifest,
    data: { file: DATA_FILE, sha256: sha256(text) },
    engine: { file: ENGINE_FILE, sha256: sha256(bytes), bytes: bytes.byteLength },
  };
  await writeAtomically(join(dir, ENGINE_FILE), bytes);
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
  const stale = staleFormat(manifestJson);
  if (stale !== undefined) {
    throw new AppError(
      'CONFIG',
      `terminology directory ${dir} was imported in index format ${stale}; this Chartside reads format ${FORMAT_VERSION}: re-import it with \`chartside terminology import\``,
    );
  }
  const manifest = ManifestSchema.safeParse(manifestJson);
  if (!manifest.success) {
    throw new AppError(
      'CORRUPT_DATA',
      `${join(dir, MANIFEST_FILE)} is not a Chartside ICD-10-CM manifest (${manifest.error.issues[0]?.path.join('.') ?? 'shape'})`,
    );
  }
  const dataPath = join(dir, manifest.data.data.file);
  const enginePath = join(dir, manifest.data.engine.file);
  let dataText: string;
  let engineBytes: Buffer;
  try {
    [dataText, engineBytes] = await Promise.all([readFile(dataPath, 'utf8'), readFile(enginePath)]);
  } catch {
    throw new AppError('CORRUPT_DATA', `${dir} is missing ${manifest.data.data.file} or ${manifest.data.engine.file}`);
  }
  if (sha256(dataText) !== manifest.data.data.sha256 || sha256(engineBytes) !== manifest.data.engine.sha256) {
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
  const stored = StoredIndexDataSchema.safeParse(json);
  const data = stored.success ? fromStored(stored.data) : undefined;
  const n = data?.codes.length ?? -1;
  if (!data || data.billable.length !== n || data.short.length !== n || data.long.length !== n) {
    throw new AppError('CORRUPT_DATA', `${dataPath} is not a Chartside ICD-10-CM index`);
  }
  return {
    manifest: manifest.data,
    data,
    notes: new Map(Object.entries(data.notes)),
    engine: decodeEngine(engineBytes),
  };
}

/** The format version of a Chartside manifest written in another format version (else undefined). */
function staleFormat(json: unknown): number | undefined {
  const parsed = z.object({ format: z.literal(FORMAT), formatVersion: z.number().int() }).safeParse(json);
  return parsed.success && parsed.data.formatVersion !== FORMAT_VERSION ? parsed.data.formatVersion : undefined;
}

export function fileSha256(content: Buffer): string {
  return sha256(content);
}
