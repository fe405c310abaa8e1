import { randomUUID } from 'node:crypto';
import type { Suggestions, TriageLevel } from '../../server/suggest/suggestions.ts';
import type { Card } from '../card-schema.ts';
import { reviewLink, TOPIC_SYSTEM, type CardContext } from './card-context.ts';
import { escapeMarkdown, quote, summaryOf } from './markdown.ts';
import { TRIAGE_OVERRIDE_REASONS } from './override-reasons.ts';

/** EMERGENT is critical, URGENT a warning, the rest information (the issue's mapping). */
export function indicatorFor(level: TriageLevel): Card['indicator'] {
  switch (level) {
    case 'EMERGENT':
      return 'critical';
    case 'URGENT':
      return 'warning';
    case 'SEMI-URGENT':
    case 'NON-URGENT':
      return 'info';
  }
}

/** The triage card: the level, the red flags that set its floor with their evidence, and the rationale. */
export function buildTriageCard(suggestions: Suggestions, ctx: CardContext): Card | undefined {
  const triage = suggestions.triage;
  if (!triage) return undefined;
  const uuid = randomUUID();
  const flags = triage.redFlags;
  const lines: string[] = [`**Suggested triage level: ${triage.level}**`, ''];
  if (flags.length > 0) {
    lines.push('Red flags:', '');
    for (const f of flags) {
      lines.push(`- **${escapeMarkdown(f.label)}** (at least ${f.level})`);
      if (f.evidence) lines.push(`  ${quote(f.evidence.text)}`);
    }
    lines.push('');
  }
  if (triage.rationale.trim() !== '') lines.push(escapeMarkdown(triage.rationale), '');
  const engine = suggestions.engine;
  lines.push(
    `*Suggested by Chartside (${escapeMarkdown(engine.backend)} ${escapeMarkdown(engine.modelVersion)}) from the de-identified chart. Clinical judgement decides.*`,
  );
  const first = flags[0];
  const card: Card = {
    uuid,
    summary: summaryOf(
      first
        ? `Triage ${triage.level}: ${first.label}${flags.length > 1 ? ` (+${flags.length - 1} more)` : ''}`
        : `Triage suggestion: ${triage.level}`,
    ),
    indicator: indicatorFor(triage.level),
    detail: lines.join('\n'),
    source: {
      label: 'Chartside triage',
      ...(ctx.publicUrl !== undefined ? { url: ctx.publicUrl } : {}),
      topic: { system: TOPIC_SYSTEM, code: 'triage', display: 'Triage' },
    },
    overrideReasons: TRIAGE_OVERRIDE_REASONS.map((r) => ({ ...r })),
  };
  const links = reviewLink(ctx, uuid);
  if (links) card.links = links;
  return card;
}
