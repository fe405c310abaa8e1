import { randomUUID } from 'node:crypto';
import type { Suggestions, TriageLevel } from '../../server/suggest/suggestions.ts';
import type { Card } from '../card-schema.ts';
import { reviewLink, TOPIC_SYSTEM, unreadLine, type CardContext } from './card-context.ts';
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

/**
 * The triage card: the level, each discriminator that fired with its protocol and evidence (a verbatim
 * quote of the de-identified chart or the FHIR resource it read), the finding that would change the
 * level, and, when a model's level differed from the engine's floor, a line that says so.
 */
export function buildTriageCard(suggestions: Suggestions, ctx: CardContext): Card | undefined {
  const triage = suggestions.triage;
  if (!triage) return undefined;
  const uuid = randomUUID();
  const fired = triage.discriminators;
  const lines: string[] = [`**Suggested triage level: ${triage.level}**`, ''];
  if (triage.disagreement) {
    const d = triage.disagreement;
    lines.push(
      d.outcome === 'raised-to-floor'
        ? `**The model suggested ${d.modelLevel}; the triage engine's floor is ${d.engineLevel}, so ${d.engineLevel} is shown.**`
        : `The model raised the triage engine's ${d.engineLevel} to ${d.modelLevel}.`,
      '',
    );
  }
  if (fired.length > 0) {
    lines.push('Why:', '');
    for (const d of fired.slice(0, 8)) {
      lines.push(`- **${escapeMarkdown(d.name)}** (${escapeMarkdown(d.protocol)}, ${d.level})`);
      if (d.source) lines.push(`  Source: ${escapeMarkdown(d.source)}`);
      for (const e of d.evidence.slice(0, 3))
        lines.push(
          e.kind === 'text' ? `  ${quote(e.text, 120)}` : `  from ${escapeMarkdown(e.ref)}: ${escapeMarkdown(e.text)}`,
        );
    }
    if (fired.length > 8) lines.push(`- and ${fired.length - 8} more`);
    lines.push('');
  } else lines.push('No discriminator fired: a presentation that cannot be placed is seen soon.', '');
  if (triage.wouldChange)
    lines.push(
      `Would be **${triage.wouldChange.level}** with ${escapeMarkdown(triage.wouldChange.finding)} (${escapeMarkdown(triage.wouldChange.discriminator)}).`,
      '',
    );
  const unread = unreadLine(ctx);
  if (unread !== undefined) lines.push(unread, '');
  const engine = suggestions.engine;
  lines.push(
    `*Suggested by Chartside (${escapeMarkdown(engine.backend)} ${escapeMarkdown(engine.modelVersion)}) from the de-identified chart. Clinical judgement decides.*`,
  );
  const top = fired.filter((d) => d.level === triage.level);
  const first = top[0] ?? fired[0];
  const card: Card = {
    uuid,
    summary: summaryOf(
      first
        ? `Triage ${triage.level}: ${first.name}${top.length > 1 ? ` (+${top.length - 1} more)` : ''}`
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
