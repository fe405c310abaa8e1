import type { SearchHit, Terminology } from '../../../terminology/icd10cm/terminology.ts';
import type { TermKind } from '../../../terminology/icd10cm/model.ts';
import { inStatedDiabetesCategory } from './diabetes-type.ts';
import { FEATURE_NAMES, type FeatureName } from '../../../terminology/icd10cm/rank-features.ts';
import type { MentionContext } from '../clinical-text/mention-context.ts';
import { sectionAt, type SectionKind } from '../clinical-text/sections.ts';
import { isPlausibleHit } from '../code-candidates.ts';
import type { EvidenceSpan } from '../suggestions.ts';
import { assertionOf, hypotheticalScopes, type Assertion } from './assertion.ts';
import { applyMetastasisRule } from './metastasis.ts';
import { modifiersOf, type Modifiers } from './modifiers.ts';
import { splitSentences, type Sentence } from '../clinical-text/sentences.ts';

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
 * The terminology engine's ranking weights for reading a document sentence by sentence, apart from the
 * phrase search's (fitted on Index entries, where one phrase names one condition: there a header, a later
 * episode or an unsaid title word is a wrong reading, here they are a mention's other readings, which
 * document logic sorts out). No penalty for the words of the clause a term leaves uncovered (a sentence says
 * more than one condition: the readings of one mention are weighed by `byMentionCoverage` instead) and no
 * curvature of log match: scores are absolute, on the match scale MIN_SCORE is set on. Set by hand and
 * checked by the document evaluation (`eval coding --folds 5 --fit`); typed by feature so that a new
 * feature of the engine needs a value here.
 */
const DOCUMENT_TERM_WEIGHTS: Readonly<Record<FeatureName, number>> = {
  logMatch: 0,
  // Over the clause: 0 here; over the mention: UNCOVERED_WEIGHT.
  textUncovered: 0,
  titleUnsupported: -0.5,
  header: -0.1,
  sideConflict: -1.5,
  sideUnasked: -0.3,
  sideUnspecified: -0.5,
  laterEpisode: -0.1,
  otherTitle: -0.05,
  depth: 0,
  prior: 0.1,
  viaIndex: 0,
  viaTable: 0,
  viaHeader: -0.03,
  titleCovered: 0,
  indexWalk: 0.5,
};
const DOCUMENT_WEIGHTS = Float32Array.from(FEATURE_NAMES, (name) => DOCUMENT_TERM_WEIGHTS[name]);

/** What the words of its mention a reading leaves uncovered weigh against it (as `textUncovered` above). */
const UNCOVERED_WEIGHT = -1.5;

/**
 * The readings of one mention ranked by how much of the mention each covers: the engine's penalty for
 * uncovered words, over the words the mention's readings matched rather than the whole clause. "Acute
 * exacerbation of COPD" is one mention; J44.1 (COPD with acute exacerbation) covers it, J44.9 ("COPD")
 * leaves two of its three words out. Stable: readings that cover alike keep the engine's order.
 */
function byMentionCoverage(codes: readonly MentionCode[], words: readonly (readonly string[])[]): MentionCode[] {
  const all = new Set(words.flat());
  if (all.size < 2) return [...codes];
  return codes
    .map((code, k) => {
      const own = new Set(words[k]);
      let missed = 0;
      for (const w of all) if (!own.has(w)) missed++;
      return {
        ...code,
        score: Math.round(code.score * Math.exp((UNCOVERED_WEIGHT * missed) / all.size) * 1000) / 1000,
      };
    })
    .sort((a, b) => b.score - a.score);
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
/** A search hit as a reading of a mention. */
export function mentionCodeOf(hit: SearchHit): MentionCode {
  return {
    code: hit.code,
    display: hit.display,
    billable: hit.billable,
    score: hit.score,
    term: hit.term,
    source: hit.source,
    words: hit.matched.length,
  };
}

/**
 * A mention's diabetes readings in the category its words state, else type 2 (Guidelines I.C.4.a.2):
 * "Diabetic nephropathy" reads E11.21, not E13.21 ("other specified diabetes"); a reading already there is
 * not repeated.
 */
function restateDiabetes(codes: readonly MentionCode[], words: string, terminology: Terminology): MentionCode[] {
  const out: MentionCode[] = [];
  for (const code of codes) {
    const stated = inStatedDiabetesCategory(code.code, words, (c) => terminology.has(c));
    const details = stated === code.code ? undefined : terminology.validate(stated);
    const restated = details?.valid
      ? { ...code, code: details.code, display: details.display, billable: details.billable }
      : code;
    if (!out.some((c) => c.code === restated.code)) out.push(restated);
  }
  return out;
}

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
      .search(part, { limit: options.hitsPerSentence ?? 20, weights: DOCUMENT_WEIGHTS, absolute: true })
      .filter((h) => h.score >= MIN_SCORE && isPlausibleHit(h));
    const groups: {
      starts: Set<number>;
      spans: { start: number; end: number }[];
      codes: MentionCode[];
      words: string[][];
    }[] = [];
    for (const hit of hits) {
      const spans = hit.spans.map((s) => ({ start: s.start + sentence.start, end: s.end + sentence.start }));
      const group = groups.find((g) => spans.some((s) => g.starts.has(s.start)));
      const code = mentionCodeOf(hit);
      if (group) {
        if (group.codes.length >= (options.codesPerMention ?? 6)) continue;
        group.codes.push(code);
        group.words.push(hit.matched);
        // The mention is every word its readings matched ("breast cancer", not only "cancer").
        for (const span of spans) {
          if (group.starts.has(span.start)) continue;
          group.starts.add(span.start);
          group.spans.push(span);
        }
        continue;
      }
      groups.push({ starts: new Set(spans.map((s) => s.start)), spans, codes: [code], words: [hit.matched] });
    }
    for (const group of groups) {
      const start = Math.min(...group.spans.map((s) => s.start));
      const end = Math.max(...group.spans.map((s) => s.end));
      const around = text.slice(Math.max(sentence.start, start - 30), Math.min(sentence.end, end + 30));
      group.codes = restateDiabetes(byMentionCoverage(group.codes, group.words), around, terminology);
      // "Duodenal ulcer without bleeding or perforation": a reading that states the absence (K26.9) keeps the
      // mention present; the readings that claim what is absent are contradicted (term-support.ts).
      const ignoreWithout = group.codes.some((c) => /\bwithout\b/i.test(c.term) || /\bwithout\b/i.test(c.display));
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
  applyMetastasisRule(text, sentences, mentions, context, hypothetical, terminology);
  return { sentences, mentions };
}
