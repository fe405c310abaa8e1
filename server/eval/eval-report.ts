import type { CodingMetrics } from './coding-metrics.ts';
import type { DeidMetrics } from './deid-metrics.ts';
import type { GenerationDistributions, GenerationMetrics } from './generation-metrics.ts';
import type { GenerationTask } from './generation-tasks.ts';
import type { ThresholdRule, Thresholds } from './thresholds.ts';
import type { TriageMetrics } from './triage-metrics.ts';

export type CodingReportMetrics = CodingMetrics & { unsupportedEvidence: number };

export interface CodingTaskReport {
  task: 'coding';
  metrics: CodingReportMetrics;
  /** Top-1 per ICD-10-CM chapter letter of the principal gold code. */
  perCategory: Record<string, { n: number; top1: number }>;
  /** Cases the configured model failed on and rules answered instead. */
  fallbacks: number;
}

export interface TriageTaskReport {
  task: 'triage';
  metrics: TriageMetrics;
  fallbacks: number;
}

export interface DeidTaskReport {
  task: 'deid';
  metrics: DeidMetrics;
}

export interface GenerationTaskReport {
  task: GenerationTask;
  metrics: GenerationMetrics;
  distributions: GenerationDistributions;
  /** Where the outputs came from: `predictions` (a file) or the model version that generated them. */
  source: string;
}

export type TaskReport = CodingTaskReport | TriageTaskReport | DeidTaskReport | GenerationTaskReport;

/** One gated metric and how it fared. */
export interface GateCheck {
  task: string;
  metric: string;
  rule: ThresholdRule;
  /** `≥ 0.9`-style text of the rule. */
  bound: string;
  value: number | null;
  status: 'pass' | 'fail' | 'not-evaluated';
}

export interface GateResult {
  passed: boolean;
  checks: GateCheck[];
}

/** What one evaluation run found, stored with the model and rendered as HTML. */
export interface EvalReport {
  format: 'chartside-eval-report/1';
  createdAt: string;
  subject: {
    /** `name@version` in the registry, when the run evaluated a registered model. */
    model?: string;
    /** The backend's model version stamp (`llama:<file>@sha256:<12 hex>`, `rules:…`). */
    modelVersion: string;
    sha256?: string;
  };
  tasks: TaskReport[];
  thresholds: Thresholds;
  gate: GateResult;
}
