import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Debian's PostgreSQL 15 server binaries (`apt-get install postgresql`; .ci/run installs it where missing). */
export const PG_BIN = process.env.CHARTSIDE_TEST_PG_BIN ?? '/usr/lib/postgresql/15/bin';

/** A throw-away PostgreSQL cluster on a temporary directory and a free loopback port. */
export interface TestPostgres {
  /** `postgres://postgres@127.0.0.1:PORT/postgres` (trust authentication, loopback only). */
  readonly url: string;
  readonly port: number;
  /** A fresh database in this cluster, for a test that needs a schema of its own; its URL. */
  createDatabase(name: string): Promise<string>;
  /** Stops the server (fast shutdown: connections are cut), keeping its data. */
  stop(): Promise<void>;
  /** Starts it again on the same port after `stop`. */
  start(): Promise<void>;
  /** Stops it and removes its directory. */
  destroy(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Runs a server binary as the `postgres` user when we are root (PostgreSQL refuses to run as root). */
async function pg(binary: string, args: string[]): Promise<void> {
  const file = join(PG_BIN, binary);
  const isRoot = process.getuid?.() === 0;
  try {
    if (isRoot) await run('runuser', ['-u', 'postgres', '--', file, ...args]);
    else await run(file, args);
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? '';
    throw new Error(`${binary} failed: ${stderr.trim().split('\n').slice(-3).join(' | ')}`, { cause: error });
  }
}

/**
 * Starts a PostgreSQL cluster for one test file (initdb with trust authentication, no fsync: about a second),
 * removed when the test context ends. The server listens on 127.0.0.1 only, its socket in its own folder.
 */
export async function startTestPostgres(
  t?: TestContext | { after(fn: () => Promise<void>): void },
  /** `durable`: keep fsync and synchronous commit on, as in production (benchmarks). */
  options: { durable?: boolean } = {},
): Promise<TestPostgres> {
  if (!existsSync(join(PG_BIN, 'initdb'))) {
    throw new Error(`PostgreSQL server binaries not found in ${PG_BIN}: apt-get install -y postgresql`);
  }
  const root = mkdtempSync(join(tmpdir(), 'chartside-pg-'));
  const data = join(root, 'data');
  if (process.getuid?.() === 0) {
    const owner = Number((await run('id', ['-u', 'postgres'])).stdout.trim());
    const group = Number((await run('id', ['-g', 'postgres'])).stdout.trim());
    chownSync(root, owner, group);
  }
  await pg('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync', '--no-instructions']);
  const port = await freePort();
  const serverOptions = [
    `-p ${port}`,
    `-k ${root}`,
    '-c listen_addresses=127.0.0.1',
    ...(options.durable ? [] : ['-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off']),
    '-c max_connections=200',
  ].join(' ');
  const start = (): Promise<void> =>
    pg('pg_ctl', ['-D', data, '-o', serverOptions, '-l', join(root, 'log'), '-w', 'start']);
  const stop = (): Promise<void> => pg('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
  await start();
  let running = true;
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const handle: TestPostgres = {
    url,
    port,
    async createDatabase(name) {
      if (!/^[a-z][a-z0-9_]{0,40}$/.test(name)) throw new Error('database name: lower-case letters, digits, _');
      await run(join(PG_BIN, 'psql'), [url, '-q', '-c', `CREATE DATABASE ${name}`]);
      return `postgres://postgres@127.0.0.1:${port}/${name}`;
    },
    async stop() {
      if (!running) return;
      await stop();
      running = false;
    },
    async start() {
      if (running) return;
      await start();
      running = true;
    },
    async destroy() {
      if (running) await stop().catch(() => undefined);
      running = false;
      rmSync(root, { recursive: true, force: true });
    },
  };
  t?.after(() => handle.destroy());
  return handle;
}
