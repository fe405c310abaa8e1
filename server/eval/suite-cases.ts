import { z } from 'zod';
import { TRIAGE_LEVELS, type TriageLevel } from '../inference/backend.ts';
import { CodingCaseSchema, type CodingCase } from './coding-metrics.ts';
import { readCases } from './read-cases.ts';
import { TriageCaseSchema, type TriageCase } from './triage-metrics.ts';

const InstructSchema = z.object({
  id: z.string().min(1).optional(),
  instruction: z.string(),
  input: z.string().min(1),
  output: z.string(),
});

/** Dotted ICD-10-CM (`J441` → `J44.1`). */
function dotted(code: string): string {
  const c = code.trim().toUpperCase();
  return c.includes('.') || c.length <= 3 ? c : `${c.slice(0, 3)}.${c.slice(3)}`;
}

/** The dataset builder's coding output: one `CODE display` a line, the first one principal. */
const InstructCodingSchema = InstructSchema.transform((c, ctx): CodingCase | typeof z.NEVER => {
  const codes = c.output
    .split('\n')
    .map((line) => line.trim().split(/\s+/)[0] ?? '')
    .filter((code) => /^[A-Z][0-9][0-9A-Z]\.?[0-9A-Z]{0,4}$/i.test(code))
    .map(dotted);
  if (codes.length === 0) {
    ctx.addIssue({ code: 'custom', path: ['output'], message: 'holds no ICD-10-CM code' });
    return z.NEVER;
  }
  return { id: c.id ?? '', text: c.input, codes };
});

/**
 * An acuity as the dataset builder writes it: an ESI level (1 resuscitation and 2 emergent → EMERGENT,
 * 3 → URGENT, 4 → SEMI-URGENT, 5 → NON-URGENT) or one of Chartside's four level names.
 */
export function acuityToLevel(acuity: string): TriageLevel | undefined {
  const a = acuity
    .trim()
    .toUpperCase()
    .replace(/[\s_]+/g, '-');
  const esi = /^(?:ESI-?)?([1-5])$/.exec(a)?.[1];
  if (esi !== undefined)
    return (['EMERGENT', 'EMERGENT', 'URGENT', 'SEMI-URGENT', 'NON-URGENT'] as const)[Number(esi) - 1];
  return (TRIAGE_LEVELS as readonly string[]).includes(a) ? (a as TriageLevel) : undefined;
}

const InstructTriageSchema = InstructSchema.transform((c, ctx): TriageCase | typeof z.NEVER => {
  const level = acuityToLevel(c.output);
  if (level === undefined) {
    ctx.addIssue({ code: 'custom', path: ['output'], message: 'is not an ESI level (1–5) or a triage level' });
    return z.NEVER;
  }
  return { id: c.id ?? '', text: c.input, level };
});

const name = <T extends { id: string }>(cases: T[]): T[] => cases.map((c, i) => ({ ...c, id: c.id || `#${i + 1}` }));

/** Coding cases in the shared README's shape or the dataset builder's instruction/input/output shape. */
export async function readCodingSuiteCases(path: string): Promise<CodingCase[]> {
  return name(await readCases(path, z.union([CodingCaseSchema, InstructCodingSchema])));
}

/** Triage cases in the shared README's shape or the dataset builder's instruction/input/output shape. */
export async function readTriageSuiteCases(path: string): Promise<TriageCase[]> {
  return name(await readCases(path, z.union([TriageCaseSchema, InstructTriageSchema])));
}
