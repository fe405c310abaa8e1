import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** `../shared` beside the repository: read at run time, never copied in. */
export const SHARED = fileURLToPath(new URL('../../../shared/', import.meta.url));
export const TERMINOLOGY_DATA = `${SHARED}data/terminology/`;
export const ORDER_FILE = `${TERMINOLOGY_DATA}icd10cm_order_2026.txt.gz`;

/** Fails loudly (rather than skipping) when the shared data that CI always has is missing. */
export function requireShared(path: string): string {
  if (!existsSync(path)) throw new Error(`shared data missing: ${path} (clone ../shared beside the repository)`);
  return path;
}
