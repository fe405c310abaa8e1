import { access, constants, stat } from 'node:fs/promises';
import { AppError } from '../errors/app-error.ts';

function refused(flag: string, path: string, problem: string): AppError {
  return new AppError('INVALID_INPUT', `${flag} ${path}: ${problem}`, {
    expression: [`flags.${flag.replace(/^--/, '')}`],
  });
}

/**
 * Checks that every input file a command was given can be read, before any work starts, so a wrong path
 * is reported as such (naming the flag) rather than as whatever step first stumbles on it.
 */
export async function requireFiles(
  flags: readonly (readonly [flag: string, paths: readonly string[]])[],
): Promise<void> {
  for (const [flag, paths] of flags) {
    for (const path of paths) {
      try {
        await access(path, constants.R_OK);
      } catch (error) {
        const missing = (error as { code?: unknown }).code === 'ENOENT';
        throw refused(flag, path, missing ? 'no such file; check the path' : 'cannot be read; check its permissions');
      }
    }
  }
}

/** Checks that an input folder exists and is a folder (same reason as `requireFiles`). */
export async function requireFolder(flag: string, path: string): Promise<void> {
  let isFolder: boolean;
  try {
    isFolder = (await stat(path)).isDirectory();
  } catch (error) {
    const missing = (error as { code?: unknown }).code === 'ENOENT';
    throw refused(flag, path, missing ? 'no such folder; check the path' : 'cannot be read; check its permissions');
  }
  if (!isFolder) throw refused(flag, path, 'is a file; name the folder that holds it');
}
