import { Writable } from 'node:stream';
import type { TestContext } from 'node:test';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../server/app.ts';
import { listenHttp } from '../../server/http/http-server.ts';
import { ConfigSchema, type Config } from '../../server/config.ts';
import { createLogger, type Logger } from '../../server/log/logger.ts';
import { loadTerminology } from '../../terminology/icd10cm/load.ts';

/** A logger whose every line is kept, to assert what was (and was not) logged. */
export function captureLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(
        ...chunk
          .toString('utf8')
          .split('\n')
          .filter((l) => l !== ''),
      );
      done();
    },
  });
  return { logger: createLogger({ level: 'info', destination }), lines };
}

export function testConfig(overrides: Partial<Config> = {}): Config {
  return ConfigSchema.parse({ port: 0, logLevel: 'info', ...overrides });
}

/** The real app on 127.0.0.1:0 with the embedded terminology, closed when the test ends. */
export async function startTestServer(
  t: TestContext,
  overrides: Partial<Config> = {},
): Promise<{ url: string; logs: string[] }> {
  const { logger, lines } = captureLogger();
  const config = testConfig(overrides);
  const terminology = await loadTerminology(config.terminology);
  const app = createApp({ config, logger, terminology });
  const server = await listenHttp(app, logger, 0, '127.0.0.1');
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, logs: lines };
}
