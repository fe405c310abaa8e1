import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The free-text de-identifier as it was before the engine of issue 16 (commit 529deed), for the deid
 * benchmark's ratio in one run: its sources are read from git into node_modules/.cache (so its bare
 * imports resolve) and imported from there. Undefined where the clone lacks that commit. DEID_BENCH_BASELINE
 * names another commit to compare with (the engine before a change, say).
 */
export const BASELINE_DEID_COMMIT = /^[0-9a-f]{7,40}$/.test(process.env.DEID_BENCH_BASELINE ?? '')
  ? (process.env.DEID_BENCH_BASELINE as string)
  : '529deed';

export interface BaselineDeidentifier {
  deidentifyText(text: string): { text: string };
}

const repo = fileURLToPath(new URL('../../', import.meta.url));

export async function loadBaselineDeidentifier(secret: string): Promise<BaselineDeidentifier | undefined> {
  let files: string[];
  try {
    files = execFileSync('git', ['ls-tree', '-r', '--name-only', BASELINE_DEID_COMMIT, 'server', 'terminology'], {
      cwd: repo,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    })
      .split('\n')
      .filter((f) => f.endsWith('.ts') || f.endsWith('.json'));
  } catch {
    return undefined;
  }
  const root = join(repo, 'node_modules', '.cache', `chartside-deid-baseline-${BASELINE_DEID_COMMIT}`);
  for (const file of files) {
    const target = join(root, file);
    if (existsSync(target)) continue;
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(
      target,
      execFileSync('git', ['show', `${BASELINE_DEID_COMMIT}:${file}`], { cwd: repo, maxBuffer: 1 << 28 }),
    );
  }
  const { createDeidentifier } = (await import(join(root, 'server/deid/index.ts'))) as {
    createDeidentifier: (options: { secret: string }) => BaselineDeidentifier;
  };
  return createDeidentifier({ secret });
}
