import { codesInNote } from '../../../terminology/icd10cm/import-tabular.ts';
import type { Terminology } from '../../../terminology/icd10cm/terminology.ts';
import type { EvidenceSpan } from '../suggestions.ts';
import {
  CKD,
  CKD_END_STAGE,
  DIABETES,
  DIABETES_COMPLICATIONS,
  HEART_FAILURE,
  HYPERTENSION,
  HYPERTENSIVE_HEART,
  under,
} from './combination-rules.ts';
import type { CareSetting } from './care-setting.ts';
import { emptyFeatures, type FeatureName, type FeatureVector } from './features.ts';
import { inStatedDiabetesCategory } from './diabetes-type.ts';
import { isShortNote } from './short-note.ts';
import { explainingDiagnosis } from './integral-symptoms.ts';
import { mentionCodeOf, type Mention, type MentionCode } from './mentions.ts';
import { outOfContextReason, readPatientContext, type PatientFacts } from './patient-context.ts';
import { termSupport, unsupportedReason, type TermSupport } from './term-support.ts';
import { FAMILY_HISTORY, PERSONAL_HISTORY } from '../history-codes.ts';

/** How a document code came to be. */
export type CandidateKind = 'condition' | 'combination' | 'personal-history' | 'family-history';

/** A code the document supports, before ranking. */
export interface DocumentCandidate {
  code: string;
  display: string;
  billable: boolean;
  kind: CandidateKind;
  /** Verbatim spans of the text, in text order. */
  evidence: EvidenceSpan[];
  /** Ids of the mentions behind it. */
  mentions: number[];
  /** Where it is first said under the document's diagnoses or assessment, if it is. */
  listedAt?: number;
  /**
   * The code of the same mention's first reading when this is another reading of it in the same category
   * (the same condition at another specificity): one of the two is coded, the one the ranking prefers.
   */
  alternativeTo?: string;
  features: FeatureVector;
  /** What document logic said of it ("combination of …", "use additional code with …"). */
  notes: string[];
  /** Codes it is sequenced with: `codeFirst` must come before it; `additional` follow it. */
  codeFirst: string[];
  additional: string[];
}

/** A code the document mentions but does not support, and why (negated, ruled out, explained…). */
export interface DroppedCode {
  code: string;
  reason: string;
  evidence: EvidenceSpan;
}

export interface DocumentLogicOptions {
  /**
   * Inpatient documents code "probable", "suspected" and "likely" diagnoses as if established (Guidelines
   * II.H, III.C); outpatient ones do not (IV.H). Default outpatient.
   */
  setting?: CareSetting;
  /** Leave symptoms explained by a confirmed diagnosis in (off by default: Guidelines I.B.5). */
  keepIntegralSymptoms?: boolean;
  /** What the chart says of the patient (age, sex, pregnancy), beside what the text states. */
  patient?: PatientFacts;
}

/** Chronic conditions still coded when written as "history of" (ongoing, treated: Guidelines III.A). */
const CHRONIC =
  /^(?:I10|I1[1-6]|E0[89]|E1[013]|E78|E03|E66|J4[1-7]|N18|I25|I48|I50|F1[0-9]|F2\d|F3[0-9]|F41|G20|G30|G35|G40|K21|K50|K51|M0[5-6]|M1[5-9]|M32|M34|B18|B20|D6[4-9]|L40|G43|N40|H40|E05|I27|I73|J84)/;
/**
 * Conditions that are over once past, coded as history when written so: neoplasms (Z85), infections (Z86.1),
 * myocardial infarction and stroke (I25.2, Z86.73), pregnancy (Z87.5), injuries and poisonings (Z87.8),
 * pneumonia (Z87.01), urinary calculi (Z87.44), congenital conditions corrected (Z87.7).
 */
const RESOLVED = /^(?:C|D0|A|B|I2[12]|I6[0-4]|O|S|T|J1[2-8]|N2[0-3]|Q)/;
const DIAGNOSIS_SECTIONS = new Set(['diagnoses', 'assessment']);
/** A diagnosis label inside a paragraph ("… Assessment: sprain of the left ankle."), before a mention of its sentence. */
const INLINE_DIAGNOSIS_LABEL = /\b(?:assessment|impression|diagnos[ie]s|dx|a\/p)\s*:[^.!?\n]*$/i;
const UNSPECIFIED_PAIN = 'R52';
const PAIN_TITLE = /\bpain\b|algia\b|ache\b/i;
const FINDING_SECTIONS = new Set(['exam', 'results', 'review-of-systems']);

