import { z } from 'zod';
import { parseOrThrow } from '../errors/parse.ts';
import { TRIAGE_LEVELS, type DecisionRequest } from './backend.ts';

/** Most candidates one request may offer the model; every one of them is spelled out in the prompt. */
export const MAX_CANDIDATES = 50;
/** Most codes one answer may hold. */
export const MAX_CODES = 10;
/** Longest case text, in characters, a model backend accepts. */
export const MAX_CASE_TEXT_CHARS = 32_000;

const DecisionCandidateSchema = z.object({
  code: z
    .string()
    .min(1)
    .max(16)
    .regex(/^[\x21-\x7E]+$/, 'code must be printable ASCII without spaces'),
  display: z.string().min(1).max(300),
});

/**
 * The checks a model backend applies to a request before it spends model time on it. Candidates come from
 * the terminology, so their codes and displays may appear in messages; the case text never does.
 */
export const DecisionRequestSchema = z.object({
  text: z
    .string()
    .min(1, 'case text is empty')
    .max(MAX_CASE_TEXT_CHARS, `case text exceeds ${MAX_CASE_TEXT_CHARS} characters`),
  candidates: z
    .array(DecisionCandidateSchema)
    .max(MAX_CANDIDATES)
    .refine((list) => new Set(list.map((c) => c.code)).size === list.length, 'candidate codes must be unique'),
  wantTriage: z.boolean(),
  maxCodes: z.number().int().min(1).max(MAX_CODES),
  triage: z
    .object({
      floor: z.enum(TRIAGE_LEVELS),
      discriminators: z
        .array(
          z.object({
            name: z.string().max(200),
            protocol: z.string().max(20),
            level: z.enum(TRIAGE_LEVELS),
            evidence: z.array(z.string().max(300)).max(20),
          }),
        )
        .max(200),
      findings: z.array(z.string().max(200)).max(300),
      excluded: z.array(z.string().max(200)).max(300),
    })
    .optional(),
});

/** Throws `AppError('INVALID_INPUT')` naming the field at fault (never its value); returns the request as given. */
export function assertDecisionRequest(request: DecisionRequest): DecisionRequest {
  parseOrThrow(DecisionRequestSchema, request, 'decision');
  return request;
}
