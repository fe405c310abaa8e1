/**
 * Benchmarks the llama backend: load time, generation speed, `decide` latency p50/p95, and the overhead Chartside
 * adds over calling node-llama-cpp directly with the same prompt, grammar and sampling. Prints one JSON object.
 *
 *   npx tsx test/bench/llama.bench.ts [--model PATH] [--requests N] [--threads N]
 *
 * Always runs the generated tiny random model; with `--model`, a real GGUF as well.
 */
import { rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { getLlama, LlamaChatSession, type GbnfJsonSchema } from 'node-llama-cpp';
import { writeTinyGguf } from '../../fixtures/models/write-tiny-gguf.ts';
import { markDeidentified } from '../../server/deid/deidentified.ts';
import {
  buildAnswerJsonSchema,
  DEFAULT_ANSWER_LIMITS,
  type AnswerLimits,
} from '../../server/inference/answer-schema.ts';
import type { DecisionCandidate, DecisionRequest } from '../../server/inference/backend.ts';
import { buildDecisionPrompt } from '../../server/inference/decision-prompt.ts';
import { createLlamaBackend } from '../../server/inference/llama-backend.ts';
import { createLogger } from '../../server/log/logger.ts';

const { values } = parseArgs({
  options: {
    model: { type: 'string' },
    requests: { type: 'string', default: '10' },
    threads: { type: 'string' },
  },
});
const requestCount = Number(values.requests);

const CANDIDATES: DecisionCandidate[] = [
  { code: 'J18.9', display: 'Pneumonia, unspecified organism' },
  { code: 'R05.9', display: 'Cough, unspecified' },
  { code: 'R50.9', display: 'Fever, unspecified' },
  { code: 'I10', display: 'Essential (primary) hypertension' },
  { code: 'E11.9', display: 'Type 2 diabetes mellitus without complications' },
  { code: 'N39.0', display: 'Urinary tract infection, site not specified' },
  { code: 'R07.9', display: 'Chest pain, unspecified' },
  { code: 'I21.9', display: 'Acute myocardial infarction, unspecified' },
];
const CASES = [
  'Productive cough and fever for three days. CXR: right lower lobe consolidation. SpO2 93 % on room air.',
  'Known hypertension, BP 162/98 today. Denies chest pain. On amlodipine.',
  'Dysuria and frequency for two days, afebrile. Urine dipstick nitrite positive.',
  'Crushing substernal chest pain for 40 minutes, diaphoretic. ECG: ST elevation in II, III, aVF.',
  'A1c 8.1 %, on metformin, no hypoglycaemia reported.',
];

function requestAt(i: number): DecisionRequest {
  const offset = i % CANDIDATES.length;
  return {
    text: markDeidentified(CASES[i % CASES.length] ?? ''),
    candidates: [...CANDIDATES.slice(offset), ...CANDIDATES.slice(0, offset)].slice(0, 6),
    wantTriage: i % 2 === 0,
    maxCodes: 3,
  };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const at = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, at)] ?? NaN;
}

/** `tokensPerSecond`: output tokens over the time from slot to parsed answer (prompt evaluation included). */
function summarize(latencies: number[], outputTokens: number, generationMs: number) {
  const sorted = [...latencies].sort((a, b) => a - b);
  const round = (x: number): number => Math.round(x * 10) / 10;
  return {
    p50Ms: round(percentile(sorted, 50)),
    p95Ms: round(percentile(sorted, 95)),
    meanMs: round(latencies.reduce((a, b) => a + b, 0) / Math.max(1, latencies.length)),
    outputTokens,
    tokensPerSecond: round((outputTokens / generationMs) * 1000),
  };
}