interface Aggregate {
  candidate: DocumentCandidate;
  score: number;
  relScore: number;
  top: boolean;
  words: number;
  sentences: Set<number>;
  sections: Set<string>;
  first: number;
  modifierMatch: boolean;
  /** How well the text supports the code, at its best-supported mention. */
  support: TermSupport;
  /** At every mention, a reading in another category that says less than the mention's first reading. */
  subsumed: boolean;
}

/** The better-supported of two readings, feature by feature. */
function bestSupport(a: TermSupport, b: TermSupport): TermSupport {
  return {
    oneWord: a.oneWord && b.oneWord,
    termUncovered: Math.min(a.termUncovered, b.termUncovered),
    synonymOnly: a.synonymOnly && b.synonymOnly,
    titleCovered: Math.max(a.titleCovered, b.titleCovered),
    mentionUncovered: Math.min(a.mentionUncovered, b.mentionUncovered),
    modifierOnly: a.modifierOnly && b.modifierOnly,
    siteOnly: a.siteOnly && b.siteOnly,
    contradicted: a.contradicted && b.contradicted,
  };
}

function bare(code: string): string {
  return code.replace('.', '');
}

function modifierMatches(mention: Mention, display: string): boolean {
  const m = mention.modifiers;
  const title = display.toLowerCase();
  if (m.laterality && title.includes(m.laterality)) return true;
  if (m.acuity && title.includes(m.acuity)) return true;
  return m.stage !== undefined && title.includes(`stage ${m.stage.toLowerCase()}`);
}

/**
 * The mention's own top reading when it is already a code of the allowed range, else the first Z code of a
 * history search that falls in the range and matches well enough.
 */
function historyCode(
  terminology: Terminology,
  prefix: string,
  mention: Mention,
  allowed: RegExp,
): MentionCode | undefined {
  const top = mention.codes[0];
  if (top && allowed.test(top.code)) return top;
  const hit = terminology
    .search(`${prefix} ${mention.span.text}`, { limit: 10 })
    .find((h) => allowed.test(h.code) && h.score >= 0.35);
  return hit ? mentionCodeOf(hit) : undefined;
}

/**
 * Document logic over the mentions (ICD-10-CM Official Guidelines, Section I.A–B and III): negated,
 * ruled-out and hypothetical mentions are never coded (nor possible ones outside inpatient care); a
 * relative's condition becomes a family-history code (Z80–Z84), a past one a personal-history code
 * (Z85–Z87) unless it is a chronic condition still present; "with" combinations replace their parts;
 * "use additional code" and "code first" notes pair codes; Excludes1 conflicts keep the better-supported
 * code; a parent is dropped when its child is coded; symptoms a confirmed diagnosis explains are dropped.
 */
