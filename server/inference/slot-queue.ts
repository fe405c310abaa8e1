import { AppError } from '../errors/app-error.ts';

/**
 * A fixed set of slots (model sequences, HTTP connections) shared by concurrent requests: at most one request
 * per slot, at most `maxQueue` waiting, the rest refused at once, so an overloaded model degrades into fast
 * fallbacks instead of a growing backlog.
 */
export interface SlotQueue<Slot> {
  /**
   * Runs `work` on a free slot. Rejects with the signal's reason if it aborts while waiting or while `work`
   * runs (the slot is only released once `work` settles), and with `AppError('UPSTREAM_MODEL')` when full.
   */
  run<T>(work: (slot: Slot) => Promise<T>, signal: AbortSignal): Promise<T>;
  /** Requests waiting for a slot. */
  readonly waiting: number;
  /** Slots currently busy. */
  readonly busy: number;
}

/** The abort's reason as an Error (AbortSignal.timeout and AbortController give DOMExceptions, which are). */
function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason : new Error('aborted');
}

interface Waiter<Slot> {
  grant(slot: Slot): void;
}

export function createSlotQueue<Slot>(slots: readonly Slot[], maxQueue: number): SlotQueue<Slot> {
  const free = [...slots];
  const waiters: Waiter<Slot>[] = [];

  function release(slot: Slot): void {
    const next = waiters.shift();
    if (next) next.grant(slot);
    else free.push(slot);
  }

  function acquire(signal: AbortSignal): Promise<Slot> {
    const slot = free.pop();
    if (slot !== undefined) return Promise.resolve(slot);
    if (waiters.length >= maxQueue) {
      return Promise.reject(new AppError('UPSTREAM_MODEL', `model queue is full (${maxQueue} waiting)`));
    }
    return new Promise<Slot>((resolve, reject) => {
      const waiter: Waiter<Slot> = {
        grant(granted) {
          signal.removeEventListener('abort', onAbort);
          resolve(granted);
        },
      };
      function onAbort(): void {
        const at = waiters.indexOf(waiter);
        if (at >= 0) waiters.splice(at, 1);
        reject(abortReason(signal));
      }
      waiters.push(waiter);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  return {
    get waiting() {
      return waiters.length;
    },
    get busy() {
      return slots.length - free.length;
    },
    async run(work, signal) {
      signal.throwIfAborted();
      const slot = await acquire(signal);
      if (signal.aborted) {
        release(slot);
        throw abortReason(signal);
      }
      const running = work(slot).finally(() => release(slot));
      // The caller gets its answer (or the abort) now; a slow native call keeps the slot until it returns.
      return await new Promise((resolve, reject) => {
        const onAbort = (): void => reject(abortReason(signal));
        signal.addEventListener('abort', onAbort, { once: true });
        running.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
      });
    },
  };
}
