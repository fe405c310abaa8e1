import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { FeedbackIndex, FeedbackLineSchema, TrainingCaseLineSchema } from '../../server/datasets/feedback-pairs.ts';
import { ehrLaunchUrl, startSmartStack, type SmartStack } from '../helpers/smart-stack.ts';

let stack: SmartStack;
const stores = mkdtempSync(join(tmpdir(), 'chartside-smart-'));
const casesLog = join(stores, 'training-cases.ndjson');
before(async () => {
  stack = await startSmartStack({ trainingCasesLog: casesLog });
});
after(async () => {
  await stack?.close();
  rmSync(stores, { recursive: true, force: true });
});

/** Runs a launch through the simulator's authorization server; answers the hand-off code. */
async function launchHandoff(): Promise<string> {
  const launch = await fetch(await ehrLaunchUrl(stack.simulator, 'demo-avery', { encounter: 'demo-enc-avery' }), {
    redirect: 'manual',
  });
  const authorize = await fetch(launch.headers.get('location') ?? '', { redirect: 'manual' });
  const callback = await fetch(authorize.headers.get('location') ?? '', { redirect: 'manual' });
  assert.equal(callback.status, 303);
  return new URL(callback.headers.get('location') ?? '').hash.replace('#handoff=', '');
}

async function claim(handoff: string): Promise<Response> {
  return fetch(`${stack.chartsideUrl}/smart/handoff`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ handoff }),
  });
}

test('the EHR launch sends PKCE S256, state, aud and the configured scopes to the authorize endpoint', async () => {
  const launch = await fetch(await ehrLaunchUrl(stack.simulator, 'demo-avery'), { redirect: 'manual' });
  assert.equal(launch.status, 302);
  const url = new URL(launch.headers.get('location') ?? '');
  assert.equal(url.searchParams.get('code_challenge_method'), 'S256');
  assert.match(url.searchParams.get('code_challenge') ?? '', /^[A-Za-z0-9_-]{43}$/);
  assert.match(url.searchParams.get('state') ?? '', /^[A-Za-z0-9_-]{43}$/);
  assert.equal(url.searchParams.get('aud'), stack.simulator.fhirBase);
  assert.equal(url.searchParams.get('redirect_uri'), `${stack.chartsideUrl}/smart/callback`);
  assert.match(url.searchParams.get('scope') ?? '', /^launch openid fhirUser online_access patient\/Patient\.rs /);
});

test('a hand-off gives the token response once; a second claim is a 401 OperationOutcome', async () => {
  const handoff = await launchHandoff();
  const first = await claim(handoff);
  assert.equal(first.status, 200);
  const session = (await first.json()) as { tokenResponse: { patient: string; refresh_token?: string } };
  assert.equal(session.tokenResponse.patient, 'demo-avery');
  assert.ok(session.tokenResponse.refresh_token);
  const second = await claim(handoff);
  assert.equal(second.status, 401);
  assert.equal(((await second.json()) as { issue: { code: string }[] }).issue[0]?.code, 'login');
});

test('POST /api/suggestions refuses a FHIR server that is not configured with a 403 OperationOutcome', async () => {
  const res = await fetch(`${stack.chartsideUrl}/api/suggestions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer some-token' },
    body: JSON.stringify({ fhirServer: 'https://evil.example/fhir', patient: 'demo-avery' }),
  });
  assert.equal(res.status, 403);
  const outcome = (await res.json()) as { resourceType: string; issue: { code: string; expression: string[] }[] };
  assert.equal(outcome.resourceType, 'OperationOutcome');
  assert.deepEqual(outcome.issue[0]?.expression, ['body.fhirServer']);
});

test('POST /api/suggestions without a bearer token is a 401, with a bad body a 400 naming the field', async () => {
  const noToken = await fetch(`${stack.chartsideUrl}/api/suggestions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ fhirServer: stack.simulator.fhirBase, patient: 'demo-avery' }),
  });
  assert.equal(noToken.status, 401);
  const bad = await fetch(`${stack.chartsideUrl}/api/suggestions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer x' },
    body: JSON.stringify({ fhirServer: stack.simulator.fhirBase }),
  });
  assert.equal(bad.status, 400);
  assert.deepEqual(((await bad.json()) as { issue: { expression: string[] }[] }).issue[0]?.expression, [
    'body.patient',
  ]);
  const setting = await fetch(`${stack.chartsideUrl}/api/suggestions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer x' },
    body: JSON.stringify({ fhirServer: stack.simulator.fhirBase, patient: 'demo-avery', setting: 'icu' }),
  });
  assert.equal(setting.status, 400);
  const outcome = (await setting.json()) as { issue: { expression: string[]; diagnostics: string }[] };
  assert.deepEqual(outcome.issue[0]?.expression, ['body.setting']);
  assert.equal(outcome.issue[0]?.diagnostics, 'body.setting: setting must be inpatient or outpatient');
});

