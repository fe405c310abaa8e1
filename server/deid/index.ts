import type { Bundle, BundleEntry, FhirResource, Resource } from 'fhir/r4.d.ts';
import { AppError } from '../errors/app-error.ts';
import { markDeidentified, type Deidentified } from './deidentified.ts';
import { resolveDeidSecret, type DeidSecret } from './deid-secret.ts';
import { CompiledProfile } from './fhir/compiled-profile.ts';
import { deepDates } from './fhir/event-dates.ts';
import { FhirContext, patientIdOf } from './fhir/fhir-context.ts';
import { pseudonymizeReference, transformResource } from './fhir/deidentify-resource.ts';
import type { DateMode } from './fhir/fhir-dates.ts';
import { SAFE_HARBOR_PROFILE } from './fhir/safe-harbor-profile.ts';
import { addCount, mergeCounts, type PhiCounts } from './phi-category.ts';
import { Pseudonymizer } from './pseudonym.ts';
import { KnownIdentifierMatcher, type KnownIdentifiers } from './text/known-identifiers.ts';
import type { PhiSpan } from './text/phi-span.ts';
import type { ReidentificationMap } from './text/reidentification-map.ts';
import type { ReplacementMode } from './text/replace-spans.ts';
import { detectPhi, scrubText } from './text/scrub-text.ts';

export type { DateMode } from './fhir/fhir-dates.ts';
export type { DeidProfile, ProfileRule } from './fhir/profile-schema.ts';
export { DeidProfileSchema } from './fhir/profile-schema.ts';
export { SAFE_HARBOR_PROFILE } from './fhir/safe-harbor-profile.ts';
export { FhirContext } from './fhir/fhir-context.ts';
export type { KnownIdentifiers } from './text/known-identifiers.ts';
export type { PhiSpan } from './text/phi-span.ts';
export type { ReplacementMode } from './text/replace-spans.ts';
export { ReidentificationMap } from './text/reidentification-map.ts';
export { PHI_CATEGORIES, evalTypeOf, type PhiCategory, type PhiCounts } from './phi-category.ts';
export { resolveDeidSecret, type DeidSecret } from './deid-secret.ts';
export { generalizeZip, RESTRICTED_ZIP3 } from './restricted-zip3.ts';

/** Options of a de-identifier. */
export interface DeidentifierOptions {
  /** The HMAC key: at least 32 characters, or a `DeidSecret` from `resolveDeidSecret`. */
  readonly secret: string | DeidSecret;
  /**
   * `safe-harbor` (default) keeps only the year of every date. `shift` moves each patient's dates by a
   * secret offset so intervals survive: that is Expert Determination (§164.514(b)(1)), not Safe Harbor.
   */
  readonly dateMode?: DateMode;
  /**
   * `placeholder` (default): `[NAME]`, `[DATE]`…; `surrogate`: realistic replacements, the same for the same
   * original within a patient; dates moved by the patient's offset in `shift` date mode, else their year only.
   */
  readonly replacement?: ReplacementMode;
  /** A de-identification profile (data, validated); the Safe Harbor profile by default. */
  readonly profile?: unknown;
}

/** Options for one free text. */
export interface TextOptions {
  /** Names, places, numbers the record knows: every occurrence in the text is PHI. */
  readonly knownIdentifiers?: KnownIdentifiers;
  /**
   * Number the placeholders (`[NAME-1]`) and return a `ReidentificationMap` that stays in memory for this
   * request only; never log, store or send it.
   */
  readonly reversible?: boolean;
  /** The patient the text is about: seeds surrogates and the date shift. */
  readonly patientId?: string;
}

export interface TextResult {
  readonly text: Deidentified<string>;
  /** Identifiers removed, per category (never values). */
  readonly counts: PhiCounts;
  /** Present when `reversible` was asked for. */
  readonly map?: ReidentificationMap;
}

export interface ResourceResult<R> {
  readonly resource: Deidentified<R>;
  readonly counts: PhiCounts;
}

