import type { DecisionRequest, InferenceBackend, ModelDecision } from './backend.ts';

/** A backend whose model can be replaced while serving (a newly promoted registry version). */
export interface SwappableBackend extends InferenceBackend {
  /** The backend answering now. */
  readonly current: InferenceBackend;
  /**
   * Routes new requests to `next` at once; the replaced backend finishes the requests it is answering and is
   * then closed. Resolves once it is closed.
   */
  swap(next: InferenceBackend): Promise<void>;
}

/**
 * Wraps a backend so that it can be swapped: `name` and `modelVersion` are read per request (the pipeline
 * stamps each answer and keys its cache with them), so answers after a swap name the new model.
 */
export function createSwappableBackend(initial: InferenceBackend): SwappableBackend {
  let current = initial;
  const inFlight = new Map<InferenceBackend, { count: number; idle?: () => void }>();
  let closed = false;

  const settle = (backend: InferenceBackend): void => {
    const state = inFlight.get(backend);
    if (!state) return;
    state.count -= 1;
    if (state.count === 0) {
      inFlight.delete(backend);
      state.idle?.();
    }
  };

  const idle = (backend: InferenceBackend): Promise<void> => {
    const state = inFlight.get(backend);
    if (!state) return Promise.resolve();
    return new Promise((resolve) => {
      state.idle = resolve;
    });
  };

  return {
    get name() {
      return current.name;
    },
    get modelVersion() {
      return current.modelVersion;
    },
    get current() {
      return current;
    },
    ready: () => !closed && current.ready(),
    async decide(request: DecisionRequest, options: { signal?: AbortSignal }): Promise<ModelDecision> {
      const backend = current;
      const state = inFlight.get(backend) ?? { count: 0 };
      state.count += 1;
      inFlight.set(backend, state);
      try {
        return await backend.decide(request, options);
      } finally {
        settle(backend);
      }
    },
    async swap(next) {
      if (closed) {
        await next.close();
        return;
      }
      const previous = current;
      current = next;
      if (previous === next) return;
      await idle(previous);
      await previous.close();
    },
    async close() {
      closed = true;
      await idle(current);
      await current.close();
    },
  };
}
