import { AppError } from '../../errors/app-error.ts';
import { addCount, mergeCounts, type PhiCounts } from '../phi-category.ts';
import type { Pseudonymizer } from '../pseudonym.ts';
import { generalizeZip } from '../restricted-zip3.ts';
import type { KnownIdentifierFinder } from '../text/known-identifiers.ts';
import type { ReplaceOptions } from '../text/replace-spans.ts';
import { scrubText } from '../text/scrub-text.ts';
import type { CompiledProfile, PlanNode, Segment } from './compiled-profile.ts';
import { ageAt, isFhirDate, shiftFhirDate, truncateFhirDate, type DateMode } from './fhir-dates.ts';
import type { ProfileRule } from './profile-schema.ts';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** Everything the transformation of one resource needs. */
export interface ResourceRun {
  readonly profile: CompiledProfile;
  readonly pseudonyms: Pseudonymizer;
  readonly dateMode: DateMode;
  readonly replacement: Omit<ReplaceOptions, 'seed' | 'dateOffsetDays' | 'reversible'>;
  readonly patientId: string | undefined;
  readonly birthDate: string | undefined;
  readonly referenceDate: string | undefined;
  readonly known: KnownIdentifierFinder | undefined;
  readonly counts: PhiCounts;
}

const SHORT_TEXT_CACHE = new WeakMap<KnownIdentifierFinder, Map<string, { text: string; counts: PhiCounts }>>();
const INSTANT_KEYS = new Set(['issued', 'lastUpdated', 'recorded', 'effectiveInstant', 'occurredDateTime_instant']);
const MAX_ATTACHMENT_BYTES = 16 * 1024 * 1024;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Rewrites a reference to a pseudonymous one that still resolves against pseudonymous ids. */
export function pseudonymizeReference(reference: string, pseudonyms: Pseudonymizer): string {
  if (reference.startsWith('#')) return reference;
  const uuid = /^urn:uuid:(.+)$/.exec(reference);
  if (uuid?.[1] !== undefined) return `urn:uuid:${pseudonyms.id(uuid[1])}`;
  const conditional = /^([A-Z][A-Za-z]+)\?identifier=(?:([^|&]*)\|)?([^&]+)$/.exec(reference);
  if (conditional !== null) {
    const [, type = '', system, value = ''] = conditional;
    return `${type}?identifier=${system === undefined ? '' : `${system}|`}${pseudonyms.value(value)}`;
  }
  const literal = /(?:^|\/)([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[^/]+)?$/.exec(reference);
  if (literal !== null) return `${literal[1]}/${pseudonyms.id(literal[2] ?? '')}`;
  return pseudonyms.value(reference);
}

class ResourceTransformer {
  readonly #run: ResourceRun;
  readonly #offset: number;
  readonly #surrogateSeed: string;

  constructor(run: ResourceRun) {
    this.#run = run;
    this.#offset = run.patientId === undefined ? 0 : run.pseudonyms.dateOffsetDays(run.patientId);
    // Surrogates are chosen by a keyed hash of the patient: without the secret, a surrogate cannot be
    // traced back to its original by trying the names of a list.
    this.#surrogateSeed =
      run.patientId === undefined ? 'no-patient' : run.pseudonyms.hmacHex('surrogate-seed', run.patientId);
  }

  #text(value: string): string {
    const run = this.#run;
    // Coded elements repeat the same short texts ("Body Weight") thousands of times: in placeholder mode
    // the result depends only on the text and the known identifiers, so it is cached per context.
    const cacheable = run.replacement.mode === 'placeholder' && value.length <= 256 && run.known !== undefined;
    let cache: Map<string, { text: string; counts: PhiCounts }> | undefined;
    if (cacheable && run.known !== undefined) {
      cache = SHORT_TEXT_CACHE.get(run.known);
      if (cache === undefined) {
        cache = new Map();
        SHORT_TEXT_CACHE.set(run.known, cache);
      }
      const hit = cache.get(value);
      if (hit !== undefined) {
        mergeCounts(run.counts, hit.counts);
        return hit.text;
      }
    }
    const result = scrubText(
      value,
      { known: run.known },
      {
        ...run.replacement,
        seed: this.#surrogateSeed,
        dateOffsetDays: this.#offset,
        shiftDates: run.dateMode === 'shift',
      },
    );
    mergeCounts(run.counts, result.counts);
    if (cache !== undefined) {
      if (cache.size > 20_000) cache.clear();
      cache.set(value, { text: result.text, counts: result.counts });
    }
    return result.text;
  }

  #date(value: string, key: Segment, force: 'year' | undefined): string {
    addCount(this.#run.counts, 'DATE');
    const instant = typeof key === 'string' && INSTANT_KEYS.has(key);
    if (force === 'year' || this.#run.dateMode === 'safe-harbor') return truncateFhirDate(value, instant);
    return shiftFhirDate(value, this.#offset);
  }

  #dates(value: Json, key: Segment, force: 'year' | undefined): Json | undefined {
    if (typeof value === 'string') return isFhirDate(value) ? this.#date(value, key, force) : undefined;
    if (Array.isArray(value))
      return value.map((v) => this.#dates(v, key, force)).filter((v): v is Json => v !== undefined);
    if (isObject(value)) {
      const out: JsonObject = {};
      for (const [k, v] of Object.entries(value)) {
        if (k === 'extension' || k === 'id' || k.startsWith('_')) continue;
        const r = this.#dates(v, k, force);
        if (r !== undefined) out[k] = r;
      }
      return Object.keys(out).length > 0 ? out : undefined;
    }
    return undefined;
  }

  #hash(value: Json, key: Segment): Json | undefined {
    const pseudonyms = this.#run.pseudonyms;
    addCount(this.#run.counts, 'ID');
    if (typeof value === 'string') {
      if (key === 'id') return pseudonyms.id(value);
      if (key === 'reference' || /^(urn:uuid:|[A-Z][A-Za-z]+[/?])/.test(value))
        return pseudonymizeReference(value, pseudonyms);
      return pseudonyms.value(value);
    }
    if (Array.isArray(value)) return value.map((v) => this.#hash(v, key)).filter((v): v is Json => v !== undefined);
    if (isObject(value)) {
      // A Reference: its display (a name) and identifier are dropped; the reference and type stay.
      const out: JsonObject = {};
      if (typeof value.reference === 'string') out.reference = pseudonymizeReference(value.reference, pseudonyms);
      if (typeof value.type === 'string') out.type = value.type;
      return Object.keys(out).length > 0 ? out : undefined;
    }
    return undefined;
  }

  #attachment(value: JsonObject): JsonObject | undefined {
    const contentType = typeof value.contentType === 'string' ? value.contentType.toLowerCase() : '';
    const textual = /^text\/|^application\/(?:json|xml|fhir|xhtml|rtf)/.test(contentType);
    if (!textual) {
      addCount(this.#run.counts, 'PHOTO');
      return undefined;
    }
    const out: JsonObject = { contentType: value.contentType ?? 'text/plain' };
    if (typeof value.language === 'string') out.language = value.language;
    if (typeof value.data === 'string') {
      if (value.data.length > (MAX_ATTACHMENT_BYTES * 4) / 3)
        throw new AppError('TOO_LARGE', 'attachment data is larger than 16 MiB');
      const decoded = Buffer.from(value.data, 'base64');
      const text = new TextDecoder('utf-8', { fatal: false }).decode(decoded);
      out.data = Buffer.from(this.#text(text), 'utf8').toString('base64');
    }
    // url, hash, size, title and creation either identify or no longer match the scrubbed data.
    return out;
  }

  #scrub(value: Json, key: Segment, resource: JsonObject): Json | undefined {
    if (typeof value === 'string') {
      if (key === 'div')
        return `<div xmlns="http://www.w3.org/1999/xhtml">${escapeXml(this.#text(xhtmlToText(value)))}</div>`;
      if (key === 'data' && resource.resourceType === 'Binary') {
        const out = this.#attachment({ contentType: resource.contentType ?? 'application/octet-stream', data: value });
        return out?.data;
      }
      return this.#text(value);
    }
    if (Array.isArray(value))
      return value.map((v) => this.#scrub(v, key, resource)).filter((v): v is Json => v !== undefined);
    if (isObject(value) && ('contentType' in value || 'data' in value || 'url' in value))
      return this.#attachment(value);
    return undefined;
  }

  #generalize(rule: ProfileRule, value: Json, key: Segment): Json | undefined {
    if (typeof value !== 'string') return undefined;
    switch (rule.to) {
      case 'zip3':
        addCount(this.#run.counts, 'ZIP');
        return generalizeZip(value);
      case 'year':
        return this.#date(value, key, 'year');
      case 'birthDate': {
        const reference = this.#run.referenceDate ?? new Date().toISOString().slice(0, 10);
        const age = ageAt(value, reference);
        if (age === undefined || age > 89) {
          // Safe Harbor §164.514(b)(2)(i)(C): a birth year that reveals an age over 89 goes.
          addCount(this.#run.counts, 'AGE');
          return undefined;
        }
        return this.#date(value, key, undefined);
      }
      case undefined:
        return undefined;
    }
  }

  #applyRule(rule: ProfileRule, value: Json, key: Segment, resource: JsonObject): Json | undefined {
    switch (rule.method) {
      case 'keep':
        return this.#keep(value);
      case 'redact':
        addCount(this.#run.counts, rule.category ?? 'ID', Array.isArray(value) ? value.length : 1);
        return undefined;
      case 'dateShift':
        return this.#dates(value, key, undefined);
      case 'truncateDate':
        return this.#dates(value, key, 'year');
      case 'cryptoHash':
        return this.#hash(value, key);
      case 'generalize':
        return this.#generalize(rule, value, key);
      case 'scrubText':
        return this.#scrub(value, key, resource);
    }
  }

  #keep(value: Json): Json {
    if (Array.isArray(value)) return value.map((v) => this.#keep(v));
    if (isObject(value)) {
      const out: JsonObject = {};
      for (const [k, v] of Object.entries(value)) {
        if (k === 'extension' || k === 'modifierExtension') {
          const kept = this.#extensions(v);
          if (kept !== undefined) out[k] = kept;
        } else if (!k.startsWith('_')) {
          out[k] = this.#keep(v);
        }
      }
      return out;
    }
    return value;
  }

  /** Keeps the extensions the profile lists, their values de-identified by type; drops the others. */
  #extensions(list: Json): Json[] | undefined {
    if (!Array.isArray(list)) return undefined;
    const out: Json[] = [];
    for (const ext of list) {
      if (!isObject(ext) || typeof ext.url !== 'string') continue;
      if (!this.#run.profile.allowedExtensions.has(ext.url)) continue;
      const kept: JsonObject = { url: ext.url };
      for (const [k, v] of Object.entries(ext)) {
        if (k === 'extension') {
          const nested = this.#extensions(v);
          if (nested !== undefined) kept.extension = nested;
        } else if (k === 'valueString' && typeof v === 'string') {
          kept[k] = this.#text(v);
        } else if (/^value(Date|DateTime|Instant)$/.test(k) && typeof v === 'string') {
          kept[k] = this.#date(v, k, undefined);
        } else if (k === 'valueReference') {
          const r = this.#hash(v, 'reference');
          if (r !== undefined) kept[k] = r;
        } else if (
          /^value(Code|Coding|CodeableConcept|Boolean|Integer|Decimal|Quantity|PositiveInt|UnsignedInt)$/.test(k)
        ) {
          kept[k] = this.#keep(v);
        }
      }
      if (Object.keys(kept).length > 1) out.push(kept);
    }
    return out.length > 0 ? out : undefined;
  }

  walk(value: Json, node: PlanNode, key: Segment, resource: JsonObject): Json | undefined {
    if (node.rule !== undefined) return this.#applyRule(node.rule, value, key, resource);
    const children = node.children;
    if (children === undefined) return undefined;
    if (Array.isArray(value)) {
      const out: Json[] = [];
      for (let i = 0; i < value.length; i++) {
        const child = children.get(i);
        const item = value[i];
        if (child === undefined || item === undefined) continue;
        const r = this.walk(item, child, key, resource);
        if (r !== undefined) out.push(r);
      }
      return out.length > 0 ? out : undefined;
    }
    if (isObject(value)) {
      const out: JsonObject = {};
      for (const [k, child] of children) {
        if (typeof k !== 'string') continue;
        const v = value[k];
        if (v === undefined) continue;
        const r = this.walk(v, child, k, resource);
        if (r !== undefined) out[k] = r;
      }
      if (Object.keys(out).length === 0) return undefined;
      if (value.extension !== undefined) {
        const kept = this.#extensions(value.extension);
        if (kept !== undefined) out.extension = kept;
      }
      return out;
    }
    return undefined;
  }
}

function xhtmlToText(div: string): string {
  return div
    .replace(/<(?:br|p|div|li|tr|h\d)\b[^>]*>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&amp;/g, '&')
    .trim();
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Applies a compiled profile to one resource. Throws `UNPROCESSABLE` for a type the profile lacks.
 * The input is not modified.
 */
export function transformResource(resource: JsonObject, run: ResourceRun): JsonObject {
  const type = resource.resourceType;
  if (typeof type !== 'string' || !run.profile.hasType(type)) {
    const name = typeof type === 'string' && /^[A-Z][A-Za-z]{1,63}$/.test(type) ? type : 'unknown';
    throw new AppError('UNPROCESSABLE', `resource type ${name} is not in the de-identification profile`);
  }
  const plan = run.profile.plan(resource as { resourceType: string });
  const transformer = new ResourceTransformer(run);
  const out: JsonObject = { resourceType: type };
  const body = transformer.walk(resource, plan, '', resource);
  if (isObject(body)) for (const [k, v] of Object.entries(body)) out[k] = v;
  if (Array.isArray(resource.contained)) {
    // Contained resources go through the same profile; their local ids stay so `#id` references resolve.
    const contained: Json[] = [];
    for (const child of resource.contained) {
      if (!isObject(child) || typeof child.resourceType !== 'string' || !run.profile.hasType(child.resourceType))
        continue;
      const transformed = transformResource(child, run);
      if (typeof child.id === 'string') transformed.id = child.id;
      contained.push(transformed);
    }
    if (contained.length > 0) out.contained = contained;
  }
  return out;
}
