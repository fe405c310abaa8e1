import { randomBytes } from 'node:crypto';
import { AppError } from '../errors/app-error.ts';

/** The key behind every pseudonym and date offset. Holding it re-links pseudonyms to real ids. */
export interface DeidSecret {
  readonly key: Buffer;
  /** True when no secret was configured and a random one was made for this process only. */
  readonly ephemeral: boolean;
}

/**
 * Resolves the de-identification secret: the configured one, or (development only) a random 32-byte
 * secret for this process, whose pseudonyms cannot be linked to those of any other run.
 */
export function resolveDeidSecret(options: {
  secret?: string | undefined;
  mode: 'development' | 'production';
}): DeidSecret {
  if (options.secret !== undefined) {
    if (options.secret.length < 32) {
      throw new AppError('CONFIG', 'invalid configuration: CHARTSIDE_DEID_SECRET must be at least 32 characters');
    }
    return { key: Buffer.from(options.secret, 'utf8'), ephemeral: false };
  }
  if (options.mode === 'production') {
    throw new AppError('CONFIG', 'invalid configuration: CHARTSIDE_DEID_SECRET is required in production mode');
  }
  return { key: randomBytes(32), ephemeral: true };
}
