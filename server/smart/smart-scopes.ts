import type { Config } from '../config.ts';
import { normalizeBase } from '../fhir/fhir-fetcher.ts';

export type ScopeSyntax = 'v1' | 'v2';
export type LaunchType = 'ehr' | 'standalone';

/**
 * What Chartside reads (everything the chart model reads: server/chart/, server/smart/read-chart.ts), and
 * the one thing it writes (an encounter-diagnosis Condition). A type left out here is read without a grant,
 * refused, and silently missing from the app's chart, which then answers differently from a hook or the CLI.
 */
export const READS = [
  'Patient',
  'Encounter',
  'Condition',
  'Observation',
  'DocumentReference',
  'DiagnosticReport',
  'MedicationRequest',
  'AllergyIntolerance',
  'Procedure',
] as const;

/**
 * Chartside's clinical scopes in SMART v2 (`patient/Condition.rs`, `.c`) or v1 (`patient/Condition.read`,
 * `.write`) syntax (SMART App Launch 2.x §Scopes for requesting clinical data; Epic and Oracle Health
 * still grant v1).
 */
export function clinicalScopes(syntax: ScopeSyntax): string[] {
  return syntax === 'v2'
    ? [...READS.map((t) => `patient/${t}.rs`), 'patient/Condition.c']
    : [...READS.map((t) => `patient/${t}.read`), 'patient/Condition.write'];
}

/**
 * The full scope string: the launch scope (`launch` for an EHR launch, `launch/patient` standalone),
 * `openid fhirUser` for the user's identity, `online_access` so the app can refresh short-lived tokens
 * while the user is there, and the clinical scopes.
 */
export function launchScopes(syntax: ScopeSyntax, launch: LaunchType): string {
  return [
    launch === 'ehr' ? 'launch' : 'launch/patient',
    'openid',
    'fhirUser',
    'online_access',
    ...clinicalScopes(syntax),
  ].join(' ');
}

export interface SmartClientSettings {
  clientId: string;
  /** The scope string to request for this launch. */
  scope: string;
}

/** The client id and scopes for one EHR (`smartEhrs` entry for its `iss`, else the defaults). */
export function smartClientFor(config: Config, iss: string, launch: LaunchType): SmartClientSettings {
  const base = normalizeBase(iss);
  const entry = config.smartEhrs.find((e) => normalizeBase(e.iss) === base);
  const scopes = entry?.scopes ?? config.smartScopes;
  const scope =
    scopes === 'v1' || scopes === 'v2'
      ? launchScopes(scopes, launch)
      : launch === 'ehr'
        ? scopes
        : scopes.replace(/(^|\s)launch(\s|$)/, '$1launch/patient$2');
  return { clientId: entry?.clientId ?? config.smartClientId, scope };
}
