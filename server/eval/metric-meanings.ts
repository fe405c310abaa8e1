import type { EvalTask } from './generation-tasks.ts';

/** What each reported metric means, written beside it in the HTML report and `--help`. */
export const METRIC_MEANINGS: Record<EvalTask, Record<string, string>> = {
  coding: {
    top1: 'first suggestion equals the principal gold code',
    top5: 'principal gold code among the first five suggestions',
    recall5: 'share of all gold codes found in the first five suggestions',
    category1: "first suggestion in the principal gold code's 3-character category",
    invalid: 'share of suggestions that are not valid ICD-10-CM codes (must be 0)',
    unsupportedEvidence: 'share of suggestions whose evidence is not found verbatim in the input',
    n: 'cases',
  },
  triage: {
    accuracy: "share of cases predicted at the gold level (on the case's own scale)",
    emergentRecall: 'share of gold EMERGENT cases predicted EMERGENT',
    emergentRecallCI95: 'Wilson 95% confidence interval of EMERGENT recall',
    underTriage: 'share of cases predicted less urgent than gold (the dangerous error)',
    overTriage: 'share of cases predicted more urgent than gold',
    n: 'cases',
  },
  deid: {
    tokenRecall: 'share of gold PHI tokens masked (the metric that matters)',
    tokenPrecision: 'share of masked tokens that are gold PHI',
    spanRecall: 'share of gold PHI spans wholly masked',
    n: 'cases',
  },
  note: {
    bleu: 'corpus BLEU-4 against the physician-written notes (n-gram overlap, 0..1)',
    rougeL: 'mean ROUGE-L F1 against the reference (longest common word sequence, 0..1)',
    sectionCompleteness: 'mean share of the expected headings (Subjective/HPI, Objective, Assessment, Plan) present',
    hallucinatedQuantities: 'numbers with a unit in the output that the input does not state',
    hallucinatedDoses: 'doses (mg, mcg, g, units, mL) in the output that the input does not state (must be 0)',
    hallucinatedMedications: 'medication names in the output that the input does not mention',
    hallucinationFree: 'share of outputs with no unsupported number, dose or drug name',
    n: 'cases',
  },
  discharge: {
    bleu: 'corpus BLEU-4 against the reference discharge summaries (0..1)',
    rougeL: 'mean ROUGE-L F1 against the reference (0..1)',
    sectionCompleteness:
      'mean share of the expected sections (admission diagnosis, hospital course, discharge diagnosis, discharge medications, follow-up) present',
    hallucinatedQuantities: 'numbers with a unit in the output that the input does not state',
    hallucinatedDoses: 'doses (mg, mcg, g, units, mL) in the output that the input does not state (must be 0)',
    hallucinatedMedications: 'medication names in the output that the input does not mention',
    hallucinationFree: 'share of outputs with no unsupported number, dose or drug name',
    n: 'cases',
  },
  'patient-comm': {
    bleu: "corpus BLEU-4 against the clinician's patient text (0..1)",
    rougeL: 'mean ROUGE-L F1 against the reference (0..1)',
    gradeLevel: 'mean Flesch–Kincaid grade level of the outputs (target 6–8)',
    gradeInRange: 'share of outputs at grade 6 to 8',
    factPreservation: "share of the reference's numbers-with-units and drug names that the output states",
    hallucinatedQuantities: 'numbers with a unit in the output that the input does not state',
    hallucinatedDoses: 'doses (mg, mcg, g, units, mL) in the output that the input does not state (must be 0)',
    hallucinatedMedications: 'medication names in the output that the input does not mention',
    hallucinationFree: 'share of outputs with no unsupported number, dose or drug name',
    n: 'cases',
  },
};
