import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { test } from 'node:test';
import { DEFAULT_RETRY } from '../../server/bulk/bulk-http.ts';
import { downloadFile } from '../../server/bulk/download-file.ts';
import { recordingSleep, tempDir } from './bulk-setup.ts';

test('a long download leaves no listener behind on its file stream (no MaxListenersExceededWarning)', async (t) => {
  // 8 MiB of NDJSON in 64 KiB writes: the file stream's buffer fills on nearly every chunk.
  const line = JSON.stringify({ resourceType: 'Observation', id: 'x'.repeat(1000) }) + '\n';
  const body = Buffer.from(line.repeat(Math.ceil((8 << 20) / line.length)));
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/fhir+ndjson', 'content-length': String(body.length) });
    let at = 0;
    const pump = (): void => {
      while (at < body.length) {
        const chunk = body.subarray(at, at + 65536);
        at += chunk.length;
        if (!res.write(chunk)) {
          res.once('drain', pump);
          return;
        }
      }
      res.end();
    };
    pump();
  });
  server.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const warnings: string[] = [];
  const onWarning = (w: Error): void => {
    warnings.push(w.name);
  };
  process.on('warning', onWarning);
  t.after(() => process.off('warning', onWarning));

  const partPath = join(tempDir(t), 'Observation.000.ndjson.part');
  const { bytes } = await downloadFile({
    url: `${base}/fhir/files/Observation.ndjson`,
    partPath,
    name: 'Observation.000.ndjson',
    fhirBase: `${base}/fhir`,
    requiresAccessToken: false,
    token: () => Promise.resolve(''),
    invalidateToken: () => undefined,
    policy: DEFAULT_RETRY,
    sleep: recordingSleep().sleep,
  });
  // Warnings are emitted on the next tick.
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(bytes, body.length);
  assert.ok(readFileSync(partPath).equals(body));
  assert.deepEqual(
    warnings.filter((w) => w === 'MaxListenersExceededWarning'),
    [],
  );
});
