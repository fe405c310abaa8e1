import { randomUUID } from 'node:crypto';
import type { AuditEvent, AuditEventAgent, AuditEventEntityDetail, Reference } from 'fhir/r4.d.ts';
import { CHARTSIDE_VERSION } from '../version.ts';

/** What kind of request an audit record is about. */
export type AuditKind = 'cds-discovery' | 'cds-service' | 'cds-feedback' | 'fhir-terminology' | 'http';

const KIND_DISPLAY: Record<AuditKind, string> = {
  'cds-discovery': 'CDS Hooks discovery',
  'cds-service': 'CDS Hooks service call',
  'cds-feedback': 'CDS Hooks feedback',
  'fhir-terminology': 'FHIR terminology operation',
  http: 'HTTP request',
};

/** The model and engine that answered, from `Suggestions.engine`. */
export interface AuditEngine {
  backend: string;
  modelVersion: string;
  terminologyVersion: string;
  fallbackFrom?: string;
  /** When a model's triage level differed from the engine's floor: `model URGENT, floor EMERGENT, raised-to-floor`. */
  triageDisagreement?: string;
}

/**
 * Everything one audit record says. Content-free by construction: ids of the client, the user, the
 * location, the service and the request; the engine; counts; status and times. Never a patient's name,
 * text, codes or id.
 */
export interface AuditRecordInput {
  kind: AuditKind;
  method: string;
  /** The matched route pattern (`/cds-services/:id`), never the raw URL. */
  route: string;
  status: number;
  /** False when the client went away before the answer was sent. */
  completed: boolean;
  requestId: string;
  start: Date;
  end: Date;
  /** The CDS client (JWT `iss`), when authenticated. */
  client?: string;
  tenant?: string;
  /** The user as the EHR gives it (`context.userId` or the token's `fhirUser`). */
  user?: string;
  /** Department or location reference (`Location/123`), when known. */
  location?: string;
  service?: string;
  hook?: string;
  hookInstance?: string;
  engine?: AuditEngine;
  suggestions?: number;
  /** Network address of the caller (the EHR's, not a patient's). */
  address?: string;
}

const SUBTYPE_SYSTEM = 'urn:chartside:fhir:CodeSystem:audit-subtype';
const CLIENT_SYSTEM = 'urn:chartside:cds-client';
const REQUEST_SYSTEM = 'urn:chartside:request-id';

const ACTION: Record<string, AuditEvent['action']> = { GET: 'R', HEAD: 'R', POST: 'E', PUT: 'U', DELETE: 'D' };

function referenceTo(value: string): Reference {
  return /^[A-Z][A-Za-z]+\/[A-Za-z0-9\-.]{1,64}$/.test(value) ? { reference: value } : { identifier: { value } };
}

function outcomeOf(status: number, completed: boolean): AuditEvent['outcome'] {
  if (!completed || status >= 500) return '8';
  return status >= 400 ? '4' : '0';
}

/** Builds the FHIR R4 AuditEvent for one request (FHIR R4 §AuditEvent; DICOM agent and source types). */
export function buildAuditEvent(input: AuditRecordInput): AuditEvent {
  const latencyMs = Math.max(0, input.end.getTime() - input.start.getTime());
  const agent: AuditEventAgent[] = [
    {
      type: {
        coding: [{ system: 'http://dicom.nema.org/resources/ontology/DCM', code: '110150', display: 'Application' }],
      },
      who:
        input.client !== undefined
          ? { identifier: { system: CLIENT_SYSTEM, value: input.client } }
          : { display: 'unauthenticated caller' },
      requestor: input.user === undefined,
      ...(input.address !== undefined ? { network: { address: input.address, type: '2' as const } } : {}),
    },
  ];
  if (input.user !== undefined) {
    agent.push({
      type: {
        coding: [
          {
            system: 'http://terminology.hl7.org/CodeSystem/extra-security-role-type',
            code: 'humanuser',
            display: 'human user',
          },
        ],
      },
      who: referenceTo(input.user),
      requestor: true,
      ...(input.location !== undefined ? { location: { reference: input.location } } : {}),
    });
  }
  const detail: AuditEventEntityDetail[] = [
    { type: 'method', valueString: input.method },
    { type: 'route', valueString: input.route },
    { type: 'status', valueString: String(input.status) },
    { type: 'latencyMs', valueString: String(latencyMs) },
    { type: 'engineVersion', valueString: `chartside ${CHARTSIDE_VERSION}` },
  ];
  const add = (type: string, value: string | undefined): void => {
    if (value !== undefined) detail.push({ type, valueString: value });
  };
  add('service', input.service);
  add('hook', input.hook);
  add('hookInstance', input.hookInstance);
  add('backend', input.engine?.backend);
  add('modelVersion', input.engine?.modelVersion);
  add('terminologyVersion', input.engine?.terminologyVersion);
  add('fallbackFrom', input.engine?.fallbackFrom);
  add('triageDisagreement', input.engine?.triageDisagreement);
  add('suggestions', input.suggestions === undefined ? undefined : String(input.suggestions));
  add('location', input.location);
  return {
    resourceType: 'AuditEvent',
    id: randomUUID(),
    type: {
      system: 'http://terminology.hl7.org/CodeSystem/audit-event-type',
      code: 'rest',
      display: 'RESTful Operation',
    },
    subtype: [{ system: SUBTYPE_SYSTEM, code: input.kind, display: KIND_DISPLAY[input.kind] }],
    action: ACTION[input.method] ?? 'E',
    period: { start: input.start.toISOString(), end: input.end.toISOString() },
    recorded: input.end.toISOString(),
    outcome: outcomeOf(input.status, input.completed),
    outcomeDesc: input.completed ? `HTTP ${input.status}` : `client closed the connection (HTTP ${input.status})`,
    agent,
    source: {
      ...(input.tenant !== undefined ? { site: input.tenant } : {}),
      observer: { display: 'Chartside' },
      type: [
        {
          system: 'http://terminology.hl7.org/CodeSystem/security-source-type',
          code: '4',
          display: 'Application Server',
        },
      ],
    },
    entity: [
      {
        what: { identifier: { system: REQUEST_SYSTEM, value: input.requestId } },
        type: {
          system: 'http://terminology.hl7.org/CodeSystem/audit-entity-type',
          code: '2',
          display: 'System Object',
        },
        detail,
      },
    ],
  };
}
