import { z } from 'zod';
import { AppError } from '../errors/app-error.ts';
import { errorFields, type Logger } from '../log/logger.ts';
import { buildAnswerJsonSchema, DEFAULT_ANSWER_LIMITS, parseModelAnswer, type AnswerLimits } from './answer-schema.ts';
import type { DecisionStats, InferenceBackend } from './backend.ts';
import { buildDecisionPrompt } from './decision-prompt.ts';
import { assertDecisionRequest } from './decision-request.ts';
import { createRequestDeadline } from './request-deadline.ts';
import { createSlotQueue } from './slot-queue.ts';

export interface OpenAiCompatibleBackendOptions {
  /** Root of the on-premise model server (`http://llm.internal:8000`); a trailing `/v1` is accepted too. */
  baseUrl: string;
  /** Model name sent in each request and stamped into `modelVersion`. */
  model: string;
  /** Host names (or `host:port`) the base URL may point at; anything else is refused at construction. */
  allowedHosts: readonly string[];
  /** Sent as `Authorization: Bearer …` when set. */
  apiKey?: string;
  /** Budget of one `decide` call, waiting included. */
  timeoutMs: number;
  /** Largest response body read; defaults to 1 MiB. */
  maxResponseBytes?: number;
  /** `max_tokens` of each request; defaults to 1024. */
  maxTokens?: number;
  /** Defaults to 0. */
  temperature?: number;
  /** Requests in flight at once; defaults to 4. */
  maxConcurrent?: number;
  /** Requests allowed to wait; defaults to 16. */
  maxQueue?: number;
  answerLimits?: Partial<AnswerLimits>;
  logger: Logger;
}

export interface OpenAiCompatibleBackend extends InferenceBackend {
  readonly name: 'openai-compatible';
  /** The resolved `/v1/chat/completions` URL. */
  readonly endpoint: string;
}

const OptionsSchema = z.object({
  baseUrl: z.string().min(1),
  model: z.string().min(1).max(200),
  allowedHosts: z.array(z.string().min(1)).min(1, 'must list at least one host'),
  apiKey: z.string().min(1).optional(),
  timeoutMs: z.number().int().min(1).max(600_000),
  maxResponseBytes: z
    .number()
    .int()
    .min(1024)
    .max(64 * 1024 * 1024)
    .optional(),
  maxTokens: z.number().int().min(16).max(32_768).optional(),
  temperature: z.number().min(0).max(2).optional(),
  maxConcurrent: z.number().int().min(1).max(256).optional(),
  maxQueue: z.number().int().min(0).max(10_000).optional(),
  answerLimits: z
    .object({
      evidenceChars: z.number().int().min(8).max(2000).optional(),
      rationaleChars: z.number().int().min(8).max(2000).optional(),
    })
    .optional(),
});

/** The part of an OpenAI chat completion Chartside reads (OpenAI API reference §"The chat completion object"). */
const ChatCompletionSchema = z.object({
  choices: z
    .array(
      z.object({
        message: z.object({
          content: z.string().nullable(),
          refusal: z.string().nullable().optional(),
        }),
        finish_reason: z.string().nullable().optional(),
      }),
    )
    .min(1),
  usage: z
    .object({ prompt_tokens: z.number().int().nonnegative(), completion_tokens: z.number().int().nonnegative() })
    .partial()
    .optional(),
});

function configError(path: string, message: string): AppError {
  return new AppError('CONFIG', `openaiCompatible.${path}: ${message}`, { expression: [`openaiCompatible.${path}`] });
}

