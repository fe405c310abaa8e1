import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { startModelServer, type ModelServerMode } from '../../fixtures/model-server/start-model-server.ts';
import { isAppError } from '../../server/errors/app-error.ts';
import { TRIAGE_LEVELS } from '../../server/inference/backend.ts';
import {
  createOpenAiCompatibleBackend,
  type OpenAiCompatibleBackendOptions,
} from '../../server/inference/openai-compatible-backend.ts';
import { createLogger } from '../../server/log/logger.ts';
import { capturingLogger, CANDIDATES, request } from './tiny-model.ts';

const quiet = createLogger({ level: 'silent' });

async function setup(t: TestContext, mode: ModelServerMode, overrides: Partial<OpenAiCompatibleBackendOptions> = {}) {
  const server = await startModelServer({ mode, apiKey: 'test-key' });
  const backend = createOpenAiCompatibleBackend({
    baseUrl: server.url,
    model: 'clinical-coder-7b',
    allowedHosts: ['127.0.0.1'],
    apiKey: 'test-key',
    timeoutMs: 2000,
    logger: quiet,
    ...overrides,
  });
  t.after(async () => {
    await backend.close();
    await server.close();
  });
  return { server, backend };
}

async function assertUpstreamRejection(promise: Promise<unknown>, message: string | RegExp): Promise<void> {
  await assert.rejects(promise, (e) => {
    assert.ok(isAppError(e), 'an AppError, not a crash');
    assert.equal(e.code, 'UPSTREAM_MODEL');
    if (typeof message === 'string') assert.equal(e.message, message);
    else assert.match(e.message, message);
    return true;
  });
}

test('answers from a strict json_schema response whose enum is exactly the candidate codes', async (t) => {
  const { server, backend } = await setup(t, 'ok');
  const req = request('Productive cough and fever.', { maxCodes: 2 });
  const decision = await backend.decide(req, {});

  // The fixture answers the fewest items above zero, each from the schema's enum.
  assert.deepEqual(
    decision.codes.map((c) => c.code),
    [CANDIDATES[0]?.code],
  );
  assert.equal(decision.codes[0]?.confidence, 0.1);
  assert.ok(decision.triage && TRIAGE_LEVELS.includes(decision.triage.level));
  assert.equal(decision.stats?.outputTokens, 20);
  assert.equal(backend.modelVersion, `openai-compatible:clinical-coder-7b@${new URL(server.url).host}`);

  const sent = server.requests[0];
  assert.equal(sent?.authorization, 'Bearer test-key');
  assert.equal(sent?.body.model, 'clinical-coder-7b');
  assert.equal(sent?.body.response_format.json_schema.strict, true);
  const schema = sent?.body.response_format.json_schema.schema as {
    properties: { codes: { maxItems: number; items: { properties: { code: { enum: string[] } } } } };
  };
  assert.deepEqual(
    schema.properties.codes.items.properties.code.enum,
    CANDIDATES.map((c) => c.code),
  );
  assert.equal(schema.properties.codes.maxItems, 2);
  assert.equal(sent?.body.messages[0]?.role, 'system');
  assert.ok(sent?.body.messages[1]?.content.includes('Productive cough and fever.'));
});

test('without wantTriage the schema asks for no triage and the answer has none', async (t) => {
  const { server, backend } = await setup(t, 'ok');
  const decision = await backend.decide(request('Cough.', { wantTriage: false, maxCodes: 1 }), {});
  assert.equal(decision.triage, undefined);
  assert.equal(decision.codes.length, 1);
  const schema = server.requests[0]?.body.response_format.json_schema.schema as { properties: object };
  assert.deepEqual(Object.keys(schema.properties), ['codes']);
});

