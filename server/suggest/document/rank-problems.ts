import type { SearchHit, Terminology } from '../../../terminology/icd10cm/terminology.ts';
import { codesInNote } from '../../../terminology/icd10cm/import-tabular.ts';
import { isPlausibleHit } from '../code-candidates.ts';
import { GUIDELINE_SEQUENCE } from './combination-rules.ts';
import { inStatedDiabetesCategory } from './diabetes-type.ts';
import type { DocumentCandidate, DroppedCode } from './document-logic.ts';
import { emptyFeatures } from './features.ts';
import type { Mention } from './mentions.ts';
import { outOfContextReason, readPatientContext, type PatientContext, type PatientFacts } from './patient-context.ts';
import type { ProblemItem } from './problem-statement.ts';
import type { RankedDocumentCode } from './ranking.ts';

/** Readings asked of the phrase search per problem (its first five are what a coder reviews). */
const READINGS_PER_PROBLEM = 8;

/** Words the problem states as absent ("no bleeding", "without coma or fluctuations", "w/o rupture"). */
function absentWords(problem: string): string[] {
  return [...problem.matchAll(/\b(?:no|without|w\/o|denies)\s+([a-z]{4,}(?:\s*(?:,|or|nor|and)\s*[a-z]{4,}){0,3})/gi)]
    .flatMap((m) => (m[1] ?? '').toLowerCase().split(/[\s,]+/))
    .filter((w) => w.length >= 4 && !/^(?:or|nor|and)$/.test(w))
    .map((w) => w.slice(0, 5));
}

/** What a title asserts: its words outside "without …" and "not …" phrases. */
const asserted = (display: string): string => display.toLowerCase().replace(/\b(?:without|not)\b[^,;]*/g, ' ');

/**
 * A reading that contradicts the problem: its title asserts what the problem states as absent ("with
 * bleeding" for "no bleeding"), or says "without" what the problem affirms (K21.9 "without esophagitis" for
 * "GERD with esophagitis").
 */
function contradicts(display: string, problem: string, absent: readonly string[]): boolean {
  if (absent.some((stem) => new RegExp(`\\b${stem}`).test(asserted(display)))) return true;
  const affirmed = asserted(problem);
  return [...display.toLowerCase().matchAll(/\bwithout\s+([a-z]{4,})/g)].some((m) => {
    const stem = (m[1] ?? '').slice(0, 5);
    return !absent.includes(stem) && new RegExp(`\\b${stem}`).test(affirmed);
  });
}

/** Personal history (Z85–Z87) needs the words for it; a later episode ("subsequent" MI, I22) too. */
const HISTORY_CODE = /^Z8[5-7]/;
const HISTORY_WORDS = /\b(?:history|hx|h\/o|prior|previous|past|former|old|resolved|treated|s\/p|status\s+post)\b/i;
const LATER_EPISODE_WORDS = /\b(?:subsequent|recurrent|re-?infarct\w*|new\s+(?:mi|infarct\w*))\b/i;

/** Hypertensive heart and kidney disease (I11–I16) needs hypertension said (Guidelines I.C.9.a). */
const HYPERTENSIVE_CODE = /^I1[1-6]\./;
const HYPERTENSION_WORDS = /\b(?:hypertens\w*|htn|hbp|high\s+blood\s+pressure)\b/i;

function unsaid(display: string, code: string, problem: string): boolean {
  if (HISTORY_CODE.test(code) && !HISTORY_WORDS.test(problem)) return true;
  if (HYPERTENSIVE_CODE.test(code) && !HYPERTENSION_WORDS.test(problem)) return true;
  return /\bsubsequent\b/i.test(display) && !LATER_EPISODE_WORDS.test(problem);
}

/** The CKD stage a problem states: 1–4, or 5 for stage 5 and end-stage renal disease. */
function statedCkdStage(problem: string): 'early' | 'end' | undefined {
  if (/\b(?:esrd|end[- ]stage)\b|\bstage\s*(?:5|v)\b/i.test(problem)) return 'end';
  if (/\bstage\s*(?:[1-4]|3[ab]|i{1,3}|iv)\b/i.test(problem)) return 'early';
  return undefined;
}

/**
 * Hypertensive kidney disease at the stage the problem states (Guidelines I.C.9.a.2–3): I12.9, I13.0 and
 * I13.10 with stage 1–4, I12.0, I13.2 and I13.11 with stage 5 or end-stage renal disease.
 */
