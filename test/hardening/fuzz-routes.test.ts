import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { SERVICES } from '../../cds-hooks/services.ts';
import { createCdsClient, type FixtureCdsClient } from '../../fixtures/ehr/cds-client.ts';
import { FIXTURE_PATIENTS } from '../../fixtures/ehr/cds-patients.ts';
import {
  startEhrSimulator,
  SIMULATOR_USER,
  type EhrSimulator,
} from '../../fixtures/ehr/simulator/start-ehr-simulator.ts';
import { openAuditLog, type AuditLog } from '../../server/audit/audit-log.ts';
import { createApp } from '../../server/app.ts';
import { listenHttp } from '../../server/http/http-server.ts';
import { MemoryFeedbackStore } from '../../server/feedback/feedback-store.ts';
import { loadTerminology } from '../../terminology/icd10cm/load.ts';
import { simpleSuggest } from '../cds-hooks/cds-test-server.ts';
import { hookRequest } from '../cds-hooks/hook-requests.ts';
import { captureLogger, testConfig } from '../helpers/app.ts';
import { appRoutes, type AppRoute } from '../helpers/app-routes.ts';
import { rawRequest, type RawResponse } from '../helpers/raw-request.ts';

/**
 * Property-based fuzzing of every route (issue 20): generated paths (malformed escapes, traversal, unicode),
 * methods, headers, query strings and JSON bodies (random, and valid requests with fields mutated), sent
 * raw, with and without a valid CDS client JWT or SMART session. Every answer must be below 500; every
 * error an OperationOutcome, the bare 401 of CDS Hooks, or the SMART error page to a browser; nothing of
 * the requests in the logs or the audit log. A planted canary rides in every request to check the last.
 * Bounded: RUNS requests a property (CHARTSIDE_FUZZ_RUNS), a few seconds; CHARTSIDE_FUZZ_SEED replays.
 */
const RUNS = Number(process.env.CHARTSIDE_FUZZ_RUNS ?? 120);
const SEED = Number(process.env.CHARTSIDE_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const PUBLIC_URL = 'https://chartside.test';
const CANARY = 'Qwertzuiop~';
const CANARY_MARK = 'Qwertzuiop';
const BODY_LIMIT = 64 * 1024;
/** Pages a browser navigates to: their errors are HTML pages when the caller accepts HTML. */
const BROWSER_PAGES = new Set(['/smart/launch', '/smart/launch.html', '/smart/callback']);

let server: Server;
let url: string;
let simulator: EhrSimulator;
let cdsClient: FixtureCdsClient;
let audit: AuditLog;
let routes: AppRoute[];
let smartToken: string;
let logs: string[];
const dir = mkdtempSync(join(tmpdir(), 'chartside-fuzz-'));
const auditFile = join(dir, 'audit.ndjson');
const sent = { anonymous: 0, authenticated: 0, byStatus: new Map<number, number>() };

before(async () => {
  simulator = await startEhrSimulator({ shared: false });
  cdsClient = await createCdsClient({ iss: 'https://ehr.test/cds', tenant: 'tenant-a' });
  const captured = captureLogger();
  logs = captured.lines;
  audit = await openAuditLog(auditFile, { logger: captured.logger });
  const config = testConfig({ publicUrl: PUBLIC_URL, fhirServers: [simulator.fhirBase], bodyLimit: BODY_LIMIT });
  const app = createApp({
    config,
    logger: captured.logger,
    terminology: await loadTerminology(),
    audit,
    cds: {
      feedback: new MemoryFeedbackStore(),
      suggest: await simpleSuggest(),
      clients: [{ iss: cdsClient.iss, jwks: cdsClient.jwks() }],
    },
  });
  routes = appRoutes(app);
  server = await listenHttp(app, captured.logger, 0, '127.0.0.1');
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  smartToken = simulator.grants.issueTokens({
    clientId: 'chartside',
    scope: 'launch openid fhirUser online_access patient/*.rs patient/Condition.c',
    user: SIMULATOR_USER,
    context: { patient: 'demo-avery', encounter: 'demo-enc-avery' },
  }).accessToken;
});

after(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await audit.close();
  await simulator.close();
  rmSync(dir, { recursive: true, force: true });
});

// --- generators -------------------------------------------------------------------------------------

const printable = (max: number): fc.Arbitrary<string> =>
  fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: max });
