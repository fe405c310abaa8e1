import { getLlama, LlamaLogLevel, type Llama } from 'node-llama-cpp';
import { AppError } from '../errors/app-error.ts';

/** Receives llama.cpp's warnings and errors while a lease is held. */
export type LlamaLogListener = (level: LlamaLogLevel, message: string) => void;

/** A shared handle on the llama.cpp binding. */
export interface LlamaLease {
  readonly llama: Llama;
  release(): void;
}

interface Runtime {
  llama: Promise<Llama>;
  listeners: Set<LlamaLogListener>;
}

/**
 * One `Llama` per GPU setting per process: `getLlama` probes binaries and devices (seconds), and llama.cpp's
 * backends are process-wide anyway. `build: 'never'` plus `skipDownload` make a missing or unusable prebuilt
 * binary an error instead of a compile or a download, which an on-premise install must never attempt.
 * The binding stays loaded for the life of the process once probed (it holds no model and does not keep the
 * event loop alive); models and contexts are what backends dispose.
 */
const runtimes = new Map<'auto' | false, Runtime>();

export async function acquireLlama(gpu: 'auto' | false, listener: LlamaLogListener): Promise<LlamaLease> {
  let runtime = runtimes.get(gpu);
  if (!runtime) {
    const listeners = new Set<LlamaLogListener>();
    const created: Runtime = {
      listeners,
      llama: getLlama({
        build: 'never',
        gpu,
        usePrebuiltBinaries: true,
        skipDownload: true,
        progressLogs: false,
        logLevel: LlamaLogLevel.warn,
        logger: (level, message) => {
          for (const l of listeners) l(level, message);
        },
      }),
    };
    runtime = created;
    runtimes.set(gpu, created);
    created.llama.catch(() => {
      if (runtimes.get(gpu) === created) runtimes.delete(gpu);
    });
  }
  runtime.listeners.add(listener);
  const held = runtime;
  let llama: Llama;
  try {
    llama = await held.llama;
  } catch (cause) {
    held.listeners.delete(listener);
    throw new AppError(
      'CONFIG',
      'no usable prebuilt llama.cpp binary for this platform (building and downloading are disabled)',
      { cause },
    );
  }
  let released = false;
  return {
    llama,
    release() {
      if (released) return;
      released = true;
      held.listeners.delete(listener);
    },
  };
}
