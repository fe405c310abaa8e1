import { mkdir, readdir } from 'node:fs/promises';
import { AppError } from '../errors/app-error.ts';

/**
 * Makes the dataset folder `--out` names and checks it is empty: a build or merge never writes beside
 * files already there. A folder that cannot be made is one clear error, not a stack trace.
 */
export async function emptyOutputFolder(outDir: string): Promise<void> {
  try {
    await mkdir(outDir, { recursive: true });
  } catch (error) {
    const code = String((error as { code?: unknown }).code);
    throw new AppError('IO', `--out: cannot create the dataset folder there (${code})`, { cause: error });
  }
  if ((await readdir(outDir)).length > 0)
    throw new AppError('PRECONDITION_FAILED', '--out: the output folder is not empty');
}
