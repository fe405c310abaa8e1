import type { SearchHit, Terminology } from '../../terminology/icd10cm/terminology.ts';
import type { MentionContext, MentionStatus } from './clinical-text/mention-context.ts';
import { sectionAt, type SectionKind } from './clinical-text/sections.ts';
import type { EvidenceSpan } from './suggestions.ts';
import { FAMILY_HISTORY, STATED_HISTORY } from './history-codes.ts';

/** A code the case supports, with where it says so and how it was meant. */
export interface CodeCandidate {
  code: string;
  display: string;
  billable: boolean;
  /** 0..1: search score shaped by section, status and specificity. */
  score: number;
  evidence: EvidenceSpan;
  /** Every span of the text behind it, where there are several (one per part of a combination code). */
  support?: EvidenceSpan[];
  section: SectionKind;
  /** `historical` and `family` candidates are history Z-codes found for such mentions. */
  status: MentionStatus;
  rationale: string;
  /** The chart items it rests on (a chart case only): their FHIR references and what they are. */
  basis?: CandidateBasis[];
  /** The reference of a current or encounter Condition that already carries this code. */
  onChart?: string;
}

/** One chart item a suggestion rests on. */
export interface CandidateBasis {
  ref: string;
  kind: 'reason' | 'encounter-diagnosis' | 'current' | 'history' | 'note' | 'vital';
}

/** Below this a match is too partial to show a clinician (it stays in the terminology search). */
const MIN_CANDIDATE_SCORE = 0.3;

/** Where in a note a diagnosis counts most (assessment and diagnosis lists over review of systems). */
const SECTION_WEIGHT: Record<SectionKind, number> = {
  diagnoses: 1.2,
  assessment: 1.15,
  'chief-complaint': 1.05,
  hpi: 1,
  other: 1,
  plan: 0.95,
  'past-history': 0.92,
  results: 0.85,
  exam: 0.85,
  'review-of-systems': 0.8,
  'social-history': 0.8,
  medications: 0.4,
  allergies: 0.4,
  'family-history': 0.5,
};

/** Chronic conditions coders still code when written as "history of" (ongoing, treated). */
const CHRONIC_CATEGORIES =
  /^(?:I10|I1[1-6]|E1[01]|E13|E78|E03|E66|J4[1-5]|N18|I25|I48|I50|F3[23]|F41|F20|F31|G20|G40|G35|K21|M0[5-6]|M1[5-9]|B20|D6[4-9]|E28|L40|K50|K51|G43|N40|H40)/;
const DRUG_OR_EXTERNAL = /^(?:T3[6-9]|T[4-5]\d|T6\d|T7[0-8]|[V-Y])/;
/** Encounters for examination and screening (Z00-Z13) only when the text says that is the visit. */
const EXAM_OR_SCREENING = /^Z(?:0\d|1[0-3])/;
const EXAM_WORDS =
  /\b(?:screen\w*|exam\w*|check-?up|physical|routine|well[- ](?:child|visit|woman|baby)|immuni[sz]\w*|vaccin\w*|counsel\w*|encounter)\b/i;
const INJURY_OR_POISONING_WORDS =
  /\b(?:poison\w*|overdos\w*|adverse|reaction|toxic\w*|underdos\w*|ingest\w*|accident\w*|fall|fell|struck|collision|bite|burn\w*)\b/i;

/** Family history codes (Z80–Z84) only where the words name the family or a relative. */
const FAMILY_HISTORY_CODE = /^Z8[0-4]/;
const FAMILY_WORDS =
  /\b(?:famil\w*|relatives?|mother|father|parents?|sisters?|brothers?|siblings?|sons?|daughters?|aunts?|uncles?|cousins?|grand\w+|maternal|paternal)\b/i;

/**
 * Drug, poisoning and external-cause codes only where the words say injury or poisoning; examination and
 * screening encounters only where the words say that is the visit; family history only where they name
 * the family ("history of diabetes" is the patient's own).
 */
export function isPlausibleHit(hit: SearchHit): boolean {
  if (hit.spans.length === 0) return false;
  if (FAMILY_HISTORY_CODE.test(hit.code) && !FAMILY_WORDS.test(hit.matched.join(' '))) return false;
  if (DRUG_OR_EXTERNAL.test(hit.code) && !INJURY_OR_POISONING_WORDS.test(hit.matched.join(' '))) return false;
  return !(EXAM_OR_SCREENING.test(hit.code) && !EXAM_WORDS.test(hit.matched.join(' ')));
}

