import { createHash } from 'node:crypto';

export type Split = 'train' | 'eval';

/**
 * The split of a patient: SHA-256 of the (already hashed) patient id mapped to [0, 1), below `evalFraction`
 * is eval. Every example of a patient lands in the same split, so no patient is in both, and a patient
 * stays in the same split when the dataset is built again from a later export under the same secret.
 */
export function splitOf(hashedPatientId: string, evalFraction: number): Split {
  const x = createHash('sha256').update('chartside-split\0').update(hashedPatientId).digest().readUInt32BE(0) / 2 ** 32;
  return x < evalFraction ? 'eval' : 'train';
}
