import { z } from 'zod';
import { AppError } from '../errors/app-error.ts';
import { openInput, readLines } from '../deid/ndjson/read-lines.ts';

/** The evaluation types of `../shared/eval/README.md` §De-identification. */
export const EVAL_PHI_TYPES = [
  'NAME',
  'DATE',
  'AGE',
  'LOCATION',
  'CONTACT',
  'ID',
  'ORGANIZATION',
  'PROFESSION',
  'OTHER',
] as const;

export const DeidCaseSchema = z
  .object({
    id: z.string(),
    text: z.string(),
    phi: z.array(
      z.object({
        start: z.number().int().min(0),
        end: z.number().int().min(0),
        type: z.enum(EVAL_PHI_TYPES),
      }),
    ),
  })
  .refine((c) => c.phi.every((p) => p.start < p.end && p.end <= c.text.length), {
    message: 'span offsets outside the text',
    path: ['phi'],
  });
export type DeidCase = z.infer<typeof DeidCaseSchema>;

/** Reads de-identification cases (JSON Lines); a bad line stops with its line number, never its content. */
export async function readDeidCases(path: string): Promise<DeidCase[]> {
  const cases: DeidCase[] = [];
  for await (const item of readLines(openInput(path), 64 * 1024 * 1024)) {
    if ('error' in item)
      throw new AppError(
        'CORRUPT_DATA',
        `cases line ${item.line}: ${item.error === 'TOO_LARGE' ? 'too large' : 'not valid UTF-8'}`,
      );
    if (item.text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(item.text);
    } catch {
      throw new AppError('INVALID_INPUT', `cases line ${item.line}: not valid JSON`);
    }
    const parsed = DeidCaseSchema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new AppError(
        'INVALID_INPUT',
        `cases line ${item.line}: ${issue?.path.join('.') || 'case'}: ${issue?.message ?? 'invalid'}`,
      );
    }
    cases.push(parsed.data);
  }
  return cases;
}
