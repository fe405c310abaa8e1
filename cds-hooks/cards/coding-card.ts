import { randomUUID } from 'node:crypto';
import type { Condition } from 'fhir/r4.d.ts';
import type { CodeSuggestion, Suggestions } from '../../server/suggest/suggestions.ts';
import { CHARTSIDE_TAG } from '../../server/chart/chart-model.ts';
import type { Card } from '../card-schema.ts';
import { reviewLink, TOPIC_SYSTEM, unreadLine, type CardContext } from './card-context.ts';
import { escapeMarkdown, quote, summaryOf } from './markdown.ts';
import { CODING_OVERRIDE_REASONS } from './override-reasons.ts';

export const ICD10CM_SYSTEM = 'http://hl7.org/fhir/sid/icd-10-cm';
/** At or above this confidence a suggestion is marked `isRecommended`. */
const RECOMMEND_AT = 0.7;

/** The Condition a suggestion creates: an encounter diagnosis coded in ICD-10-CM, on the real patient. */
export function conditionFor(code: CodeSuggestion, ctx: CardContext, terminologyVersion: string): Condition {
  return {
    resourceType: 'Condition',
    meta: { tag: [{ ...CHARTSIDE_TAG }] },
    clinicalStatus: {
      coding: [
        { system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active', display: 'Active' },
      ],
    },
    verificationStatus: {
      coding: [
        {
          system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status',
          code: 'confirmed',
          display: 'Confirmed',
        },
      ],
    },
    category: [
      {
        coding: [
          {
            system: 'http://terminology.hl7.org/CodeSystem/condition-category',
            code: 'encounter-diagnosis',
            display: 'Encounter Diagnosis',
          },
        ],
      },
    ],
    code: {
      coding: [{ system: ICD10CM_SYSTEM, version: terminologyVersion, code: code.code, display: code.display }],
      text: code.display,
    },
    subject: { reference: `Patient/${ctx.patientId}` },
    ...(ctx.encounterId !== undefined ? { encounter: { reference: `Encounter/${ctx.encounterId}` } } : {}),
    ...(ctx.userId !== undefined && /^(Practitioner|PractitionerRole)\/[A-Za-z0-9\-.]{1,64}$/.test(ctx.userId)
      ? { recorder: { reference: ctx.userId } }
      : {}),
    recordedDate: ctx.now.toISOString(),
  };
}

function detailOf(codes: CodeSuggestion[], suggestions: Suggestions, ctx: CardContext): string {
  const lines: string[] = [];
  for (const [i, c] of codes.entries()) {
    const flags = [
      `confidence ${Math.round(c.confidence * 100)}%`,
      c.needsSpecificity ? 'header code: needs more characters before it can be billed' : undefined,
      c.excludes1Conflicts.length > 0 ? `Excludes1 conflict with ${c.excludes1Conflicts.join(', ')}` : undefined,
      c.onChart !== undefined ? 'already on the chart' : undefined,
      ...(c.documentation ?? []),
    ].filter((f): f is string => f !== undefined);
    lines.push(`${i + 1}\\. **${c.code}** ${escapeMarkdown(c.display)} (${flags.join('; ')})`);
    lines.push('');
    for (const e of c.evidence.slice(0, 3)) {
      lines.push(quote(e.text));
      lines.push('');
    }
    if (c.rationale.trim() !== '') {
      lines.push(escapeMarkdown(c.rationale));
      lines.push('');
    }
  }
  const unread = unreadLine(ctx);
  if (unread !== undefined) lines.push(unread, '');
  const engine = suggestions.engine;
  lines.push(
    `*Suggested by Chartside (${escapeMarkdown(engine.backend)} ${escapeMarkdown(engine.modelVersion)}, ICD-10-CM ${escapeMarkdown(engine.terminologyVersion)}) from the de-identified chart; quotes are from that text. Review before accepting.*`,
  );
  return lines.join('\n');
}

/**
 * The coding card (CDS Hooks 2.0 §Card): one card with every suggested code; each billable code is a
 * suggestion that creates its Condition, any number of which may be accepted. Undefined when there is
 * no code to suggest (the response is then `{"cards": []}`).
 */
export function buildCodingCard(suggestions: Suggestions, ctx: CardContext): Card | undefined {
  const codes = suggestions.codes;
  if (codes.length === 0) return undefined;
  const uuid = randomUUID();
  // A code already on the encounter or the problem list is listed, never offered to add again.
  const actionable = codes.filter((c) => c.billable && c.onChart === undefined);
  const list = codes.map((c) => c.code).join(', ');
  const card: Card = {
    uuid,
    summary: summaryOf(`Chartside suggests ${codes.length} ICD-10-CM code${codes.length === 1 ? '' : 's'}: ${list}`),
    indicator: 'info',
    detail: detailOf(codes, suggestions, ctx),
    source: {
      label: 'Chartside ICD-10-CM coding',
      ...(ctx.publicUrl !== undefined ? { url: ctx.publicUrl } : {}),
      topic: { system: TOPIC_SYSTEM, code: 'icd10cm-coding', display: 'ICD-10-CM coding' },
    },
    overrideReasons: CODING_OVERRIDE_REASONS.map((r) => ({ ...r })),
  };
  if (actionable.length > 0) {
    card.suggestions = actionable.map((c) => ({
      label: summaryOf(`Add ${c.code} ${c.display}`, 80),
      uuid: randomUUID(),
      ...(c.confidence >= RECOMMEND_AT ? { isRecommended: true } : {}),
      actions: [
        {
          type: 'create' as const,
          description: `Add encounter diagnosis ${c.code} (${c.display})`,
          resource: { ...conditionFor(c, ctx, suggestions.engine.terminologyVersion) },
        },
      ],
    }));
    card.selectionBehavior = 'any';
  }
  const links = reviewLink(ctx, uuid);
  if (links) card.links = links;
  return card;
}
