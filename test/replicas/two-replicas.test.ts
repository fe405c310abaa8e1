import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ZEBULON } from '../../fixtures/ehr/cds-patients.ts';
import { createCdsClient, type FixtureCdsClient, type SignOptions } from '../../fixtures/ehr/cds-client.ts';
import { startEhrSimulator, type EhrSimulator } from '../../fixtures/ehr/simulator/start-ehr-simulator.ts';
import { verifyAuditTable } from '../../server/db/audit-table.ts';
import { openDatabase, type Database } from '../../server/db/database.ts';
import type { FeedbackRecord } from '../../server/feedback/feedback-store.ts';
import { startServer, type RunningServer } from '../../server/start.ts';
import { hookRequest } from '../cds-hooks/hook-requests.ts';
import { captureLogger, testConfig } from '../helpers/app.ts';
import { ehrLaunchUrl } from '../helpers/smart-stack.ts';
import { startTestPostgres, type TestPostgres } from '../helpers/postgres.ts';

/** What the EHR and the browser call: the load balancer in front of the replicas. */
const PUBLIC_URL = 'https://chartside.test';
const EHR_ISS = 'https://ehr.test/cds';
const SERVICE = '/cds-services/chartside-icd10-discharge';
const LOOKUP = '/fhir/CodeSystem/$lookup?system=http://hl7.org/fhir/sid/icd-10-cm&code=J44.1';
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

let cluster: TestPostgres;
let db: Database;
let simulator: EhrSimulator;
let client: FixtureCdsClient;
let a: RunningServer;
let b: RunningServer;
const { logger } = captureLogger();

async function replica(overrides: Parameters<typeof testConfig>[0] = {}): Promise<RunningServer> {
  const config = testConfig({
    publicUrl: PUBLIC_URL,
    databaseUrl: cluster.url,
    fhirServers: [simulator.fhirBase],
    cdsRateLimit: 4,
    shutdownDrainMs: 0,
    shutdownTimeoutMs: 2000,
    logLevel: 'silent',
    ...overrides,
  });
  return startServer(config, captureLogger().logger, { cdsClients: [{ iss: client.iss, jwks: client.jwks() }] });
}

before(async () => {
  cluster = await startTestPostgres();
  db = openDatabase({ url: cluster.url, maxConnections: 2, logger });
  simulator = await startEhrSimulator({ shared: false });
  simulator.setChartsideUrl(PUBLIC_URL);
  client = await createCdsClient({ iss: EHR_ISS });
  a = await replica();
  b = await replica();
});
after(async () => {
  await a?.close();
  await b?.close();
  await simulator?.close();
  await db?.close();
  await cluster?.destroy();
});

/** The same URL as the load balancer would route it to one replica. */
function via(url: string, to: RunningServer): string {
  const u = new URL(url);
  return `${to.url}${u.pathname}${u.search}`;
}

async function hook(to: RunningServer, tenant: string, requestId?: string, sign: SignOptions = {}) {
  const token = await client.sign(`${PUBLIC_URL}${SERVICE}`, { tenant, ...sign });
  return fetch(`${to.url}${SERVICE}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${token}`,
      ...(requestId ? { 'x-request-id': requestId } : {}),
    },
    body: JSON.stringify(hookRequest('encounter-discharge', ZEBULON)),
  });
}