test('a base URL whose host is not allow-listed is refused at construction', () => {
  assert.throws(
    () =>
      createOpenAiCompatibleBackend({
        baseUrl: 'https://api.openai.example/v1',
        model: 'm',
        allowedHosts: ['127.0.0.1', 'llm.internal'],
        timeoutMs: 1000,
        logger: quiet,
      }),
    (e) => {
      assert.ok(isAppError(e));
      assert.equal(e.code, 'FORBIDDEN');
      assert.equal(e.message, 'model server host api.openai.example is not in the allow-list');
      return true;
    },
  );
  assert.throws(
    () =>
      createOpenAiCompatibleBackend({
        baseUrl: 'http://user:pw@127.0.0.1:1',
        model: 'm',
        allowedHosts: ['127.0.0.1'],
        timeoutMs: 1000,
        logger: quiet,
      }),
    { code: 'CONFIG' },
  );
});

test('a server that never answers is abandoned after timeoutMs', async (t) => {
  const { backend } = await setup(t, 'hang', { timeoutMs: 150 });
  await assertUpstreamRejection(backend.decide(request('Cough.'), {}), 'model timed out after 150 ms');
});

test('an HTML page instead of JSON is rejected', async (t) => {
  const { backend } = await setup(t, 'html');
  await assertUpstreamRejection(backend.decide(request('Cough.'), {}), 'model server answered a non-JSON content type');
});

test('a 500 is rejected with its status only', async (t) => {
  const { backend } = await setup(t, 'error-500');
  await assertUpstreamRejection(backend.decide(request('Cough.'), {}), 'model server answered HTTP 500');
});

test('a code outside the candidates is rejected even when the server ignored the schema', async (t) => {
  const { backend } = await setup(t, 'invalid-code');
  await assertUpstreamRejection(
    backend.decide(request('Cough.'), {}),
    /^model answer does not match the answer schema at answer\.codes\.\d\.code$/,
  );
});

test('an oversize body is cut off at maxResponseBytes', async (t) => {
  const { backend } = await setup(t, 'oversize', { maxResponseBytes: 64 * 1024 });
  await assertUpstreamRejection(backend.decide(request('Cough.'), {}), 'model server response exceeds 65536 bytes');
});

test('an answer cut by max_tokens is rejected', async (t) => {
  const { backend } = await setup(t, 'truncated', { maxTokens: 64 });
  await assertUpstreamRejection(backend.decide(request('Cough.'), {}), 'model answer exceeded 64 tokens');
});

test('a wrong API key (401) and an unreachable server are rejections, not crashes', async (t) => {
  const { server } = await setup(t, 'ok');
  const wrongKey = createOpenAiCompatibleBackend({
    baseUrl: server.url,
    model: 'm',
    allowedHosts: ['127.0.0.1'],
    apiKey: 'nope',
    timeoutMs: 2000,
    logger: quiet,
  });
  await assertUpstreamRejection(wrongKey.decide(request('Cough.'), {}), 'model server answered HTTP 401');
  const closedServer = await startModelServer();
  await closedServer.close();
  const unreachable = createOpenAiCompatibleBackend({
    baseUrl: closedServer.url,
    model: 'm',
    allowedHosts: ['127.0.0.1'],
    timeoutMs: 2000,
    logger: quiet,
  });
  await assertUpstreamRejection(unreachable.decide(request('Cough.'), {}), 'model server request failed');
});

test('closing the backend rejects requests in flight; neither errors nor logs carry the case text', async (t) => {
  const server = await startModelServer({ mode: 'hang' });
  t.after(() => server.close());
  const { logger, lines } = capturingLogger();
  const backend = createOpenAiCompatibleBackend({
    baseUrl: `${server.url}/v1`,
    model: 'm',
    allowedHosts: [new URL(server.url).host],
    timeoutMs: 5000,
    logger,
  });
  const canary = 'Zebulon Quartermaine MRN 00424242';
  const pending = backend.decide(request(`${canary} coughs.`), {});
  while (server.requests.length === 0) await new Promise((r) => setTimeout(r, 5));
  await backend.close();
  const error = await pending.catch((e: unknown) => e);
  assert.ok(isAppError(error));
  assert.equal(error.message, 'model backend is closed');
  assert.equal(backend.ready(), false);
  assert.ok(!lines().includes('Zebulon') && !lines().includes('00424242'));
  assert.ok(lines().includes('model decision failed'));
});
