import { z } from 'zod';
import { AppError } from '../errors/app-error.ts';
import { TRIAGE_LEVELS, type DecisionRequest, type ModelDecision } from './backend.ts';

/** Bounds on the free-text fields of an answer; they bound generation time and what guardrails must read. */
export interface AnswerLimits {
  /** Longest evidence quote, in characters. */
  evidenceChars: number;
  /** Longest rationale (per code and for triage), in characters. */
  rationaleChars: number;
}

export const DEFAULT_ANSWER_LIMITS: AnswerLimits = { evidenceChars: 200, rationaleChars: 240 };

/**
 * Confidence is answered as one of ten buckets: a grammar cannot bound a free JSON number to 0..1, and a
 * language model's self-reported confidence carries no finer information anyway.
 */
export const CONFIDENCE_BUCKETS = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1] as const;

/** The subset of JSON Schema the answer uses; accepted by node-llama-cpp's grammar and by OpenAI strict mode. */
export type AnswerJsonSchema =
  | { type: 'object'; properties: Record<string, AnswerJsonSchema>; required: string[]; additionalProperties: false }
  | { type: 'array'; items: AnswerJsonSchema; minItems: number; maxItems: number }
  | { type: 'string'; minLength?: number; maxLength: number }
  | { enum: readonly (string | number)[] };

function objectSchema(properties: Record<string, AnswerJsonSchema>): AnswerJsonSchema {
  return { type: 'object', properties, required: Object.keys(properties), additionalProperties: false };
}

/**
 * The JSON schema of the answer to `request`. `codes[].code` is an enum of the candidates, so a grammar (or a
 * strict structured-output server) cannot produce a code that retrieval did not offer; `triage.level` is an
 * enum of the four levels. Property order is the generation order: the quote first, then the code it
 * supports, then why, then how sure.
 */
export function buildAnswerJsonSchema(
  request: DecisionRequest,
  limits: AnswerLimits = DEFAULT_ANSWER_LIMITS,
): AnswerJsonSchema {
  const properties: Record<string, AnswerJsonSchema> = {};
  if (request.candidates.length > 0) {
    properties.codes = {
      type: 'array',
      items: objectSchema({
        evidence: { type: 'string', maxLength: limits.evidenceChars },
        code: { enum: request.candidates.map((c) => c.code) },
        rationale: { type: 'string', maxLength: limits.rationaleChars },
        confidence: { enum: CONFIDENCE_BUCKETS },
      }),
      minItems: 0,
      maxItems: Math.min(request.maxCodes, request.candidates.length),
    };
  }
  if (request.wantTriage) {
    properties.triage = objectSchema({
      rationale: { type: 'string', maxLength: limits.rationaleChars },
      level: { enum: TRIAGE_LEVELS },
    });
  }
  return objectSchema(properties);
}

/**
 * Free text cut to `max` code points (JSON Schema's `maxLength` unit, not UTF-16's). Cut, not rejected: llama.cpp's
 * grammar counts characters as it decodes bytes without validating UTF-8, so a model that emits invalid UTF-8
 * (byte-fallback tokens) stays inside the grammar yet decodes to more U+FFFD characters than the bound. Such text
 * is junk either way, and evidence damaged like that fails the guardrails' verbatim check.
 */
function boundedText(max: number) {
  return z.string().transform((s) => {
    const points = [...s];
    return points.length <= max ? s : points.slice(0, max).join('');
  });
}

/** The zod twin of {@link buildAnswerJsonSchema}: what a parsed answer must satisfy, whoever generated it. */
export function buildAnswerZodSchema(request: DecisionRequest, limits: AnswerLimits = DEFAULT_ANSWER_LIMITS) {
  const codes = request.candidates.map((c) => c.code);
  const [first, ...rest] = codes;
  const rationale = boundedText(limits.rationaleChars);
  return z.strictObject({
    codes:
      first === undefined
        ? z.array(z.never()).max(0).default([])
        : z
            .array(
              z.strictObject({
                evidence: boundedText(limits.evidenceChars),
                code: z.enum([first, ...rest]),
                rationale,
                confidence: z.number().min(0).max(1),
              }),
            )
            .max(Math.min(request.maxCodes, codes.length)),
    triage: request.wantTriage
      ? z.strictObject({ rationale, level: z.enum(TRIAGE_LEVELS) })
      : // zod 4 keeps a key required even when its schema accepts undefined; `.optional()` lets it be absent.
        z.undefined().optional(),
  });
}

/**
 * Parses a model's raw answer for `request`: JSON, then the zod schema, then duplicate codes dropped (a grammar
 * cannot express uniqueness). Rejects with `AppError('UPSTREAM_MODEL')` whose message and expression name the
 * failing path only, never the generated text.
 */
export function parseModelAnswer(
  raw: string,
  request: DecisionRequest,
  limits: AnswerLimits = DEFAULT_ANSWER_LIMITS,
): ModelDecision {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (cause) {
    throw new AppError('UPSTREAM_MODEL', 'model answer is not valid JSON', { cause });
  }
  const result = buildAnswerZodSchema(request, limits).safeParse(value);
  if (!result.success) {
    const paths = result.error.issues.map((i) => ['answer', ...i.path.map(String)].join('.'));
    throw new AppError('UPSTREAM_MODEL', `model answer does not match the answer schema at ${paths[0] ?? 'answer'}`, {
      expression: paths,
    });
  }
  const seen = new Set<string>();
  const codes: ModelDecision['codes'] = [];
  for (const item of result.data.codes) {
    if (seen.has(item.code)) continue;
    seen.add(item.code);
    codes.push({ code: item.code, confidence: item.confidence, evidence: item.evidence, rationale: item.rationale });
  }
  return result.data.triage ? { codes, triage: result.data.triage } : { codes };
}