export function applyDocumentLogic(
  text: string,
  mentions: readonly Mention[],
  terminology: Terminology,
  options: DocumentLogicOptions = {},
): { candidates: DocumentCandidate[]; dropped: DroppedCode[] } {
  const length = Math.max(1, text.length);
  const byCode = new Map<string, Aggregate>();
  const dropped: DroppedCode[] = [];
  const patientContext = readPatientContext(text, options.patient);
  const add = (
    mention: Mention,
    mc: MentionCode,
    rank: number,
    kind: CandidateKind,
    flags: Partial<FeatureVector> = {},
  ): void => {
    const outOfContext = outOfContextReason(mc.code, patientContext);
    if (outOfContext) {
      if (rank === 0) dropped.push({ code: mc.code, reason: outOfContext, evidence: mention.span });
      return;
    }
    const support = termSupport(mention.span.text, mc.term, mc.display);
    let subsumed = false;
    if (kind === 'condition') {
      const before = text.slice(Math.max(0, mention.span.start - 12), mention.span.start);
      const unsupported = unsupportedReason(mention.span.text, mc.code, support, mc.term, before);
      if (unsupported) {
        if (rank === 0) dropped.push({ code: mc.code, reason: unsupported, evidence: mention.span });
        return;
      }
      const first = mention.codes[0];
      if (rank > 0 && first && first.code.slice(0, 3) !== mc.code.slice(0, 3)) {
        const said = termSupport(mention.span.text, first.term, first.display);
        subsumed = said.termUncovered === 0 && support.mentionUncovered > said.mentionUncovered + 0.2;
      }
    }
    let agg = byCode.get(mc.code);
    if (!agg) {
      agg = {
        candidate: {
          code: mc.code,
          display: mc.display,
          billable: mc.billable,
          kind,
          evidence: [],
          mentions: [],
          features: emptyFeatures(),
          notes: [],
          codeFirst: [],
          additional: [],
        },
        score: 0,
        relScore: 0,
        top: false,
        words: 0,
        sentences: new Set(),
        sections: new Set(),
        first: mention.span.start,
        modifierMatch: false,
        support,
        subsumed,
      };
      byCode.set(mc.code, agg);
    }
    const c = agg.candidate;
    if (!c.mentions.includes(mention.id)) c.mentions.push(mention.id);
    if (
      DIAGNOSIS_SECTIONS.has(mention.section) ||
      INLINE_DIAGNOSIS_LABEL.test(text.slice(Math.max(0, mention.span.start - 200), mention.span.start))
    )
      c.listedAt = Math.min(c.listedAt ?? Infinity, mention.span.start);
    if (!c.evidence.some((e) => e.start === mention.span.start && e.end === mention.span.end))
      c.evidence.push(mention.span);
    agg.score = Math.max(agg.score, mc.score);
    agg.relScore = Math.max(agg.relScore, mc.score / (mention.codes[0]?.score ?? mc.score));
    agg.top ||= rank === 0;
    agg.words = Math.max(agg.words, mc.words);
    agg.sentences.add(mention.sentence);
    agg.sections.add(mention.section);
    agg.first = Math.min(agg.first, mention.span.start);
    agg.modifierMatch ||= modifierMatches(mention, mc.display);
    agg.support = bestSupport(agg.support, support);
    agg.subsumed &&= subsumed;
    if (mc.source !== 'title') c.features.indexTerm = 1;
    for (const [name, value] of Object.entries(flags))
      c.features[name as keyof FeatureVector] = Math.max(c.features[name as keyof FeatureVector], value);
  };

  for (const mention of mentions) {
    const top = mention.codes[0];
    if (!top) continue;
    switch (mention.assertion) {
      case 'present':
        mention.codes.forEach((mc, rank) => add(mention, mc, rank, 'condition'));
        break;
      case 'possible':
        if (options.setting === 'inpatient')
          mention.codes.forEach((mc, rank) => add(mention, mc, rank, 'condition', { possible: 1 }));
        else
          dropped.push({
            code: top.code,
            reason: 'possible only (uncertain diagnoses are not coded outside inpatient care)',
            evidence: mention.span,
          });
        break;
      case 'negated':
        dropped.push({ code: top.code, reason: 'negated or ruled out', evidence: mention.span });
        break;
      case 'hypothetical':
        dropped.push({
          code: top.code,
          reason: 'hypothetical (not the patient’s condition now)',
          evidence: mention.span,
        });
        break;
      case 'history': {
        // A past condition that is over (a removed cancer, an old infarct, a healed injury, a cured
        // infection) is a personal-history code (Z85–Z87, I25.2); any other "history of" in a history list
        // names a condition the patient still has, which is coded (Guidelines III.A–B), flagged as history.
        const condition = mention.codes.find((c) => !PERSONAL_HISTORY.test(c.code)) ?? top;
        if (!RESOLVED.test(condition.code) || CHRONIC.test(condition.code)) {
          mention.codes.forEach((mc, rank) => add(mention, mc, rank, 'condition', { history: 1 }));
          break;
        }
        const z = historyCode(terminology, 'personal history of', mention, PERSONAL_HISTORY);
        if (z) add(mention, z, 0, 'personal-history', { history: 1 });
        else
          dropped.push({
            code: condition.code,
            reason: 'history only, no personal-history code found',
            evidence: mention.span,
          });
        break;
      }
      case 'family': {
        const z = historyCode(terminology, 'family history of', mention, FAMILY_HISTORY);
        if (z) add(mention, z, 0, 'family-history', { family: 1 });
        else
          dropped.push({
            code: top.code,
            reason: 'a relative’s condition, no family-history code found',
            evidence: mention.span,
          });
        break;
      }
    }
  }

  const remove = (code: string, reason: string): void => {
    const agg = byCode.get(code);
    if (!agg) return;
    byCode.delete(code);
    const evidence = agg.candidate.evidence[0];
    if (evidence) dropped.push({ code, reason, evidence });
  };
  const present = (): string[] => [...byCode.keys()];

  const replacedBy = new Map<string, string>();
  // A parent is dropped when its child is coded (the code to the highest specificity: Guidelines I.B.7).
  // In sorted order a code's descendants follow it: only codes with one look for the first coded child.
  const sorted = present().map(bare).sort();
  const parents = new Set(sorted.filter((b, i) => sorted[i + 1]?.startsWith(b) === true));
  for (const code of present()) {
    const b = bare(code);
    if (!parents.has(b)) continue;
    // The child the text reads best: whose title it says most of, then the closest match (the first found
    // would be the first in code order, E11.311 for E11).
    const fit = (c: string): number => {
      const a = byCode.get(c);
      return a ? a.support.titleCovered * 10 + a.score : 0;
    };
    let child: string | undefined;
    for (const other of present()) {
      if (other === code || !bare(other).startsWith(b)) continue;
      if (child === undefined || fit(other) > fit(child)) child = other;
    }
    if (!child) continue;
    // The child is the same reading at the specificity the text supports: it inherits the parent's standing.
    const parent = byCode.get(code);
    const kept = byCode.get(child);
    if (parent && kept) {
      kept.top ||= parent.top;
      kept.score = Math.max(kept.score, parent.score);
      kept.relScore = Math.max(kept.relScore, parent.relScore);
    }
    replacedBy.set(code, child);
    remove(code, `parent of ${child}, which is coded`);
  }

  markAlternatives(byCode, mentions, replacedBy);

  applyCombinations(text, byCode, terminology, remove);

  // Excludes1: the two codes are never reported together; keep the better-supported one.
  const strength = (a: Aggregate): number => a.score * (1 + a.candidate.mentions.length) * (a.top ? 1 : 0.7);
  const conflicts = excludes1Pairs(present(), terminology);
  for (const code of present()) {
    const a = byCode.get(code);
    const partners = conflicts.get(code);
    if (!a || !partners) continue;
    for (const other of present()) {
      const b = byCode.get(other);
      if (!b || other === code || !partners.has(other)) continue;
      if (strength(a) >= strength(b)) remove(other, `Excludes1 with ${code}, which the text supports better`);
      else {
        remove(code, `Excludes1 with ${other}, which the text supports better`);
        break;
      }
    }
  }

  // In a short note, "Pain, unspecified" (R52) beside a pain the text places (R10.-, M54.-, R07.-…): the
  // specific code says it.
  const shortNote = isShortNote(text);
  const sitedPain = present().some(
    (c) => c !== UNSPECIFIED_PAIN && byCode.get(c)?.top && PAIN_TITLE.test(byCode.get(c)?.candidate.display ?? ''),
  );
  if (shortNote && sitedPain && byCode.has(UNSPECIFIED_PAIN))
    remove(UNSPECIFIED_PAIN, 'unspecified pain beside a site-specific pain code');

  // Symptoms routinely part of a confirmed diagnosis are not coded (Guidelines I.B.5).
  if (!options.keepIntegralSymptoms) {
    const confirmed = [...byCode.values()]
      .filter(
        (a) =>
          a.top &&
          a.candidate.kind === 'condition' &&
          a.candidate.features.possible === 0 &&
          !a.candidate.code.startsWith('R'),
      )
      .map((a) => a.candidate.code);
    const explainedMentions = new Set<number>();
    for (const code of present()) {
      const explained = explainingDiagnosis(code, confirmed, { shortNote });
      if (!explained) continue;
      for (const id of byCode.get(code)?.candidate.mentions ?? []) explainedMentions.add(id);
      remove(code, `symptom integral to ${explained}, a confirmed diagnosis`);
    }
    // The other readings of an explained symptom ("pain" for "right lower quadrant pain") go with it.
    for (const agg of [...byCode.values()]) {
      if (!agg.top && agg.candidate.mentions.every((id) => explainedMentions.has(id)))
        remove(agg.candidate.code, 'another reading of a symptom integral to a confirmed diagnosis');
    }
  }

  // "Use additional code" and "code first" notes of the Tabular pair codes the document holds.
  const bareCodes = present().map((c) => [c, bare(c)] as const);
  for (const agg of byCode.values()) {
    const code = agg.candidate.code;
    if (!terminology.has(code)) continue;
    const listed = (notes: readonly string[]): string[] => {
      if (notes.length === 0) return [];
      const named = notes.flatMap((n) => codesInNote(n)).map(bare);
      return bareCodes.filter(([c, b]) => c !== code && named.some((n) => b.startsWith(n))).map(([c]) => c);
    };
    for (const other of listed(terminology.useAdditional(code))) addPair(byCode, code, other, 'use additional code');
    for (const other of listed(terminology.codeFirst(code))) addPair(byCode, other, code, 'code first');
  }

  const candidates = [...byCode.values()].map((agg) => finishFeatures(agg, length));
  return { candidates, dropped };
}

