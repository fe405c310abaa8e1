import type { SearchHit, Terminology } from '../../../terminology/icd10cm/terminology.ts';
import { termStems } from '../../../terminology/icd10cm/text-normalize.ts';
import type { MentionContext } from '../clinical-text/mention-context.ts';
import { sectionAt } from '../clinical-text/sections.ts';
import { assertionOf } from './assertion.ts';
import type { Mention } from './mentions.ts';
import { mentionCodeOf } from './mentions.ts';
import { modifiersOf } from './modifiers.ts';
import type { Sentence } from '../clinical-text/sentences.ts';

/**
 * Metastases by the Alphabetic Index's rule (Index: "Metastasis, metastatic — to specified site: see
 * Neoplasm, secondary, by site; from specified site: see Neoplasm, malignant, by site"; Guidelines I.C.2):
 * the site a cancer has spread to is coded with the Neoplasm Table's "Secondary malignant" column (C77–C79),
 * the site it came from with its primary column. "Liver metastases" is C78.7, not C22.9; "metastatic breast
 * cancer to the liver" is C50.9- (the primary, read by the engine) and C78.7.
 */

/** A site the text says a cancer has spread to: "liver metastases", "metastases in the liver", "spread to bone". */
const TO_SITE = [
  /\bmetastas[ie]s\s+(?:in|to|into|involving|within|at)\s+(?:the\s+|both\s+)?([a-z]+(?:\s+(?:lymph\s+)?nodes?)?)(?:(?:,\s*|\s+and\s+)(?:the\s+)?([a-z]+))?/gi,
  /\b(?:metastatic|metastasi[sz]ed|spread)\s+to\s+(?:the\s+|both\s+)?([a-z]+(?:\s+(?:lymph\s+)?nodes?)?)(?:(?:,\s*|\s+and\s+)(?:the\s+)?([a-z]+))?/gi,
  /\b([a-z]+(?:\s+nodes?)?)\s+metastas[ie]s\b/gi,
  /\bmetastatic\s+(?:[a-z-]+\s+){0,3}?(?:cancer|carcinoma|adenocarcinoma|melanoma|sarcoma|tumou?r|neoplasm|malignancy)\s+(?:to|in)\s+(?:the\s+|both\s+)?([a-z]+(?:\s+(?:lymph\s+)?nodes?)?)(?:(?:,\s*|\s+and\s+)(?:the\s+)?([a-z]+))?/gi,
];
/** The site a cancer came from: "metastases from prostate cancer" (its primary column, never its secondary). */
const FROM_SITE = /\bmetasta\w*\s+(?:\w+\s+){0,2}?from\s+(?:an?\s+|the\s+)?((?:[a-z-]+\s+){0,2}[a-z-]+)/gi;
/** Secondary malignant neoplasms (C77–C79, secondary neuroendocrine C7B). */
const SECONDARY = /^C(?:7[789]|7B)/;
/** Readings a metastasis contradicts: uncertain or unspecified behaviour (D37–D49), unspecified secondary site. */
const UNSURE = /^(?:D3[7-9]|D4\d|C79\.9)/;
/** Least match for the site's secondary code: the site must be a site the Neoplasm Table knows. */
const MIN_SITE_MATCH = 0.2;

interface Site {
  start: number;
  end: number;
  words: string;
}

function sitesOf(text: string, patterns: readonly RegExp[]): { site: Site; phrase: Site }[] {
  const out: { site: Site; phrase: Site }[] = [];
  for (const pattern of patterns) {
    for (const match of text.matchAll(pattern)) {
      const phrase = { start: match.index, end: match.index + match[0].length, words: match[0] };
      for (const group of [match[1], match[2]]) {
        if (!group) continue;
        const start = match.index + match[0].indexOf(group);
        out.push({ site: { start, end: start + group.length, words: group }, phrase });
      }
    }
  }
  return out;
}

/** Words before "metastases" that say how many or how far, not where. */
const NOT_A_SITE = new Set(
  'no any new the their its his her with without of and or multiple several many numerous few two three four distant distal remote regional local known possible probable suspected other further'.split(
    ' ',
  ),
);

/** Per terminology, each site's secondary code (or none): a document names the same few sites many times. */
const secondaryOf = new WeakMap<Terminology, Map<string, SearchHit | undefined>>();

