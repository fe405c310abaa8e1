import type { Condition } from 'fhir/r4.d.ts';
import type { ProblemStatus } from './chart-model.ts';

const CURRENT = new Set(['active', 'recurrence', 'relapse']);
const HISTORY = new Set(['inactive', 'remission', 'resolved']);
const IGNORED = new Set(['entered-in-error', 'refuted']);
const PROVISIONAL = new Set(['provisional', 'differential', 'unconfirmed']);

export interface ProblemStanding {
  status: ProblemStatus;
  clinicalStatus?: string;
  verificationStatus?: string;
  provisional: boolean;
}

function abatementOf(c: Condition): string | undefined {
  return c.abatementDateTime ?? c.abatementPeriod?.end ?? c.abatementPeriod?.start;
}

/**
 * Where a Condition stands at an instant (FHIR R4 Condition: clinicalStatus, verificationStatus,
 * abatement[x]). Entered-in-error and refuted are ignored; active, recurrence and relapse are current;
 * inactive, remission and resolved are history, as is any abated condition without a status. A
 * condition that abated only after `at` was still current then (the encounter it was diagnosed at);
 * provisional, differential and unconfirmed ones are current but marked as not confirmed.
 */
export function problemStanding(c: Condition, at?: string): ProblemStanding {
  const clinical = c.clinicalStatus?.coding?.find((x) => x.code !== undefined)?.code;
  const verification = c.verificationStatus?.coding?.find((x) => x.code !== undefined)?.code;
  const base = {
    ...(clinical !== undefined ? { clinicalStatus: clinical } : {}),
    ...(verification !== undefined ? { verificationStatus: verification } : {}),
    provisional: verification !== undefined && PROVISIONAL.has(verification),
  };
  if (verification !== undefined && IGNORED.has(verification)) return { ...base, status: 'ignored' };
  const abated = abatementOf(c);
  const abatedBefore =
    abated !== undefined && (at === undefined || Date.parse(abated) <= Date.parse(at) || Number.isNaN(Date.parse(at)));
  const abatedAfter = abated !== undefined && !abatedBefore;
  if (clinical !== undefined && CURRENT.has(clinical)) return { ...base, status: 'current' };
  if (clinical !== undefined && HISTORY.has(clinical)) return { ...base, status: abatedAfter ? 'current' : 'history' };
  if ((c as { abatementBoolean?: boolean }).abatementBoolean === true || abatedBefore)
    return { ...base, status: 'history' };
  return { ...base, status: 'current' };
}
