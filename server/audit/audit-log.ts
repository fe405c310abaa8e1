import { mkdir, open, rename, writeFile, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { AuditEvent } from 'fhir/r4.d.ts';
import { AppError } from '../errors/app-error.ts';
import { errorFields, type Logger } from '../log/logger.ts';
import { chainedLine, GENESIS_HASH, hashLine, headFileOf, linkOf } from './audit-chain.ts';

/**
 * Where audit records go; the HTTP layer only ever appends. A file log queues the record (written and
 * fsynced in batches); the database log returns a promise that resolves once the record is committed.
 */
export interface AuditSink {
  append(event: AuditEvent): void | Promise<void>;
}

/** An audit trail that can be flushed and closed: the file log here, or the database's (server/db/). */
export interface AuditTrail extends AuditSink {
  readonly file: string;
  /** Resolves when everything appended so far is durable (on disk, or committed). */
  flush(): Promise<void>;
  close(): Promise<void>;
}

/** The file log: `append` queues the record, written and fsynced with its batch (see `flush`). */
export interface AuditLog extends AuditTrail {
  append(event: AuditEvent): void;
}

export interface AuditLogOptions {
  logger: Logger;
  /** fdatasync after every batch (default true); off only for throw-away logs. */
  sync?: boolean;
}

const TAIL_CHUNK = 64 * 1024;

/**
 * Recovery rule for a crash: a last line without its newline was never completely written, so it is cut
 * off (the lines before it are whole, since each batch is one append). Returns the chain state to go on
 * from: the last line's sequence number and hash.
 */
async function recoverTail(fh: FileHandle, logger: Logger, file: string): Promise<{ seq: number; hash: string }> {
  const { size } = await fh.stat();
  if (size === 0) return { seq: 0, hash: GENESIS_HASH };
  // Read back from the end until two newlines (or the start) are in view: the last line is complete then.
  let start = size;
  let tail = Buffer.alloc(0);
  for (;;) {
    const from = Math.max(0, start - TAIL_CHUNK);
    const chunk = Buffer.alloc(start - from);
    await fh.read(chunk, 0, chunk.length, from);
    tail = Buffer.concat([chunk, tail]);
    start = from;
    const body = tail[tail.length - 1] === 0x0a ? tail.subarray(0, tail.length - 1) : tail;
    if (start === 0 || body.lastIndexOf(0x0a) >= 0) break;
  }
  let end = tail.length;
  if (tail[end - 1] !== 0x0a) {
    const lastNewline = tail.lastIndexOf(0x0a);
    end = lastNewline + 1;
    await fh.truncate(start + end);
    await fh.datasync();
    logger.warn({ file, bytes: tail.length - end }, 'audit log: cut a torn last line left by a crash');
    if (start + end === 0) return { seq: 0, hash: GENESIS_HASH };
    if (lastNewline < 0) return recoverTail(fh, logger, file);
  }
  const body = tail.subarray(0, end - 1);
  const line = body.subarray(body.lastIndexOf(0x0a) + 1).toString('utf8');
  let link;
  try {
    link = linkOf(JSON.parse(line));
  } catch {
    link = undefined;
  }
  if (!link) {
    throw new AppError(
      'CORRUPT_DATA',
      `audit log ${file}: the last line is not a chained AuditEvent; run chartside audit verify`,
    );
  }
  return { seq: link.seq, hash: hashLine(line) };
}

/**
 * Opens (or creates) the append-only audit log: one FHIR AuditEvent per line, hash-chained (see
 * audit-chain.ts). Appends are queued and written in batches, each batch a single `write` on an
 * `O_APPEND` descriptor followed by fdatasync, so a crash leaves at most a torn last line, which the next
 * open cuts off. After each batch the `.head` sidecar records the last line's sequence number and hash.
 * One process writes a given file.
 */
export async function openAuditLog(file: string, options: AuditLogOptions): Promise<AuditLog> {
  const { logger } = options;
  const sync = options.sync ?? true;
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const fh = await open(file, 'a+', 0o600);
  let { seq, hash } = await recoverTail(fh, logger, file);
  let pending: { line: string; seq: number; hash: string }[] = [];
  let writing: Promise<boolean> | undefined;
  let retry: NodeJS.Timeout | undefined;
  let closed = false;

  const writeHead = async (head: { seq: number; hash: string }): Promise<void> => {
    const path = headFileOf(file);
    await writeFile(`${path}.tmp`, JSON.stringify(head) + '\n', { mode: 0o600 });
    await rename(`${path}.tmp`, path);
  };

  /** Writes everything pending, batch by batch; false when a write failed (the batch stays pending). */
  const drain = async (): Promise<boolean> => {
    while (pending.length > 0) {
      const batch = pending;
      pending = [];
      const buffer = Buffer.from(batch.map((p) => p.line).join('\n') + '\n', 'utf8');
      try {
        let offset = 0;
        while (offset < buffer.length) {
          const { bytesWritten } = await fh.write(buffer, offset, buffer.length - offset);
          offset += bytesWritten;
        }
        if (sync) await fh.datasync();
        const last = batch[batch.length - 1];
        if (last) await writeHead({ seq: last.seq, hash: last.hash });
      } catch (error) {
        // Keep the batch: the chain already links to it. It is retried a second later.
        pending = [...batch, ...pending];
        logger.error({ file, count: batch.length, ...errorFields(error) }, 'audit log: write failed');
        return false;
      }
    }
    return true;
  };

  /** One writer at a time, so batches reach the file in chain order. */
  const schedule = (): Promise<boolean> => {
    if (writing) return writing;
    if (retry) {
      clearTimeout(retry);
      retry = undefined;
    }
    const run = new Promise<void>((resolve) => setImmediate(resolve)).then(drain);
    writing = run;
    void run.then((ok) => {
      writing = undefined;
      if (closed) return;
      if (!ok) retry = setTimeout(() => void schedule(), 1000).unref();
      else if (pending.length > 0) void schedule();
    });
    return run;
  };

  const flush = async (): Promise<void> => {
    while (writing || pending.length > 0) {
      const ok = await schedule();
      if (!ok) throw new AppError('IO', `audit log ${file}: records could not be written`);
    }
  };

  return {
    file,
    append(event) {
      if (closed) throw new AppError('INTERNAL', 'audit log is closed');
      seq += 1;
      const line = chainedLine(event, { seq, prev: hash });
      hash = hashLine(line);
      pending.push({ line, seq, hash });
      if (!retry) void schedule();
    },
    flush,
    async close() {
      if (closed) return;
      await flush();
      closed = true;
      await fh.close();
    },
  };
}
