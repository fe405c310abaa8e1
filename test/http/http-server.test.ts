import assert from 'node:assert/strict';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { test, type TestContext } from 'node:test';
import { listenHttp, MAX_HEADER_BYTES } from '../../server/http/http-server.ts';
import { captureLogger } from '../helpers/app.ts';
import { rawRequest } from '../helpers/raw-request.ts';

async function start(t: TestContext): Promise<{ port: number; url: string; logs: string[] }> {
  const { logger, lines } = captureLogger();
  const server = await listenHttp((_req, res) => res.end('ok'), logger, 0, '127.0.0.1');
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const { port } = server.address() as AddressInfo;
  return { port, url: `http://127.0.0.1:${port}`, logs: lines };
}

/** Sends raw bytes and reads the whole answer until the server closes. */
function rawExchange(port: number, bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect(port, '127.0.0.1', () => socket.write(bytes));
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('end', () => resolve(Buffer.concat(chunks).toString('latin1')));
    socket.on('error', reject);
  });
}

test('a head between 16 KiB (the default) and 64 KiB reaches the app', async (t) => {
  const { url } = await start(t);
  const res = await rawRequest(url, 'GET', '/', { 'x-big': 'b'.repeat(40_000) });
  assert.equal(res.status, 200);
  assert.equal(res.body, 'ok');
});

test('a head over 64 KiB is a 431 OperationOutcome, and nothing of it is logged', async (t) => {
  const { url, logs } = await start(t);
  const res = await rawRequest(
    url,
    'POST',
    '/',
    { authorization: `Bearer ${'Z'.repeat(MAX_HEADER_BYTES + 10)}` },
    '{}',
  );
  assert.equal(res.status, 431);
  assert.match(String(res.headers['content-type']), /^application\/fhir\+json/);
  assert.deepEqual(JSON.parse(res.body), {
    resourceType: 'OperationOutcome',
    issue: [{ severity: 'error', code: 'too-long', diagnostics: 'the request headers are larger than 64 KiB' }],
  });
  assert.ok(!logs.join('\n').includes('ZZZZ'));
  assert.match(logs.join('\n'), /HPE_HEADER_OVERFLOW/);
});

test('a request that is not HTTP is a 400 OperationOutcome; to a HEAD, the same head without a body', async (t) => {
  const { port } = await start(t);
  const answer = await rawExchange(port, 'GET /\x01 HTTP/1.1\r\nHost: x\r\n\r\n');
  assert.match(answer, /^HTTP\/1\.1 400 Bad Request\r\n/);
  const body = answer.slice(answer.indexOf('\r\n\r\n') + 4);
  assert.equal((JSON.parse(body) as { issue: { code: string }[] }).issue[0]?.code, 'structure');
  const head = await rawExchange(port, 'HEAD / HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n');
  assert.match(head, /^HTTP\/1\.1 400 Bad Request\r\n/);
  assert.ok(head.endsWith('\r\n\r\n'), 'no body after the head');
});
