import type { NewPromotionEntry, PromotionEntry } from './promotion-log.ts';
import type { RegistryFile } from './registry-schema.ts';

/** What an update may do besides changing the registry: append to the promotion log, in the same commit. */
export interface RegistryTransaction {
  /** Appends an entry chained to the log's last one; kept only if the whole update is. */
  appendPromotion(entry: NewPromotionEntry): Promise<PromotionEntry>;
}

/**
 * Where the model registry is kept: its versions, which version serves, the promotion log and the evaluation
 * reports. `files`: a folder (`CHARTSIDE_REGISTRY_DIR`, the embedded default). `postgres`: tables of the shared
 * database (`CHARTSIDE_DATABASE_URL`), so every replica serves the same promoted version. The GGUF files
 * themselves are never in the store: it keeps their paths (a path all replicas share) and SHA-256.
 */
export interface RegistryStore {
  readonly kind: 'files' | 'postgres';
  /** The registry folder: the files store's home; with a database, where report copies are written to open. */
  readonly dir: string;
  /** The site's gate thresholds, when the site has written one (configuration: always a file). */
  readonly thresholdsFile: string;
  /** Every version and which one serves. */
  read(): Promise<RegistryFile>;
  /** Reads, changes and writes the registry, writers serialised; `fn`'s changes and log entries commit together. */
  update<T>(fn: (registry: RegistryFile, tx: RegistryTransaction) => Promise<T> | T): Promise<T>;
  /** The promotion log, oldest first, its hash chain checked (`CORRUPT_DATA` naming the first broken entry). */
  promotions(): Promise<PromotionEntry[]>;
  /** Stores an evaluation report under a path relative to the registry (`reports/<name>@v<n>/<stamp>.json`). */
  writeReport(relativePath: string, text: string): Promise<void>;
  /** A stored report's text; `CORRUPT_DATA` when it is missing. */
  readReport(relativePath: string): Promise<string>;
  close(): Promise<void>;
}
