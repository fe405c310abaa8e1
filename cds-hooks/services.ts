/** The CDS Hooks 2.0 hooks Chartside answers. */
export const HOOKS = ['patient-view', 'encounter-start', 'encounter-discharge', 'order-sign'] as const;
export type HookName = (typeof HOOKS)[number];

export type ServiceKind = 'coding' | 'triage';

/** One prefetch key: its FHIR query template, and whether the service cannot work without it. */
export interface PrefetchSpec {
  template: string;
  /** Without this data the service answers 412 (CDS Hooks 2.0 §Prefetch). */
  required: boolean;
}

/** A CDS Service as Chartside defines it; `discoveryOf` gives the spec's view of it. */
export interface ServiceDefinition {
  id: string;
  hook: HookName;
  kind: ServiceKind;
  title: string;
  description: string;
  prefetch: Record<string, PrefetchSpec>;
}

const PATIENT: PrefetchSpec = { template: 'Patient/{{context.patientId}}', required: false };
const ENCOUNTER: PrefetchSpec = { template: 'Encounter/{{context.encounterId}}', required: false };
const CONDITIONS: PrefetchSpec = { template: 'Condition?patient={{context.patientId}}', required: false };
const VITALS_TEMPLATE = 'Observation?patient={{context.patientId}}&category=vital-signs&_sort=-date&_count=20';
const NOTES_TEMPLATE = 'DocumentReference?patient={{context.patientId}}&_sort=-date&_count=5';
/** What the chart model reads besides (server/chart/): the SMART app reads the same queries (server/smart/read-chart.ts). */
const CHART_EXTRAS: Record<string, PrefetchSpec> = {
  /** Without an encounter in context the chart model takes the latest one (and says so). */
  latestEncounter: { template: 'Encounter?patient={{context.patientId}}&_sort=-date&_count=1', required: false },
  labs: {
    template: 'Observation?patient={{context.patientId}}&category=laboratory&_sort=-date&_count=50',
    required: false,
  },
  medications: { template: 'MedicationRequest?patient={{context.patientId}}&status=active', required: false },
  allergies: { template: 'AllergyIntolerance?patient={{context.patientId}}', required: false },
  procedures: {
    template: 'Procedure?patient={{context.patientId}}&encounter={{context.encounterId}}',
    required: false,
  },
  /** The encounter in context may not be the latest: its own values and notes, whatever their age. */
  encounterObservations: {
    template: 'Observation?patient={{context.patientId}}&encounter={{context.encounterId}}&_sort=-date&_count=200',
    required: false,
  },
  encounterNotes: {
    template: 'DocumentReference?patient={{context.patientId}}&encounter={{context.encounterId}}&_sort=-date&_count=20',
    required: false,
  },
  encounterReports: {
    template: 'DiagnosticReport?patient={{context.patientId}}&encounter={{context.encounterId}}&_sort=-date&_count=20',
    required: false,
  },
};

const codingPrefetch: Record<string, PrefetchSpec> = {
  patient: PATIENT,
  encounter: ENCOUNTER,
  conditions: CONDITIONS,
  vitals: { template: VITALS_TEMPLATE, required: false },
  notes: { template: NOTES_TEMPLATE, required: true },
  ...CHART_EXTRAS,
};

const triagePrefetch: Record<string, PrefetchSpec> = {
  patient: PATIENT,
  encounter: ENCOUNTER,
  conditions: CONDITIONS,
  vitals: { template: VITALS_TEMPLATE, required: true },
  notes: { template: NOTES_TEMPLATE, required: false },
  ...CHART_EXTRAS,
};

const CODING_DESCRIPTION =
  'Suggests ICD-10-CM diagnosis codes from the chart (notes, problems, vitals), each with the evidence quoted and a one-click Condition to add. The chart is de-identified before any model reads it.';
const TRIAGE_DESCRIPTION =
  'Suggests a triage level (EMERGENT, URGENT, SEMI-URGENT, NON-URGENT) from vital signs and notes, with the red flags that set it. The chart is de-identified before any model reads it.';

/** A service is bound to one hook, so the coding and triage services come once per hook. */
export const SERVICES: readonly ServiceDefinition[] = [
  {
    id: 'chartside-icd10-discharge',
    hook: 'encounter-discharge',
    kind: 'coding',
    title: 'Chartside ICD-10-CM coding at discharge',
    description: CODING_DESCRIPTION,
    prefetch: codingPrefetch,
  },
  {
    id: 'chartside-icd10-order-sign',
    hook: 'order-sign',
    kind: 'coding',
    title: 'Chartside ICD-10-CM coding for orders being signed',
    description: CODING_DESCRIPTION,
    prefetch: codingPrefetch,
  },
  {
    id: 'chartside-icd10-patient-view',
    hook: 'patient-view',
    kind: 'coding',
    title: 'Chartside ICD-10-CM coding on chart open',
    description: `${CODING_DESCRIPTION} For EHRs that offer only patient-view (Oracle Health).`,
    prefetch: codingPrefetch,
  },
  {
    id: 'chartside-triage-patient-view',
    hook: 'patient-view',
    kind: 'triage',
    title: 'Chartside triage on chart open',
    description: TRIAGE_DESCRIPTION,
    prefetch: triagePrefetch,
  },
  {
    id: 'chartside-triage-encounter-start',
    hook: 'encounter-start',
    kind: 'triage',
    title: 'Chartside triage at encounter start',
    description: TRIAGE_DESCRIPTION,
    prefetch: triagePrefetch,
  },
];

export const SERVICES_BY_ID: ReadonlyMap<string, ServiceDefinition> = new Map(SERVICES.map((s) => [s.id, s]));

/** A service as the discovery endpoint lists it (CDS Hooks 2.0 §Discovery). */
export interface DiscoveredService {
  id: string;
  hook: HookName;
  title: string;
  description: string;
  prefetch: Record<string, string>;
}

export function discoveryOf(service: ServiceDefinition): DiscoveredService {
  return {
    id: service.id,
    hook: service.hook,
    title: service.title,
    description: service.description,
    prefetch: Object.fromEntries(Object.entries(service.prefetch).map(([k, v]) => [k, v.template])),
  };
}
