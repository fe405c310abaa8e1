import type { Readable } from 'node:stream';

/** One line of an NDJSON stream (1-based), or a line too long to hold. */
export type NdjsonLine =
  { readonly line: number; readonly text: string } | { readonly line: number; readonly tooLong: true };

/**
 * Splits a byte stream into lines, holding one line at a time: memory is bounded by `maxLineBytes`, not
 * by the file. A final line without a newline is still yielded (the caller decides whether that is an
 * error).
 */
export async function* ndjsonLines(input: Readable, maxLineBytes: number): AsyncGenerator<NdjsonLine> {
  const decoder = new TextDecoder('utf-8');
  let parts: Buffer[] = [];
  let size = 0;
  let line = 0;
  let tooLong = false;
  const take = (): NdjsonLine => {
    line++;
    if (tooLong) {
      parts = [];
      size = 0;
      tooLong = false;
      return { line, tooLong: true };
    }
    const text = decoder.decode(parts.length === 1 ? parts[0] : Buffer.concat(parts, size));
    parts = [];
    size = 0;
    return { line, text: text.endsWith('\r') ? text.slice(0, -1) : text };
  };
  for await (const chunk of input as AsyncIterable<Buffer>) {
    let start = 0;
    for (let nl = chunk.indexOf(10, start); nl !== -1; nl = chunk.indexOf(10, start)) {
      const piece = chunk.subarray(start, nl);
      if (size + piece.length > maxLineBytes) tooLong = true;
      else if (!tooLong) parts.push(piece);
      size += piece.length;
      yield take();
      start = nl + 1;
    }
    if (start < chunk.length) {
      const rest = chunk.subarray(start);
      if (size + rest.length > maxLineBytes) {
        tooLong = true;
        parts = [];
      } else if (!tooLong) parts.push(Buffer.from(rest));
      size += rest.length;
    }
  }
  if (size > 0 || tooLong) yield take();
}
