/** The generation tasks of the evaluation suite, named as the CLI and the suite folder name them. */
export const GENERATION_TASKS = ['note', 'discharge', 'patient-comm'] as const;
export type GenerationTask = (typeof GENERATION_TASKS)[number];

/** Every task of the suite: the three decisions of shared/eval/README.md, then the generation tasks. */
export const EVAL_TASKS = ['coding', 'triage', 'deid', ...GENERATION_TASKS] as const;
export type EvalTask = (typeof EVAL_TASKS)[number];

export function isGenerationTask(task: EvalTask): task is GenerationTask {
  return (GENERATION_TASKS as readonly string[]).includes(task);
}
