import { TRIAGE_LEVELS, type TriageLevel } from '../../inference/backend.ts';
import { CONCEPT_BY_ID } from './concepts.ts';
import { DERIVED_LABELS, deriveFindings } from './derived-findings.ts';
import { DISCRIMINATORS, sourceOf, type Discriminator, type Protocol } from './discriminators.ts';
import { extractFindings, type Evidence, type Finding, type TriageFindings } from './findings.ts';
import { LAY_LABELS } from './lay-clauses.ts';
import { moreUrgent } from './levels.ts';
import type { TriageInput } from './triage-input.ts';

/** Stamped on every assessment; bump when the tables change. */
export const TRIAGE_ENGINE_VERSION = 'triage-discriminators-1.1.0';

export interface FiredDiscriminator {
  id: string;
  name: string;
  protocol: Protocol;
  /** The protocol document the row comes from (its edition, chart or guideline). */
  source: string;
  level: TriageLevel;
  /** One item per finding the discriminator needed: a verbatim text span or a FHIR reference. */
  evidence: Evidence[];
}

/** The finding that, if present, would make the answer more urgent (the nearest one in the table). */
export interface WouldChange {
  level: TriageLevel;
  discriminator: string;
  finding: string;
}

export interface TriageAssessment {
  /** The most urgent level any discriminator set; SEMI-URGENT when none fired. */
  level: TriageLevel;
  /** The safety floor for every backend: the engine's own level. */
  floor: TriageLevel;
  /** Fired discriminators, most urgent first. */
  discriminators: FiredDiscriminator[];
  wouldChange?: WouldChange;
  engineVersion: string;
}

/** The level when no discriminator fires: a presentation we cannot place is seen soon, not sent home. */
const DEFAULT_LEVEL: TriageLevel = 'SEMI-URGENT';

function labelOf(id: string): string {
  return CONCEPT_BY_ID.get(id)?.label ?? LAY_LABELS[id] ?? DERIVED_LABELS[id] ?? id.replaceAll('-', ' ');
}

function requirementMet(f: TriageFindings, requirement: string | readonly string[]): Finding | undefined {
  if (typeof requirement === 'string') return f.present.get(requirement);
  for (const id of requirement) {
    const found = f.present.get(id);
    if (found) return found;
  }
  return undefined;
}

/** Whether a discriminator applies to this patient at all (age, sex, exclusions, pain score). */
function applies(d: Discriminator, f: TriageFindings): boolean {
  const age = f.ageYears ?? 30;
  if (d.minAge !== undefined && age < d.minAge) return false;
  // A child's rule needs a known child's age; an adult upper limit (pregnancy) assumes an adult.
  if (d.maxAge !== undefined && (f.ageYears === undefined ? d.maxAge <= 18 : age >= d.maxAge)) return false;
  if (d.sex !== undefined && f.sex !== undefined && f.sex !== d.sex) return false;
  if (d.withoutPainScore && f.vitals.painScore !== undefined) return false;
  if (d.unless?.some((id) => f.present.has(id))) return false;
  return true;
}

function sameEvidence(a: Evidence, b: Evidence): boolean {
  return a.kind === 'text' && b.kind === 'text'
    ? a.start === b.start && a.end === b.end
    : a.text === b.text && a.kind === b.kind;
}

/** The table with its catch-alls last: they fire only when nothing else did. */
const ORDERED: readonly Discriminator[] = [
  ...DISCRIMINATORS.filter((d) => !d.fallback),
  ...DISCRIMINATORS.filter((d) => d.fallback),
];

/** Runs the discriminator table over the findings already extracted (and derived). */
export function assessFindings(f: TriageFindings): TriageAssessment {
  const fired: FiredDiscriminator[] = [];
  for (const d of ORDERED) {
    if (d.fallback && fired.length > 0) continue;
    // The findings first (most rows fail on their first one), then age, sex and exclusions.
    const met: Finding[] = [];
    for (const r of d.requires) {
      const m = requirementMet(f, r);
      if (m === undefined) break;
      met.push(m);
    }
    if (met.length < d.requires.length || !applies(d, f)) continue;
    const evidence: Evidence[] = [];
    for (const m of met) for (const e of m.evidence) if (!evidence.some((x) => sameEvidence(x, e))) evidence.push(e);
    if (
      (d.minAge !== undefined || d.maxAge !== undefined) &&
      f.ageEvidence &&
      !evidence.some((x) => sameEvidence(x, f.ageEvidence as Evidence))
    )
      evidence.push(f.ageEvidence);
    fired.push({ id: d.id, name: d.name, protocol: d.protocol, source: sourceOf(d), level: d.level, evidence });
  }
  fired.sort((a, b) => TRIAGE_LEVELS.indexOf(a.level) - TRIAGE_LEVELS.indexOf(b.level));
  const level =
    fired.length > 0 ? fired.reduce<TriageLevel>((acc, d) => moreUrgent(acc, d.level), 'NON-URGENT') : DEFAULT_LEVEL;
  const wouldChange = nearestUpgrade(f, level);
  return {
    level,
    floor: level,
    discriminators: fired,
    ...(wouldChange ? { wouldChange } : {}),
    engineVersion: TRIAGE_ENGINE_VERSION,
  };
}

/** Discriminators of two or more findings, by level in table order: the candidates for "would change". */
const UPGRADES: readonly (readonly Discriminator[])[] = TRIAGE_LEVELS.map((level) =>
  DISCRIMINATORS.filter((d) => d.level === level && d.requires.length >= 2),
);

/** The most urgent discriminator above `level` that lacks exactly one finding. */
function nearestUpgrade(f: TriageFindings, level: TriageLevel): WouldChange | undefined {
  const rank = TRIAGE_LEVELS.indexOf(level);
  for (let t = 0; t < rank; t++) {
    const target = TRIAGE_LEVELS[t] as TriageLevel;
    for (const d of UPGRADES[t] ?? []) {
      let need: string | readonly string[] | undefined;
      let missing = 0;
      for (const r of d.requires) {
        if (requirementMet(f, r) !== undefined) continue;
        need = r;
        if (++missing > 1) break;
      }
      if (missing !== 1 || need === undefined || !applies(d, f)) continue;
      const ids = typeof need === 'string' ? [need] : need;
      const finding = ids.slice(0, 3).map(labelOf).join(' or ');
      return { level: target, discriminator: d.name, finding };
    }
  }
  return undefined;
}

/**
 * The triage engine: findings first (text and optional structured chart findings), then the
 * discriminator table. Deterministic and fast; the floor under every backend's triage answer.
 */
export function assessTriage(input: TriageInput): TriageAssessment {
  return assessTriageWithFindings(input).assessment;
}

/** The assessment with the findings it read (for a model backend's brief). */
export function assessTriageWithFindings(input: TriageInput): {
  assessment: TriageAssessment;
  findings: TriageFindings;
} {
  const findings = extractFindings(input);
  deriveFindings(findings);
  return { assessment: assessFindings(findings), findings };
}

/** One sentence that explains an assessment: the level, the discriminators and what would change it. */
export function explainTriage(a: TriageAssessment): string {
  const top = a.discriminators.filter((d) => d.level === a.level);
  const reasons =
    top.length > 0
      ? top.map((d) => `${d.name} (${d.protocol})`).join('; ')
      : 'no discriminator fired: a presentation that cannot be placed is seen soon';
  const change = a.wouldChange ? ` Would be ${a.wouldChange.level} with ${a.wouldChange.finding}.` : '';
  return `${a.level}: ${reasons}.${change}`;
}