const BY_STAGE: readonly (readonly [string, string])[] = [
  ['I12.9', 'I12.0'],
  ['I13.0', 'I13.2'],
  ['I13.10', 'I13.11'],
];
function atStatedStage(code: string, problem: string): string {
  const stage = statedCkdStage(problem);
  const pair = BY_STAGE.find((p) => p.includes(code));
  if (!stage || !pair) return code;
  return stage === 'early' ? pair[0] : pair[1];
}

/** Whether the Tabular sequences `first` before `then` ("use additional code" on one, "code first" on the other). */
function sequencedBefore(first: string, then: string, terminology: Terminology): boolean {
  const names = (notes: readonly string[], code: string): boolean =>
    notes
      .flatMap((n) => codesInNote(n))
      .map((c) => c.replace('.', ''))
      .some((n) => code.replace('.', '').startsWith(n));
  if (GUIDELINE_SEQUENCE.some(([a, b]) => a.test(first) && b.test(then))) return true;
  return names(terminology.useAdditional(first), then) || names(terminology.codeFirst(then), first);
}

/** What document logic read of the text: its candidates, what it dropped, the mentions with their assertions. */
export interface ProblemReading {
  candidates: readonly DocumentCandidate[];
  dropped: readonly DroppedCode[];
  mentions: readonly Mention[];
}

const METASTASIS = /metasta|spread to/i;
/** A diagnosis scored at least this share of a symptom's score puts the symptom after it. */
const SYMPTOM_MARGIN = 0.7;

interface Reading {
  candidate: DocumentCandidate;
  problem: number;
  score: number;
  /** The code of the problem's first reading it is sequenced with by a Tabular note. */
  pairedWith?: string;
}

function candidateOfHit(text: string, item: ProblemItem, hit: SearchHit, code: string, terminology: Terminology) {
  const details = code === hit.code ? undefined : terminology.validate(code);
  const start = item.start + Math.min(...hit.spans.map((s) => s.start));
  const end = item.start + Math.max(...hit.spans.map((s) => s.end));
  const features = emptyFeatures();
  features.score = hit.score;
  return {
    code,
    display: details?.valid ? details.display : hit.display,
    billable: details?.valid ? details.billable : hit.billable,
    kind: 'condition',
    evidence: [{ text: text.slice(start, end), start, end }],
    mentions: [],
    features,
    notes: [],
    codeFirst: [],
    additional: [],
  } satisfies DocumentCandidate;
}