test('POST /api/suggestions with a token the EHR refuses is a 401 (the app refreshes), and no name reaches the logs', async () => {
  const res = await fetch(`${stack.chartsideUrl}/api/suggestions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer not-a-real-token' },
    body: JSON.stringify({ fhirServer: stack.simulator.fhirBase, patient: 'demo-avery' }),
  });
  assert.equal(res.status, 401);
  const session = (await (await claim(await launchHandoff())).json()) as { tokenResponse: { access_token: string } };
  const ok = await fetch(`${stack.chartsideUrl}/api/suggestions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${session.tokenResponse.access_token}` },
    body: JSON.stringify({
      fhirServer: stack.simulator.fhirBase,
      patient: 'demo-avery',
      encounter: 'demo-enc-avery',
      setting: 'inpatient',
    }),
  });
  assert.equal(ok.status, 200);
  const body = (await ok.json()) as { codes: { id: string; code: string }[]; text: string; sources: string[] };
  assert.ok(body.codes.some((c) => c.code === 'J44.1'));
  assert.ok(body.sources.includes('DocumentReference/demo-avery-note'));
  assert.ok(!body.text.includes('Demoperson'));
  const logs = stack.logs.join('\n');
  for (const canary of ['Avery', 'Demoperson', session.tokenResponse.access_token]) assert.ok(!logs.includes(canary));

  // With the training case store on, what the app was offered is kept de-identified, and its feedback
  // (accept one, reject another) pairs up with it.
  const set = (body as unknown as { suggestionSet: string }).suggestionSet;
  let kept: string[] = [];
  while (!kept.some((l) => l.includes(set))) {
    await new Promise((r) => setTimeout(r, 10));
    kept = existsSync(casesLog)
      ? readFileSync(casesLog, 'utf8')
          .split('\n')
          .filter((l) => l !== '')
      : [];
  }
  const answer = TrainingCaseLineSchema.parse(JSON.parse(kept.find((l) => l.includes(set)) ?? ''));
  assert.equal(answer.service, 'chartside-smart-app');
  assert.deepEqual(
    answer.suggestions.map((s) => s.id),
    body.codes.map((c) => c.id),
  );
  assert.ok(!kept.join('\n').includes('Avery') && !kept.join('\n').includes('Demoperson'));
  assert.ok(body.codes.length >= 2);
  const [take, drop] = body.codes;
  for (const [suggestion, outcome] of [
    [take?.id, 'accepted'],
    [drop?.id, 'rejected'],
  ]) {
    const res = await fetch(`${stack.chartsideUrl}/api/feedback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ suggestionSet: set, suggestion, outcome, outcomeTimestamp: new Date().toISOString() }),
    });
    assert.equal(res.status, 204);
  }
  const index = new FeedbackIndex();
  for (const record of stack.feedback.records.filter((r) => r.card.startsWith(`${set}:`)))
    index.add(FeedbackLineSchema.parse(JSON.parse(JSON.stringify(record))));
  const pairs = index.pairsFor(answer, answer.text) ?? [];
  assert.equal(pairs.length, 1, 'only the explicitly rejected suggestion is paired, not the unreviewed ones');
  assert.equal(pairs[0]?.chosen, answer.suggestions[0]?.label);
  assert.equal(pairs[0]?.rejected, answer.suggestions[1]?.label);
  assert.match(pairs[0]?.chosen ?? '', new RegExp(`^${(take?.code ?? '').replace('.', '\\.')} `));
});

test('a launch from an unlisted FHIR server is refused with a 403 page, and an unknown state with a 400 page', async () => {
  const foreign = await fetch(
    `${stack.chartsideUrl}/smart/launch?iss=${encodeURIComponent('https://evil.example/fhir')}&launch=x`,
    {
      redirect: 'manual',
    },
  );
  assert.equal(foreign.status, 403);
  assert.match(await foreign.text(), /not configured to work with this FHIR server/);
  const unknown = await fetch(`${stack.chartsideUrl}/smart/callback?code=abc&state=never-issued`);
  assert.equal(unknown.status, 400);
  assert.match(await unknown.text(), /could not be verified/);
});

test('feedback for a suggestion set Chartside did not issue is a 404', async () => {
  const unknown = await fetch(`${stack.chartsideUrl}/api/feedback`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      suggestionSet: 'x'.repeat(43),
      suggestion: 's0',
      outcome: 'rejected',
      outcomeTimestamp: new Date().toISOString(),
    }),
  });
  assert.equal(unknown.status, 404);
});
