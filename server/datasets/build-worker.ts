import { parentPort, workerData } from 'node:worker_threads';
import { AppError } from '../errors/app-error.ts';
import { createDeidentifier } from '../deid/index.ts';
import { buildDataset } from './build-dataset.ts';
import type { WorkerRequest, WorkerMessage } from './build-in-worker.ts';

/** The dataset build inside its worker thread (see build-in-worker.ts); it answers with messages only. */
const request = workerData as WorkerRequest;
const post = (message: WorkerMessage): void => parentPort?.postMessage(message);
const { secret } = request.deid;
try {
  const card = await buildDataset({
    ...request.build,
    deidentifier: createDeidentifier({
      ...request.deid,
      secret: typeof secret === 'string' ? secret : { key: Buffer.from(secret.key), ephemeral: secret.ephemeral },
    }),
    onProgress: (phase, done, total) => post({ type: 'progress', phase, done, total }),
  });
  post({ type: 'done', card });
} catch (error) {
  if (!(error instanceof AppError)) throw error;
  post({ type: 'error', code: error.code, message: error.message });
}