/**
 * One condition, one code: a reading of a mention in the same category as the mention's first reading is
 * the same condition at another specificity. Both stay candidates, marked, and the ranking codes the one it
 * finds likelier (rankCandidates): the text's words decide between "R59.0 localized" and "R59.9 unspecified".
 */
function markAlternatives(
  byCode: Map<string, Aggregate>,
  mentions: readonly Mention[],
  replacedBy: ReadonlyMap<string, string>,
): void {
  const resolve = (code: string): string => {
    let c = code;
    for (let i = 0; i < 8 && replacedBy.has(c); i++) c = replacedBy.get(c) ?? c;
    return c;
  };
  const firstOf = new Map(mentions.map((m) => [m.id, resolve(m.codes[0]?.code ?? '')]));
  for (const agg of byCode.values()) {
    if (agg.top) continue;
    const code = agg.candidate.code;
    const same = agg.candidate.mentions
      .map((id) => firstOf.get(id) ?? '')
      .find((first) => first !== code && first.slice(0, 3) === code.slice(0, 3) && byCode.has(first));
    if (same) agg.candidate.alternativeTo = same;
  }
}

/** The pairs of codes that an Excludes1 note of either forbids together (I.A.12.a), as a symmetric map. */
function excludes1Pairs(codes: readonly string[], terminology: Terminology): Map<string, Set<string>> {
  const sorted = codes.map((c) => ({ code: c, bare: bare(c) })).sort((a, b) => (a.bare < b.bare ? -1 : 1));
  const out = new Map<string, Set<string>>();
  const link = (a: string, b: string): void => {
    if (a === b) return;
    for (const [x, y] of [
      [a, b],
      [b, a],
    ] as const) {
      const set = out.get(x) ?? new Set<string>();
      set.add(y);
      out.set(x, set);
    }
  };
  for (const code of codes) {
    for (const prefix of terminology.excludes1Prefixes(code)) {
      // The codes starting with the prefix are one run of the sorted list.
      let lo = 0;
      let hi = sorted.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if ((sorted[mid]?.bare ?? '') < prefix) lo = mid + 1;
        else hi = mid;
      }
      for (let i = lo; i < sorted.length && sorted[i]?.bare.startsWith(prefix); i++) link(code, sorted[i]?.code ?? '');
    }
  }
  return out;
}