export interface BundleResult {
  readonly bundle: Deidentified<Bundle>;
  readonly counts: PhiCounts;
  /** Per resource type, how many resources were de-identified. */
  readonly resourceTypes: Record<string, number>;
}

/** The de-identification engine: the only producer of `Deidentified<T>`. */
export interface Deidentifier {
  readonly dateMode: DateMode;
  /** How free-text PHI is rewritten: placeholders (`[NAME]`) or surrogates. */
  readonly replacement: ReplacementMode;
  /** True when the secret is a random one for this process only (development). */
  readonly ephemeralSecret: boolean;
  /** De-identifies a free text (a note, a problem statement). */
  deidentifyText(text: string, options?: TextOptions): TextResult;
  /** The PHI spans of a free text (for evaluation and review), without replacing them. */
  detectPhi(text: string, options?: Pick<TextOptions, 'knownIdentifiers'>): PhiSpan[];
  /**
   * De-identifies one FHIR resource. `context` holds what the surrounding Bundle or export knows (patients'
   * names for the free-text scrubber, birth dates for the over-89 rule); without it only the resource itself
   * is learned from. Throws `UNPROCESSABLE` for a resource type the profile does not cover.
   */
  deidentifyResource<R extends Resource>(resource: R, context?: FhirContext): ResourceResult<R>;
  /** De-identifies a Bundle: ids, fullUrls and references are pseudonymised consistently, so they still resolve. */
  deidentifyBundle(bundle: Bundle): BundleResult;
  /**
   * De-identifies the resources at `wanted` of a chart, learning from all of them (patients' names, birth
   * dates) as `deidentifyBundle` does: the same output for those entries, without the cost of the rest
   * (a chart's years of Observations and Claims that a rendering of now never reads). Other slots are empty.
   */
  deidentifySelected(
    resources: readonly FhirResource[],
    wanted: ReadonlySet<number>,
  ): Deidentified<readonly (FhirResource | undefined)[]>;
  /** A context learned from a set of resources (e.g. a whole Bundle), for `deidentifyResource`. */
  learn(resources: Iterable<Resource>, context?: FhirContext): FhirContext;
}

