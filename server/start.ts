import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createApp } from './app.ts';
import { listenHttp } from './http/http-server.ts';
import type { Config } from './config.ts';
import { createLogger, type Logger } from './log/logger.ts';
import { openStores } from './stores/open-stores.ts';
import { createSuggestionRuntime, type SuggestionRuntime } from './suggest/runtime.ts';
import type { CdsClient } from '../cds-hooks/cds-clients.ts';

export interface RunningServer {
  url: string;
  server: Server;
  logger: Logger;
  /**
   * Graceful shutdown (SIGTERM): /readyz turns not-ready at once; for `shutdownDrainMs` requests are still
   * served while the load balancer notices; then the listener closes (new connections are refused), in-flight
   * requests finish within `shutdownTimeoutMs` (after which their connections are cut), the audit trail is
   * flushed and the stores closed.
   */
  close(options?: { drain?: boolean }): Promise<void>;
}

/** Loads everything the server needs, then listens on the configured host and port (0 picks a free port). */
export async function startServer(
  config: Config,
  logger: Logger = createLogger({ level: config.logLevel }),
  /** Trusted CDS clients given in code (the development EHR simulator); replaces `config.cdsClients`. */
  options: { cdsClients?: CdsClient[] } = {},
): Promise<RunningServer> {
  if (config.mode === 'development') {
    logger.warn(
      { mode: config.mode },
      'development mode: secrets without values get ephemeral ones; never use this mode with real patients',
    );
  }
  const stores = await openStores(config, logger);
  logger.info({ mode: stores.kind, file: stores.audit.file }, 'shared state open');
  let runtime: SuggestionRuntime;
  try {
    // The model registry is in the shared database too, when there is one.
    runtime = await createSuggestionRuntime(config, logger, stores.database ? { database: stores.database } : {});
  } catch (error) {
    await stores.close();
    throw error;
  }
  const { terminology, pipeline } = runtime;
  const info = terminology.info;
  logger.info(
    {
      codeSystem: info.system,
      version: info.version,
      codes: info.codes,
      indexTerms: info.indexTerms,
      ms: info.loadMs,
      file: info.source,
    },
    `terminology loaded: ${info.name}`,
  );
  logger.info({ backend: pipeline.backend.name, model: pipeline.backend.modelVersion }, 'suggestion backend ready');
  let draining = false;
  const app = createApp({
    config,
    logger,
    terminology,
    audit: stores.audit,
    ...(stores.auditWithFeedback ? { auditWithFeedback: stores.auditWithFeedback } : {}),
    pipeline,
    ...(stores.database ? { database: stores.database } : {}),
    ...(stores.entries ? { entries: stores.entries } : {}),
    draining: () => draining,
    cds: {
      suggest: (input, suggestOptions) => pipeline.suggest(input, suggestOptions),
      precompute: (input) => pipeline.precompute(input),
      feedback: stores.feedback,
      trainingCases: stores.trainingCases,
      ...(stores.replay ? { replay: stores.replay } : {}),
      ...(stores.rateLimitStore ? { rateLimitStore: stores.rateLimitStore } : {}),
      ...(options.cdsClients ? { clients: options.cdsClients } : {}),
    },
  });
  let server: Server;
  try {
    server = await listenHttp(app, logger, config.port, config.host);
  } catch (error) {
    await runtime.close();
    await stores.close();
    throw error;
  }
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  let closing: Promise<void> | undefined;
  const shutdown = async (drain: boolean): Promise<void> => {
    draining = true;
    logger.info({ ms: config.shutdownDrainMs }, 'shutting down: not ready, draining');
    if (drain && config.shutdownDrainMs > 0)
      await new Promise((resolve) => setTimeout(resolve, config.shutdownDrainMs));
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([
      closed.then(() => false),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(true), config.shutdownTimeoutMs);
      }),
    ]);
    clearTimeout(timer);
    if (timedOut) {
      logger.warn({ ms: config.shutdownTimeoutMs }, 'shutdown: requests still in flight were cut');
      server.closeAllConnections();
      await closed;
    }
    await runtime.close();
    await stores.close();
  };
  return {
    url,
    server,
    logger,
    close: (closeOptions) => (closing ??= shutdown(closeOptions?.drain ?? true)),
  };
}
