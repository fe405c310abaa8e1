import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { AppError } from '../errors/app-error.ts';

const PREFIX = '.chartside-build-';

/** Where a build's partitions went, for the dataset card. */
export type WorkPlace = 'inside the export folder' | 'beside the dataset folder' | 'the --work folder';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: unknown }).code === 'EPERM';
  }
}

/** Removes the partitions of builds whose process is gone (killed before it could clean up): they hold PHI. */
async function removeStale(place: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(place);
  } catch {
    return;
  }
  for (const name of names) {
    const pid = Number(new RegExp(`^${PREFIX.replace(/\./g, '\\.')}(\\d+)-`).exec(name)?.[1] ?? NaN);
    if (Number.isInteger(pid) && pid !== process.pid && !alive(pid))
      await rm(join(place, name), { recursive: true, force: true, maxRetries: 3 });
  }
}

/**
 * A new 0700 folder for a build's partitions (the export's lines, PHI as it is): in `workDir` when given,
 * else inside the export folder, else (the export folder is read-only) beside the dataset folder, never in
 * it. Its name carries the process id, so that a later build removes it when this one was killed.
 */
export async function makeWorkFolder(options: {
  readonly inDir: string;
  readonly outDir: string;
  readonly workDir?: string | undefined;
}): Promise<{ path: string; place: WorkPlace }> {
  const places: [string, WorkPlace][] =
    options.workDir !== undefined
      ? [[options.workDir, 'the --work folder']]
      : [
          [options.inDir, 'inside the export folder'],
          [dirname(resolve(options.outDir)), 'beside the dataset folder'],
        ];
  for (const [dir, place] of places) {
    await removeStale(dir);
    try {
      return { path: await mkdtemp(join(dir, `${PREFIX}${process.pid}-`)), place };
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      // Only a folder we may not write to sends the partitions to the next place; anything else (a full
      // disk) is an error here.
      if (!(code === 'EROFS' || code === 'EACCES' || code === 'EPERM') || options.workDir !== undefined)
        throw new AppError(
          'IO',
          `${options.workDir === undefined ? '--in' : '--work'}: cannot create the build's work folder there (${String(code)}); pass --work with a folder on a protected volume`,
          { cause: error },
        );
    }
  }
  throw new AppError(
    'IO',
    "--in and --out: cannot create the build's work folder beside either (read-only); pass --work with a folder on a protected volume",
  );
}
