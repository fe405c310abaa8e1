import type { HookName, ServiceDefinition } from '../services.ts';

/** What a card builder knows of the call: real ids from the EHR's context (never the model's placeholders). */
export interface CardContext {
  service: ServiceDefinition;
  hook: HookName;
  hookInstance: string;
  patientId: string;
  encounterId?: string;
  userId?: string;
  /** Chartside's public URL (card source), when configured. */
  publicUrl?: string;
  /** The SMART launch URL of the Chartside app, when known. */
  smartLaunchUrl?: string;
  /** The time stamped on created resources. */
  now: Date;
  /** Prefetch keys that applied and that neither the prefetch nor the FHIR server gave. */
  unread?: string[];
}

/** What each optional prefetch key holds, in a clinician's words. */
const KEY_WORDS: Record<string, string> = {
  patient: 'the patient',
  encounter: 'the encounter',
  latestEncounter: 'the latest encounter',
  conditions: 'conditions',
  vitals: 'vital signs',
  notes: 'notes',
  labs: 'laboratory results',
  medications: 'active medications',
  allergies: 'allergies',
  procedures: "this encounter's procedures",
  encounterObservations: "this encounter's observations",
  encounterNotes: "this encounter's notes",
  encounterReports: "this encounter's reports",
};

/**
 * The card line that names the parts of the chart Chartside did not get (as the SMART app does), so a gap
 * is never read as "none recorded"; undefined when nothing is missing.
 */
export function unreadLine(ctx: CardContext): string | undefined {
  const unread = ctx.unread ?? [];
  if (unread.length === 0) return undefined;
  const words = unread.map((k) => KEY_WORDS[k] ?? k);
  return `*Not read from the EHR (neither prefetched nor fetched): ${words.join(', ')}. The suggestion rests on the rest of the chart.*`;
}

export const TOPIC_SYSTEM = 'urn:chartside:fhir:CodeSystem:cds-card-topic';
export const OVERRIDE_SYSTEM = 'urn:chartside:fhir:CodeSystem:cds-override-reason';

/** The SMART link that opens the Chartside app on this call (CDS Hooks 2.0 §Link, type `smart`). */
export function reviewLink(
  ctx: CardContext,
  cardUuid: string,
): { label: string; url: string; type: 'smart'; appContext: string }[] | undefined {
  if (ctx.smartLaunchUrl === undefined) return undefined;
  return [
    {
      label: 'Review in Chartside',
      url: ctx.smartLaunchUrl,
      type: 'smart',
      appContext: JSON.stringify({ service: ctx.service.id, hookInstance: ctx.hookInstance, card: cardUuid }),
    },
  ];
}
