import type { Config } from '../config.ts';
import { openDatabase, type Database } from '../db/database.ts';
import { migrateDatabase } from '../db/migrate.ts';
import { pgRegistryStore } from '../db/pg-registry-store.ts';
import type { Logger } from '../log/logger.ts';
import { FileRegistryStore } from './file-registry-store.ts';
import type { RegistryStore } from './registry-store.ts';

/**
 * The registry the configuration names: the shared database's tables when `CHARTSIDE_DATABASE_URL` is set
 * (on `database` when the caller already has a pool, else on a small pool of its own, migrated when
 * `databaseMigrate`), otherwise the folder `CHARTSIDE_REGISTRY_DIR`.
 */
export async function openRegistryStore(
  config: Pick<Config, 'registryDir' | 'databaseUrl' | 'databaseMigrate'>,
  logger: Logger,
  database?: Database,
): Promise<RegistryStore> {
  if (config.databaseUrl === undefined) return new FileRegistryStore(config.registryDir);
  if (database) return pgRegistryStore(database, config.registryDir);
  const own = openDatabase({ url: config.databaseUrl, maxConnections: 2, logger });
  try {
    if (config.databaseMigrate) await migrateDatabase(own);
  } catch (error) {
    await own.close();
    throw error;
  }
  return pgRegistryStore(own, config.registryDir, { closeDatabase: true });
}
