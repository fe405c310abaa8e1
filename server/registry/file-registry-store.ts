import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { AppError } from '../errors/app-error.ts';
import { writeFileAtomic } from './atomic-write.ts';
import { withFileLock } from './file-lock.ts';
import { appendPromotion, readPromotionLog } from './promotion-log.ts';
import { RegistryFileSchema, type RegistryFile } from './registry-schema.ts';
import type { RegistryStore, RegistryTransaction } from './registry-store.ts';

export const EMPTY_REGISTRY: RegistryFile = { format: 'chartside-registry/1', models: [], promoted: null };

/**
 * The registry's file store: `registry.json` (read without a lock: it is only ever replaced by an atomic
 * rename), `registry.lock` around every read-modify-write, `reports/` for evaluation reports and
 * `promotions.ndjson` for the audit log of promotions.
 */
export class FileRegistryStore implements RegistryStore {
  readonly kind = 'files';
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

  get thresholdsFile(): string {
    return join(this.dir, 'thresholds.json');
  }

  async read(): Promise<RegistryFile> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return structuredClone(EMPTY_REGISTRY);
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

  /**
   * Under the lock: the log entries are appended first, then registry.json is replaced. A crash between the
   * two leaves a logged promotion that did not take effect (never one that took effect unlogged).
   */
  async update<T>(fn: (registry: RegistryFile, tx: RegistryTransaction) => Promise<T> | T): Promise<T> {
    return withFileLock(this.lockFile, async () => {
      const registry = await this.read();
      const result = await fn(registry, { appendPromotion: (entry) => appendPromotion(this.promotionLog, entry) });
      await writeFileAtomic(this.file, JSON.stringify(RegistryFileSchema.parse(registry), null, 2) + '\n');
      return result;
    });
  }

  promotions() {
    return readPromotionLog(this.promotionLog);
  }

  async writeReport(relativePath: string, text: string): Promise<void> {
    await writeFileAtomic(join(this.dir, relativePath), text);
  }

  async readReport(relativePath: string): Promise<string> {
    try {
      return await readFile(join(this.dir, relativePath), 'utf8');
    } catch (cause) {
      throw new AppError('CORRUPT_DATA', `the evaluation report ${relativePath} cannot be read`, { cause });
    }
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