test('a CDS JWT used at replica A is refused when replayed to replica B', async () => {
  const token = await client.sign(`${PUBLIC_URL}/cds-services`, { tenant: 'replay' });
  const first = await fetch(`${a.url}/cds-services`, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(first.status, 200);
  const replayed = await fetch(`${b.url}/cds-services`, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(replayed.status, 401);
});

test('feedback about a card issued by replica A is accepted by replica B and linked to the case', async () => {
  const answered = await hook(a, 'feedback');
  assert.equal(answered.status, 200);
  const card = ((await answered.json()) as { cards: { uuid: string; suggestions: { uuid: string }[] }[] }).cards[0];
  assert.ok(card);
  const path = `${SERVICE}/feedback`;
  const token = await client.sign(`${PUBLIC_URL}${path}`, { tenant: 'feedback' });
  const res = await fetch(`${b.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({
      feedback: [
        {
          card: card.uuid,
          outcome: 'accepted',
          acceptedSuggestions: [{ id: card.suggestions[0]?.uuid }],
          outcomeTimestamp: '2026-03-02T10:00:00Z',
        },
      ],
    }),
  });
  assert.equal(res.status, 200);
  const { rows } = await db.query<{ record: FeedbackRecord }>('SELECT record FROM feedback WHERE record->>$1 = $2', [
    'card',
    card.uuid,
  ]);
  assert.equal(rows.length, 1);
  assert.deepEqual(rows[0]?.record.issued?.acceptedRanks, [0]);
  assert.equal(rows[0]?.record.issued?.offered, card.suggestions.length);
});

test('feedback and its audit record are one transaction: when the record cannot be inserted, neither is kept', async () => {
  const answered = await hook(a, 'feedback-tx');
  const card = ((await answered.json()) as { cards: { uuid: string }[] }).cards[0];
  assert.ok(card);
  const path = `${SERVICE}/feedback`;
  const send = async (requestId: string) =>
    fetch(`${b.url}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-request-id': requestId,
        authorization: `Bearer ${await client.sign(`${PUBLIC_URL}${path}`, { tenant: 'feedback-tx' })}`,
      },
      body: JSON.stringify({
        feedback: [{ card: card.uuid, outcome: 'overridden', outcomeTimestamp: '2026-03-02T10:00:00Z' }],
      }),
    });
  const stored = async () => {
    const feedback = await db.query('SELECT 1 FROM feedback WHERE record->>$1 = $2', ['card', card.uuid]);
    const audit = await db.query<{ line: string }>('SELECT line FROM audit_events WHERE line LIKE $1', [
      '%feedback-tx-%',
    ]);
    return {
      feedback: feedback.rowCount,
      audit: audit.rows.map((r) => /feedback-tx-\d/.exec(r.line)?.[0]),
    };
  };
  // The failure comes after the feedback row is inserted, in the same transaction: the audit insert fails.
  await db.query(`CREATE FUNCTION refuse_feedback_audit() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'refused by test'; END $$`);
  await db.query(`CREATE TRIGGER refuse_feedback_audit BEFORE INSERT ON audit_events FOR EACH ROW
    WHEN (NEW.line LIKE '%"code":"cds-feedback"%') EXECUTE FUNCTION refuse_feedback_audit()`);
  let refused: Response;
  try {
    refused = await send('feedback-tx-1');
  } finally {
    await db.query('DROP TRIGGER refuse_feedback_audit ON audit_events');
    await db.query('DROP FUNCTION refuse_feedback_audit()');
  }
  assert.equal(refused.status, 503);
  assert.equal(((await refused.json()) as { resourceType: string }).resourceType, 'OperationOutcome');
  assert.deepEqual(await stored(), { feedback: 0, audit: [] });
  const retried = await send('feedback-tx-2');
  assert.equal(retried.status, 200);
  assert.deepEqual(await stored(), { feedback: 1, audit: ['feedback-tx-2'] });
  assert.equal((await verifyAuditTable(db)).ok, true);
});

test('a SMART launch begun on replica A completes on replica B, and its hand-off is single use across replicas', async () => {
  const launch = await fetch(via(await ehrLaunchUrl(simulator, 'demo-avery'), a), { redirect: 'manual' });
  assert.equal(launch.status, 302);
  const authorize = await fetch(launch.headers.get('location') ?? '', { redirect: 'manual' });
  const callbackUrl = authorize.headers.get('location') ?? '';
  assert.ok(callbackUrl.startsWith(`${PUBLIC_URL}/smart/callback?`));
  const callback = await fetch(via(callbackUrl, b), { redirect: 'manual' });
  assert.equal(callback.status, 303);
  const handoff = new URL(callback.headers.get('location') ?? '').hash.replace('#handoff=', '');
  // What the database holds for the hand-off: neither the code nor the tokens (checked once they are known).
  const { rows: kept } = await db.query<{ key: string; value: unknown }>(
    "SELECT key, value FROM expiring_entries WHERE namespace = 'smart-handoff'",
  );
  assert.equal(kept.length, 1);
  assert.match(kept[0]?.key ?? '', /^[0-9a-f]{64}$/);
  const claim = (to: RunningServer) =>
    fetch(`${to.url}/smart/handoff`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ handoff }),
    });
  const first = await claim(a);
  assert.equal(first.status, 200);
  const session = (await first.json()) as { tokenResponse: { patient: string; access_token: string } };
  assert.equal(session.tokenResponse.patient, 'demo-avery');
  const atRest = JSON.stringify(kept);
  assert.ok(session.tokenResponse.access_token.length >= 16);
  for (const secret of [handoff, session.tokenResponse.access_token, 'demo-avery'])
    assert.ok(!atRest.includes(secret), 'the database row holds no hand-off code, token or patient id');
  assert.equal((await claim(b)).status, 401);
  // The state was taken by B: the same callback replayed to A finds no launch in progress.
  assert.equal((await fetch(via(callbackUrl, a), { redirect: 'manual' })).status, 400);
});

