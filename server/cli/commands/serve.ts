import type { Command } from 'commander';
import { loadConfig } from '../../config.ts';
import { startServer } from '../../start.ts';
import { action } from '../run-command.ts';

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description(
      'Run the Chartside server (same as `npm start`). Settings come from CHARTSIDE_* variables or CHARTSIDE_CONFIG.',
    )
    .option('--host <host>', 'address to listen on (CHARTSIDE_HOST, default 127.0.0.1)')
    .option('--port <port>', 'port to listen on; 0 picks a free one (CHARTSIDE_PORT, default 8080)')
    .action(
      action(async (opts: { host?: string; port?: string }) => {
        const env = { ...process.env };
        if (opts.host) env.CHARTSIDE_HOST = opts.host;
        if (opts.port) env.CHARTSIDE_PORT = opts.port;
        const running = await startServer(loadConfig(env));
        process.stdout.write(`Chartside listening on ${running.url}\n`);
        await new Promise<void>((resolve) => {
          const stop = (): void => void running.close().then(resolve);
          process.once('SIGINT', stop);
          process.once('SIGTERM', stop);
        });
      }),
    );
}
