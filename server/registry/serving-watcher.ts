import type { InferenceBackend } from '../inference/backend.ts';
import type { SwappableBackend } from '../inference/swappable-backend.ts';
import { errorFields, type Logger } from '../log/logger.ts';
import type { RegistryStore } from './registry-store.ts';
import { sameServingModel, servingModelOf, type ServingModel } from './serving-model.ts';

export interface ServingWatcherOptions {
  store: RegistryStore;
  backend: SwappableBackend;
  /** The version loaded at start. */
  serving: ServingModel;
  /** Loads a version (its SHA-256 checked at load); rejects when the file is missing or altered. */
  load(model: ServingModel): Promise<InferenceBackend>;
  /** How often the registry is read, in ms. */
  everyMs: number;
  logger: Logger;
}

export interface ServingWatcher {
  /** Reads the registry now and swaps in a newly promoted version; resolves once done (tests, and `close`). */
  check(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Keeps a replica serving the registry's promoted version: every `everyMs` it reads which version is promoted
 * (from the shared database, or the registry folder) and, when another one is, loads it, checks its SHA-256,
 * and swaps it in; requests in flight finish on the old model. A version that fails to load is logged and not
 * retried until the promotion changes again; the replica keeps serving what it has. So a promotion made
 * anywhere is served by every replica within one refresh interval plus the load time.
 */
export function watchServingModel(options: ServingWatcherOptions): ServingWatcher {
  const { store, backend, logger } = options;
  let serving = options.serving;
  let refused: ServingModel | undefined;
  let running: Promise<void> | undefined;
  let stopped = false;

  const run = async (): Promise<void> => {
    let wanted: ServingModel | undefined;
    try {
      wanted = servingModelOf(await store.read());
    } catch (error) {
      logger.warn({ ...errorFields(error) }, 'model registry could not be read; serving the loaded version');
      return;
    }
    if (wanted === undefined || sameServingModel(wanted, serving) || sameServingModel(wanted, refused)) return;
    logger.info({ from: serving.label, to: wanted.label }, 'a new model version is promoted: loading it');
    let next: InferenceBackend;
    try {
      next = await options.load(wanted);
    } catch (error) {
      refused = wanted;
      logger.error(
        { model: wanted.label, keeps: serving.label, ...errorFields(error) },
        'the promoted model version could not be loaded; still serving the previous one',
      );
      return;
    }
    if (stopped) {
      await next.close();
      return;
    }
    serving = wanted;
    refused = undefined;
    await backend.swap(next);
    logger.info({ model: wanted.label }, 'serving the promoted model version');
  };

  const check = (): Promise<void> => {
    running ??= run().finally(() => {
      running = undefined;
    });
    return running;
  };

  const timer = setInterval(() => void check(), options.everyMs);
  timer.unref();
  return {
    check,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
