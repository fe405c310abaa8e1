import { loadConfig } from './config.ts';
import { startServer } from './start.ts';
import { errorLine, exitCodeFor } from './cli/run-command.ts';

/** `npm start`: Chartside's server on the embedded defaults (or what the environment configures). */
try {
  const config = loadConfig();
  const running = await startServer(config);
  process.stdout.write(`Chartside listening on ${running.url}\n`);
  const stop = (): void => {
    void running.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (error) {
  process.stderr.write(errorLine(error) + '\n');
  process.exit(exitCodeFor(error));
}
