import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { test } from 'node:test';
import { startCdsServer } from '../cds-hooks/cds-test-server.ts';

/** Sends a raw request line (fetch and supertest would re-encode the path). */
function raw(
  url: string,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<{ status: number; type: string; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ hostname, port, method, path, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), body: text }),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}

for (const path of ['/smart/app/%', '/smart/app/%E0%A4%A', '/smart/app/%ff%fe', '/fhir/CodeSystem/%zz']) {
  test(`GET ${path} is a 400 OperationOutcome, not a 500 logged as an error`, async (t) => {
    const server = await startCdsServer(t);
    const res = await raw(server.url, 'GET', path);
    assert.equal(res.status, 400);
    assert.match(res.type, /application\/fhir\+json/);
    const outcome = JSON.parse(res.body) as { resourceType: string; issue: { code: string; diagnostics: string }[] };
    assert.equal(outcome.resourceType, 'OperationOutcome');
    assert.equal(outcome.issue[0]?.code, 'invalid');
    assert.match(outcome.issue[0]?.diagnostics ?? '', /malformed percent-encoding/);
    assert.ok(!server.logs.some((l) => (JSON.parse(l) as { level: number }).level >= 50), 'nothing at error level');
  });
}

test('POST /cds-services/% with a valid JWT is a 400 OperationOutcome', async (t) => {
  const server = await startCdsServer(t);
  const res = await raw(
    server.url,
    'POST',
    '/cds-services/%',
    { authorization: await server.auth('/cds-services/%'), 'content-type': 'application/json' },
    '{}',
  );
  assert.equal(res.status, 400);
  assert.equal((JSON.parse(res.body) as { resourceType: string }).resourceType, 'OperationOutcome');
  assert.ok(!server.logs.some((l) => (JSON.parse(l) as { level: number }).level >= 50));
});
