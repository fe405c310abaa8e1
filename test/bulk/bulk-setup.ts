import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import {
  generateBackendKeys,
  loadSigningKey,
  readPublicJwks,
  type SigningKey,
} from '../../server/bulk/backend-keys.ts';
import type { Sleep } from '../../server/bulk/bulk-http.ts';
import type { ExportEvent } from '../../server/bulk/export-events.ts';
import { ExportRequestSchema } from '../../server/bulk/export-request.ts';
import type { ExportOptions } from '../../server/bulk/run-export.ts';
import { startBulkServer, type BulkServer, type BulkServerOptions } from '../../fixtures/ehr/bulk-server.ts';
import { requireShared, SHARED } from '../helpers/shared-data.ts';

export const BULK_DIR = `${SHARED}data/fhir/synthea-r4-bulk/`;
export const NOTES_DIR = `${SHARED}data/fhir/synthea-r4-bulk-with-notes/`;
export const CLIENT_ID = 'chartside-test';

/** A temp dir removed when the test ends. */
export function tempDir(t: TestContext, prefix = 'chartside-bulk-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A key pair generated at test time, in a temp key directory. */
export async function testKey(
  t: TestContext,
  alg: 'ES384' | 'RS384' = 'ES384',
): Promise<{ dir: string; path: string; key: SigningKey }> {
  const dir = tempDir(t, 'chartside-keys-');
  const { privateKeyPath } = await generateBackendKeys({ alg, outDir: dir });
  return { dir, path: privateKeyPath, key: await loadSigningKey(privateKeyPath) };
}

/** The simulator serving a shared export, with the test key registered; closed when the test ends. */
export async function startSimulator(
  t: TestContext,
  keyDir: string,
  options: Partial<BulkServerOptions> = {},
): Promise<BulkServer> {
  const server = await startBulkServer({
    dataDir: requireShared(BULK_DIR),
    clients: [{ clientId: CLIENT_ID, jwks: await readPublicJwks(keyDir) }],
    ...options,
  });
  t.after(() => server.close());
  return server;
}

/** A sleep that returns at once and records what was asked: no wall-clock waits in tests. */
export function recordingSleep(): { sleep: Sleep; waits: number[] } {
  const waits: number[] = [];
  return {
    waits,
    sleep: async (ms, signal) => {
      signal?.throwIfAborted();
      waits.push(ms);
      await new Promise((resolve) => setImmediate(resolve));
    },
  };
}

/**
 * `runExport` options for a system-level export of `types` from the simulator at `base` with the test client,
 * its events and its (recorded, never slept) waits kept for the test to assert on.
 */
export function exportOptions(
  base: string,
  key: SigningKey,
  outDir: string,
  types: readonly string[],
  extra: Partial<ExportOptions> = {},
): ExportOptions & { events: ExportEvent[]; waits: number[] } {
  const { sleep, waits } = recordingSleep();
  const events: ExportEvent[] = [];
  return {
    request: ExportRequestSchema.parse({ fhirBase: base, level: 'system', types }),
    clientId: CLIENT_ID,
    signingKey: key,
    outDir,
    sleep,
    onEvent: (e) => events.push(e),
    events,
    waits,
    ...extra,
  };
}
