import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';

/** One line of an NDJSON input, or the reason it could not be read. */
export type InputLine =
  | { readonly line: number; readonly text: string; readonly bytes: number }
  | { readonly line: number; readonly error: 'TOO_LARGE' | 'ENCODING'; readonly bytes: number };

/** Opens a file as a byte stream, gunzipping `.gz` files. */
export function openInput(path: string): Readable {
  const raw = createReadStream(path, { highWaterMark: 1 << 20 });
  return path.endsWith('.gz') ? raw.pipe(createGunzip()) : raw;
}

/**
 * Splits a byte stream into lines in constant memory: a line longer than `maxLineBytes` is skipped to its
 * end and reported as `TOO_LARGE`; a line that is not valid UTF-8 is reported as `ENCODING`. Line numbers
 * start at 1. A UTF-8 byte-order mark at the start is ignored.
 */
export async function* readLines(input: Readable, maxLineBytes: number): AsyncGenerator<InputLine> {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
  let parts: Buffer[] = [];
  let size = 0;
  let oversized = false;
  let line = 0;
  const finish = (): InputLine | null => {
    line++;
    const bytes = size;
    if (oversized) {
      parts = [];
      size = 0;
      oversized = false;
      return { line, error: 'TOO_LARGE', bytes };
    }
    const buffer = parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts, size);
    parts = [];
    size = 0;
    try {
      let text = decoder.decode(buffer);
      if (text.endsWith('\r')) text = text.slice(0, -1);
      return { line, text, bytes };
    } catch {
      return { line, error: 'ENCODING', bytes };
    }
  };
  for await (const chunk of input as AsyncIterable<Buffer>) {
    let start = 0;
    for (let nl = chunk.indexOf(10, start); nl !== -1; nl = chunk.indexOf(10, start)) {
      const piece = chunk.subarray(start, nl);
      if (!oversized) {
        if (size + piece.length > maxLineBytes) oversized = true;
        else parts.push(piece);
      }
      size += piece.length;
      const out = finish();
      if (out !== null) yield out;
      start = nl + 1;
    }
    const rest = chunk.subarray(start);
    if (rest.length > 0) {
      if (!oversized) {
        if (size + rest.length > maxLineBytes) {
          oversized = true;
          parts = [];
        } else parts.push(Buffer.from(rest));
      }
      size += rest.length;
    }
  }
  if (size > 0 || oversized) {
    const out = finish();
    if (out !== null) yield out;
  }
}