test('rate limits count the calls of one client across both replicas', async () => {
  const statuses = [];
  for (const to of [a, b, a, b, a, b]) statuses.push((await hook(to, 'limited')).status);
  assert.deepEqual(statuses, [200, 200, 200, 200, 429, 429]);
  const outcome = (await (await hook(b, 'limited')).json()) as { issue: { code: string }[] };
  assert.equal(outcome.issue[0]?.code, 'throttled');
});

test('audit records written by both replicas verify as one chain, every request of each replica in it', async () => {
  const ids: string[] = [];
  await Promise.all(
    Array.from({ length: 24 }, async (_, i) => {
      const id = `both-${String(i).padStart(4, '0')}`;
      const res = await fetch(`${(i % 2 ? a : b).url}${LOOKUP}`, { headers: { 'x-request-id': id } });
      assert.equal(res.status, 200);
      ids.push(id);
    }),
  );
  const verified = await verifyAuditTable(db);
  assert.equal(verified.ok, true, JSON.stringify(verified.problems));
  const { rows } = await db.query<{ line: string }>('SELECT line FROM audit_events');
  const text = rows.map((r) => r.line).join('\n');
  for (const id of ids) assert.ok(text.includes(`"${id}"`), `request ${id} is in the chain`);
});

test('a replica killed with SIGKILL in a burst leaves a chain that verifies, with every answered request in it', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      CHARTSIDE_PORT: '0',
      CHARTSIDE_DATABASE_URL: cluster.url,
      CHARTSIDE_EHR_SIMULATOR: 'false',
      CHARTSIDE_LOG_LEVEL: 'silent',
    },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const m = /Chartside listening on (http:\/\/\S+)/.exec(out);
      if (m?.[1]) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`replica exited early (${code})`)));
  });
  const answered: string[] = [];
  let n = 0;
  let killed = false;
  const worker = async (): Promise<void> => {
    while (!killed) {
      const id = `burst-${String(n++).padStart(5, '0')}`;
      try {
        const res = await fetch(`${url}${LOOKUP}`, { headers: { 'x-request-id': id } });
        const body = (await res.json()) as { resourceType?: string };
        if (res.status === 200 && body.resourceType === 'Parameters') answered.push(id);
      } catch {
        return;
      }
      if (answered.length >= 60 && !killed) {
        killed = true;
        child.kill('SIGKILL');
      }
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  await exited;
  assert.ok(answered.length >= 60);
  const verified = await verifyAuditTable(db);
  assert.equal(verified.ok, true, JSON.stringify(verified.problems));
  const { rows } = await db.query<{ line: string }>("SELECT line FROM audit_events WHERE line LIKE '%burst-%'");
  const text = rows.map((r) => r.line).join('\n');
  const missing = answered.filter((id) => !text.includes(`"${id}"`));
  assert.deepEqual(missing, []);
});

test('on shutdown /readyz turns not-ready at once while requests are still served, then the replica stops', async () => {
  const c = await replica({ shutdownDrainMs: 600 });
  assert.equal((await fetch(`${c.url}/readyz`)).status, 200);
  const closing = c.close();
  const ready = await fetch(`${c.url}/readyz`);
  assert.equal(ready.status, 503);
  assert.deepEqual(((await ready.json()) as { checks: { shutdown?: unknown } }).checks.shutdown, { ready: false });
  assert.equal((await fetch(`${c.url}${LOOKUP}`)).status, 200);
  await closing;
  await assert.rejects(fetch(`${c.url}/healthz`));
});

test('database stopped: 503 OperationOutcomes and not-ready, never a 500; started again: service resumes by itself', async () => {
  await cluster.stop();
  try {
    const lookup = await fetch(`${a.url}${LOOKUP}`);
    assert.equal(lookup.status, 503);
    const outcome = (await lookup.json()) as { resourceType: string; issue: { code: string }[] };
    assert.equal(outcome.resourceType, 'OperationOutcome');
    assert.equal(outcome.issue[0]?.code, 'transient');
    const card = await hook(b, 'down');
    assert.equal(card.status, 503);
    assert.equal(((await card.json()) as { resourceType: string }).resourceType, 'OperationOutcome');
    const ready = await fetch(`${a.url}/readyz`);
    assert.equal(ready.status, 503);
    assert.deepEqual(((await ready.json()) as { checks: { database: unknown } }).checks.database, { ready: false });
  } finally {
    await cluster.start();
  }
  const statuses: number[] = [];
  const deadline = Date.now() + 30_000;
  for (;;) {
    const res = await fetch(`${b.url}${LOOKUP}`);
    statuses.push(res.status);
    if (res.status === 200 || Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  assert.equal(statuses.at(-1), 200);
  assert.ok(!statuses.includes(500));
  assert.equal((await fetch(`${a.url}/readyz`)).status, 200);
  assert.equal((await hook(a, 'after-restart')).status, 200);
  assert.equal((await verifyAuditTable(db)).ok, true);
});
