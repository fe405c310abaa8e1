import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { writeTinyGguf, type TinyGgufInfo } from '../../fixtures/models/write-tiny-gguf.ts';
import { markDeidentified } from '../../server/deid/deidentified.ts';
import type { DecisionCandidate, DecisionRequest } from '../../server/inference/backend.ts';
import { createLogger, type Logger } from '../../server/log/logger.ts';

/** What registers a cleanup: a test context, or a suite's own list. */
export interface CleanupScope {
  after(fn: () => Promise<void>): unknown;
}

/** A temp folder removed when the test (or suite) ends. */
export async function tempDir(t: CleanupScope): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'chartside-inference-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** Writes a fresh tiny random GGUF into a temp folder. */
export async function tinyModel(t: CleanupScope, seed = 1): Promise<TinyGgufInfo> {
  return writeTinyGguf(join(await tempDir(t), 'tiny.gguf'), { seed });
}

/** A logger whose output the test can read back (for PHI canaries). */
export function capturingLogger(): { logger: Logger; lines: () => string } {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk.toString('utf8'));
      callback();
    },
  });
  return { logger: createLogger({ level: 'debug', destination }), lines: () => chunks.join('') };
}

export const CANDIDATES: readonly DecisionCandidate[] = [
  { code: 'J18.9', display: 'Pneumonia, unspecified organism' },
  { code: 'R05.9', display: 'Cough, unspecified' },
  { code: 'R50.9', display: 'Fever, unspecified' },
  { code: 'I10', display: 'Essential (primary) hypertension' },
  { code: 'E11.9', display: 'Type 2 diabetes mellitus without complications' },
  { code: 'S52.501A', display: 'Unspecified fracture of the lower end of right radius, initial encounter' },
];

export function request(text: string, overrides: Partial<Omit<DecisionRequest, 'text'>> = {}): DecisionRequest {
  return { text: markDeidentified(text), candidates: CANDIDATES, wantTriage: true, maxCodes: 3, ...overrides };
}