/** Records that `first` is sequenced before `then` (a code-first / use-additional pair). */
function addPair(byCode: Map<string, Aggregate>, first: string, then: string, note: string): void {
  const a = byCode.get(first)?.candidate;
  const b = byCode.get(then)?.candidate;
  if (!a || !b) return;
  if (!a.additional.includes(then)) a.additional.push(then);
  if (!b.codeFirst.includes(first)) b.codeFirst.push(first);
  a.features.paired = 1;
  b.features.paired = 1;
  const text = `${note}: ${first} with ${then}`;
  if (!a.notes.includes(text)) a.notes.push(text);
  if (!b.notes.includes(text)) b.notes.push(text);
}

/** Replaces diabetes and hypertension with their "with" combinations (Guidelines I.A.15, I.C.4.a, I.C.9.a). */
function applyCombinations(
  text: string,
  byCode: Map<string, Aggregate>,
  terminology: Terminology,
  remove: (code: string, reason: string) => void,
): void {
  const codes = (): string[] => [...byCode.keys()];
  const makeFrom = (code: string, parts: readonly Aggregate[], note: string): Aggregate | undefined => {
    const details = terminology.validate(code);
    if (!details.valid || !details.billable) return undefined;
    const existing = byCode.get(details.code);
    const base = parts[0];
    if (!base) return undefined;
    const agg: Aggregate = existing ?? {
      ...base,
      candidate: {
        ...base.candidate,
        code: details.code,
        display: details.display,
        billable: true,
        kind: 'combination',
        evidence: [],
        mentions: [],
        features: { ...base.candidate.features },
        notes: [],
        codeFirst: [],
        additional: [],
      },
      sentences: new Set(),
      sections: new Set(),
    };
    // Made by document logic, whatever reading it was: coded whatever its weight, chosen over no sibling.
    agg.candidate.kind = 'combination';
    delete agg.candidate.alternativeTo;
    for (const part of parts) {
      for (const e of part.candidate.evidence)
        if (!agg.candidate.evidence.some((x) => x.start === e.start)) agg.candidate.evidence.push(e);
      for (const m of part.candidate.mentions) if (!agg.candidate.mentions.includes(m)) agg.candidate.mentions.push(m);
      for (const s of part.sentences) agg.sentences.add(s);
      for (const s of part.sections) agg.sections.add(s);
      agg.score = Math.max(agg.score, part.score);
      agg.first = Math.min(agg.first, part.first);
      if (part.candidate.listedAt !== undefined)
        agg.candidate.listedAt = Math.min(agg.candidate.listedAt ?? Infinity, part.candidate.listedAt);
      agg.top ||= part.top;
    }
    agg.candidate.evidence.sort((a, b) => a.start - b.start);
    agg.candidate.features.combination = 1;
    if (!agg.candidate.notes.includes(note)) agg.candidate.notes.push(note);
    byCode.set(details.code, agg);
    return agg;
  };

  // Diabetes with its complications: one combination code per complication.
  const diabetes = codes().filter((c) => DIABETES.test(c) && byCode.get(c)?.top);
  for (const dm of diabetes) {
    const dmAgg = byCode.get(dm);
    if (!dmAgg) continue;
    // The category the text states, else type 2 (Guidelines I.C.4.a.2): "diabetic nephropathy" is E11.21.
    const said = dmAgg.candidate.evidence.map((e) => text.slice(Math.max(0, e.start - 30), e.end + 30)).join(' ');
    const category = inStatedDiabetesCategory(dm, said, (c) => terminology.has(c)).slice(0, 3);
    let combined = false;
    for (const rule of DIABETES_COMPLICATIONS) {
      for (const complication of codes().filter((c) => under(c, rule.complication))) {
        const compAgg = byCode.get(complication);
        if (!compAgg?.top) continue;
        const made = makeFrom(
          `${category}${rule.suffix}`,
          [dmAgg, compAgg],
          `combination: diabetes with ${rule.label} ("with", Guidelines I.A.15)`,
        );
        if (!made) continue;
        combined = true;
        if (rule.keepComplication) addPair(byCode, made.candidate.code, complication, 'use additional code');
        else remove(complication, `part of the combination code ${made.candidate.code}`);
      }
    }
    if (!combined) continue;
    // "Without complications", a bare category or another reading of the diabetes mention gives way to
    // the combinations (one condition, coded by as many combination codes as it has complications).
    const saysLess = dmAgg.support.titleCovered < 1;
    if ((dm.endsWith('.9') || !dmAgg.candidate.billable || saysLess) && !dmAgg.candidate.features.combination)
      remove(dm, `replaced by the combination codes of ${category}`);
    for (const other of codes()) {
      const o = byCode.get(other);
      if (!o || other === dm || !other.startsWith(category) || o.candidate.features.combination) continue;
      if (o.candidate.mentions.every((m) => dmAgg.candidate.mentions.includes(m)))
        remove(other, `another reading of the diabetes the combination codes of ${category} code`);
    }
  }

  // Hypertension with heart failure, heart disease or chronic kidney disease (I.C.9.a.1–3).
  const htn = byCode.get(HYPERTENSION);
  if (!htn) return;
  const failure = codes().find((c) => under(c, HEART_FAILURE) && byCode.get(c)?.top);
  const heart = codes().find((c) => under(c, HYPERTENSIVE_HEART) && byCode.get(c)?.top);
  const ckd = codes().find((c) => under(c, CKD) && byCode.get(c)?.top);
  const endStage = ckd !== undefined && under(ckd, CKD_END_STAGE);
  const parts = (...cs: (string | undefined)[]): Aggregate[] =>
    [htn, ...cs.map((c) => (c ? byCode.get(c) : undefined))].filter((a): a is Aggregate => a !== undefined);
  let made: Aggregate | undefined;
  if ((failure || heart) && ckd) {
    made = makeFrom(
      endStage ? (failure ? 'I13.2' : 'I13.11') : failure ? 'I13.0' : 'I13.10',
      parts(failure ?? heart, ckd),
      'combination: hypertension with heart and chronic kidney disease (Guidelines I.C.9.a.3)',
    );
  } else if (failure || heart) {
    made = makeFrom(
      failure ? 'I11.0' : 'I11.9',
      parts(failure ?? heart),
      'combination: hypertension with heart disease (Guidelines I.C.9.a.1)',
    );
  } else if (ckd) {
    made = makeFrom(
      endStage ? 'I12.0' : 'I12.9',
      parts(ckd),
      'combination: hypertension with chronic kidney disease (Guidelines I.C.9.a.2)',
    );
  }
  if (!made) return;
  remove(HYPERTENSION, `replaced by the combination code ${made.candidate.code}`);
  if (failure) addPair(byCode, made.candidate.code, failure, 'use additional code');
  if (ckd) addPair(byCode, made.candidate.code, ckd, 'use additional code');
  if (heart && !failure) remove(heart, `part of the combination code ${made.candidate.code}`);
}

