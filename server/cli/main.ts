import { runCli } from './program.ts';

/** The `chartside` executable's entry (bin/chartside.js): the command line of this process. */
await runCli(process.argv.slice(2));
