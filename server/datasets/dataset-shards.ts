import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { AppError } from '../errors/app-error.ts';
import { ndjsonLines } from '../bulk/ndjson-lines.ts';
import type { Split } from './dataset-split.ts';
import type { LineWriter } from './jsonl-writer.ts';

/** Shard `index` (0-based, as Kubernetes' JOB_COMPLETION_INDEX) of `count`. */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/** `K/N` as `--shard` takes it: 0 ≤ K < N ≤ 10000. */
export function parseShard(text: string): Shard {
  const m = /^(\d{1,5})\/(\d{1,5})$/.exec(text);
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || count < 1 || count > 10_000 || index >= count) {
    throw new AppError('INVALID_INPUT', '--shard: must be K/N with 0 <= K < N <= 10000 (e.g. 0/8)');
  }
  return { index, count };
}

/**
 * Whether an export's patient (its id as the export has it) belongs to a shard: a hash of the id, so every
 * line of a patient goes to the same shard whichever file it is in, and shards are about equal in size.
 */
export function inShard(patient: string, shard: Shard): boolean {
  if (shard.count === 1) return true;
  const h = createHash('sha256').update('chartside-shard\0').update(patient).digest().readUInt32BE(0);
  return h % shard.count === shard.index;
}

/**
 * One example a shard found, before deduplication: `k` the hashed patient id, `t` the task's index, `n` the
 * example's index for that patient and task, `s` the split. Shards write them sorted by (k, t, n), so that
 * `dataset merge` reads all shards in one global order whatever their number.
 */
export interface ShardCandidate {
  readonly k: string;
  readonly t: number;
  readonly n: number;
  readonly s: Split;
  readonly i: string;
  readonly in: string;
  readonly o: string;
}

export const SHARD_CANDIDATES = 'shard/candidates.jsonl';

export function compareCandidates(a: ShardCandidate, b: ShardCandidate): number {
  if (a.k !== b.k) return a.k < b.k ? -1 : 1;
  return a.t - b.t || a.n - b.n;
}

/** Writes a shard's candidates in merge order (a shard's examples are sorted in memory: size N to fit). */
export async function writeShardCandidates(writer: LineWriter, candidates: ShardCandidate[], shard: Shard) {
  candidates.sort(compareCandidates);
  for (const c of candidates) await writer.write(SHARD_CANDIDATES, c);
  if (candidates.length === 0 && shard.count > 0) await writer.writeLine(SHARD_CANDIDATES, '');
}

/** A shard's candidates, in the order written, each line checked. */
export async function* readShardCandidates(path: string): AsyncGenerator<ShardCandidate> {
  for await (const item of ndjsonLines(createReadStream(path, { highWaterMark: 1 << 20 }), 256 * 1024 * 1024)) {
    if (!('text' in item)) throw new AppError('CORRUPT_DATA', `${path} line ${item.line}: too long`);
    if (item.text === '') continue;
    let c: ShardCandidate;
    try {
      c = JSON.parse(item.text) as ShardCandidate;
    } catch {
      throw new AppError('CORRUPT_DATA', `${path} line ${item.line}: not valid JSON`);
    }
    if (typeof c.k !== 'string' || typeof c.t !== 'number' || typeof c.n !== 'number' || typeof c.i !== 'string')
      throw new AppError('CORRUPT_DATA', `${path} line ${item.line}: not a shard candidate`);
    yield c;
  }
}

/** The candidates of every shard in one global order (a k-way merge of sorted files: one line per shard held). */
export async function* mergeCandidates(paths: readonly string[]): AsyncGenerator<ShardCandidate> {
  const sources = paths.map((p) => readShardCandidates(p));
  const nextOf = async (i: number): Promise<ShardCandidate | undefined> => {
    const r = await sources[i]?.next();
    return r === undefined || r.done === true ? undefined : r.value;
  };
  const heads: (ShardCandidate | undefined)[] = [];
  for (const i of sources.keys()) heads.push(await nextOf(i));
  for (;;) {
    let best = -1;
    for (const [i, h] of heads.entries()) {
      const current = best >= 0 ? heads[best] : undefined;
      if (h !== undefined && (current === undefined || compareCandidates(h, current) < 0)) best = i;
    }
    const chosen = best >= 0 ? heads[best] : undefined;
    if (chosen === undefined) return;
    yield chosen;
    heads[best] = await nextOf(best);
  }
}
