import { z } from 'zod';
import { readCases } from './read-cases.ts';

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
export function readDeidCases(path: string): Promise<DeidCase[]> {
  return readCases(path, DeidCaseSchema);
}
