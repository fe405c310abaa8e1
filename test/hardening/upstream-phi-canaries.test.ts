import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test, type TestContext } from 'node:test';
import { maskPhi } from '../../server/deid/text/mask-phi.ts';
import { tempDir } from '../bulk/bulk-setup.ts';
import { chartsideInProcess } from '../cli/run-in-process.ts';

// What a careless FHIR server may put in its error text: a patient's name, record number, phone and birth date.
const CANARIES = ['Ottoline', 'Quillfeather', '44821973', '617-555-0199', '03/14/1961'];
const DIAGNOSTICS =
  'Patient Ottoline Quillfeather (MRN 44821973, phone 617-555-0199, born 03/14/1961) is not in this group';

/** A Bulk Data server with no authorization whose kick-off always refuses with an OperationOutcome. */
async function hostileServer(t: TestContext, status: number, body: unknown, contentType: string): Promise<string> {
  const server: Server = createServer((req, res) => {
    if (req.url?.endsWith('/.well-known/smart-configuration')) {
      res.writeHead(404, { 'content-type': 'application/fhir+json' }).end('{}');
      return;
    }
    res.writeHead(status, { 'content-type': contentType }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/fhir`;
}

test('the free-text masker replaces each identifier of a server message and keeps its other words', () => {
  const masked = maskPhi(DIAGNOSTICS);
  for (const canary of CANARIES) assert.ok(!masked.includes(canary), `${canary} masked in: ${masked}`);
  assert.match(masked, /is not in this group$/);
  assert.match(masked, /\[NAME\]/);
});

for (const [label, status, body] of [
  [
    'an OperationOutcome',
    400,
    { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'not-found', diagnostics: DIAGNOSTICS }] },
  ],
  ['an OAuth error', 400, { error: 'invalid_request', error_description: DIAGNOSTICS }],
] as const) {
  test(`export: PHI in ${label} from the server is masked in the error line, which still gives the status`, async (t) => {
    const base = await hostileServer(t, status, body, 'application/fhir+json');
    const r = await chartsideInProcess([
      'export',
      '--fhir-base',
      base,
      '--open',
      '--type',
      'Patient',
      '--out',
      tempDir(t),
      '--quiet',
    ]);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, new RegExp(`answered ${status}`));
    assert.match(r.stderr, /is not in this group/);
    for (const canary of CANARIES) {
      assert.ok(!r.stderr.includes(canary), `${canary} not on stderr: ${r.stderr}`);
      assert.ok(!r.stdout.includes(canary), `${canary} not on stdout`);
    }
  });
}
