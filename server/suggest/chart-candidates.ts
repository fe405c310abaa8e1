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
/**
 * A BMI code states a measured value: a problem's name gives at best a range ("Body mass index 30+ -
 * obesity" is obesity, not BMI 30.0-30.9), so Z68 comes from the chart's BMI measurement (bmiCode).
 */
const BMI = /^Z68/;
/**
 * The diagnoses a BMI code may accompany (Guidelines I.B.14 and I.C.21.c.3: BMI codes are reported only
 * with an associated reportable diagnosis such as obesity, overweight, underweight or malnutrition).
 */
const WEIGHT_DIAGNOSIS = /^(?:E66|E4[0-6]|R63\.6)/;

/**
 * The adult BMI code (Z68.1–Z68.45, persons 20 years or older) for a measured value; undefined for a
 * child or adolescent, whose Z68.5- codes need a percentile for age, which the chart does not give.
 */
export function bmiCode(bmi: number, ageYears: number | undefined): string | undefined {
  if (ageYears === undefined || ageYears < 20 || !Number.isFinite(bmi) || bmi <= 0 || bmi > 200) return undefined;
  const value = Math.floor(bmi * 10) / 10;
  if (value < 20) return 'Z68.1';
  if (value < 40) return `Z68.${Math.floor(value)}`;
  if (value < 45) return 'Z68.41';
  if (value < 50) return 'Z68.42';
  if (value < 60) return 'Z68.43';
  if (value < 70) return 'Z68.44';
  return 'Z68.45';
}

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

const NAME_WORD = /[a-z][a-z0-9-]{2,}/gi;
const NAME_STOPWORDS = new Set(['the', 'and', 'with', 'without', 'due', 'for', 'from', 'disorder', 'finding']);
const wordsOf = (text: string): string[] =>
  [...text.toLowerCase().matchAll(NAME_WORD)].map((m) => m[0].replace(/s$/, '')).filter((w) => !NAME_STOPWORDS.has(w));

/** Share of a problem name's words that the code's title says too. */
export function nameCovered(name: string, title: string): number {
  const said = new Set(wordsOf(title));
  const words = wordsOf(name);
  return words.length === 0 ? 0 : words.filter((w) => said.has(w)).length / words.length;
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
        (code) => !DRUG_OR_EXTERNAL.test(code) && !EXAM_OR_SCREENING.test(code) && !BMI.test(code),
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
      const query = `personal history of ${words}`;
      const hit = bestHit(
        searchName(terminology, query),
        // A catch-all ("other specified conditions") is not what a coder records for a resolved problem.
        (code) => PERSONAL_HISTORY.test(code) && !/\bother\b/i.test(terminology.display(code) ?? ''),
      );
      // The code must say what the problem was: "history of whiplash injury to neck" is not a history of
      // traumatic brain injury because both are injuries.
      if (!hit || hit.score < 0.4 || nameCovered(words, hit.display) < 0.5) continue;
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

  // The measured BMI, with the weight diagnosis it is reported with (Guidelines I.B.14).
  const weightDiagnosis = [...out.values()]
    .filter((c) => WEIGHT_DIAGNOSIS.test(c.code) && c.status === 'affirmed')
    .sort((a, b) => b.score - a.score)[0];
  const bmi = model.vitals.filter((m) => m.kind === 'bmi').sort((a, b) => b.time.localeCompare(a.time))[0];
  const bmiPart = bmi && rendered.parts.find((p) => p.kind === 'vital' && p.ref === bmi.ref);
  const z68 = bmi && weightDiagnosis && bmiCode(bmi.value, model.patient?.ageYears);
  const z68Details = z68 === undefined ? undefined : terminology.validate(z68);
  if (bmi && bmiPart && weightDiagnosis && z68Details?.valid) {
    const details = terminology.lookup(z68Details.code);
    add({
      code: details.code,
      display: details.display,
      billable: details.billable,
      score: Math.min(weightDiagnosis.score, 0.5),
      evidence: { text: text.slice(bmiPart.start, bmiPart.end), start: bmiPart.start, end: bmiPart.end },
      section: 'exam',
      status: 'affirmed',
      rationale: `measured BMI, reported with ${weightDiagnosis.code} (Guidelines I.B.14)`,
      basis: [{ ref: bmi.ref, kind: 'vital' }],
    });
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
