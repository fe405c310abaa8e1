import { fileURLToPath } from 'node:url';
import { readIndex } from './index-file.ts';
import { Terminology } from './terminology.ts';

/** The small default code set shipped in the repository (see terminology/embedded/README.md). */
export const EMBEDDED_DIR = fileURLToPath(new URL('../embedded/', import.meta.url));

const loaded = new Map<string, Promise<Terminology>>();

/**
 * Loads a terminology directory written by `chartside terminology import`, or the embedded default when
 * none is given. Loads are shared per directory within a process.
 */
export function loadTerminology(dir?: string): Promise<Terminology> {
  const key = dir ?? EMBEDDED_DIR;
  let promise = loaded.get(key);
  if (!promise) {
    const started = performance.now();
    promise = readIndex(key).then((index) => new Terminology(index, dir ?? 'embedded', started));
    promise.catch(() => loaded.delete(key));
    loaded.set(key, promise);
  }
  return promise;
}
