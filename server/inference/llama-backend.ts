import {
  LlamaChatSession,
  LlamaLogLevel,
  type GbnfJsonSchema,
  type LlamaContext,
  type LlamaContextSequence,
  type LlamaModel,
} from 'node-llama-cpp';
import { z } from 'zod';
import { AppError } from '../errors/app-error.ts';
import { errorFields, type Logger } from '../log/logger.ts';
import { buildAnswerJsonSchema, DEFAULT_ANSWER_LIMITS, parseModelAnswer, type AnswerLimits } from './answer-schema.ts';
import type { DecisionRequest, DecisionStats, InferenceBackend, ModelDecision } from './backend.ts';
import { assertDecisionRequest } from './decision-request.ts';
import { buildSystemPrompt, buildUserPrompt } from './decision-prompt.ts';
import { describeModelFile, inspectModelFile, type ModelFileInfo } from './model-file.ts';
import { acquireLlama } from './llama-runtime.ts';
import { createRequestDeadline } from './request-deadline.ts';
import { createSlotQueue } from './slot-queue.ts';

export interface LlamaBackendOptions {
  /** A GGUF model file. */
  modelPath: string;
  /** When set, the model file must hash to this (hex); a mismatch refuses to start. */
  expectedSha256?: string;
  /** A GGUF LoRA adapter applied on top of the model. */
  loraPath?: string;
  /** When set, the adapter must hash to this (hex); a mismatch refuses to start. */
  expectedLoraSha256?: string;
  /** Scale of the LoRA adapter; defaults to 1. */
  loraScale?: number;
  /** `'auto'` uses a GPU binary when one is present and usable, `false` forces CPU. */
  gpu: 'auto' | false;
  /** Tokens of context per pool slot (prompt + answer); defaults to 4096. */
  contextSize?: number;
  /** Requests answered in parallel (sequences of one context); defaults to 1. */
  poolSize?: number;
  /** Requests allowed to wait for a slot; more are refused at once. Defaults to 8. */
  maxQueue?: number;
  /** Budget of one `decide` call, waiting included; defaults to 20000 ms. */
  timeoutMs?: number;
  /** Most tokens generated per answer; defaults to 1024. */
  maxTokens?: number;
  /** CPU threads for evaluation; defaults to node-llama-cpp's choice. */
  threads?: number;
  /** Sampling temperature; defaults to 0 (greedy, reproducible). */
  temperature?: number;
  /** Sampling seed, used when `temperature` > 0: the n-th request samples with `seed + n`, so a run is reproducible. */
  seed?: number;
  /** Lengths of the answer's free-text fields; defaults to {@link DEFAULT_ANSWER_LIMITS}. */
  answerLimits?: Partial<AnswerLimits>;
  logger: Logger;
}

/** The llama backend, with what it loaded. */
export interface LlamaBackend extends InferenceBackend {
  readonly name: 'llama';
  readonly modelFile: ModelFileInfo;
  readonly loraFile: ModelFileInfo | undefined;
  /** Context tokens available to one request. */
  readonly contextSize: number;
  /** How long loading took (binary, model, context). */
  readonly loadMs: number;
}

const OptionsSchema = z.object({
  modelPath: z.string().min(1),
  expectedSha256: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/)
    .optional(),
  loraPath: z.string().min(1).optional(),
  expectedLoraSha256: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/)
    .optional(),
  loraScale: z.number().min(0).max(4).optional(),
  gpu: z.union([z.literal('auto'), z.literal(false)]),
  contextSize: z.number().int().min(512).max(262_144).optional(),
  poolSize: z.number().int().min(1).max(64).optional(),
  maxQueue: z.number().int().min(0).max(10_000).optional(),
  timeoutMs: z.number().int().min(1).max(600_000).optional(),
  maxTokens: z.number().int().min(16).max(32_768).optional(),
  threads: z.number().int().min(1).max(256).optional(),
  temperature: z.number().min(0).max(2).optional(),
  seed: z.number().int().min(0).optional(),
  answerLimits: z
    .object({
      evidenceChars: z.number().int().min(8).max(2000).optional(),
      rationaleChars: z.number().int().min(8).max(2000).optional(),
    })
    .optional(),
});