function statusOf(context: MentionContext, hit: SearchHit): MentionStatus {
  const ignoreWithout = /\bwithout\b/i.test(hit.term) || /\bwithout\b/i.test(hit.display);
  const counts = new Map<MentionStatus, number>();
  for (const span of hit.spans) {
    const status = context.statusOf(span.start, span.end, { ignoreWithout });
    counts.set(status, (counts.get(status) ?? 0) + 1);
  }
  const total = hit.spans.length || 1;
  if ((counts.get('family') ?? 0) > 0) return 'family';
  for (const status of ['negated', 'uncertain', 'historical'] as const)
    if ((counts.get(status) ?? 0) / total >= 0.5) return status;
  return 'affirmed';
}

/** The smallest span of the text covering the matched words, cut at clause boundaries. */
function evidenceOf(text: string, hit: SearchHit): EvidenceSpan {
  const start = Math.min(...hit.spans.map((s) => s.start));
  const end = Math.max(...hit.spans.map((s) => s.end));
  return { text: text.slice(start, end), start, end };
}

/**
 * Candidate codes for a case: terminology search over the (de-identified) text, each match read in its
 * context. Negated and uncertain mentions are not coded (ICD-10-CM Guidelines IV.H for outpatients:
 * code the symptom, not "rule out"); a relative's condition becomes a family-history code, a past one a
 * personal-history code, unless it is a chronic condition still being treated.
 */
export function findCodeCandidates(
  text: string,
  context: MentionContext,
  terminology: Terminology,
  limit = 20,
): CodeCandidate[] {
  if (text.trim() === '') return [];
  // Section headings ("History of present illness:", "Family history:") are not findings: blank them out,
  // keeping offsets.
  let searchText = text.slice(0, 100_000);
  let cursor = 0;
  for (const section of context.sections) {
    if (section.start > cursor)
      searchText = searchText.slice(0, cursor) + ' '.repeat(section.start - cursor) + searchText.slice(section.start);
    cursor = section.end;
  }
  const hits = terminology.search(searchText, { limit: 60 });
  const out = new Map<string, CodeCandidate>();
  const add = (candidate: CodeCandidate): void => {
    const previous = out.get(candidate.code);
    if (!previous || candidate.score > previous.score) out.set(candidate.code, candidate);
  };
  for (const hit of hits) {
    if (!isPlausibleHit(hit)) continue;
    const evidence = evidenceOf(text, hit);
    const section = sectionAt(context.sections, evidence.start);
    const status = statusOf(context, hit);
    const base = hit.score * SECTION_WEIGHT[section];
    if (status === 'affirmed') {
      add({
        code: hit.code,
        display: hit.display,
        billable: hit.billable,
        score: base,
        evidence,
        section,
        status,
        rationale: `documented: "${evidence.text}"`,
      });
    } else if (status === 'historical' || status === 'family') {
      if (status === 'historical' && CHRONIC_CATEGORIES.test(hit.code)) {
        add({
          code: hit.code,
          display: hit.display,
          billable: hit.billable,
          score: base * 0.85,
          evidence,
          section,
          status: 'affirmed',
          rationale: `chronic condition documented as history: "${evidence.text}"`,
        });
      }
      // ICD-10-CM says "old" for some past conditions (I25.2 Old myocardial infarction).
      const prefix = status === 'family' ? 'family history of' : 'personal history of old';
      const allowed = status === 'family' ? FAMILY_HISTORY : STATED_HISTORY;
      const historyHit = terminology
        .search(`${prefix} ${evidence.text}`, { limit: 10 })
        .find((h) => allowed.test(h.code) && h.score >= 0.4);
      if (historyHit) {
        add({
          code: historyHit.code,
          display: historyHit.display,
          billable: historyHit.billable,
          score: Math.min(1, historyHit.score * 0.8),
          evidence,
          section,
          status,
          rationale: `${status === 'family' ? 'family history' : 'past history'}: "${evidence.text}"`,
        });
      }
    }
  }
  // A header with a billable descendant among the candidates adds nothing.
  const codes = [...out.keys()];
  for (const code of codes) {
    const c = out.get(code);
    if (
      c &&
      !c.billable &&
      codes.some((other) => other !== code && other.replace('.', '').startsWith(code.replace('.', '')))
    )
      out.delete(code);
  }
  // Symptoms integral to a documented diagnosis rank below it (Guidelines I.B.5).
  const hasDiagnosis = [...out.values()].some(
    (c) => !c.code.startsWith('R') && c.status === 'affirmed' && c.score >= 0.5,
  );
  const ranked = [...out.values()].map((c) =>
    hasDiagnosis && c.code.startsWith('R') ? { ...c, score: c.score * 0.85 } : c,
  );
  return ranked
    .filter((c) => c.score >= MIN_CANDIDATE_SCORE)
    .sort((a, b) => b.score - a.score || a.evidence.start - b.evidence.start)
    .slice(0, limit);
}
