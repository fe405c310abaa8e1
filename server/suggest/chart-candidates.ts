import type { SearchHit, Terminology } from '../../terminology/icd10cm/terminology.ts';
import { ICD10CM_SYSTEM, type ChartModel, type ChartProblem } from '../chart/chart-model.ts';
import type { RenderedChart } from '../chart/render-chart-text.ts';
import { MentionContext } from './clinical-text/mention-context.ts';
import { deriveDeidentified } from '../deid/derive.ts';
import type { Deidentified } from '../deid/deidentified.ts';
import type { CandidateBasis, CodeCandidate } from './code-candidates.ts';
import type { CareSetting } from './document/care-setting.ts';
import { documentCodeCandidates } from './document/document-candidates.ts';
import { PERSONAL_HISTORY } from './history-codes.ts';

/** Poisoning, adverse effects and external causes are never coded from a problem's name alone. */
const DRUG_OR_EXTERNAL = /^(?:T3[6-9]|T[4-5]\d|T6\d|T7[0-8]|[V-Y])/;
/** Encounters for examination and screening come from the visit, not from a problem. */
const EXAM_OR_SCREENING = /^Z(?:0\d|1[0-3])/;

const WEIGHT: Record<'reason' | 'encounter-diagnosis' | 'current', number> = {
  'encounter-diagnosis': 1.2,
  reason: 1.05,
  current: 0.8,
};

function icd10Of(problem: ChartProblem | undefined, terminology: Terminology): string | undefined {
  for (const coding of problem?.codings ?? []) {
    if (coding.system !== ICD10CM_SYSTEM) continue;
    const details = terminology.validate(coding.code);
    if (details.valid) return details.code;
  }
  return undefined;
}

/** Most searches remembered per terminology: a chart's problem names recur across charts and hooks. */
const SEARCH_MEMO_SIZE = 4096;
const searchMemo = new WeakMap<Terminology, Map<string, SearchHit[]>>();

/**
 * `terminology.search(words, { limit: 10 })`, remembered: a problem's name ("Prediabetes", "Body mass
 * index 30+ - obesity") is searched once per process rather than on every chart and every hook. The search
 * is a pure function of the words for a loaded terminology, so the answer is the same.
 */
function searchName(terminology: Terminology, words: string): SearchHit[] {
  let memo = searchMemo.get(terminology);
  if (memo === undefined) {
    memo = new Map();
    searchMemo.set(terminology, memo);
  }
  const known = memo.get(words);
  if (known !== undefined) {
    memo.delete(words);
    memo.set(words, known);
    return known;
  }
  const hits = terminology.search(words, { limit: 10 });
  if (memo.size >= SEARCH_MEMO_SIZE) memo.delete(memo.keys().next().value as string);
  memo.set(words, hits);
  return hits;
}

function bestHit(hits: SearchHit[], allowed: (code: string) => boolean): SearchHit | undefined {
  return hits.find((h) => h.spans.length > 0 && allowed(h.code));
}

/**
 * Codes for the encounter in front of the physician, read from the chart model rather than from words:
 * the encounter's reasons and diagnoses and the current problems (their own ICD-10-CM code when they carry
 * one, else the best match of their name), a resolved problem only as its personal-history code, and the
 * encounter's notes through the text candidate finder. Vital signs and results are never matched as words.
 * A code already on a current or encounter Condition is marked `onChart`.
 */