/** Resolves the endpoint and enforces the host allow-list; throws at construction, never per request. */
function resolveEndpoint(baseUrl: string, allowedHosts: readonly string[]): URL {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw configError('baseUrl', 'is not a URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw configError('baseUrl', 'must be http or https');
  if (url.username || url.password) throw configError('baseUrl', 'must not carry credentials (use apiKey)');
  const allowed = new Set(allowedHosts.map((h) => h.toLowerCase()));
  if (!allowed.has(url.hostname.toLowerCase()) && !allowed.has(url.host.toLowerCase())) {
    throw new AppError('FORBIDDEN', `model server host ${url.hostname} is not in the allow-list`);
  }
  const root = url.pathname.replace(/\/+$/, '').replace(/\/v1$/, '');
  return new URL(`${root}/v1/chat/completions`, url.origin);
}

/** Reads at most `limit` bytes of the body; a larger one is cancelled, not buffered. */
async function readLimited(response: Response, limit: number): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (declared > limit) {
    await response.body?.cancel();
    throw new AppError('UPSTREAM_MODEL', `model server response exceeds ${limit} bytes`);
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel();
      throw new AppError('UPSTREAM_MODEL', `model server response exceeds ${limit} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * A client of an on-premise OpenAI-compatible server (vLLM, llama.cpp's llama-server, TGI…) using structured
 * outputs: the answer's JSON schema goes in `response_format: {type: 'json_schema', json_schema: {strict: true}}`,
 * and the answer is validated again here, since a server may ignore or only partly enforce the schema. Every
 * failure (refused connection, timeout, non-2xx, HTML, oversize, bad JSON, out-of-candidate code) rejects with
 * `AppError('UPSTREAM_MODEL')`.
 */
export function createOpenAiCompatibleBackend(options: OpenAiCompatibleBackendOptions): OpenAiCompatibleBackend {
  const { logger, ...rest } = options;
  const parsed = OptionsSchema.safeParse(rest);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw configError(issue?.path.map(String).join('.') ?? 'options', issue?.message ?? 'invalid option');
  }
  const config = parsed.data;
  const endpoint = resolveEndpoint(config.baseUrl, config.allowedHosts);
  const limits: AnswerLimits = { ...DEFAULT_ANSWER_LIMITS, ...config.answerLimits };
  const maxResponseBytes = config.maxResponseBytes ?? 1024 * 1024;
  const maxTokens = config.maxTokens ?? 1024;
  const maxConcurrent = config.maxConcurrent ?? 4;
  const queue = createSlotQueue(
    Array.from({ length: maxConcurrent }, (_, i) => i),
    config.maxQueue ?? 16,
  );
  const modelVersion = `openai-compatible:${config.model}@${endpoint.host}`;
  let closed = false;
  const inFlight = new Set<AbortController>();

  return {
    name: 'openai-compatible',
    modelVersion,
    endpoint: endpoint.href,
    ready: () => !closed,
    async decide(request, { signal }) {
      if (closed) throw new AppError('UPSTREAM_MODEL', 'model backend is closed');
      assertDecisionRequest(request);
      if (request.candidates.length === 0 && !request.wantTriage) return { codes: [] };
      const closer = new AbortController();
      inFlight.add(closer);
      const deadline = createRequestDeadline(
        config.timeoutMs,
        signal ? AbortSignal.any([signal, closer.signal]) : closer.signal,
      );
      const queuedAt = performance.now();
      let startedAt = queuedAt;
      try {
        const { decision, usage } = await queue.run(async () => {
          startedAt = performance.now();
          const prompt = buildDecisionPrompt(request, limits);
          const response = await fetch(endpoint, {
            method: 'POST',
            redirect: 'error',
            signal: deadline.signal,
            headers: {
              'content-type': 'application/json',
              accept: 'application/json',
              ...(config.apiKey ? { authorization: `Bearer ${config.apiKey}` } : {}),
            },
            body: JSON.stringify({
              model: config.model,
              messages: [
                { role: 'system', content: prompt.system },
                { role: 'user', content: prompt.user },
              ],
              response_format: {
                type: 'json_schema',
                json_schema: {
                  name: 'chartside_decision',
                  strict: true,
                  schema: buildAnswerJsonSchema(request, limits),
                },
              },
              temperature: config.temperature ?? 0,
              max_tokens: maxTokens,
              stream: false,
            }),
          });
          if (!response.ok) {
            await response.body?.cancel();
            throw new AppError('UPSTREAM_MODEL', `model server answered HTTP ${response.status}`);
          }
          const contentType = response.headers.get('content-type') ?? '';
          if (!/^application\/json\b/i.test(contentType)) {
            await response.body?.cancel();
            throw new AppError('UPSTREAM_MODEL', 'model server answered a non-JSON content type');
          }
          const text = await readLimited(response, maxResponseBytes);
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch (cause) {
            throw new AppError('UPSTREAM_MODEL', 'model server response is not valid JSON', { cause });
          }
          const completion = ChatCompletionSchema.safeParse(json);
          if (!completion.success) {
            throw new AppError('UPSTREAM_MODEL', 'model server response is not a chat completion');
          }
          const choice = completion.data.choices[0];
          if (choice?.message.refusal) throw new AppError('UPSTREAM_MODEL', 'model refused to answer');
          if (choice?.finish_reason === 'length') {
            throw new AppError('UPSTREAM_MODEL', `model answer exceeded ${maxTokens} tokens`);
          }
          return {
            decision: parseModelAnswer(choice?.message.content ?? '', request, limits),
            usage: completion.data.usage,
          };
        }, deadline.signal);
        const finishedAt = performance.now();
        const stats: DecisionStats = {
          ...(usage?.prompt_tokens !== undefined ? { promptTokens: usage.prompt_tokens } : {}),
          ...(usage?.completion_tokens !== undefined ? { outputTokens: usage.completion_tokens } : {}),
          queueMs: Math.round(startedAt - queuedAt),
          generationMs: Math.round(finishedAt - startedAt),
        };
        logger.debug(
          { backend: 'openai-compatible', model: modelVersion, ms: Math.round(finishedAt - queuedAt) },
          'model decision',
        );
        return { ...decision, stats };
      } catch (error) {
        const rejection = closer.signal.aborted
          ? new AppError('UPSTREAM_MODEL', 'model backend is closed', { cause: error })
          : deadline.toError(error, 'model server request failed');
        logger.warn(
          { backend: 'openai-compatible', model: modelVersion, ...errorFields(rejection) },
          'model decision failed',
        );
        throw rejection;
      } finally {
        inFlight.delete(closer);
      }
    },
    close() {
      closed = true;
      for (const controller of inFlight) controller.abort();
      return Promise.resolve();
    },
  };
}