/** One problem's readings, best first: document logic's codes, then the phrase search's, symptoms last. */
function readingsOf(
  text: string,
  item: ProblemItem,
  problem: number,
  read: ProblemReading,
  terminology: Terminology,
  patient: PatientContext,
): Reading[] {
  const { candidates, dropped, mentions } = read;
  const words = text.slice(item.start, item.end);
  const inItem = (start: number): boolean => start >= item.start && start < item.end;
  const own = candidates.filter((c) => c.evidence.some((e) => inItem(e.start)));
  const byCode = new Map(own.map((c) => [c.code, c]));
  const refused = new Set(dropped.filter((d) => inItem(d.evidence.start) && !byCode.has(d.code)).map((d) => d.code));
  const absent = absentWords(words);
  const out: Reading[] = [];
  const push = (candidate: DocumentCandidate, score: number): void => {
    if (out.some((r) => r.candidate.code === candidate.code) || refused.has(candidate.code)) return;
    out.push({ candidate, problem, score });
    // A code's "use additional code" partners follow it (Tabular conventions I.A.13).
    for (const partner of candidate.additional) {
      const p = byCode.get(partner);
      if (p) push(p, score);
    }
  };
  // What document logic made of the problem (a combination, a history code) is its coding.
  for (const c of own.filter((c) => c.kind !== 'condition').sort((a, b) => b.features.score - a.features.score))
    push(c, c.features.score);
  // Then the phrase search's readings, in its order: one problem is one phrase, which it is fitted for.
  // Words document logic read as not present (negated, history, family, uncertain) give no other reading;
  // nor does a metastasis, which the Index's rule codes (metastasis.ts).
  const notPresent = mentions.filter((m) => m.assertion !== 'present' && inItem(m.span.start));
  const hits = METASTASIS.test(words)
    ? []
    : terminology
        .search(words, { limit: READINGS_PER_PROBLEM })
        .filter(isPlausibleHit)
        .filter((h) => outOfContextReason(h.code, patient) === undefined)
        .filter((h) =>
          h.spans.every(
            (s) => !notPresent.some((m) => item.start + s.start < m.span.end && item.start + s.end > m.span.start),
          ),
        );
  for (const hit of hits) {
    const code = atStatedStage(
      inStatedDiabetesCategory(hit.code, words, (c) => terminology.has(c)),
      words,
    );
    push(byCode.get(code) ?? candidateOfHit(text, item, hit, code, terminology), hit.score);
  }
  for (const c of own) push(c, c.features.score);
  // A reading that contradicts the problem or claims what it does not say, and a sign or symptom beside a
  // diagnosis of the same problem (Guidelines I.B.4–5: a symptom routinely part of a confirmed diagnosis is
  // not coded), go last.
  // A diagnosis read about as well as the symptom (not a stray reading of another word).
  const diagnosisAbove = (r: Reading): boolean =>
    out.some((d) => !/^[RZ]/.test(d.candidate.code) && d.score >= r.score * SYMPTOM_MARGIN);
  const demoted = (r: Reading): boolean =>
    contradicts(r.candidate.display, words, absent) ||
    unsaid(r.candidate.display, r.candidate.code, words) ||
    (r.candidate.code.startsWith('R') && diagnosisAbove(r));
  const ranked = [...out.filter((r) => !demoted(r)), ...out.filter(demoted)];
  // The Tabular's order for the problem's best reading: its "code first" partner goes before it, and is
  // coded with it ("HTN with CKD stage 3b": I12.9, then N18.32).
  const head = ranked[0];
  const first =
    head && ranked.slice(1, 6).find((r) => sequencedBefore(r.candidate.code, head.candidate.code, terminology));
  if (head && first) {
    first.pairedWith = head.candidate.code;
    return [first, { ...head, pairedWith: first.candidate.code }, ...ranked.filter((r) => r !== first && r !== head)];
  }
  const partner =
    head && ranked.slice(1, 6).find((r) => sequencedBefore(head.candidate.code, r.candidate.code, terminology));
  if (head && partner) {
    head.pairedWith = partner.candidate.code;
    return [
      head,
      { ...partner, pairedWith: head.candidate.code },
      ...ranked.filter((r) => r !== head && r !== partner),
    ];
  }
  return ranked;
}

/**
 * Ranks the codes of a problem statement or problem list (problem-statement.ts): each problem read by the
 * phrase search (one phrase, one condition: what it is fitted for) with document logic's combinations,
 * pairs, drops and diabetes defaults; the first problem's best reading is the principal; then each
 * problem's best reading in the order written; then the other readings, problem by problem.
 */
export function rankProblems(
  text: string,
  items: readonly ProblemItem[],
  read: ProblemReading,
  terminology: Terminology,
  maxCodes: number,
  facts: PatientFacts = {},
): RankedDocumentCode[] {
  const patient = readPatientContext(text, facts);
  const lists = items.map((item, k) => readingsOf(text, item, k, read, terminology, patient));
  const order: Reading[] = [];
  const seen = new Set<string>();
  const take = (r: Reading | undefined): void => {
    if (!r || seen.has(r.candidate.code)) return;
    seen.add(r.candidate.code);
    order.push(r);
  };
  // Each problem's coding first: its best reading and the partners sequenced with it.
  for (const list of lists) {
    const head = list[0];
    take(head);
    for (const r of list.slice(1))
      if (head?.candidate.additional.includes(r.candidate.code) || r.pairedWith === head?.candidate.code) take(r);
  }
  const deepest = Math.max(0, ...lists.map((l) => l.length));
  for (let depth = 1; depth < deepest; depth++) for (const list of lists) take(list[depth]);
  const many = items.length > 1;
  return order.slice(0, maxCodes).map((r, k) => ({
    ...r.candidate,
    rank: k + 1,
    probability: Math.round(Math.min(1, r.score) * 1000) / 1000,
    principal: k === 0,
    reason:
      k === 0
        ? many
          ? 'principal: the first problem of the list'
          : 'principal: the problem stated'
        : `${many ? `problem ${r.problem + 1} of the list` : 'another reading of the problem'}${
            r.candidate.notes.length > 0 ? `; ${r.candidate.notes.join('; ')}` : ''
          }`,
  }));
}
