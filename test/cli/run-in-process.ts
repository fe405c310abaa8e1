import { runCli } from '../../server/cli/program.ts';

export interface CliRun {
  status: number;
  stdout: string;
  stderr: string;
}

/**
 * One `chartside` command line run in this process (a spawned CLI costs a second or more of start-up): what
 * it writes to stdout and stderr is captured, its exit status read and reset. One at a time.
 */
export async function chartsideInProcess(args: readonly string[]): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const stdoutWrite = process.stdout.write.bind(process.stdout);
  const stderrWrite = process.stderr.write.bind(process.stderr);
  // The CLI writes strings; node:test's child process reports to its parent in binary chunks on stdout,
  // which must pass (a report captured here would be lost).
  process.stdout.write = (chunk: string | Uint8Array, ...rest: unknown[]): boolean => {
    if (typeof chunk !== 'string')
      return (stdoutWrite as (...a: unknown[]) => boolean).call(process.stdout, chunk, ...rest);
    out.push(chunk);
    return true;
  };
  process.stderr.write = (chunk: string | Uint8Array): boolean => {
    err.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  };
  const before = process.exitCode;
  process.exitCode = undefined;
  try {
    await runCli(args);
  } finally {
    process.stdout.write = stdoutWrite;
    process.stderr.write = stderrWrite;
  }
  const status = Number(process.exitCode ?? 0);
  process.exitCode = before;
  return { status, stdout: out.join(''), stderr: err.join('') };
}
