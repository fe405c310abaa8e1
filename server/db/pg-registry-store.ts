import { join, resolve } from 'node:path';
import { AppError } from '../errors/app-error.ts';
import { writeFileAtomic } from '../registry/atomic-write.ts';
import {
  chainPromotion,
  PROMOTION_GENESIS,
  verifyPromotionLines,
  type PromotionEntry,
} from '../registry/promotion-log.ts';
import {
  ModelVersionSchema,
  RegistryFileSchema,
  versionLabel,
  type ModelVersion,
  type RegistryFile,
} from '../registry/registry-schema.ts';
import type { RegistryStore, RegistryTransaction } from '../registry/registry-store.ts';
import type { Database, Queryable } from './database.ts';
import { jsonForDb } from './db-text.ts';

interface VersionRow {
  name: string;
  version: number;
  record: unknown;
}

async function readRegistry(client: Queryable, lock: boolean): Promise<RegistryFile> {
  const serving = await client.query<{ name: string | null; version: number | null }>(
    `SELECT name, version FROM model_serving WHERE id = 1${lock ? ' FOR UPDATE' : ''}`,
  );
  const head = serving.rows[0];
  if (!head) throw new AppError('CORRUPT_DATA', 'the model_serving row is missing: run chartside db migrate');
  const { rows } = await client.query<VersionRow>('SELECT name, version, record FROM model_versions ORDER BY id');
  const models = rows.map((row) => {
    const parsed = ModelVersionSchema.safeParse(row.record);
    if (!parsed.success || parsed.data.name !== row.name || parsed.data.version !== row.version)
      throw new AppError('CORRUPT_DATA', `the model registry row ${row.name}@v${row.version} is invalid`);
    return parsed.data;
  });
  return {
    format: 'chartside-registry/1',
    models,
    promoted: head.name !== null && head.version !== null ? { name: head.name, version: head.version } : null,
  };
}

/**
 * The model registry in the shared database (migration 0002): `model_versions`, `model_serving` (one row:
 * which version serves), `model_promotions` (the hash-chained promotion log) and `model_reports`. An update is
 * one transaction that first locks the `model_serving` row, so two `chartside models …` runs (on any machine)
 * change the registry one after the other, and a promotion's new serving version and its log entry commit
 * together. Reports are also written under `dir` for a person to open.
 */
export function pgRegistryStore(db: Database, dir: string, options: { closeDatabase?: boolean } = {}): RegistryStore {
  const home = resolve(dir);
  return {
    kind: 'postgres',
    dir: home,
    thresholdsFile: join(home, 'thresholds.json'),
    read: () => db.withClient((client) => readRegistry(client, false)),
    update<T>(fn: (registry: RegistryFile, tx: RegistryTransaction) => Promise<T> | T): Promise<T> {
      return db.transaction(async (client) => {
        const registry = await readRegistry(client, true);
        const before = new Map(registry.models.map((m) => [versionLabel(m), JSON.stringify(m)]));
        const tx: RegistryTransaction = {
          async appendPromotion(entry) {
            const last = await client.query<{ seq: string; hash: string }>(
              'SELECT seq, hash FROM model_promotions ORDER BY seq DESC LIMIT 1',
            );
            const seq = Number(last.rows[0]?.seq ?? 0) + 1;
            const chained = chainPromotion(entry, last.rows[0]?.hash ?? PROMOTION_GENESIS);
            await client.query('INSERT INTO model_promotions (seq, line, hash) VALUES ($1, $2, $3)', [
              seq,
              chained.line,
              chained.entry.hash,
            ]);
            return chained.entry;
          },
        };
        const result = await fn(registry, tx);
        const after = RegistryFileSchema.parse(registry);
        const labels = new Set(after.models.map(versionLabel));
        if ([...before.keys()].some((label) => !labels.has(label)))
          throw new AppError('INTERNAL', 'a registry version cannot be removed');
        const changed: ModelVersion[] = after.models.filter((m) => before.get(versionLabel(m)) !== JSON.stringify(m));
        for (const m of changed) {
          await client.query(
            `INSERT INTO model_versions (name, version, record) VALUES ($1, $2, $3::jsonb)
             ON CONFLICT (name, version) DO UPDATE SET record = EXCLUDED.record`,
            [m.name, m.version, jsonForDb(m)],
          );
        }
        await client.query(
          `UPDATE model_serving SET name = $1::text, version = $2::integer, changed_at = now()
           WHERE id = 1 AND (name, version) IS DISTINCT FROM ($1::text, $2::integer)`,
          [after.promoted?.name ?? null, after.promoted?.version ?? null],
        );
        return result;
      });
    },
    async promotions(): Promise<PromotionEntry[]> {
      const { rows } = await db.query<{ line: string }>('SELECT line FROM model_promotions ORDER BY seq');
      return verifyPromotionLines(
        rows.map((r) => r.line),
        (n) => `model_promotions #${n}`,
      );
    },
    async writeReport(relativePath, text) {
      await db.query(
        `INSERT INTO model_reports (path, body) VALUES ($1, $2)
         ON CONFLICT (path) DO UPDATE SET body = EXCLUDED.body, recorded_at = now()`,
        [relativePath, text.replace(/\u0000/g, '\uFFFD')],
      );
      await writeFileAtomic(join(home, relativePath), text);
    },
    async readReport(relativePath) {
      const { rows } = await db.query<{ body: string }>('SELECT body FROM model_reports WHERE path = $1', [
        relativePath,
      ]);
      const body = rows[0]?.body;
      if (body === undefined)
        throw new AppError('CORRUPT_DATA', `the evaluation report ${relativePath} is not in the database`);
      return body;
    },
    async close() {
      if (options.closeDatabase) await db.close();
    },
  };
}
