import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { AppError } from '../errors/app-error.ts';

function writeFailed(error: unknown): AppError {
  const code = (error as { code?: unknown }).code;
  const reason = code === 'ENOSPC' || code === 'EDQUOT' ? 'the disk is full' : `a write failed (${String(code)})`;
  return new AppError('IO', `cannot write the dataset: ${reason}`, { cause: error });
}

/**
 * Lines appended to many files under one folder, each file opened on first use, with back-pressure (a
 * write waits for the stream to drain) and a count of lines per file. `mode` sets the files' permissions
 * (0o600 for files that hold PHI).
 */
export class LineWriter {
  readonly #streams = new Map<string, WriteStream>();
  readonly lines = new Map<string, number>();
  readonly #root: string;
  readonly #mode: number;
  #error: unknown;

  constructor(root: string, mode = 0o644) {
    this.#root = root;
    this.#mode = mode;
  }

  /** Appends one line of text (without its newline). */
  async writeLine(path: string, text: string): Promise<void> {
    if (this.#error !== undefined) throw writeFailed(this.#error);
    let stream = this.#streams.get(path);
    if (stream === undefined) {
      await mkdir(dirname(join(this.#root, path)), {
        recursive: true,
        ...(this.#mode === 0o600 ? { mode: 0o700 } : {}),
      });
      stream = createWriteStream(join(this.#root, path), { mode: this.#mode });
      stream.on('error', (error) => (this.#error ??= error));
      this.#streams.set(path, stream);
    }
    this.lines.set(path, (this.lines.get(path) ?? 0) + 1);
    if (!stream.write(text + '\n')) {
      try {
        await once(stream, 'drain');
      } catch (error) {
        throw writeFailed(error);
      }
    }
  }

  /** Appends one value as a JSON line. */
  async write(path: string, value: unknown): Promise<void> {
    await this.writeLine(path, JSON.stringify(value));
  }

  /** Closes every file, surfacing a write error (disk full) of any of them. */
  async close(): Promise<void> {
    const streams = [...this.#streams.values()];
    this.#streams.clear();
    await Promise.all(
      streams.map(async (s) => {
        if (s.closed) return;
        const closed = once(s, 'close').catch(() => undefined);
        s.end();
        await closed;
      }),
    );
    if (this.#error !== undefined) throw writeFailed(this.#error);
  }
}