/** Creates a de-identifier. The secret is explicit: the engine keeps no global state. */
export function createDeidentifier(options: DeidentifierOptions): Deidentifier {
  const secret =
    typeof options.secret === 'string'
      ? resolveDeidSecret({ secret: options.secret, mode: 'production' })
      : options.secret;
  const pseudonyms = new Pseudonymizer(secret.key);
  const dateMode: DateMode = options.dateMode ?? 'safe-harbor';
  const mode: ReplacementMode = options.replacement ?? 'placeholder';
  const profile = new CompiledProfile(options.profile ?? SAFE_HARBOR_PROFILE);

  const learn = (resources: Iterable<Resource>, context = new FhirContext()): FhirContext => {
    const all = [...resources];
    for (const r of all) context.add(r);
    for (const r of all) {
      const patientId = patientIdOf(r as unknown as Record<string, unknown>);
      if (patientId === undefined) continue;
      for (const d of deepDates(r)) context.noteEventDate(patientId, d);
    }
    return context;
  };

  const deidentifyResource = <R extends Resource>(resource: R, context?: FhirContext): ResourceResult<R> => {
    if (typeof resource !== 'object' || resource === null || typeof resource.resourceType !== 'string') {
      throw new AppError('INVALID_INPUT', 'not a FHIR resource (no resourceType)');
    }
    const ctx = context ?? learn([resource]);
    const patientId = patientIdOf(resource as unknown as Record<string, unknown>);
    const counts: PhiCounts = {};
    const out = transformResource(resource as unknown as Parameters<typeof transformResource>[0], {
      profile,
      pseudonyms,
      dateMode,
      replacement: { mode },
      patientId,
      birthDate: ctx.birthDateOf(patientId),
      referenceDate: ctx.referenceDateOf(patientId),
      known: ctx.matcherFor(patientId),
      counts,
    });
    return { resource: markDeidentified(out as unknown as R), counts };
  };

  return {
    dateMode,
    replacement: mode,
    ephemeralSecret: secret.ephemeral,
    deidentifyText(text, textOptions = {}) {
      const known = textOptions.knownIdentifiers ? new KnownIdentifierMatcher(textOptions.knownIdentifiers) : undefined;
      const seed =
        textOptions.patientId === undefined
          ? pseudonyms.hmacHex('text-seed', text.slice(0, 64))
          : pseudonyms.hmacHex('surrogate-seed', textOptions.patientId);
      const offset =
        textOptions.patientId === undefined
          ? pseudonyms.dateOffsetDays(seed)
          : pseudonyms.dateOffsetDays(textOptions.patientId);
      const result = scrubText(
        text,
        { known },
        {
          mode,
          reversible: textOptions.reversible === true,
          seed,
          dateOffsetDays: offset,
          shiftDates: dateMode === 'shift',
        },
      );
      return result.map === undefined
        ? { text: markDeidentified(result.text), counts: result.counts }
        : { text: markDeidentified(result.text), counts: result.counts, map: result.map };
    },
    detectPhi(text, textOptions = {}) {
      const known = textOptions.knownIdentifiers ? new KnownIdentifierMatcher(textOptions.knownIdentifiers) : undefined;
      return detectPhi(text, { known });
    },
    deidentifyResource,
    learn,
    deidentifySelected(resources, wanted) {
      const context = learn(resources);
      const out = resources.map((r, i) => {
        try {
          if (wanted.has(i)) return deidentifyResource(r, context).resource;
          // A chart the Bundle path would refuse is refused here too, read or not.
          if (typeof r?.resourceType !== 'string' || !profile.hasType(r.resourceType)) deidentifyResource(r, context);
          return undefined;
        } catch (error) {
          if (error instanceof AppError)
            throw new AppError(error.code, `entry ${i}: ${error.message}`, { expression: [`Bundle.entry[${i}]`] });
          throw error;
        }
      });
      return markDeidentified(out);
    },
    deidentifyBundle(bundle) {
      if (bundle?.resourceType !== 'Bundle') throw new AppError('INVALID_INPUT', 'not a FHIR Bundle');
      const entries = bundle.entry ?? [];
      const context = learn(entries.flatMap((e) => (e.resource ? [e.resource] : [])));
      const counts: PhiCounts = {};
      const resourceTypes: Record<string, number> = {};
      const outEntries: BundleEntry[] = entries.map((entry, i) => {
        const out: BundleEntry = {};
        if (entry.fullUrl !== undefined) out.fullUrl = pseudonymizeReference(entry.fullUrl, pseudonyms);
        if (entry.resource !== undefined) {
          let result: ResourceResult<FhirResource>;
          try {
            result = deidentifyResource(entry.resource as FhirResource, context);
          } catch (error) {
            if (error instanceof AppError)
              throw new AppError(error.code, `entry ${i}: ${error.message}`, { expression: [`Bundle.entry[${i}]`] });
            throw error;
          }
          out.resource = result.resource;
          mergeCounts(counts, result.counts);
          resourceTypes[entry.resource.resourceType] = (resourceTypes[entry.resource.resourceType] ?? 0) + 1;
        }
        if (entry.request !== undefined) {
          const url = /^[A-Z][A-Za-z]+$/.test(entry.request.url)
            ? entry.request.url
            : pseudonymizeReference(entry.request.url, pseudonyms);
          out.request = { method: entry.request.method, url };
        }
        if (entry.response?.status !== undefined) out.response = { status: entry.response.status };
        return out;
      });
      const result: Bundle = { resourceType: 'Bundle', type: bundle.type };
      if (bundle.id !== undefined) {
        result.id = pseudonyms.id(bundle.id);
        addCount(counts, 'ID');
      }
      if (bundle.total !== undefined) result.total = bundle.total;
      if (outEntries.length > 0) result.entry = outEntries;
      return { bundle: markDeidentified(result), counts, resourceTypes };
    },
  };
}