async function benchModel(modelPath: string, threads: number | undefined, limits: AnswerLimits, maxTokens: number) {
  const logger = createLogger({ level: 'silent' });
  const backend = await createLlamaBackend({
    modelPath,
    gpu: 'auto',
    logger,
    contextSize: 4096,
    maxTokens,
    answerLimits: limits,
    ...(threads !== undefined ? { threads } : {}),
  });

  // The same work done directly: same prompt, same grammar, same greedy sampling, same session reuse.
  const llama = await getLlama({ build: 'never', gpu: 'auto', skipDownload: true, progressLogs: false });
  const model = await llama.loadModel({ modelPath });
  const context = await model.createContext({ contextSize: 4096, ...(threads !== undefined ? { threads } : {}) });
  const sequence = context.getSequence();
  const system = buildDecisionPrompt(requestAt(0), limits).system;
  const session = new LlamaChatSession({ contextSequence: sequence, systemPrompt: system });

  const chartside = { latencies: [] as number[], tokens: 0, generationMs: 0, failures: 0 };
  const direct = { latencies: [] as number[], tokens: 0, generationMs: 0 };
  // Warm-up (first evaluation of the system prompt) is excluded from both.
  await backend.decide(requestAt(0), {}).catch(() => undefined);
  session.resetChatHistory();
  await session.prompt(buildDecisionPrompt(requestAt(0), limits).user, { maxTokens: 1 });

  for (let i = 0; i < requestCount; i++) {
    const req = requestAt(i);
    // Alternate which runs first so drift (thermal, other load) hits both sides alike.
    const runs = [
      async () => {
        const started = performance.now();
        try {
          const decision = await backend.decide(req, {});
          chartside.tokens += decision.stats?.outputTokens ?? 0;
          chartside.generationMs += decision.stats?.generationMs ?? 0;
        } catch {
          chartside.failures++;
        }
        chartside.latencies.push(performance.now() - started);
      },
      async () => {
        const started = performance.now();
        const grammar = await llama.createGrammarForJsonSchema<GbnfJsonSchema>(buildAnswerJsonSchema(req, limits));
        session.resetChatHistory();
        const before = sequence.tokenMeter.getState();
        const result = await session.promptWithMeta(buildDecisionPrompt(req, limits).user, {
          grammar,
          maxTokens,
          temperature: 0,
          repeatPenalty: false,
        });
        JSON.parse(result.responseText);
        const elapsed = performance.now() - started;
        direct.latencies.push(elapsed);
        direct.tokens += sequence.tokenMeter.diff(before).usedOutputTokens;
        direct.generationMs += elapsed;
      },
    ];
    if (i % 2 === 1) runs.reverse();
    for (const run of runs) await run();
  }

  const result = {
    model: backend.modelVersion,
    loadMs: backend.loadMs,
    requests: requestCount,
    answerLimits: limits,
    chartside: {
      ...summarize(chartside.latencies, chartside.tokens, chartside.generationMs),
      failures: chartside.failures,
    },
    direct: summarize(direct.latencies, direct.tokens, direct.generationMs),
    overheadRatio: 0,
  };
  result.overheadRatio = Math.round((result.chartside.meanMs / result.direct.meanMs) * 1000) / 1000;
  await backend.close();
  await context.dispose();
  await model.dispose();
  return result;
}

const startedAt = performance.now();
const tiny = await writeTinyGguf(join(tmpdir(), `chartside-bench-tiny-${process.pid}.gguf`), { seed: 1 });
const threadsArg = values.threads !== undefined ? Number(values.threads) : undefined;
const results = [await benchModel(tiny.path, threadsArg ?? 1, { evidenceChars: 64, rationaleChars: 64 }, 2048)];
await rm(tiny.path, { force: true });
if (values.model) results.push(await benchModel(values.model, threadsArg, DEFAULT_ANSWER_LIMITS, 1024));

process.stdout.write(
  `${JSON.stringify({
    bench: 'llama',
    node: process.version,
    cpus: cpus().length,
    tinyModel: { bytes: tiny.bytes, vocabularySize: tiny.vocabularySize, tensors: tiny.tensorCount },
    results,
    totalMs: Math.round(performance.now() - startedAt),
  })}\n`,
);