/** Room for the chat template's own tokens around the two messages. */
const TEMPLATE_TOKEN_ALLOWANCE = 64;

interface Slot {
  sequence: LlamaContextSequence;
  session: LlamaChatSession;
}

function parseOptions(options: LlamaBackendOptions): z.output<typeof OptionsSchema> {
  // z.object drops keys it does not know, so the logger never reaches zod's issue messages.
  const result = OptionsSchema.safeParse(options);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = ['llama', ...(issue?.path.map(String) ?? [])].join('.');
  throw new AppError('CONFIG', `${path}: ${issue?.message ?? 'invalid option'}`, { expression: [path] });
}

/**
 * Loads a GGUF model with node-llama-cpp's prebuilt llama.cpp (never building or downloading one) and answers
 * decisions with grammar-constrained generation: the answer's JSON schema, with the candidate codes and the
 * triage levels as enums, becomes a GBNF grammar, so even a poor model can only emit parseable, in-candidate
 * answers. Resolves once the model is loaded; rejects with `AppError('CONFIG')` when the file or binary is
 * unusable.
 */
export async function createLlamaBackend(options: LlamaBackendOptions): Promise<LlamaBackend> {
  const config = parseOptions(options);
  const { logger } = options;
  const contextSize = config.contextSize ?? 4096;
  const poolSize = config.poolSize ?? 1;
  const maxQueue = config.maxQueue ?? 8;
  const timeoutMs = config.timeoutMs ?? 20_000;
  const maxTokens = config.maxTokens ?? 1024;
  const temperature = config.temperature ?? 0;
  const limits: AnswerLimits = { ...DEFAULT_ANSWER_LIMITS, ...config.answerLimits };
  const started = performance.now();

  const modelFile = await inspectModelFile(config.modelPath, 'model', config.expectedSha256);
  const loraFile = config.loraPath
    ? await inspectModelFile(config.loraPath, 'LoRA adapter', config.expectedLoraSha256)
    : undefined;
  const modelVersion =
    `llama:${describeModelFile(modelFile)}` + (loraFile ? `+lora:${describeModelFile(loraFile)}` : '');

  let loading = true;
  // llama.cpp's own lines name files and tensors while loading; afterwards only their count is logged,
  // as nothing guarantees they could not quote a prompt.
  const lease = await acquireLlama(config.gpu, (level, message) => {
    if (level !== LlamaLogLevel.error && level !== LlamaLogLevel.warn && level !== LlamaLogLevel.fatal) return;
    if (loading) logger.warn({ backend: 'llama', phase: 'load', warning: message.trim() }, 'llama.cpp warning');
    else logger.warn({ backend: 'llama', phase: 'inference' }, 'llama.cpp warning');
  });
  const { llama } = lease;

  let model: LlamaModel;
  let context: LlamaContext;
  try {
    model = await llama.loadModel({ modelPath: config.modelPath, gpuLayers: config.gpu === false ? 0 : 'auto' });
  } catch (cause) {
    lease.release();
    throw new AppError('CONFIG', `model file ${modelFile.fileName} could not be loaded by llama.cpp`, { cause });
  }
  try {
    context = await model.createContext({
      contextSize,
      sequences: poolSize,
      ...(config.threads !== undefined ? { threads: config.threads } : {}),
      ...(config.loraPath !== undefined
        ? { lora: { adapters: [{ filePath: config.loraPath, scale: config.loraScale ?? 1 }] } }
        : {}),
    });
  } catch (cause) {
    await model.dispose();
    lease.release();
    throw new AppError('CONFIG', `could not create a ${contextSize}-token context for ${modelFile.fileName}`, {
      cause,
    });
  }
  loading = false;

  const systemPrompt = buildSystemPrompt(limits);
  const slots: Slot[] = [];
  for (let i = 0; i < poolSize; i++) {
    const sequence = context.getSequence();
    // One long-lived session per sequence: the system prompt's evaluation stays cached between requests.
    slots.push({ sequence, session: new LlamaChatSession({ contextSequence: sequence, systemPrompt }) });
  }
  const queue = createSlotQueue(slots, maxQueue);
  let closed = false;
  let requestCount = 0;
  const loadMs = Math.round(performance.now() - started);
  logger.info({ backend: 'llama', model: modelVersion, ms: loadMs, count: poolSize }, 'model loaded');

  async function generate(
    slot: Slot,
    request: DecisionRequest,
    signal: AbortSignal,
  ): Promise<{ decision: ModelDecision; promptTokens: number; outputTokens: number }> {
    const userPrompt = buildUserPrompt(request);
    const promptTokens = model.tokenize(systemPrompt + userPrompt, false).length + TEMPLATE_TOKEN_ALLOWANCE;
    if (promptTokens + maxTokens > contextSize) {
      throw new AppError(
        'UPSTREAM_MODEL',
        `case too long for the model context (${promptTokens} prompt tokens + ${maxTokens} answer tokens > ${contextSize})`,
      );
    }
    const schema: GbnfJsonSchema = buildAnswerJsonSchema(request, limits);
    const grammar = await llama.createGrammarForJsonSchema<GbnfJsonSchema>(schema);
    slot.session.resetChatHistory();
    const meterBefore = slot.sequence.tokenMeter.getState();
    const result = await slot.session.promptWithMeta(userPrompt, {
      grammar,
      signal,
      stopOnAbortSignal: false,
      maxTokens,
      temperature,
      ...(config.seed !== undefined ? { seed: config.seed + requestCount++ } : {}),
      repeatPenalty: false,
    });
    if (result.stopReason === 'abort') throw signal.reason;
    if (result.stopReason === 'maxTokens') {
      throw new AppError('UPSTREAM_MODEL', `model answer exceeded ${maxTokens} tokens`);
    }
    const decision = parseModelAnswer(result.responseText, request, limits);
    const used = slot.sequence.tokenMeter.diff(meterBefore);
    return { decision, promptTokens: used.usedInputTokens, outputTokens: used.usedOutputTokens };
  }

  return {
    name: 'llama',
    modelVersion,
    modelFile,
    loraFile,
    contextSize,
    loadMs,
    ready: () => !closed,
    async decide(request, { signal }) {
      if (closed) throw new AppError('UPSTREAM_MODEL', 'model backend is closed');
      assertDecisionRequest(request);
      if (request.candidates.length === 0 && !request.wantTriage) return { codes: [] };
      const deadline = createRequestDeadline(timeoutMs, signal);
      const queuedAt = performance.now();
      let startedAt = queuedAt;
      try {
        const { decision, promptTokens, outputTokens } = await queue.run((slot) => {
          startedAt = performance.now();
          return generate(slot, request, deadline.signal);
        }, deadline.signal);
        const finishedAt = performance.now();
        const stats: DecisionStats = {
          promptTokens,
          outputTokens,
          queueMs: Math.round(startedAt - queuedAt),
          generationMs: Math.round(finishedAt - startedAt),
        };
        logger.debug(
          { backend: 'llama', model: modelVersion, ms: Math.round(finishedAt - queuedAt), count: outputTokens },
          'model decision',
        );
        return { ...decision, stats };
      } catch (error) {
        const rejection = deadline.toError(error, 'model generation failed');
        logger.warn({ backend: 'llama', model: modelVersion, ...errorFields(rejection) }, 'model decision failed');
        throw rejection;
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const slot of slots) slot.session.dispose({ disposeSequence: true });
      await context.dispose();
      await model.dispose();
      lease.release();
      logger.info({ backend: 'llama', model: modelVersion }, 'model unloaded');
    },
  };
}
