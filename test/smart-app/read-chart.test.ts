import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { createFhirFetcher } from '../../server/fhir/fhir-fetcher.ts';
import { readChart } from '../../server/smart/read-chart.ts';

/**
 * The fetch time limit: the hanging read must outlast it, the others (loopback, on a loaded CI machine)
 * must not, so it is generous; each test waits it out once.
 */
const FETCH_LIMIT_MS = 2500;

/**
 * A FHIR server on loopback that answers the required reads and fails the optional ones as real EHRs do:
 * one never answers, one is refused (a scope not granted), one is not supported, one answers a non-Bundle.
 */
const hanging: ServerResponse[] = [];
const server = createServer((req: IncomingMessage, res: ServerResponse) => {
  const url = new URL(req.url ?? '/', 'http://x');
  const type = url.pathname.split('/').pop() ?? '';
  const json = (status: number, body: unknown): void => {
    res.writeHead(status, { 'content-type': 'application/fhir+json' }).end(JSON.stringify(body));
  };
  const bundle = (resources: unknown[]): void =>
    json(200, { resourceType: 'Bundle', type: 'searchset', entry: resources.map((resource) => ({ resource })) });
  if (url.pathname.endsWith('/Patient/p1')) return json(200, { resourceType: 'Patient', id: 'p1' });
  if (type === 'MedicationRequest') {
    hanging.push(res);
    return;
  }
  if (type === 'AllergyIntolerance') return json(403, { resourceType: 'OperationOutcome', issue: [] });
  if (type === 'DiagnosticReport') return json(404, { resourceType: 'OperationOutcome', issue: [] });
  if (type === 'Procedure') return json(200, { resourceType: 'Patient', id: 'not-a-bundle' });
  if (type === 'Condition') return bundle([{ resourceType: 'Condition', id: 'c1' }]);
  return bundle([]);
});
let base = '';

before(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/fhir`;
});
after(async () => {
  for (const res of hanging) res.destroy();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

test('optional chart parts the EHR does not give are reported with the reason, and the rest is read', async () => {
  const fetcher = createFhirFetcher({ servers: [base], timeoutMs: FETCH_LIMIT_MS, maxBytes: 1 << 20 });
  const chart = await readChart(fetcher, { fhirServer: base, accessToken: 't', patient: 'p1', encounter: 'e1' });
  assert.deepEqual(chart.unread, [
    { part: 'medications', reason: 'timeout' },
    { part: 'allergies', reason: 'forbidden' },
    { part: 'encounter-procedures', reason: 'error' },
    { part: 'encounter-reports', reason: 'unsupported' },
  ]);
  assert.ok(chart.references.includes('Condition/c1'));
  assert.ok(chart.references.includes('Patient/p1'));
});

test('without an encounter in context, only the patient-level optional parts are asked for and reported', async () => {
  const fetcher = createFhirFetcher({ servers: [base], timeoutMs: FETCH_LIMIT_MS, maxBytes: 1 << 20 });
  const chart = await readChart(fetcher, { fhirServer: base, accessToken: 't', patient: 'p1' });
  // Without an encounter in context, the encounter's own parts are not asked for; the latest encounter is
  // an empty search, which is an answer.
  assert.deepEqual(
    chart.unread.map((u) => u.part),
    ['medications', 'allergies'],
  );
});
