import { createHash, type Hash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importRelease } from '../../terminology/icd10cm/import-release.ts';
import type { IndexEntry } from '../../terminology/icd10cm/index-holdout.ts';
import { ORDER_FILE, TERMINOLOGY_DATA, requireShared } from '../helpers/shared-data.ts';

const engineDir = fileURLToPath(new URL('../../terminology/icd10cm/', import.meta.url));
/** Files that change only the search, not what an import writes. */
const SEARCH_ONLY =
  /^(?:index-holdout|rank-|ranking-|terminology\.ts|load\.ts|chapters|implied-words|site-regions|morphology|compound-words)/;

/** A hash over the importer's sources: a cached import is stale when it changes. */
export function importerHash(): Hash {
  const hash = createHash('sha256');
  for (const f of readdirSync(engineDir).sort()) {
    if (!SEARCH_ONLY.test(f)) hash.update(f).update(readFileSync(join(engineDir, f)));
  }
  return hash;
}

/**
 * Imports the FY2026 codes, the shared Tabular chapter, the given Index entries and the external cause,
 * neoplasm and drug indexes into the temp dir, cached by the importer's sources and the entries (so a
 * change to the importer rebuilds it). Returns the directory and the sources (for another importer).
 */
export async function importWithIndexEntries(
  entries: readonly IndexEntry[],
  label: string,
): Promise<{ dir: string; sources: { order: string; tabular: string[]; index: string[] } }> {
  const hash = importerHash();
  for (const e of entries) hash.update(e.line);
  const key = hash.digest('hex').slice(0, 12);
  const out = join(tmpdir(), `chartside-${label}-${key}`);
  const entriesFile = `${out}.jsonl`;
  const d = TERMINOLOGY_DATA;
  const sources = {
    order: requireShared(ORDER_FILE),
    tabular: [`${d}icd-10-cm-tabular-2025_ch2.xml.gz`],
    index: [
      entriesFile,
      `${d}icd-10-cm-eindex-2025.xml.gz`,
      `${d}icd-10-cm-neoplasm-2025.xml.gz`,
      `${d}icd-10-cm-drug-2025.xml.gz`,
    ],
  };
  if (!existsSync(entriesFile)) writeFileSync(entriesFile, entries.map((e) => e.line).join('\n') + '\n');
  if (existsSync(join(out, 'manifest.json'))) return { dir: out, sources };
  const started = performance.now();
  await importRelease({ ...sources, out });
  process.stderr.write(`${label}: imported in ${Math.round(performance.now() - started)} ms\n`);
  return { dir: out, sources };
}
