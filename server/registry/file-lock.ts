import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { AppError } from '../errors/app-error.ts';

export interface FileLockOptions {
  /** How long to wait for another holder; default 15 s. */
  timeoutMs?: number;
  /** A lock older than this is stale whoever holds it; default 60 s (holders keep it for milliseconds). */
  staleMs?: number;
}

const LockSchema = z.object({ pid: z.number().int(), host: z.string(), token: z.string() });

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether an existing lock file is stale: its process is gone (same host), it is unreadable, or it is old. */
async function isStale(path: string, staleMs: number): Promise<boolean> {
  let text: string;
  let mtimeMs: number;
  try {
    [text, mtimeMs] = await Promise.all([readFile(path, 'utf8'), stat(path).then((s) => s.mtimeMs)]);
  } catch {
    return false; // gone already: the next attempt will take it
  }
  if (Date.now() - mtimeMs > staleMs) return true;
  let holder: z.infer<typeof LockSchema>;
  try {
    holder = LockSchema.parse(JSON.parse(text));
  } catch {
    // A holder writes its lock right after creating it; give a half-written one a moment before calling it stale.
    return Date.now() - mtimeMs > 2000;
  }
  return holder.host === hostname() && !processAlive(holder.pid);
}

/**
 * Runs `fn` holding an exclusive lock file (created with O_EXCL, so one process wins however many race).
 * A stale lock (its process died) is moved aside under a unique name and removed, so two runs clearing it at
 * once cannot both win. Gives up after `timeoutMs` with an `IO` error.
 */
export async function withFileLock<T>(path: string, fn: () => Promise<T>, options: FileLockOptions = {}): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const staleMs = options.staleMs ?? 60_000;
  const token = randomBytes(12).toString('hex');
  const deadline = Date.now() + timeoutMs;
  await mkdir(dirname(path), { recursive: true });
  let delay = 10;
  for (;;) {
    try {
      const handle = await open(path, 'wx', 0o640);
      try {
        await handle.writeFile(
          JSON.stringify({ pid: process.pid, host: hostname(), token, at: new Date().toISOString() }),
        );
      } finally {
        await handle.close();
      }
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    if (await isStale(path, staleMs)) {
      const aside = `${path}.stale-${process.pid}-${randomBytes(4).toString('hex')}`;
      try {
        await rename(path, aside);
        await rm(aside, { force: true });
      } catch {
        // Another run cleared it first.
      }
      continue;
    }
    if (Date.now() >= deadline)
      throw new AppError('IO', 'the model registry is locked by another chartside run (registry.lock); try again');
    await sleep(delay);
    delay = Math.min(200, delay * 2);
  }
  try {
    return await fn();
  } finally {
    // Remove only our own lock (a holder judged stale may find it taken over).
    try {
      const holder = LockSchema.safeParse(JSON.parse(await readFile(path, 'utf8')));
      if (holder.success && holder.data.token === token) await rm(path, { force: true });
    } catch {
      // Already gone.
    }
  }
}
