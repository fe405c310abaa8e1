import { LlamaChatSession, LlamaLogLevel, type LlamaContext, type LlamaModel } from 'node-llama-cpp';
import { z } from 'zod';
import type { Deidentified } from '../deid/deidentified.ts';
import { AppError } from '../errors/app-error.ts';
import { errorFields, type Logger } from '../log/logger.ts';
import { acquireLlama } from './llama-runtime.ts';
import { describeModelFile, inspectModelFile } from './model-file.ts';
import { createRequestDeadline } from './request-deadline.ts';

/** Free-text generation for the generation tasks (notes, discharge summaries, patient letters). */
export interface TextGenerator {
  /** Stamped on the evaluation report, as the decision backends stamp suggestions. */
  readonly modelVersion: string;
  /**
   * One completion: `instruction` is the task's instruction (Chartside's own text, never patient data) and
   * `input` the de-identified case. Rejects with `UPSTREAM_MODEL` on timeout or when the case is too long.
   */
  generate(instruction: string, input: Deidentified<string>, options?: { signal?: AbortSignal }): Promise<string>;
  close(): Promise<void>;
}

export interface LlamaGeneratorOptions {
  modelPath: string;
  /** When set, the model file must hash to this (hex); a mismatch refuses to load. */
  expectedSha256?: string;
  loraPath?: string;
  gpu: 'auto' | false;
  /** Tokens of context (prompt + answer); defaults to 4096. */
  contextSize?: number;
  /** Most tokens generated per answer (the token budget); defaults to 768. */
  maxTokens?: number;
  /** Budget of one generation; defaults to 60000 ms. */
  timeoutMs?: number;
  logger: Logger;
}

const OptionsSchema = z.object({
  modelPath: z.string().min(1),
  expectedSha256: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/)
    .optional(),
  loraPath: z.string().min(1).optional(),
  gpu: z.union([z.literal('auto'), z.literal(false)]),
  contextSize: z.number().int().min(512).max(262_144).optional(),
  maxTokens: z.number().int().min(16).max(32_768).optional(),
  timeoutMs: z.number().int().min(1).max(600_000).optional(),
});

/** Room for the chat template's own tokens around the two messages. */
const TEMPLATE_TOKEN_ALLOWANCE = 64;

/**
 * Loads a GGUF model (through the shared llama.cpp runtime, never building or downloading) for unconstrained,
 * greedy text generation: one sequence, the instruction as the system prompt, a token budget and a timeout.
 * An answer cut at the token budget is returned as it stands (the metrics judge it).
 */
export async function createLlamaGenerator(options: LlamaGeneratorOptions): Promise<TextGenerator> {
  const parsed = OptionsSchema.safeParse(options);
  if (!parsed.success) {
    const path = ['llama', ...(parsed.error.issues[0]?.path.map(String) ?? [])].join('.');
    throw new AppError('CONFIG', `${path}: ${parsed.error.issues[0]?.message ?? 'invalid option'}`);
  }
  const config = parsed.data;
  const { logger } = options;
  const contextSize = config.contextSize ?? 4096;
  const maxTokens = config.maxTokens ?? 768;
  const timeoutMs = config.timeoutMs ?? 60_000;
  const modelFile = await inspectModelFile(config.modelPath, 'model', config.expectedSha256);
  const loraFile = config.loraPath ? await inspectModelFile(config.loraPath, 'LoRA adapter') : undefined;
  const modelVersion =
    `llama:${describeModelFile(modelFile)}` + (loraFile ? `+lora:${describeModelFile(loraFile)}` : '');
  const lease = await acquireLlama(config.gpu, (level) => {
    if (level === LlamaLogLevel.error || level === LlamaLogLevel.fatal)
      logger.warn({ backend: 'llama', phase: 'generate' }, 'llama.cpp warning');
  });
  let model: LlamaModel;
  let context: LlamaContext;
  try {
    model = await lease.llama.loadModel({ modelPath: config.modelPath, gpuLayers: config.gpu === false ? 0 : 'auto' });
  } catch (cause) {
    lease.release();
    throw new AppError('CONFIG', `model file ${modelFile.fileName} could not be loaded by llama.cpp`, { cause });
  }
  try {
    context = await model.createContext({
      contextSize,
      sequences: 1,
      ...(config.loraPath !== undefined ? { lora: { adapters: [{ filePath: config.loraPath, scale: 1 }] } } : {}),
    });
  } catch (cause) {
    await model.dispose();
    lease.release();
    throw new AppError('CONFIG', `could not create a ${contextSize}-token context for ${modelFile.fileName}`, {
      cause,
    });
  }
  const sequence = context.getSequence();
  let closed = false;
  // One request at a time on the one sequence.
  let tail: Promise<unknown> = Promise.resolve();

  async function run(instruction: string, input: string, signal: AbortSignal): Promise<string> {
    const promptTokens = model.tokenize(instruction + input, false).length + TEMPLATE_TOKEN_ALLOWANCE;
    if (promptTokens + maxTokens > contextSize) {
      throw new AppError(
        'UPSTREAM_MODEL',
        `case too long for the model context (${promptTokens} prompt tokens + ${maxTokens} answer tokens > ${contextSize})`,
      );
    }
    const session = new LlamaChatSession({ contextSequence: sequence, systemPrompt: instruction });
    try {
      const result = await session.promptWithMeta(input, {
        signal,
        stopOnAbortSignal: false,
        maxTokens,
        temperature: 0,
      });
      if (result.stopReason === 'abort') throw signal.reason;
      return result.responseText;
    } finally {
      session.dispose({ disposeSequence: false });
      await sequence.clearHistory();
    }
  }

  return {
    modelVersion,
    async generate(instruction, input, generateOptions = {}) {
      if (closed) throw new AppError('UPSTREAM_MODEL', 'model generator is closed');
      const deadline = createRequestDeadline(timeoutMs, generateOptions.signal);
      const turn = tail.then(() => run(instruction, input, deadline.signal));
      tail = turn.catch(() => undefined);
      try {
        return await turn;
      } catch (error) {
        const rejection = deadline.toError(error, 'model generation failed');
        logger.warn({ backend: 'llama', model: modelVersion, ...errorFields(rejection) }, 'model generation failed');
        throw rejection;
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await tail;
      await sequence.dispose();
      await context.dispose();
      await model.dispose();
      lease.release();
    },
  };
}
