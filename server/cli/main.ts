import { runCli } from './program.ts';

// A reader that stops early (`chartside terminology search … | head`) closes the pipe: that ends the
// output as Unix tools do, quietly, instead of a stack trace for EPIPE.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

/** The `chartside` executable's entry (bin/chartside.js): the command line of this process. */
await runCli(process.argv.slice(2));
