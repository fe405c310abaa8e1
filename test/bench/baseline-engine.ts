import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The ICD-10-CM engine as it was before index-driven coding (issue 17), for benchmarks that report a ratio
 * against it in the same run: its sources are read from git at BASELINE_COMMIT into node_modules/.cache (so
 * its bare imports resolve) and imported from there. Undefined where the clone lacks that commit.
 */
export const BASELINE_COMMIT = '4618144';

interface BaselineTerminology {
  search(text: string, options?: { limit?: number }): { code: string }[];
  info: { name: string };
}

const repo = fileURLToPath(new URL('../../', import.meta.url));

export async function loadBaselineEngine(
  importInto: (importRelease: (options: Record<string, unknown>) => Promise<unknown>, out: string) => Promise<void>,
  label: string,
): Promise<BaselineTerminology | undefined> {
  let files: string[];
  try {
    files = execFileSync(
      'git',
      ['ls-tree', '-r', '--name-only', BASELINE_COMMIT, 'terminology/icd10cm', 'server/errors'],
      {
        cwd: repo,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      },
    )
      .split('\n')
      .filter((f) => f.endsWith('.ts'));
  } catch {
    return undefined;
  }
  const root = join(repo, 'node_modules', '.cache', `chartside-baseline-${BASELINE_COMMIT}`);
  for (const file of files) {
    const target = join(root, file);
    if (existsSync(target)) continue;
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, execFileSync('git', ['show', `${BASELINE_COMMIT}:${file}`], { cwd: repo }));
  }
  const out = join(root, 'releases', label);
  const { importRelease } = (await import(join(root, 'terminology/icd10cm/import-release.ts'))) as {
    importRelease: (options: Record<string, unknown>) => Promise<unknown>;
  };
  if (!existsSync(join(out, 'manifest.json'))) await importInto(importRelease, out);
  const { loadTerminology } = (await import(join(root, 'terminology/icd10cm/load.ts'))) as {
    loadTerminology: (dir: string) => Promise<BaselineTerminology>;
  };
  return loadTerminology(out);
}
