import { corpusBleu, sentenceBleu } from './bleu.ts';
import { checkHallucinations, preservedFacts } from './clinical-facts.ts';
import type { GenerationTask } from './generation-tasks.ts';
import { COMMON_MEDICATIONS, medicationNamesIn } from './medication-lexicon.ts';
import { fleschKincaid } from './readability.ts';
import { rougeL } from './rouge-l.ts';
import { sectionCompleteness } from './section-completeness.ts';

/** The generation metrics of one task (issue 8 §Evaluation); see {@link METRIC_MEANINGS} for each one's meaning. */
export interface GenerationMetrics {
  /** Corpus BLEU-4 against the reference outputs (0..1). */
  bleu: number;
  /** Mean ROUGE-L F1 against the reference outputs (0..1). */
  rougeL: number;
  /** Note and discharge: mean share of the expected section headings present. */
  sectionCompleteness?: number;
  /** Patient communication: mean Flesch–Kincaid grade level of the outputs. */
  gradeLevel?: number;
  /** Patient communication: share of outputs at grade 6 to 8. */
  gradeInRange?: number;
  /** Patient communication: share of the reference's numbers-with-units and drug names the output states. */
  factPreservation?: number;
  /** Numbers with a unit in the outputs that their input does not state (count). */
  hallucinatedQuantities: number;
  /** Doses (number + mg, mcg, g, units, mL) in the outputs that their input does not state (count; must be 0). */
  hallucinatedDoses: number;
  /** Medication names in the outputs that their input does not mention (count). */
  hallucinatedMedications: number;
  /** Share of outputs with no unsupported quantity, dose or medication name. */
  hallucinationFree: number;
  n: number;
}

/** Per-case scores, for the report's distributions. */
export interface GenerationDistributions {
  bleu: number[];
  rougeL: number[];
  sectionCompleteness?: number[];
  gradeLevel?: number[];
}

export interface GenerationEvaluation {
  metrics: GenerationMetrics;
  distributions: GenerationDistributions;
}

const round = (x: number): number => Math.round(x * 10_000) / 10_000;
const mean = (xs: readonly number[]): number => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);

/** The lexicon of the hallucination check: the common names plus RxNorm-style names in any of the inputs. */
export function medicationLexicon(inputs: readonly string[]): Set<string> {
  const lexicon = new Set(COMMON_MEDICATIONS);
  for (const input of inputs) for (const name of medicationNamesIn(input)) lexicon.add(name);
  return lexicon;
}

/** Scores a task's outputs against its cases' references and inputs. */
export function computeGenerationMetrics(
  task: GenerationTask,
  cases: readonly { input: string; output: string }[],
  outputs: readonly string[],
): GenerationEvaluation {
  const lexicon = medicationLexicon(cases.map((c) => c.input));
  const bleuPerCase: number[] = [];
  const rougePerCase: number[] = [];
  const sections: number[] = [];
  const grades: number[] = [];
  let preserved = 0;
  let facts = 0;
  let quantities = 0;
  let doses = 0;
  let medications = 0;
  let clean = 0;
  cases.forEach((c, i) => {
    const output = outputs[i] ?? '';
    bleuPerCase.push(round(sentenceBleu(output, c.output)));
    rougePerCase.push(round(rougeL(output, c.output)));
    if (task !== 'patient-comm') sections.push(round(sectionCompleteness(task, output, c.output)));
    else {
      grades.push(round(fleschKincaid(output).grade));
      const [p, t] = preservedFacts(output, c.output, lexicon);
      preserved += p;
      facts += t;
    }
    const check = checkHallucinations(output, c.input, lexicon);
    quantities += check.unsupportedQuantities;
    doses += check.unsupportedDoses;
    medications += check.unsupportedMedications;
    if (check.unsupportedQuantities + check.unsupportedMedications === 0) clean++;
  });
  const n = cases.length;
  const metrics: GenerationMetrics = {
    bleu: round(
      corpusBleu(
        outputs,
        cases.map((c) => c.output),
      ).bleu,
    ),
    rougeL: round(mean(rougePerCase)),
    ...(task !== 'patient-comm' ? { sectionCompleteness: round(mean(sections)) } : {}),
    ...(task === 'patient-comm'
      ? {
          gradeLevel: round(mean(grades)),
          gradeInRange: n ? round(grades.filter((g) => g >= 6 && g <= 8).length / n) : 0,
          factPreservation: facts ? round(preserved / facts) : 1,
        }
      : {}),
    hallucinatedQuantities: quantities,
    hallucinatedDoses: doses,
    hallucinatedMedications: medications,
    hallucinationFree: n ? round(clean / n) : 0,
    n,
  };
  return {
    metrics,
    distributions: {
      bleu: bleuPerCase,
      rougeL: rougePerCase,
      ...(task !== 'patient-comm' ? { sectionCompleteness: sections } : { gradeLevel: grades }),
    },
  };
}