export function findChartCandidates(
  model: ChartModel,
  rendered: Deidentified<RenderedChart>,
  terminology: Terminology,
  limit = 20,
  setting?: CareSetting,
): CodeCandidate[] {
  const text = rendered.text;
  const out = new Map<string, CodeCandidate>();
  const add = (candidate: CodeCandidate): void => {
    const previous = out.get(candidate.code);
    if (!previous) {
      out.set(candidate.code, candidate);
      return;
    }
    const basis = [...(previous.basis ?? []), ...(candidate.basis ?? [])].filter(
      (b, i, all) => all.findIndex((x) => x.ref === b.ref && x.kind === b.kind) === i,
    );
    const winner = candidate.score > previous.score ? candidate : previous;
    out.set(candidate.code, { ...winner, basis });
  };
  const problems = new Map(model.problems.map((p) => [p.ref, p]));

  for (const part of rendered.parts) {
    const words = text.slice(part.start, part.end);
    const evidence = { text: words, start: part.start, end: part.end };
    const basis: CandidateBasis[] = [];
    if (part.kind === 'reason' || part.kind === 'encounter-diagnosis' || part.kind === 'current') {
      basis.push({ ref: part.ref, kind: part.kind });
      const own = icd10Of(problems.get(part.ref), terminology);
      if (own !== undefined) {
        const details = terminology.lookup(own);
        add({
          code: details.code,
          display: details.display,
          billable: details.billable,
          score: Math.min(1, 0.9 * WEIGHT[part.kind]),
          evidence,
          section: part.kind === 'current' ? 'past-history' : 'diagnoses',
          status: 'affirmed',
          rationale: `${part.kind === 'current' ? 'on the problem list' : 'diagnosis of this encounter'}, coded ${details.code}`,
          basis,
        });
        continue;
      }
      const hit = bestHit(
        searchName(terminology, words),
        (code) => !DRUG_OR_EXTERNAL.test(code) && !EXAM_OR_SCREENING.test(code),
      );
      if (!hit) continue;
      add({
        code: hit.code,
        display: hit.display,
        billable: hit.billable,
        score: Math.min(1, hit.score * WEIGHT[part.kind]),
        evidence,
        section: part.kind === 'current' ? 'past-history' : part.kind === 'reason' ? 'chief-complaint' : 'diagnoses',
        status: 'affirmed',
        rationale:
          part.kind === 'current'
            ? `current problem: "${words}"`
            : part.kind === 'reason'
              ? `reason for visit: "${words}"`
              : `diagnosis of this encounter: "${words}"`,
        basis,
      });
    } else if (part.kind === 'history') {
      const hit = bestHit(
        searchName(terminology, `personal history of ${words}`),
        // A catch-all ("other specified conditions") is not what a coder records for a resolved problem.
        (code) => PERSONAL_HISTORY.test(code) && !/\bother\b/i.test(terminology.display(code) ?? ''),
      );
      if (!hit || hit.score < 0.4) continue;
      add({
        code: hit.code,
        display: hit.display,
        billable: hit.billable,
        score: Math.min(1, hit.score * 0.6),
        evidence,
        section: 'past-history',
        status: 'historical',
        rationale: `past history (not current): "${words}"`,
        basis: [{ ref: part.ref, kind: 'history' }],
      });
    }
  }

  const notes = rendered.parts.filter((p) => p.kind === 'note');
  if (notes.length > 0) {
    // Only the notes are read as documents (the document coder: mentions, assertions, ranking); everything
    // else is blanked with offsets kept, so section labels, problem names and values are never matched.
    const noteText = deriveDeidentified(rendered, (r) => {
      let blanked = ' '.repeat(r.text.length);
      for (const n of notes) blanked = blanked.slice(0, n.start) + r.text.slice(n.start, n.end) + blanked.slice(n.end);
      return blanked;
    });
    for (const c of documentCodeCandidates(noteText, new MentionContext(noteText), terminology, limit, setting)) {
      const note = notes.find((n) => c.evidence.start >= n.start && c.evidence.end <= n.end);
      add({ ...c, basis: note ? [{ ref: note.ref, kind: 'note' }] : [] });
    }
  }

  const onChart = new Map<string, string>();
  for (const p of model.problems) {
    if (p.status === 'ignored' || (p.status !== 'current' && !p.ofEncounter)) continue;
    const code = icd10Of(p, terminology);
    if (code !== undefined && !onChart.has(code)) onChart.set(code, p.ref);
  }
  return [...out.values()]
    .map((c) => (onChart.has(c.code) ? { ...c, onChart: onChart.get(c.code) } : c))
    .filter((c) => c.score >= 0.3)
    .sort((a, b) => b.score - a.score || a.evidence.start - b.evidence.start)
    .slice(0, limit);
}
