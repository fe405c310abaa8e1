import type { Coding } from '../card-schema.ts';
import { OVERRIDE_SYSTEM } from './card-context.ts';

const reason = (code: string, display: string): Coding & { display: string } => ({
  system: OVERRIDE_SYSTEM,
  code,
  display,
});

/** Why a coder or clinician dismisses a coding card: these become the negative side of preference pairs. */
export const CODING_OVERRIDE_REASONS = [
  reason('not-documented', 'Not supported by the documentation'),
  reason('already-coded', 'Already coded for this encounter'),
  reason('more-specific-code', 'A more specific code applies'),
  reason('clinically-incorrect', 'Clinically incorrect'),
  reason('not-relevant', 'Not relevant to this encounter'),
] as const;

/** Why a clinician dismisses a triage card. */
export const TRIAGE_OVERRIDE_REASONS = [
  reason('level-too-high', 'Triage level too high'),
  reason('level-too-low', 'Triage level too low'),
  reason('red-flag-wrong', 'Red flag not present'),
  reason('already-assessed', 'Already assessed'),
] as const;