const pathChars = fc.constantFrom(..."abcXYZ019-._~!$&'()*+,;=:@".split(''));
const malformedEscape = fc.constantFrom('%', '%E0%A4%A', '%ff%fe', '%zz', '%2', '%C0%AF', '%00', '%25', '%2F', '%5C');
const segment = (known: readonly string[]): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...known) },
    { weight: 2, arbitrary: fc.string({ unit: pathChars, maxLength: 12 }) },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: 255 }).map((b) => `%${b.toString(16).padStart(2, '0')}`) },
    { weight: 2, arbitrary: malformedEscape },
    { weight: 1, arbitrary: fc.constantFrom('..', '.', '%2e%2e', '') },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 6 }).map(encodeURIComponent) },
    { weight: 1, arbitrary: fc.string({ unit: pathChars, maxLength: 6 }).map((s) => CANARY + s) },
  );

function pathArb(): fc.Arbitrary<string> {
  const known = [
    ...new Set([
      ...routes.flatMap((r) => r.path.split('/')).filter((s) => s !== '' && !s.startsWith(':')),
      ...SERVICES.map((s) => s.id),
      'feedback',
      'main.js',
      'index.html',
    ]),
  ];
  const seg = segment(known);
  const fromRoute = fc
    .record({
      route: fc.constantFrom(...routes),
      params: fc.array(seg, { minLength: 2, maxLength: 2 }),
      tail: fc.oneof(
        { weight: 5, arbitrary: fc.constant('') },
        { weight: 1, arbitrary: fc.constant('/') },
        { weight: 1, arbitrary: fc.array(seg, { minLength: 1, maxLength: 2 }).map((s) => `/${s.join('/')}`) },
      ),
    })
    .map(({ route, params, tail }) => {
      let i = 0;
      return route.path.replace(/:[A-Za-z]+/g, () => params[i++] ?? 'x') + tail;
    });
  const anywhere = fc.array(seg, { minLength: 1, maxLength: 5 }).map((s) => `/${s.join('/')}`);
  return fc.oneof({ weight: 4, arbitrary: fromRoute }, { weight: 1, arbitrary: anywhere });
}

