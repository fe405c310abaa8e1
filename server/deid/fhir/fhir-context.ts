import type { FhirResource, Resource } from 'fhir/r4.d.ts';
import { combineFinders, KnownIdentifierMatcher, type KnownIdentifierFinder } from '../text/known-identifiers.ts';

/** Sets, so that the same practitioner or organisation seen a thousand times is held once. */
interface MutableKnown {
  names: Set<string>;
  places: Set<string>;
  telecoms: Set<string>;
  identifiers: Set<string>;
  organizations: Set<string>;
  dates: Set<string>;
}

/** What every patient of a context shares: practitioners, organisations, locations, and their matcher. */
interface SharedFacts {
  readonly known: MutableKnown;
  matcher?: KnownIdentifierMatcher | undefined;
  /** Bumped on every change, so that every context sharing these facts rebuilds its combined matchers. */
  version: number;
}

interface PatientFacts {
  known: MutableKnown;
  birthDate?: string;
  deceased?: string;
  latest?: string;
  matcher?: KnownIdentifierFinder;
  /** The shared facts' version the matcher was built with. */
  sharedVersion?: number;
}

function emptyKnown(): MutableKnown {
  return {
    names: new Set(),
    places: new Set(),
    telecoms: new Set(),
    identifiers: new Set(),
    organizations: new Set(),
    dates: new Set(),
  };
}

function addAll(into: Set<string>, values: readonly string[]): void {
  for (const v of values) into.add(v);
}

function matcherOf(known: MutableKnown): KnownIdentifierMatcher {
  return new KnownIdentifierMatcher({
    names: [...known.names],
    places: [...known.places],
    telecoms: [...known.telecoms],
    identifiers: [...known.identifiers],
    organizations: [...known.organizations],
    dates: [...known.dates],
  });
}

type Loose = Record<string, unknown>;

const SHARED_TYPES: ReadonlySet<string> = new Set(['Practitioner', 'Organization', 'Location', 'PractitionerRole']);

function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  return [];
}

function objects(value: unknown): Loose[] {
  if (Array.isArray(value)) return value.filter((v): v is Loose => typeof v === 'object' && v !== null);
  return typeof value === 'object' && value !== null ? [value as Loose] : [];
}

function addPersonFacts(resource: Loose, into: MutableKnown): void {
  for (const name of objects(resource.name)) {
    const parts = [...strings(name.given), ...strings(name.family)];
    addAll(into.names, [...parts, ...strings(name.text)]);
    if (parts.length > 1) into.names.add(parts.join(' '));
  }
  if (typeof resource.name === 'string') into.organizations.add(resource.name);
  addAll(into.organizations, strings(resource.alias));
  for (const address of objects(resource.address)) {
    addAll(into.places, [
      ...strings(address.line),
      ...strings(address.city),
      ...strings(address.district),
      ...strings(address.postalCode),
      ...strings(address.text),
    ]);
  }
  for (const telecom of objects(resource.telecom)) addAll(into.telecoms, strings(telecom.value));
  for (const identifier of objects(resource.identifier)) addAll(into.identifiers, strings(identifier.value));
  for (const contact of objects(resource.contact)) addPersonFacts(contact, into);
  for (const ext of objects(resource.extension))
    if (typeof ext.valueString === 'string' && /maiden/i.test(String(ext.url)))
      addAll(into.names, ext.valueString.split(/\s+/));
}

/** `Patient/<id>`, relative or absolute, with or without `/_history/<version>` (as pseudonymised references keep). */
const PATIENT_REFERENCE = /(?:^|\/)Patient\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[^/]+)?$/;
const UUID_REFERENCE = /^urn:uuid:(.+)$/;

function referencedPatient(value: unknown): string | undefined {
  const ref = (value as Loose | undefined)?.reference;
  if (typeof ref !== 'string') return undefined;
  return (PATIENT_REFERENCE.exec(ref) ?? UUID_REFERENCE.exec(ref))?.[1];
}

/**
 * The id of the patient a resource is about: `Patient.id`, else its subject, patient or beneficiary
 * reference, else a Patient among its recipients. One function for every place that asks (the
 * de-identifier's per-patient facts, the dataset builder's partitions and joins), so that they agree; it
 * reads original and de-identified resources alike (pseudonymised references keep their shape).
 */
