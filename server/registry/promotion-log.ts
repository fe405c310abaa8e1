import { createHash } from 'node:crypto';
import { appendFile, readFile } from 'node:fs/promises';
import { z } from 'zod';
import { AppError } from '../errors/app-error.ts';

/** One promotion (or override) as the audit log keeps it: who, when, what, why. */
export const PromotionEntrySchema = z.object({
  at: z.string(),
  action: z.enum(['promote', 'override']),
  model: z.string(),
  sha256: z.string(),
  previous: z.string().nullable(),
  by: z.string(),
  reason: z.string().optional(),
  gatePassed: z.boolean(),
  failed: z.array(z.string()),
  /** SHA-256 of the previous line (64 zeros for the first): editing or removing a line breaks the chain. */
  prevHash: z.string(),
  hash: z.string(),
});
export type PromotionEntry = z.infer<typeof PromotionEntrySchema>;

const GENESIS = '0'.repeat(64);

function hashOf(entry: Omit<PromotionEntry, 'hash'>): string {
  return createHash('sha256').update(JSON.stringify(entry)).digest('hex');
}

/** Reads the log and checks its hash chain; a broken line is reported by number. */
export async function readPromotionLog(path: string): Promise<PromotionEntry[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const entries: PromotionEntry[] = [];
  let prev = GENESIS;
  for (const [i, line] of text.split('\n').entries()) {
    if (line.trim() === '') continue;
    let parsed;
    try {
      parsed = PromotionEntrySchema.safeParse(JSON.parse(line));
    } catch {
      parsed = undefined;
    }
    if (!parsed?.success) throw new AppError('CORRUPT_DATA', `promotions.ndjson line ${i + 1}: invalid entry`);
    const { hash, ...rest } = parsed.data;
    if (rest.prevHash !== prev || hashOf(rest) !== hash)
      throw new AppError('CORRUPT_DATA', `promotions.ndjson line ${i + 1}: hash chain broken`);
    prev = hash;
    entries.push(parsed.data);
  }
  return entries;
}

/** Appends one entry, chained to the last; call it under the registry lock. */
export async function appendPromotion(
  path: string,
  entry: Omit<PromotionEntry, 'prevHash' | 'hash'>,
): Promise<PromotionEntry> {
  const existing = await readPromotionLog(path);
  const prevHash = existing[existing.length - 1]?.hash ?? GENESIS;
  const body = { ...entry, prevHash };
  const full = { ...body, hash: hashOf(body) };
  await appendFile(path, JSON.stringify(full) + '\n', { mode: 0o640 });
  return full;
}
