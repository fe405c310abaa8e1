import type { SearchHit, Terminology } from '../../../terminology/icd10cm/terminology.ts';
import type { TermKind } from '../../../terminology/icd10cm/model.ts';
import type { MentionContext } from '../clinical-text/mention-context.ts';
import { sectionAt, type SectionKind } from '../clinical-text/sections.ts';
import { isPlausibleHit } from '../code-candidates.ts';
import type { EvidenceSpan } from '../suggestions.ts';
import { assertionOf, hypotheticalScopes, type Assertion } from './assertion.ts';
import { modifiersOf, type Modifiers } from './modifiers.ts';
import { splitSentences, type Sentence } from './sentences.ts';

/** One code the terminology engine offers for a mention. */
export interface MentionCode {
  code: string;
  display: string;
  billable: boolean;
  /** The engine's match score, 0..1. */
  score: number;
  /** The title or Index term that matched, and where it came from. */
  term: string;
  source: TermKind;
  /** How many words of the text the term covered. */
  words: number;
}

/** A condition, sign, symptom, injury or external cause stated in the document. */
export interface Mention {
  id: number;
  sentence: number;
  section: SectionKind;
  /** Verbatim: the smallest span of the text covering the matched words. */
  span: EvidenceSpan;
  assertion: Assertion;
  modifiers: Modifiers;
  /** The engine's codes for it, best first (alternatives at other specificities or readings). */
  codes: MentionCode[];
}

export interface MentionOptions {
  /** Codes the engine is asked for per sentence. */
  hitsPerSentence?: number;
  /** Most alternative codes kept per mention. */
  codesPerMention?: number;
}

/** Below this a term covers too little of what the sentence says to be a reading of it. */
const MIN_SCORE = 0.3;

/**
 * How well a term reads the words it matched: the engine's score without its penalty for the words of
 * the clause the term leaves uncovered (a sentence says more than one condition; that is not a mismatch).
 */
function mentionScore(hit: SearchHit): number {
  const f = hit.features;
  if (!f) return hit.score;
  let sum = 0;
  for (const [name, part] of Object.entries(f.contributions)) if (name !== 'textUncovered') sum += part;
  return Math.round(Math.min(1, f.match * Math.exp(sum)) * 1000) / 1000;
}

/** Blanks the section headings ("Discharge diagnoses:") so that they are not read as findings. */
function withoutHeadings(text: string, context: MentionContext): string {
  let out = '';
  let cursor = 0;
  for (const section of context.sections) {
    if (section.start > cursor) out += ' '.repeat(section.start - cursor);
    out += text.slice(section.start, section.end);
    cursor = section.end;
  }
  return out + ' '.repeat(Math.max(0, text.length - cursor));
}

/**
 * Every mention of the document, sentence by sentence: the terminology engine reads each sentence, hits
 * that share words are one mention (its codes are the alternatives), and each mention gets its section,
 * its assertion in context and the modifiers its sentence states.
 */
export function findMentions(
  text: string,
  context: MentionContext,
  terminology: Terminology,
  options: MentionOptions = {},
): { sentences: Sentence[]; mentions: Mention[] } {
  const searchable = withoutHeadings(text, context);
  const sentences = splitSentences(text);
  const hypothetical = hypotheticalScopes(text);
  const mentions: Mention[] = [];
  for (const sentence of sentences) {
    const part = searchable.slice(sentence.start, sentence.end);
    if (!/[a-z]{3}/i.test(part)) continue;
    const hits = terminology
      .search(part, { limit: options.hitsPerSentence ?? 20, explain: true })
      .map((h) => ({ ...h, score: mentionScore(h) }))
      .filter((h) => h.score >= MIN_SCORE && isPlausibleHit(h))
      .sort((a, b) => b.score - a.score);
    const groups: { starts: Set<number>; spans: { start: number; end: number }[]; codes: MentionCode[] }[] = [];
    for (const hit of hits) {
      const spans = hit.spans.map((s) => ({ start: s.start + sentence.start, end: s.end + sentence.start }));
      const group = groups.find((g) => spans.some((s) => g.starts.has(s.start)));
      const code: MentionCode = {
        code: hit.code,
        display: hit.display,
        billable: hit.billable,
        score: hit.score,
        term: hit.term,
        source: hit.source,
        words: hit.matched.length,
      };
      if (group) {
        if (group.codes.length >= (options.codesPerMention ?? 6)) continue;
        group.codes.push(code);
        // The mention is every word its readings matched ("breast cancer", not only "cancer").
        for (const span of spans) {
          if (group.starts.has(span.start)) continue;
          group.starts.add(span.start);
          group.spans.push(span);
        }
        continue;
      }
      groups.push({ starts: new Set(spans.map((s) => s.start)), spans, codes: [code] });
    }
    for (const group of groups) {
      const start = Math.min(...group.spans.map((s) => s.start));
      const end = Math.max(...group.spans.map((s) => s.end));
      const best = group.codes[0];
      const ignoreWithout = best !== undefined && (/\bwithout\b/i.test(best.term) || /\bwithout\b/i.test(best.display));
      mentions.push({
        id: mentions.length,
        sentence: sentence.index,
        section: sectionAt(context.sections, start),
        span: { text: text.slice(start, end), start, end },
        assertion: assertionOf(context, hypothetical, group.spans, { ignoreWithout }),
        modifiers: modifiersOf(text.slice(sentence.start, sentence.end), start - sentence.start, end - sentence.start),
        codes: group.codes,
      });
    }
  }
  return { sentences, mentions };
}
