import { readdir, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { sha256File } from '../files/sha256-file.ts';
import type { DatasetCard } from './dataset-card.ts';

/** Every file under `dir`, depth first. */
async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(path)));
    else out.push(path);
  }
  return out;
}

/**
 * The dataset card's `files` (of `dataset build` and `dataset merge` alike): every file of the dataset folder
 * by relative path, sorted, with its size, lines and SHA-256, except the review sheet that the reviewer fills
 * in after the build. Lines are those the writer counted; the review sample's are the records drawn.
 */
export async function cardFiles(
  outDir: string,
  options: { reviewSheet: string; lines: ReadonlyMap<string, number>; reviewDrawn: number },
): Promise<DatasetCard['files'][number][]> {
  const files: DatasetCard['files'][number][] = [];
  for (const path of (await listFiles(outDir)).sort()) {
    const rel = relative(outDir, path);
    if (rel === options.reviewSheet) continue;
    files.push({
      path: rel,
      bytes: (await stat(path)).size,
      lines: options.lines.get(rel) ?? (rel === 'review/review-sample.jsonl' ? options.reviewDrawn : 0),
      sha256: await sha256File(path),
    });
  }
  return files;
}
