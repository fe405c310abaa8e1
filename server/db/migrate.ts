import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { AppError } from '../errors/app-error.ts';
import type { Database } from './database.ts';

/** The versioned schema: `migrations/NNNN-name.sql`, applied in order, each once, never edited once released. */
export const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

/** Every replica and `chartside db migrate` take this session advisory lock, so one of them migrates at a time. */
const MIGRATION_LOCK = 0x63687274; // 'chrt'

export interface Migration {
  version: number;
  name: string;
  sql: string;
  sha256: string;
}

export interface MigrationResult {
  /** The schema version after the run. */
  version: number;
  /** Versions this run applied (empty when the schema was current). */
  applied: number[];
}

export function loadMigrations(dir: string = MIGRATIONS_DIR): Migration[] {
  const migrations = readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((file) => {
      const m = /^(\d{4})-([a-z0-9-]+)\.sql$/.exec(file);
      if (!m?.[1] || !m[2]) throw new AppError('CONFIG', `migration file ${file}: must be named NNNN-name.sql`);
      const sql = readFileSync(`${dir}${file}`, 'utf8');
      return { version: Number(m[1]), name: m[2], sql, sha256: createHash('sha256').update(sql).digest('hex') };
    });
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new AppError('CONFIG', `migration ${m.version}: versions must run 1, 2, 3 …`);
  });
  return migrations;
}

/**
 * Brings the schema up to date: under a session advisory lock (replicas starting together wait for the first),
 * reads `chartside_schema_migrations`, refuses if a migration already applied was since changed, and applies
 * each missing migration in its own transaction together with its row, so a failure leaves the previous version.
 */
export async function migrateDatabase(
  db: Database,
  migrations: Migration[] = loadMigrations(),
): Promise<MigrationResult> {
  return db.withClient(async (client) => {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await client.query(
        `CREATE TABLE IF NOT EXISTS chartside_schema_migrations (
           version integer PRIMARY KEY, name text NOT NULL, sha256 char(64) NOT NULL,
           applied_at timestamptz NOT NULL DEFAULT now())`,
      );
      const { rows } = await client.query<{ version: number; sha256: string }>(
        'SELECT version, sha256 FROM chartside_schema_migrations ORDER BY version',
      );
      const appliedBefore = new Map(rows.map((r) => [r.version, r.sha256]));
      for (const m of migrations) {
        const sha = appliedBefore.get(m.version);
        if (sha !== undefined && sha !== m.sha256) {
          throw new AppError('CONFIG', `database migration ${m.version} (${m.name}) differs from the one applied`);
        }
      }
      const applied: number[] = [];
      for (const m of migrations) {
        if (appliedBefore.has(m.version)) continue;
        await client.query('BEGIN');
        try {
          await client.query(m.sql);
          await client.query('INSERT INTO chartside_schema_migrations (version, name, sha256) VALUES ($1, $2, $3)', [
            m.version,
            m.name,
            m.sha256,
          ]);
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw error;
        }
        applied.push(m.version);
      }
      const version = Math.max(0, ...appliedBefore.keys(), ...applied);
      return { version, applied };
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    }
  });
}
