import type { FhirResource } from 'fhir/r4.d.ts';
import { z } from 'zod';
import { AppError } from '../errors/app-error.ts';
import type { FhirFetcher } from '../fhir/fhir-fetcher.ts';

const ResourceSchema = z.looseObject({
  resourceType: z.string().regex(/^[A-Z][A-Za-z]{1,63}$/),
  id: z.string().optional(),
});
const BundleSchema = z.looseObject({
  resourceType: z.literal('Bundle'),
  entry: z.array(z.looseObject({ resource: ResourceSchema.optional() })).optional(),
});

/** The parts of a chart that are read when the EHR answers, and left out (and said so) when it does not. */
export const OPTIONAL_CHART_PARTS = [
  'encounter',
  'laboratory',
  'medications',
  'allergies',
  'encounter-procedures',
  'encounter-observations',
  'encounter-notes',
  'encounter-reports',
] as const;
export type OptionalChartPart = (typeof OPTIONAL_CHART_PARTS)[number];

/**
 * Why a part was not read: the EHR did not answer in time, refused it (a scope the app was not granted),
 * does not support the query, or answered an error or something that is not a FHIR Bundle.
 */
export type UnreadReason = 'timeout' | 'forbidden' | 'unsupported' | 'error';

export interface UnreadPart {
  part: OptionalChartPart;
  reason: UnreadReason;
}

/** The chart of one launch: what the suggestion pipeline reads, and the references of what it read. */
export interface Chart {
  resources: FhirResource[];
  /** `Type/id` of every resource read, for display beside the suggestions. */
  references: string[];
  /**
   * Optional parts the EHR did not give: the suggestions rest on the rest of the chart, and the app says
   * which parts are missing and why, so a clinician never takes a silent gap for "no medications".
   */
  unread: UnreadPart[];
}

export interface ChartRequest {
  fhirServer: string;
  accessToken: string;
  patient: string;
  encounter?: string | undefined;
  signal?: AbortSignal;
}

const ID = /^[A-Za-z0-9\-.]{1,64}$/;

function entriesOf(value: unknown): FhirResource[] {
  const bundle = BundleSchema.safeParse(value);
  if (!bundle.success) return [];
  return (bundle.data.entry ?? []).flatMap((e) =>
    e.resource && e.resource.resourceType !== 'OperationOutcome' ? [e.resource as unknown as FhirResource] : [],
  );
}

/** The EHR said the token is no good: the app refreshes it and tries again. */
function mapUpstream(error: unknown): never {
  if (error instanceof AppError && /HTTP 401\b/.test(error.message)) {
    throw new AppError('UNAUTHENTICATED', 'the EHR refused the access token: refresh it or relaunch');
  }
  if (error instanceof AppError && /HTTP 403\b/.test(error.message)) {
    throw new AppError('FORBIDDEN', 'the EHR did not grant access to this chart');
  }
  throw error;
}

function unreadReason(error: unknown): UnreadReason {
  if (!(error instanceof AppError)) return 'error';
  if (error.code === 'FORBIDDEN' || error.code === 'UNAUTHENTICATED') return 'forbidden';
  if (/in time/.test(error.message)) return 'timeout';
  if (/HTTP (?:400|404|405|501)\b/.test(error.message)) return 'unsupported';
  return 'error';
}

/**
 * Reads one patient's chart from the EHR with the user's token, as the CDS Hooks prefetch templates do:
 * the Patient, the Encounter, Conditions, the newest vital signs and notes. Only allowed FHIR servers.
 */
export async function readChart(fetcher: FhirFetcher, request: ChartRequest): Promise<Chart> {
  if (!ID.test(request.patient))
    throw new AppError('INVALID_INPUT', 'patient is not a FHIR id', { expression: ['body.patient'] });
  if (request.encounter !== undefined && !ID.test(request.encounter)) {
    throw new AppError('INVALID_INPUT', 'encounter is not a FHIR id', { expression: ['body.encounter'] });
  }
  const get = (relative: string): Promise<unknown> =>
    fetcher.get(request.fhirServer, relative, request.accessToken, request.signal).catch(mapUpstream);
  const p = encodeURIComponent(request.patient);
  // The same queries as the CDS Hooks prefetch (cds-hooks/services.ts), so both give the chart model the same chart.
  const e = request.encounter === undefined ? undefined : encodeURIComponent(request.encounter);
  const unread: UnreadPart[] = [];
  const optional = (part: OptionalChartPart, relative: string, bundle = true): Promise<unknown> =>
    get(relative).then(
      (value) => {
        if (bundle && !BundleSchema.safeParse(value).success) unread.push({ part, reason: 'error' });
        return value;
      },
      (error: unknown) => {
        unread.push({ part, reason: unreadReason(error) });
        return undefined;
      },
    );
  const ofEncounter = (part: OptionalChartPart, relative: string): Promise<unknown> =>
    e === undefined ? Promise.resolve(undefined) : optional(part, relative);
  const [
    patient,
    encounter,
    conditions,
    vitals,
    notes,
    labs,
    medications,
    allergies,
    procedures,
    encounterObservations,
    encounterNotes,
    encounterReports,
  ] = await Promise.all([
    get(`Patient/${p}`),
    e === undefined ? optional('encounter', `Encounter?patient=${p}&_sort=-date&_count=1`) : get(`Encounter/${e}`),
    get(`Condition?patient=${p}`),
    get(`Observation?patient=${p}&category=vital-signs&_sort=-date&_count=20`),
    get(`DocumentReference?patient=${p}&_sort=-date&_count=5`),
    optional('laboratory', `Observation?patient=${p}&category=laboratory&_sort=-date&_count=50`),
    optional('medications', `MedicationRequest?patient=${p}&status=active`),
    optional('allergies', `AllergyIntolerance?patient=${p}`),
    ofEncounter('encounter-procedures', `Procedure?patient=${p}&encounter=${e}`),
    // The encounter in context may not be the latest: its own values and notes, whatever their age.
    ofEncounter('encounter-observations', `Observation?patient=${p}&encounter=${e}&_sort=-date&_count=200`),
    ofEncounter('encounter-notes', `DocumentReference?patient=${p}&encounter=${e}&_sort=-date&_count=20`),
    ofEncounter('encounter-reports', `DiagnosticReport?patient=${p}&encounter=${e}&_sort=-date&_count=20`),
  ]);
  const parsedPatient = ResourceSchema.safeParse(patient);
  if (!parsedPatient.success || parsedPatient.data.resourceType !== 'Patient') {
    throw new AppError('UPSTREAM_FHIR', 'the EHR did not answer a Patient');
  }
  const parsedEncounter = ResourceSchema.safeParse(e === undefined ? entriesOf(encounter)[0] : encounter);
  const resources: FhirResource[] = [
    parsedPatient.data as unknown as FhirResource,
    ...(parsedEncounter.success && parsedEncounter.data.resourceType === 'Encounter'
      ? [parsedEncounter.data as unknown as FhirResource]
      : []),
    ...entriesOf(conditions),
    ...entriesOf(vitals),
    ...entriesOf(notes),
    ...entriesOf(labs),
    ...entriesOf(medications),
    ...entriesOf(allergies),
    ...entriesOf(procedures),
    ...entriesOf(encounterObservations),
    ...entriesOf(encounterNotes),
    ...entriesOf(encounterReports),
  ];
  return {
    resources,
    references: resources.flatMap((r) => (r.id !== undefined ? [`${r.resourceType}/${r.id}`] : [])),
    unread: OPTIONAL_CHART_PARTS.flatMap((part) => unread.filter((u) => u.part === part)),
  };
}