/** The site's secondary code, when the site is one the Neoplasm Table names. */
function secondaryCode(terminology: Terminology, site: string): SearchHit | undefined {
  const key = site.toLowerCase();
  if (key.split(/\s+/).every((w) => NOT_A_SITE.has(w))) return undefined;
  let cache = secondaryOf.get(terminology);
  if (!cache) secondaryOf.set(terminology, (cache = new Map<string, SearchHit | undefined>()));
  if (cache.has(key)) return cache.get(key);
  if (cache.size > 5_000) cache.clear();
  const hit = searchSecondary(terminology, key);
  cache.set(key, hit);
  return hit;
}

function searchSecondary(terminology: Terminology, site: string): SearchHit | undefined {
  const said = new Set(site.split(/\s+/));
  return terminology
    .search(`secondary malignant neoplasm of ${site}`, { limit: 10 })
    .find(
      (h) =>
        SECONDARY.test(h.code) &&
        h.score >= MIN_SITE_MATCH &&
        h.matched.some((w) => said.has(w.toLowerCase())) &&
        terminology.isBillable(h.code),
    );
}

const overlaps = (m: Mention, s: Site): boolean => m.span.start < s.end && s.start < m.span.end;

/**
 * Adds a mention for each site the text says a cancer has spread to, coded with its secondary code, and
 * takes from the engine's mentions the readings that contradict the Index's rule: a neoplasm of a site the
 * text calls a metastasis site, read as primary (C22.9 for "liver metastases"); the secondary code of a
 * site the text calls the origin ("metastases from prostate cancer" is not C79.82).
 */
export function applyMetastasisRule(
  text: string,
  sentences: readonly Sentence[],
  mentions: Mention[],
  context: MentionContext,
  hypothetical: readonly { start: number; end: number }[],
  terminology: Terminology,
): void {
  if (!/metasta|spread to/i.test(text)) return;
  const added = new Set<string>();
  const found = sitesOf(text, TO_SITE).flatMap(({ site, phrase }) => {
    const hit = secondaryCode(terminology, site.words);
    return hit ? [{ site, phrase, hit }] : [];
  });
  for (const { site, phrase, hit } of found) {
    const named = new Set(found.filter((f) => f.phrase.start === phrase.start).map((f) => f.hit.code));
    for (const m of mentions) {
      // The phrase's other secondary readings ("metastases" alone: C79.89, C79.9) give way to the sites named.
      if (overlaps(m, phrase)) m.codes = m.codes.filter((c) => !SECONDARY.test(c.code) || named.has(c.code));
      if (overlaps(m, site)) m.codes = m.codes.filter((c) => !readsSite(c.term, c.display, site));
      // A cancer that has spread is malignant, and its secondary site is now named.
      if (overlaps(m, phrase)) m.codes = m.codes.filter((c) => !UNSURE.test(c.code));
    }
    const key = `${hit.code}@${phrase.start}`;
    if (added.has(key)) continue;
    added.add(key);
    const sentence = sentences.find((s) => phrase.start >= s.start && phrase.start < s.end);
    if (!sentence) continue;
    const span = { start: Math.min(site.start, phrase.start), end: Math.max(site.end, phrase.end) };
    mentions.push({
      id: mentions.length,
      sentence: sentence.index,
      section: sectionAt(context.sections, span.start),
      span: { text: text.slice(span.start, span.end), ...span },
      assertion: assertionOf(context, hypothetical, [span]),
      modifiers: modifiersOf(
        text.slice(sentence.start, sentence.end),
        span.start - sentence.start,
        span.end - sentence.start,
      ),
      codes: [{ ...mentionCodeOf(hit), score: Math.max(hit.score, 0.6) }],
    });
  }
  for (const { site } of sitesOf(text, [FROM_SITE])) {
    for (const m of mentions) if (overlaps(m, site)) m.codes = m.codes.filter((c) => !SECONDARY.test(c.code));
  }
  for (let i = mentions.length - 1; i >= 0; i--) if (mentions[i]?.codes.length === 0) mentions.splice(i, 1);
  mentions.forEach((m, id) => (m.id = id));
}

/**
 * Whether a reading is of the metastasis site itself (its term or title names the site: "Neoplasm,
 * neoplastic, hepatic, Malignant (Primary)" for "liver"), through the terminology's analyser (hepatic is
 * liver). A mention that also says a primary cancer ("breast cancer to the liver") keeps that reading.
 */
function readsSite(term: string, title: string, site: Site): boolean {
  const siteStems = termStems(site.words).filter((s) => s !== 'node' && s !== 'lymph');
  const named = new Set([...termStems(term), ...termStems(title)]);
  return siteStems.length > 0 && siteStems.some((s) => named.has(s));
}
