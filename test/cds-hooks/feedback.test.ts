import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import request from 'supertest';
import { ZEBULON } from '../../fixtures/ehr/cds-patients.ts';
import { NdjsonFeedbackStore, type FeedbackRecord } from '../../server/feedback/feedback-store.ts';
import { hookRequest } from './hook-requests.ts';
import { startCdsServer, type CdsTestServer } from './cds-test-server.ts';

const SERVICE = 'chartside-icd10-discharge';
const FEEDBACK = `/cds-services/${SERVICE}/feedback`;

async function cardFor(server: CdsTestServer) {
  const path = `/cds-services/${SERVICE}`;
  const res = await request(server.url)
    .post(path)
    .set('authorization', await server.auth(path))
    .send(hookRequest('encounter-discharge', ZEBULON));
  return res.body.cards[0] as { uuid: string; suggestions: { uuid: string }[] };
}

async function sendFeedback(server: CdsTestServer, body: unknown) {
  return request(server.url)
    .post(FEEDBACK)
    .set('authorization', await server.auth(FEEDBACK))
    .send(body as object);
}

test('accepted suggestions are recorded with the card, the suggestion ids and their ranks', async (t) => {
  const server = await startCdsServer(t);
  const card = await cardFor(server);
  const second = card.suggestions[1]?.uuid ?? '';
  const res = await sendFeedback(server, {
    feedback: [
      {
        card: card.uuid,
        outcome: 'accepted',
        acceptedSuggestions: [{ id: second }],
        outcomeTimestamp: '2025-03-02T10:00:00Z',
      },
    ],
  });
  assert.equal(res.status, 200);
  const [record] = server.feedback.records;
  assert.equal(record?.card, card.uuid);
  assert.equal(record?.outcome, 'accepted');
  assert.deepEqual(record?.acceptedSuggestions, [second]);
  assert.equal(record?.outcomeTimestamp, '2025-03-02T10:00:00.000Z');
  assert.equal(record?.client, 'https://ehr.test/cds');
  assert.equal(record?.tenant, 'tenant-a');
  assert.deepEqual(record?.issued?.acceptedRanks, [1]);
  assert.equal(record?.issued?.offered, card.suggestions.length);
  assert.match(record?.issued?.caseHash ?? '', /^[0-9a-f]{64}$/);
  assert.match(record?.issued?.modelVersion ?? '', /^rules:chartside-/);
});

test('an override keeps the reason coding, drops the free-text comment, and holds no patient content', async (t) => {
  const server = await startCdsServer(t);
  const card = await cardFor(server);
  const res = await sendFeedback(server, {
    feedback: [
      {
        card: card.uuid,
        outcome: 'overridden',
        overrideReason: {
          reason: {
            system: 'urn:chartside:fhir:CodeSystem:cds-override-reason',
            code: 'already-coded',
            display: 'Already coded',
          },
          userComment: 'Zebulon Quackenbush was coded yesterday, MRN77120934',
        },
        outcomeTimestamp: '2025-03-02T10:05:00+01:00',
      },
    ],
  });
  assert.equal(res.status, 200);
  const [record] = server.feedback.records;
  assert.deepEqual(record?.overrideReason, {
    system: 'urn:chartside:fhir:CodeSystem:cds-override-reason',
    code: 'already-coded',
  });
  assert.equal(record?.hasUserComment, true);
  assert.equal(record?.outcomeTimestamp, '2025-03-02T09:05:00.000Z');
  const stored = JSON.stringify(server.feedback.records);
  for (const canary of [...ZEBULON.canaries, 'J44.1', 'COPD']) assert.ok(!stored.includes(canary), canary);
});

test('feedback for a card this process did not issue is still recorded, without the case link', async (t) => {
  const server = await startCdsServer(t);
  const res = await sendFeedback(server, {
    feedback: [
      { card: 'f6b95768-b1c8-40dc-8385-bf3504b82ffb', outcome: 'overridden', outcomeTimestamp: '2020-12-11T00:00:00Z' },
    ],
  });
  assert.equal(res.status, 200);
  assert.equal(server.feedback.records[0]?.issued, undefined);
});

test('an accepted outcome without acceptedSuggestions is a 400 naming the field', async (t) => {
  const server = await startCdsServer(t);
  const res = await sendFeedback(server, {
    feedback: [
      { card: 'f6b95768-b1c8-40dc-8385-bf3504b82ffb', outcome: 'accepted', outcomeTimestamp: '2020-12-11T00:00:00Z' },
    ],
  });
  assert.equal(res.status, 400);
  assert.deepEqual(res.body.issue[0].expression, ['body.feedback.0.acceptedSuggestions']);
  assert.equal(server.feedback.records.length, 0);
});

test('feedback needs the client JWT too, with aud naming the feedback URL', async (t) => {
  const server = await startCdsServer(t);
  const body = { feedback: [{ card: 'x1', outcome: 'overridden', outcomeTimestamp: '2020-12-11T00:00:00Z' }] };
  assert.equal((await request(server.url).post(FEEDBACK).send(body)).status, 401);
  const serviceAud = await server.auth(`/cds-services/${SERVICE}`);
  assert.equal((await request(server.url).post(FEEDBACK).set('authorization', serviceAud).send(body)).status, 401);
});

test('feedback whose audit record cannot be appended is not kept: 503, no feedback, no record', async (t) => {
  const server = await startCdsServer(t);
  const card = await cardFor(server);
  await server.audit.close();
  const res = await sendFeedback(server, {
    feedback: [{ card: card.uuid, outcome: 'overridden', outcomeTimestamp: '2025-03-02T10:00:00Z' }],
  });
  assert.equal(res.status, 503);
  assert.equal(res.body.resourceType, 'OperationOutcome');
  assert.deepEqual(server.feedback.records, []);
  assert.doesNotMatch(readFileSync(server.auditFile, 'utf8'), /cds-feedback/);
});

test('the NDJSON feedback file is cut back to its length before a write whose audit record failed', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'chartside-feedback-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const store = new NdjsonFeedbackStore(join(dir, 'feedback.ndjson'));
  t.after(() => store.close());
  const record = (card: string): FeedbackRecord => ({
    receivedAt: '2026-01-01T00:00:00.000Z',
    service: SERVICE,
    client: 'https://ehr.test/cds',
    card,
    outcome: 'accepted',
    acceptedSuggestions: [],
    hasUserComment: false,
    outcomeTimestamp: '2026-01-01T00:00:00.000Z',
  });
  const audited: string[] = [];
  await store.record([record('kept')], { commitWith: () => void audited.push('kept') });
  await assert.rejects(
    store.record([record('lost-1'), record('lost-2')], {
      commitWith: () => {
        throw new Error('audit log is closed');
      },
    }),
    /audit log is closed/,
  );
  await store.record([record('after')], { commitWith: () => void audited.push('after') });
  const cards = readFileSync(join(dir, 'feedback.ndjson'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => (JSON.parse(l) as FeedbackRecord).card);
  assert.deepEqual(cards, ['kept', 'after']);
  assert.deepEqual(audited, ['kept', 'after']);
});
