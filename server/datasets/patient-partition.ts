import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../errors/app-error.ts';
import { ndjsonLines } from '../bulk/ndjson-lines.ts';
import { LineWriter } from './jsonl-writer.ts';

/**
 * One line of a partition file: an export line with where it came from and whose it is (`patient`: the id
 * when written, its hash when read back). `learnOnly`: read to teach the de-identifier (a RelatedPerson),
 * not de-identified into an example.
 */
export interface PartitionLine {
  readonly file: number;
  readonly line: number;
  readonly learnOnly: boolean;
  readonly patient: string;
  readonly text: string;
}

/**
 * `file line learnOnly key json`: the export line kept byte for byte after four short fields; `key` is a
 * hash of the patient id (all the re-split needs; any id, however odd its characters, fits).
 */
export function formatPartitionLine(entry: PartitionLine): string {
  const key = createHash('sha256').update(entry.patient).digest('base64url').slice(0, 22);
  return `${entry.file} ${entry.line} ${entry.learnOnly ? 1 : 0} ${key} ${entry.text}`;
}

export function parsePartitionLine(text: string): PartitionLine {
  let at = 0;
  const field = (): string => {
    const end = text.indexOf(' ', at);
    const value = text.slice(at, end);
    at = end + 1;
    return value;
  };
  const file = Number(field());
  const line = Number(field());
  const learnOnly = field() === '1';
  const patient = field();
  return { file, line, learnOnly, patient, text: text.slice(at) };
}

function bucketOf(patient: string, level: number, buckets: number): number {
  return createHash('sha256').update(`${level}\0`).update(patient).digest().readUInt32BE(0) % buckets;
}

const MAX_LINE_BYTES = 80 * 1024 * 1024;

/** Export lines are at most 64 MiB when partitioned: a longer partition line means the file was damaged. */
function tooLong(): AppError {
  return new AppError('INTERNAL', `a partition line is longer than ${MAX_LINE_BYTES} bytes (damaged work folder?)`);
}
/** Re-partitioning stops here: a bucket still too large then holds a few very large patients. */
const MAX_LEVEL = 3;

/**
 * A partitioned hash join's first half, on disk: the lines of an export are spread over `buckets` files by
 * a hash of their patient id, so that every line of a patient lands in the same file and a file can be
 * joined on its own. The files hold PHI as it is in the export: they are written 0600 in a 0700 folder
 * and removed by the caller.
 */
export class PatientPartitioner {
  readonly #writer: LineWriter;
  readonly #dir: string;
  readonly #buckets: number;

  constructor(dir: string, buckets: number) {
    this.#dir = dir;
    this.#buckets = buckets;
    this.#writer = new LineWriter(dir, 0o600);
  }

  async add(entry: PartitionLine): Promise<void> {
    const bucket = bucketOf(entry.patient, 0, this.#buckets);
    await this.#writer.writeLine(`p0-${String(bucket).padStart(4, '0')}.part`, formatPartitionLine(entry));
  }

  async close(): Promise<void> {
    await this.#writer.close();
  }

  /**
   * The bucket files, one at a time, each under `maxBytes` where its patients allow: a bucket over the
   * bound (an export larger than the bucket count foresaw, or skewed) is split again by another hash
   * before it is handed out. Each file is removed once the next one is asked for.
   */
  async *buckets(maxBytes: number): AsyncGenerator<string> {
    const pending = (await readdir(this.#dir)).filter((n) => n.endsWith('.part')).sort();
    while (pending.length > 0) {
      const name = pending.shift() ?? '';
      const path = join(this.#dir, name);
      const level = Number(/^p(\d+)-/.exec(name)?.[1] ?? MAX_LEVEL);
      const bytes = (await stat(path)).size;
      if (bytes > maxBytes && level < MAX_LEVEL) {
        const parts = Math.min(256, Math.ceil(bytes / maxBytes) * 2);
        const stem = name.replace(/\.part$/, '');
        const writer = new LineWriter(this.#dir, 0o600);
        try {
          for await (const item of ndjsonLines(createReadStream(path, { highWaterMark: 1 << 20 }), MAX_LINE_BYTES)) {
            if (!('text' in item)) throw tooLong();
            if (item.text === '') continue;
            const entry = parsePartitionLine(item.text);
            const sub = bucketOf(entry.patient, level + 1, parts);
            await writer.writeLine(`p${level + 1}-${stem.slice(stem.indexOf('-') + 1)}.${sub}.part`, item.text);
          }
        } finally {
          await writer.close();
        }
        await rm(path, { force: true });
        pending.unshift(...[...writer.lines.keys()].sort());
        continue;
      }
      yield path;
      await rm(path, { force: true });
    }
  }
}

/** Reads one bucket file's lines. */
export async function* partitionLines(path: string): AsyncGenerator<PartitionLine> {
  for await (const item of ndjsonLines(createReadStream(path, { highWaterMark: 1 << 20 }), MAX_LINE_BYTES)) {
    if (!('text' in item)) throw tooLong();
    if (item.text !== '') yield parsePartitionLine(item.text);
  }
}
