import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createApp } from './app.ts';
import type { Config } from './config.ts';
import { createLogger, type Logger } from './log/logger.ts';
import { openAuditLog } from './audit/audit-log.ts';
import { createSuggestionRuntime } from './suggest/runtime.ts';
import type { CdsClient } from '../cds-hooks/cds-clients.ts';

export interface RunningServer {
  url: string;
  server: Server;
  logger: Logger;
  close(): Promise<void>;
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
  const runtime = await createSuggestionRuntime(config, logger);
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
  const audit = await openAuditLog(config.auditLog, { logger });
  logger.info({ file: config.auditLog }, 'audit log open');
  const app = createApp({
    config,
    logger,
    terminology,
    audit,
    pipeline,
    cds: {
      suggest: (input, suggestOptions) => pipeline.suggest(input, suggestOptions),
      precompute: (input) => pipeline.precompute(input),
      ...(options.cdsClients ? { clients: options.cdsClients } : {}),
    },
  });
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(config.port, config.host, () => resolve(s));
    s.once('error', reject);
  });
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  return {
    url,
    server,
    logger,
    close: async () => {
      await new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
      await audit.close();
      await runtime.close();
    },
  };
}
