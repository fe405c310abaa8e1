import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { AppError } from '../../server/errors/app-error.ts';

/** Opens a release file as a stream, transparently gunzipping `.gz` files (detected by magic bytes). */
export async function openSource(path: string): Promise<Readable> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch {
    throw new AppError('INVALID_INPUT', `cannot open file ${path}`);
  }
  const head = Buffer.alloc(2);
  await handle.read(head, 0, 2, 0);
  await handle.close();
  const raw = createReadStream(path);
  if (head[0] === 0x1f && head[1] === 0x8b) {
    const gunzip = createGunzip();
    raw.on('error', (e) => gunzip.destroy(e));
    return raw.pipe(gunzip);
  }
  return raw;
}

/** Lines of a (possibly gzipped) text file with their 1-based numbers; CRLF tolerated. */
export async function* readLines(path: string): AsyncGenerator<{ line: string; number: number }> {
  const stream = await openSource(path);
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let number = 0;
  try {
    for await (const line of lines) {
      number++;
      yield { line, number };
    }
  } catch (error) {
    throw new AppError('CORRUPT_DATA', `${path}: cannot be read after line ${number} (truncated or not gzip/text)`, {
      cause: error,
    });
  }
}
