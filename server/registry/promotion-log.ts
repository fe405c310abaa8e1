import { createHash } from 'node:crypto';
import { appendFile, readFile } from 'node:fs/promises';
import { z } from 'zod';
import { AppError } from '../errors/app-error.ts';

/** One promotion (or override) as the audit log keeps it: who, when, what (from → to), the gate's result. */
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

/** What a promotion records; the store adds the chain links. */
export type NewPromotionEntry = Omit<PromotionEntry, 'prevHash' | 'hash'>;

export const PROMOTION_GENESIS = '0'.repeat(64);

function hashOf(entry: Omit<PromotionEntry, 'hash'>): string {
  return createHash('sha256').update(JSON.stringify(entry)).digest('hex');
}

/** The entry chained to `prevHash`, and the exact line that is stored (one JSON object). */
export function chainPromotion(entry: NewPromotionEntry, prevHash: string): { entry: PromotionEntry; line: string } {
  const body = { ...entry, prevHash };
  const full = { ...body, hash: hashOf(body) };
  return { entry: full, line: JSON.stringify(full) };
}

/**
 * Parses stored lines, oldest first, and checks their hash chain; a broken one is reported by its number
 * (`where` names the store in the message: `promotions.ndjson line 3`, `model_promotions #3`).
 */
export function verifyPromotionLines(lines: readonly string[], where: (n: number) => string): PromotionEntry[] {
  const entries: PromotionEntry[] = [];
  let prev = PROMOTION_GENESIS;
  for (const [i, line] of lines.entries()) {
    if (line.trim() === '') continue;
    let parsed;
    try {
      parsed = PromotionEntrySchema.safeParse(JSON.parse(line));
    } catch {
      parsed = undefined;
    }
    if (!parsed?.success) throw new AppError('CORRUPT_DATA', `${where(i + 1)}: invalid entry`);
    const { hash, ...rest } = parsed.data;
    if (rest.prevHash !== prev || hashOf(rest) !== hash)
      throw new AppError('CORRUPT_DATA', `${where(i + 1)}: hash chain broken`);
    prev = hash;
    entries.push(parsed.data);
  }
  return entries;
}

/** Reads `promotions.ndjson` and checks its hash chain; a broken line is reported by number. */
export async function readPromotionLog(path: string): Promise<PromotionEntry[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return verifyPromotionLines(text.split('\n'), (n) => `promotions.ndjson line ${n}`);
}

/** Appends one entry to `promotions.ndjson`, chained to the last; call it under the registry lock. */
export async function appendPromotion(path: string, entry: NewPromotionEntry): Promise<PromotionEntry> {
  const existing = await readPromotionLog(path);
  const chained = chainPromotion(entry, existing[existing.length - 1]?.hash ?? PROMOTION_GENESIS);
  await appendFile(path, chained.line + '\n', { mode: 0o640 });
  return chained.entry;
}
