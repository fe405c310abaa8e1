import { rm } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';
import { emptyOutputFolder } from './output-folder.ts';
import { AppError, type AppErrorCode } from '../errors/app-error.ts';
import type { DeidentifierOptions } from '../deid/index.ts';
import type { BuildDatasetOptions } from './build-dataset.ts';
import { makeWorkFolder } from './work-folder.ts';
import type { DatasetCard } from './dataset-card.ts';

/** What the worker is given: the build's plain options and the de-identifier's (a closure cannot cross). */
export interface WorkerRequest {
  readonly build: Omit<BuildDatasetOptions, 'deidentifier' | 'onProgress'>;
  readonly deid: DeidentifierOptions;
}

export type WorkerMessage =
  | { readonly type: 'progress'; readonly phase: string; readonly done: number; readonly total: number }
  | { readonly type: 'done'; readonly card: DatasetCard }
  | { readonly type: 'error'; readonly code: AppErrorCode; readonly message: string };

export interface WorkerBuildOptions extends Omit<BuildDatasetOptions, 'deidentifier'> {
  readonly deid: DeidentifierOptions;
  /** The build's heap (V8 old generation) in MiB: its memory is bounded whatever the export's size. */
  readonly maxHeapMb: number;
  readonly signal?: AbortSignal | undefined;
}

/**
 * `buildDataset` in a worker thread whose heap is capped at `maxHeapMb`. The build's live memory is
 * bounded by one partition, but V8 collects lazily and lets an uncapped heap grow with the work done; the
 * cap makes the peak constant. The partitions' folder is made and removed here, so that a build that dies
 * (out of memory, cancelled) leaves no PHI behind.
 */
export async function buildDatasetInWorker(options: WorkerBuildOptions): Promise<DatasetCard> {
  const { deid, maxHeapMb, signal, onProgress, ...build } = options;
  // The dataset folder is made and checked here, before the worker starts: a build that dies early (out of
  // memory while its modules load) leaves the same empty folder as one that dies late, and a folder that is
  // not empty is refused before any work.
  await emptyOutputFolder(build.outDir);
  const { path: work, place } = await makeWorkFolder(build);
  let worker: Worker | undefined;
  try {
    const request: WorkerRequest = { build: { ...build, workDir: work, workPlace: place }, deid };
    worker = new Worker(new URL('./build-worker-entry.mjs', import.meta.url), {
      workerData: request,
      // The entry registers its own TypeScript loader; the parent's flags (a `--import` of a .ts file)
      // would run before it and fail.
      execArgv: [],
      resourceLimits: { maxOldGenerationSizeMb: maxHeapMb },
    });
    const running = worker;
    return await new Promise<DatasetCard>((resolve, reject) => {
      let settled = false;
      const settle = (error: AppError | undefined, card?: DatasetCard): void => {
        if (settled) return;
        settled = true;
        signal?.removeEventListener('abort', cancel);
        if (error !== undefined) reject(error);
        else if (card !== undefined) resolve(card);
      };
      const cancel = (): void => {
        settle(new AppError('PRECONDITION_FAILED', 'dataset build cancelled; its partitions were removed'));
        void running.terminate();
      };
      if (signal?.aborted === true) return cancel();
      signal?.addEventListener('abort', cancel);
      running.on('message', (message: WorkerMessage) => {
        if (message.type === 'progress') onProgress?.(message.phase, message.done, message.total);
        else if (message.type === 'done') settle(undefined, message.card);
        else settle(new AppError(message.code, message.message));
      });
      running.on('error', (error: Error & { code?: string }) => {
        settle(
          error.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? new AppError(
                'TOO_LARGE',
                `the dataset build needed more than ${maxHeapMb} MiB of heap (a very large patient?); raise --max-heap-mb`,
                { cause: error },
              )
            : // The error's kind, never its message (which may quote data).
              new AppError(
                'INTERNAL',
                `the dataset build failed (${error.name}${error.code ? ` ${error.code}` : ''})`,
                {
                  cause: error,
                },
              ),
        );
      });
      running.on('exit', (code) => settle(new AppError('INTERNAL', `the dataset build stopped (exit ${code})`)));
    });
  } finally {
    // The worker is gone before its folder is removed (a cancelled one may still be opening files).
    await worker?.terminate();
    await rm(work, { recursive: true, force: true, maxRetries: 3 });
  }
}
