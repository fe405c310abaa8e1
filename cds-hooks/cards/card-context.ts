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
