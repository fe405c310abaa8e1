import { z } from 'zod';
import { AppError } from '../errors/app-error.ts';
import { readCases } from './read-cases.ts';

/**
 * A generation case as the dataset builder writes it (`instruct/<task>.eval.jsonl`: instruction, input and the
 * reference output), with an optional `id`; without one, a case is named by its position (`#1`, `#2`, …).
 */
export const GenerationCaseSchema = z.object({
  id: z.string().min(1).optional(),
  instruction: z.string(),
  input: z.string().min(1),
  output: z.string(),
});
export type GenerationCase = z.infer<typeof GenerationCaseSchema> & { id: string };

/** One output produced elsewhere, for `--predictions`. */
export const PredictionSchema = z.object({ id: z.string().min(1), output: z.string() });
export type Prediction = z.infer<typeof PredictionSchema>;

export async function readGenerationCases(path: string): Promise<GenerationCase[]> {
  const cases = await readCases(path, GenerationCaseSchema);
  const named = cases.map((c, i) => ({ ...c, id: c.id ?? `#${i + 1}` }));
  if (new Set(named.map((c) => c.id)).size !== named.length)
    throw new AppError('INVALID_INPUT', 'the cases file repeats a case id');
  return named;
}

/**
 * Reads predictions (`{"id","output"}` per line) and orders them as the cases; a prediction for every case is
 * required, and the message says how many are missing, never which content.
 */
export async function readPredictions(path: string, cases: readonly GenerationCase[]): Promise<string[]> {
  const predictions = await readCases(path, PredictionSchema);
  const byId = new Map<string, string>();
  for (const p of predictions) {
    if (byId.has(p.id)) throw new AppError('INVALID_INPUT', 'the predictions file repeats an id');
    byId.set(p.id, p.output);
  }
  const missing = cases.filter((c) => !byId.has(c.id)).length;
  if (missing > 0)
    throw new AppError('INVALID_INPUT', `the predictions file has no output for ${missing} of ${cases.length} cases`);
  return cases.map((c) => byId.get(c.id) ?? '');
}