/** Tabular chapters by code range (ICD-10-CM chapters 1, 3–15, 17, 20). */
const CHAPTERS: readonly (readonly [FeatureName, RegExp])[] = [
  ['infection', /^[AB]/],
  ['blood', /^D[5-8]/],
  ['endocrine', /^E/],
  ['mental', /^F/],
  ['nervous', /^G/],
  ['eyeEar', /^H/],
  ['circulatory', /^I/],
  ['respiratory', /^J/],
  ['digestive', /^K/],
  ['skin', /^L/],
  ['musculoskeletal', /^M/],
  ['genitourinary', /^N/],
  ['pregnancy', /^O/],
  ['congenital', /^Q/],
  ['externalCause', /^[V-Y]/],
];

function finishFeatures(agg: Aggregate, length: number): DocumentCandidate {
  const c = agg.candidate;
  const f = c.features;
  const code = c.code;
  f.score = agg.score;
  f.top = agg.top ? 1 : 0;
  f.relScore = Math.min(1, agg.relScore);
  f.mentions = Math.log1p(c.mentions.length);
  f.sentences = Math.log1p(agg.sentences.size);
  f.firstPosition = agg.first / length;
  f.firstSentence = agg.sentences.has(0) ? 1 : 0;
  f.diagnosisSection = [...agg.sections].some((s) => DIAGNOSIS_SECTIONS.has(s)) ? 1 : 0;
  f.findingSectionOnly = agg.sections.size > 0 && [...agg.sections].every((s) => FINDING_SECTIONS.has(s)) ? 1 : 0;
  f.pastSection = agg.sections.has('past-history') ? 1 : 0;
  f.symptom = code.startsWith('R') ? 1 : 0;
  f.zCode = code.startsWith('Z') ? 1 : 0;
  f.neoplasm = /^(?:C|D[0-4])/.test(code) ? 1 : 0;
  f.injury = /^[ST]/.test(code) ? 1 : 0;
  f.unspecified = /unspecified/i.test(c.display) ? 1 : 0;
  f.otherTitle = /^other\b/i.test(c.display) ? 1 : 0;
  f.header = c.billable ? 0 : 1;
  f.specificity = bare(code).length / 7;
  f.words = Math.log1p(agg.words);
  f.modifierMatch = agg.modifierMatch ? 1 : 0;
  const support = agg.support;
  f.oneWord = support.oneWord ? 1 : 0;
  f.termUncovered = support.termUncovered;
  f.synonymOnly = support.synonymOnly ? 1 : 0;
  f.titleCovered = support.titleCovered;
  f.mentionUncovered = support.mentionUncovered;
  f.modifierOnly = support.modifierOnly ? 1 : 0;
  f.siteOnly = support.siteOnly ? 1 : 0;
  f.subsumed = agg.subsumed ? 1 : 0;
  f.oneWordZ = support.oneWord && code.startsWith('Z') && c.kind === 'condition' ? 1 : 0;
  f.oneWordUnsupported = support.oneWord && (support.synonymOnly || support.termUncovered > 0) ? 1 : 0;
  for (const [name, pattern] of CHAPTERS) f[name] = pattern.test(code) ? 1 : 0;
  c.evidence.sort((a, b) => a.start - b.start);
  return c;
}
