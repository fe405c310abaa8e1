import { randomUUID } from 'node:crypto';
import { prefetchFor, type FixturePatient } from '../../fixtures/ehr/cds-patients.ts';

/** A CDS Hooks 2.0 request as an EHR sends it, with full prefetch unless told otherwise. */
export function hookRequest(
  hook: string,
  p: FixturePatient,
  options: { omit?: string[]; context?: Record<string, unknown>; extra?: Record<string, unknown> } = {},
): Record<string, unknown> {
  const context: Record<string, unknown> = { userId: 'Practitioner/dr-ortiz', patientId: p.id };
  if (hook !== 'patient-view') context.encounterId = p.encounterId;
  if (hook === 'order-sign') {
    context.draftOrders = {
      resourceType: 'Bundle',
      type: 'collection',
      entry: [
        {
          resource: {
            resourceType: 'ServiceRequest',
            id: 'draft-1',
            status: 'draft',
            intent: 'order',
            code: { text: 'Chest X-ray' },
            subject: { reference: `Patient/${p.id}` },
          },
        },
      ],
    };
  }
  return {
    hook,
    hookInstance: randomUUID(),
    context: { ...context, ...options.context },
    prefetch: prefetchFor(p, options.omit ?? []),
    ...options.extra,
  };
}