function queryArb(): fc.Arbitrary<string> {
  const key = fc.oneof(
    fc.constantFrom(
      'system',
      'url',
      'code',
      'version',
      'display',
      'filter',
      'count',
      'offset',
      'billableOnly',
      'iss',
      'launch',
      'state',
      'error',
      'error_description',
      '_format',
      'code[]',
      'count[a]',
    ),
    fc.string({ unit: pathChars, maxLength: 8 }),
  );
  const value = fc.oneof(
    fc.constantFrom(
      'http://hl7.org/fhir/sid/icd-10-cm',
      'J44.1',
      'copd',
      '10',
      '-1',
      '1e309',
      'true',
      simulator.fhirBase,
      'not-a-url',
      'access_denied',
    ),
    fc.string({ maxLength: 40 }).map((s) => encodeURIComponent(CANARY + s)),
    malformedEscape.map((m) => CANARY + m),
  );
  return fc
    .array(fc.tuple(key, value), { maxLength: 5 })
    .map((pairs) => (pairs.length === 0 ? '' : `?${pairs.map(([k, v]) => `${encodeURIComponent(k)}=${v}`).join('&')}`));
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every path to a value inside a JSON value. */
function pathsOf(value: Json, at: (string | number)[] = []): (string | number)[][] {
  const here = at.length > 0 ? [at] : [];
  if (Array.isArray(value)) return [...here, ...value.flatMap((v, i) => pathsOf(v, [...at, i]))];
  if (value !== null && typeof value === 'object') {
    return [...here, ...Object.entries(value).flatMap(([k, v]) => pathsOf(v, [...at, k]))];
  }
  return here;
}

/** A valid request body with a few of its fields replaced by generated values (or the canary). */
function mutated(valid: () => Json): fc.Arbitrary<Json> {
  const replacement = fc.oneof(
    fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>,
    fc.string({ maxLength: 20 }).map((s) => CANARY + s),
    fc.constantFrom<Json>(null, '', -1, 1e308, [], {}, 'x'.repeat(3000)),
  );
  return fc.array(fc.tuple(fc.nat(), replacement), { maxLength: 3 }).map((changes) => {
    // a copy: the valid body shares the fixture patient's resources, which the next body needs unchanged
    const body = structuredClone(valid());
    for (const [pick, value] of changes) {
      const paths = pathsOf(body);
      const path = paths[pick % Math.max(1, paths.length)];
      if (!path) continue;
      let parent = body as Record<string | number, Json>;
      for (const step of path.slice(0, -1)) parent = parent[step] as Record<string | number, Json>;
      const last = path.at(-1);
      if (last !== undefined) parent[last] = value;
    }
    return body;
  });
}

function bodyArb(): fc.Arbitrary<string | undefined> {
  const patient = FIXTURE_PATIENTS[0];
  const hook = mutated(() => hookRequest('encounter-discharge', patient) as Json);
  const cdsFeedback = mutated(() => ({
    feedback: [
      {
        card: '0b8d5f4e-8a8f-4c3e-9a54-0d3f2f1f3b10',
        outcome: 'overridden',
        overrideReason: { reason: { code: 'not-relevant' }, userComment: `${CANARY} comment` },
        outcomeTimestamp: new Date().toISOString(),
      },
    ],
  }));
  const suggestions = mutated(() => ({
    fhirServer: simulator.fhirBase,
    patient: 'demo-avery',
    encounter: 'demo-enc-avery',
  }));
  const appFeedback = mutated(() => ({
    suggestionSet: 'a'.repeat(22),
    suggestion: 's1',
    outcome: 'rejected',
    reason: 'not-relevant',
    outcomeTimestamp: new Date().toISOString(),
  }));
  const handoff = mutated(() => ({ handoff: 'h'.repeat(43) }));
  const json = fc.oneof(hook, cdsFeedback, suggestions, appFeedback, handoff, fc.jsonValue() as fc.Arbitrary<Json>);
  return fc.oneof(
    { weight: 2, arbitrary: fc.constant(undefined) },
    { weight: 6, arbitrary: json.map((j) => JSON.stringify(j)) },
    {
      weight: 1,
      arbitrary: fc.tuple(json, fc.nat()).map(([j, n]) => {
        const s = JSON.stringify(j);
        return s.slice(0, n % Math.max(1, s.length));
      }),
    },
    { weight: 1, arbitrary: fc.string({ maxLength: 200 }).map((s) => CANARY + s) },
    { weight: 1, arbitrary: fc.constant(`{"note":"${CANARY}${'x'.repeat(BODY_LIMIT)}"}`) },
  );
}

type Auth = 'none' | 'garbage' | 'cds-jwt' | 'smart-session';

interface FuzzRequest {
  method: string;
  path: string;
  query: string;
  headers: Record<string, string>;
  body: string | undefined;
  auth: Auth;
}

function requestArb(auths: readonly Auth[]): fc.Arbitrary<FuzzRequest> {
  const headerValue = printable(60);
  return (
    fc
      .record({
        method: fc.oneof(
          { weight: 4, arbitrary: fc.constantFrom('GET', 'POST') },
          { weight: 1, arbitrary: fc.constantFrom('PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD') },
        ),
        path: pathArb(),
        query: queryArb(),
        headers: fc.record(
          {
            'content-type': fc.constantFrom(
              'application/json',
              'application/fhir+json',
              'application/json; charset=utf-16',
              'application/json; charset=bogus',
              'text/plain',
              'application/x-www-form-urlencoded',
              'multipart/form-data; boundary=x',
              'application/json, text/html',
            ),
            accept: fc.constantFrom('*/*', 'application/json', 'application/fhir+json', 'text/html', 'image/png', ';;'),
            origin: fc.oneof(fc.constant('https://ehr.test'), headerValue),
            'x-request-id': fc.oneof(
              fc.constant('fuzz-request-0001'),
              headerValue.map((v) => CANARY + v),
            ),
            'x-fuzz': headerValue.map((v) => CANARY + v),
            'content-encoding': fc.constantFrom('gzip', 'identity', 'br'),
            // past Node's default 16 KiB head, and past the server's 64 KiB limit (a 431 OperationOutcome)
            'x-pad': fc
              .oneof({ weight: 10, arbitrary: fc.constant(1) }, fc.constant(20_000), fc.constant(70_000))
              .map((n) => CANARY + 'p'.repeat(n)),
          },
          { requiredKeys: ['x-fuzz'] },
        ),
        body: bodyArb(),
        auth: fc.constantFrom(...auths),
      })
      // A head over 64 KiB is refused by the parser before the method is known, and its 431 carries a body,
      // which a HEAD client cannot read (see server/http/http-server.ts): HEAD gets the 20 KB pad at most.
      .map((r) =>
        r.method === 'HEAD' && (r.headers['x-pad']?.length ?? 0) > 64 * 1024
          ? { ...r, headers: { ...r.headers, 'x-pad': CANARY } }
          : r,
      )
  );
}

// --- the check --------------------------------------------------------------------------------------

async function send(r: FuzzRequest): Promise<RawResponse> {
  const headers = { ...r.headers };
  if (r.auth === 'garbage') headers.authorization = `Bearer ${CANARY}.e30.${CANARY}`;
  if (r.auth === 'smart-session') headers.authorization = `Bearer ${smartToken}`;
  if (r.auth === 'cds-jwt') headers.authorization = `Bearer ${await cdsClient.sign(`${PUBLIC_URL}${r.path}`)}`;
  const res = await rawRequest(url, r.method, r.path + r.query, headers, r.body);
  sent.byStatus.set(res.status, (sent.byStatus.get(res.status) ?? 0) + 1);
  return res;
}

function checkAnswer(r: FuzzRequest, res: RawResponse): void {
  const where = `${r.method} ${r.path}${r.query} (${r.auth}) ${JSON.stringify(r.headers)}`;
  assert.ok(res.status < 500, `${where} answered ${res.status}: ${res.body.slice(0, 300)}`);
  if (res.status < 400 || r.method === 'HEAD') return;
  // Express routes are case-insensitive and take one trailing slash
  const pathname = r.path.toLowerCase().replace(/(.)\/$/, '$1');
  if (res.status === 401 && pathname.startsWith('/cds-services')) {
    assert.equal(res.body, '', `${where}: CDS Hooks refusals are a bare 401`);
    return;
  }
  const type = String(res.headers['content-type'] ?? '');
  if (type.startsWith('text/html')) {
    assert.ok(BROWSER_PAGES.has(pathname), `${where}: an HTML error page outside the browser pages`);
    assert.ok(!/^application\/(fhir\+)?json$/.test(r.headers.accept ?? ''), `${where}: HTML to a JSON caller`);
    return;
  }
  assert.match(
    type,
    /^application\/fhir\+json/,
    `${where}: ${res.status} with content type "${type}" and body "${res.body.slice(0, 200)}"`,
  );
  const outcome = JSON.parse(res.body) as { resourceType?: string; issue?: { code?: string }[] };
  assert.equal(outcome.resourceType, 'OperationOutcome', where);
  assert.ok(typeof outcome.issue?.[0]?.code === 'string', where);
}

const fuzzOptions = (): fc.Parameters<[FuzzRequest]> => ({
  numRuns: RUNS,
  seed: SEED,
  endOnFailure: true,
  // the counterexample's body can be long: the assertion message already names the request
  reporter: (details) => {
    if (!details.failed) return;
    const r = details.counterexample?.[0];
    const summary = r ? `${r.method} ${r.path}${r.query} (${r.auth}), body ${String(r.body).slice(0, 200)}` : '';
    throw new Error(
      `seed ${details.seed}, path ${details.counterexamplePath}: ${summary}\n${String(details.errorInstance)}`,
    );
  },
});

test(`every route, without credentials or with forged ones: never a 5xx, every error an OperationOutcome (seed ${SEED})`, async (t) => {
  t.diagnostic(`routes: ${routes.map((r) => `${r.method} ${r.path}`).join(', ')}`);
  await fc.assert(
    fc.asyncProperty(requestArb(['none', 'garbage']), async (r) => {
      checkAnswer(r, await send(r));
      sent.anonymous++;
    }),
    fuzzOptions(),
  );
});

test(`every route, with a valid CDS client JWT or SMART session: never a 5xx, every error an OperationOutcome (seed ${SEED})`, async () => {
  await fc.assert(
    fc.asyncProperty(requestArb(['cds-jwt', 'smart-session']), async (r) => {
      checkAnswer(r, await send(r));
      sent.authenticated++;
    }),
    fuzzOptions(),
  );
});

test('after the fuzzing, nothing of the requests is in the logs or the audit log, and nothing was logged as an error', async (t) => {
  await audit.flush();
  const auditText = readFileSync(auditFile, 'utf8');
  t.diagnostic(
    `requests sent: ${sent.anonymous} anonymous, ${sent.authenticated} authenticated; statuses ${JSON.stringify(Object.fromEntries([...sent.byStatus].sort((a, b) => a[0] - b[0])))}`,
  );
  assert.ok(sent.anonymous + sent.authenticated >= RUNS, 'the properties did run');
  assert.ok(auditText.split('\n').length > RUNS, 'requests were audited');
  assert.ok(!logs.join('\n').includes(CANARY_MARK), 'a request part reached the logs');
  assert.ok(!auditText.includes(CANARY_MARK), 'a request part reached the audit log');
  const errors = logs.filter((l) => (JSON.parse(l) as { level: number }).level >= 50);
  assert.deepEqual(errors, []);
});
