import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { AppError } from '../errors/app-error.ts';
import { writeFileAtomic } from './atomic-write.ts';
import { withFileLock } from './file-lock.ts';
import { RegistryFileSchema, type RegistryFile } from './registry-schema.ts';

const EMPTY: RegistryFile = { format: 'chartside-registry/1', models: [], promoted: null };

/**
 * The registry's file store: `registry.json` (read without a lock: it is only ever replaced by an atomic
 * rename), `registry.lock` around every read-modify-write, `reports/` for evaluation reports and
 * `promotions.ndjson` for the audit log of promotions.
 */
export class RegistryStore {
  readonly dir: string;

  constructor(dir: string) {
    this.dir = resolve(dir);
  }

  get file(): string {
    return join(this.dir, 'registry.json');
  }

  get lockFile(): string {
    return join(this.dir, 'registry.lock');
  }

  get promotionLog(): string {
    return join(this.dir, 'promotions.ndjson');
  }

  /** The site's gate thresholds, when the site has written one. */
  get thresholdsFile(): string {
    return join(this.dir, 'thresholds.json');
  }

  async read(): Promise<RegistryFile> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return structuredClone(EMPTY);
      throw new AppError('IO', 'the model registry cannot be read (registry.json)', { cause: error });
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new AppError('CORRUPT_DATA', 'the model registry is not valid JSON (registry.json)');
    }
    const parsed = RegistryFileSchema.safeParse(json);
    if (!parsed.success)
      throw new AppError(
        'CORRUPT_DATA',
        `the model registry is invalid at ${parsed.error.issues[0]?.path.join('.') ?? '?'} (registry.json)`,
      );
    return parsed.data;
  }

  /** Reads, changes and writes the registry under the lock; `fn` may also do other locked work (logs, files). */
  async update<T>(fn: (registry: RegistryFile) => Promise<T> | T): Promise<T> {
    return withFileLock(this.lockFile, async () => {
      const registry = await this.read();
      const result = await fn(registry);
      await writeFileAtomic(this.file, JSON.stringify(RegistryFileSchema.parse(registry), null, 2) + '\n');
      return result;
    });
  }
}
