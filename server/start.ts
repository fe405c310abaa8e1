import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createApp } from './app.ts';
import type { Config } from './config.ts';
import { createLogger, type Logger } from './log/logger.ts';
import { loadTerminology } from '../terminology/icd10cm/load.ts';

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
): Promise<RunningServer> {
  if (config.mode === 'development') {
    logger.warn(
      { mode: config.mode },
      'development mode: secrets without values get ephemeral ones; never use this mode with real patients',
    );
  }
  const terminology = await loadTerminology(config.terminology);
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
  const app = createApp({ config, logger, terminology });
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
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}