export function patientIdOf(resource: Loose): string | undefined {
  if (resource.resourceType === 'Patient') return typeof resource.id === 'string' ? resource.id : undefined;
  for (const key of ['subject', 'patient', 'beneficiary']) {
    const id = referencedPatient(resource[key]);
    if (id !== undefined) return id;
  }
  const recipients = Array.isArray(resource.recipient) ? (resource.recipient as unknown[]) : [];
  for (const r of recipients) {
    const ref = (r as Loose | undefined)?.reference;
    if (typeof ref === 'string' && PATIENT_REFERENCE.test(ref)) return referencedPatient(r);
  }
  return undefined;
}

/**
 * What one context (a Bundle, an export) knows about its people: names, addresses, phone numbers and
 * identifiers from Patient and RelatedPerson (per patient) and from Practitioner and Organization (for
 * all), birth and death dates and the latest event date per patient (to decide "over 89" at the event,
 * not today). Free text of that patient is searched for all of it.
 */
export class FhirContext {
  readonly #patients = new Map<string, PatientFacts>();
  readonly #shared: SharedFacts;

  constructor(shared?: FhirContext) {
    this.#shared = shared === undefined ? { known: emptyKnown(), version: 0 } : shared.#shared;
  }

  /**
   * A context for one set of patients (a partition of an export) that shares this one's practitioners,
   * organisations and locations, so that per-patient facts are held for one partition at a time.
   */
  forPatients(): FhirContext {
    return new FhirContext(this);
  }

  #facts(patientId: string): PatientFacts {
    let facts = this.#patients.get(patientId);
    if (facts === undefined) {
      facts = { known: emptyKnown() };
      this.#patients.set(patientId, facts);
    }
    return facts;
  }

  /** Learns from one (original) resource. */
  add(input: Resource): void {
    const resource = input as FhirResource;
    const loose = input as unknown as Loose;
    if (resource.resourceType === 'Patient') {
      if (resource.id === undefined) return;
      const facts = this.#facts(resource.id);
      addPersonFacts(loose, facts.known);
      if (resource.birthDate !== undefined) {
        facts.birthDate = resource.birthDate;
        facts.known.dates.add(resource.birthDate);
      }
      if (resource.deceasedDateTime !== undefined) facts.deceased = resource.deceasedDateTime;
      delete facts.matcher;
    } else if (resource.resourceType === 'RelatedPerson') {
      const id = patientIdOf(loose);
      if (id === undefined) return;
      const facts = this.#facts(id);
      addPersonFacts(loose, facts.known);
      delete facts.matcher;
    } else if (SHARED_TYPES.has(resource.resourceType)) {
      addPersonFacts(loose, this.#shared.known);
      this.#shared.matcher = undefined;
      this.#shared.version++;
    }
  }

  /** Records an event date of a patient (the latest one decides whether the patient is over 89). */
  noteEventDate(patientId: string, date: string): void {
    const facts = this.#facts(patientId);
    if (facts.latest === undefined || date > facts.latest) facts.latest = date;
  }

  birthDateOf(patientId: string | undefined): string | undefined {
    return patientId === undefined ? undefined : this.#patients.get(patientId)?.birthDate;
  }

  /** The date at which a patient's age is judged: death, else the latest event known. */
  referenceDateOf(patientId: string | undefined): string | undefined {
    if (patientId === undefined) return undefined;
    const facts = this.#patients.get(patientId);
    return facts?.deceased ?? facts?.latest;
  }

  /** The known identifiers for the text of one patient (theirs plus the shared ones). */
  matcherFor(patientId: string | undefined): KnownIdentifierFinder {
    this.#shared.matcher ??= matcherOf(this.#shared.known);
    const shared = this.#shared.matcher;
    const facts = patientId === undefined ? undefined : this.#patients.get(patientId);
    if (facts === undefined) return shared;
    if (facts.matcher === undefined || facts.sharedVersion !== this.#shared.version) {
      facts.matcher = combineFinders([matcherOf(facts.known), shared]);
      facts.sharedVersion = this.#shared.version;
    }
    return facts.matcher;
  }
}
