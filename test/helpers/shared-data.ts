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

/** Imports the full FY2026 release from ../shared (index, external cause, neoplasm and drug tables). */
export async function importSharedRelease(out: string): Promise<void> {
  const { importRelease } = await import('../../terminology/icd10cm/import-release.ts');
  const d = TERMINOLOGY_DATA;
  await importRelease({
    order: requireShared(ORDER_FILE),
    tabular: [`${d}icd-10-cm-tabular-2025_ch2.xml.gz`],
    index: [
      `${d}icd10cm_index_2025_entries.shared-half.jsonl.gz`,
      `${d}icd-10-cm-eindex-2025.xml.gz`,
      `${d}icd-10-cm-neoplasm-2025.xml.gz`,
      `${d}icd-10-cm-drug-2025.xml.gz`,
    ],
    out,
  });
}
