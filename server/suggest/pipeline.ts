import { createHash } from 'node:crypto';
import type { Terminology } from '../../terminology/icd10cm/terminology.ts';
import { AppError } from '../errors/app-error.ts';
import { deriveDeidentified } from '../deid/derive.ts';
import type { Deidentified } from '../deid/deidentified.ts';
import type { Deidentifier } from '../deid/index.ts';
import type { InferenceBackend, ModelDecision } from '../inference/backend.ts';
import { MAX_CODES } from '../inference/decision-request.ts';
import type { Logger } from '../log/logger.ts';
import type { CaseInput, SuggestOptions } from './case-input.ts';
import { buildChartModel } from '../chart/build-chart.ts';
import type { ChartModel } from '../chart/chart-model.ts';
import { renderChartText, renderedIndexes, type RenderedChart } from '../chart/render-chart-text.ts';
import { findChartCandidates } from './chart-candidates.ts';
import { presentingText, structuredFindingsOf } from './chart-findings.ts';
import { MentionContext } from './clinical-text/mention-context.ts';
import { settingOfEncounterClass } from './document/care-setting.ts';
import { documentCodeCandidates } from './document/document-candidates.ts';
import { applyGuardrails } from './guardrails.ts';
import { decideByRules } from './rules-backend.ts';
import { SuggestionCache } from './suggestion-cache.ts';
import type { EngineInfo, Suggestions } from './suggestions.ts';
import { assessTriageWithFindings } from './triage/assess-triage.ts';
import { triageBrief } from './triage/triage-brief.ts';

/** Largest case text accepted, in characters (about 1 MB of text is refused, not truncated). */
export const MAX_CASE_TEXT = 200_000;

export interface PipelineOptions {
  terminology: Terminology;
  deidentifier: Deidentifier;
  /** The configured backend; `rules` when no model is configured. */
  backend: InferenceBackend;
  /** Rules version stamp used when a model backend falls back. */
  rulesVersion: string;
  logger: Logger;
  /** Most codes per answer for a chart (FHIR resources). */
  maxCodes?: number;
  /** Most codes per answer for a document (a note's text): a coder codes every reportable condition. */
  maxDocumentCodes?: number;
  /** Candidates offered to a model backend. */
  maxCandidates?: number;
  /** Per-request budget for a model backend before falling back to rules. */
  modelTimeoutMs?: number;
  cacheSize?: number;
  cacheTtlMs?: number;
}

export interface SuggestionPipeline {
  suggest(input: CaseInput, options: SuggestOptions): Promise<Suggestions>;
  /**
   * Computes codes and triage for a case in the background and caches them, so that a later hook on
   * the same chart (order-sign, encounter-discharge) answers from the cache. Never throws.
   */
  precompute(input: CaseInput): void;
  readonly backend: InferenceBackend;
}

function ms(since: number): number {
  return Math.round((performance.now() - since) * 100) / 100;
}

/**
 * The suggestion pipeline: case → de-identification → understanding (sections, negation, vitals) →
 * candidates from the terminology → the configured backend (falling back to rules on any failure) →
 * guardrails → Suggestions. Nothing after the first step sees the original case.
 */
export function createSuggestionPipeline(options: PipelineOptions): SuggestionPipeline {
  const { terminology, deidentifier, backend, logger } = options;
  const maxCodes = options.maxCodes ?? 10;
  const maxDocumentCodes = options.maxDocumentCodes ?? 25;
  const cache = new SuggestionCache(options.cacheSize ?? 1000, options.cacheTtlMs ?? 15 * 60_000);

  const deidentify = (
    input: CaseInput,
  ): { text: Deidentified<string>; chart?: { model: ChartModel; rendered: Deidentified<RenderedChart> } } => {
    if ('text' in input) {
      if (input.text.trim() === '')
        throw new AppError('INVALID_INPUT', 'the case text is empty', { expression: ['text'] });
      if (input.text.length > MAX_CASE_TEXT)
        throw new AppError('TOO_LARGE', `the case text is longer than ${MAX_CASE_TEXT} characters`, {
          expression: ['text'],
        });
      return { text: deidentifier.deidentifyText(input.text).text };
    }
    if (input.resources.length === 0)
      throw new AppError('INVALID_INPUT', 'the case has no FHIR resources', { expression: ['resources'] });
    if (!input.resources.some((r) => r.resourceType === 'Patient')) {
      throw new AppError('UNPROCESSABLE', 'the case has no Patient resource', { expression: ['resources'] });
    }
    // The model reads the original chart (its dates and statuses decide what is current); the words
    // rendered come from the de-identified resources, in the same order.
    // Only the resources the rendering reads are de-identified (learning names from all of them): a chart's
    // years of Observations, Claims and notes of other encounters never reach the text.
    const model = buildChartModel(input.resources, { encounterId: input.encounterId });
    const selected = deidentifier.deidentifySelected(input.resources, renderedIndexes(model));
    const rendered = deriveDeidentified(selected, (resources) => renderChartText(model, resources));
    const text = deriveDeidentified(rendered, (r) => r.text);
    if (text.length > MAX_CASE_TEXT)
      throw new AppError('TOO_LARGE', `the chart renders to more than ${MAX_CASE_TEXT} characters`, {
        expression: ['resources'],
      });
    return { text, chart: { model, rendered } };
  };

  return {
    backend,
    async suggest(input: CaseInput, request: SuggestOptions): Promise<Suggestions> {
      const started = performance.now();
      const { text, chart } = deidentify(input);
      const deidMs = ms(started);
      const caseHash = createHash('sha256')
        .update(`${backend.modelVersion}|${terminology.info.version}|`)
        .update(text)
        .update(input.structured ? `|${JSON.stringify(input.structured)}` : '')
        .update(input.setting ? `|setting:${input.setting}` : '')
        .digest('hex');
      const cached = cache.get(caseHash);
      if (cached && (!request.wantCodes || cached.covers.codes) && (!request.wantTriage || cached.covers.triage)) {
        const { triage, ...rest } = cached.value;
        return {
          ...rest,
          codes: request.wantCodes ? rest.codes : [],
          ...(request.wantTriage && triage ? { triage } : {}),
          engine: { ...rest.engine, cached: true },
          timings: { ...rest.timings, totalMs: ms(started), deidMs },
        };
      }

      const retrievalStarted = performance.now();
      // A note is coded as a whole document (principal first, combinations, history); a chart by its model.
      const isDocument = !chart;
      const limit = isDocument ? maxDocumentCodes : maxCodes;
      const candidates = !request.wantCodes
        ? []
        : chart
          ? findChartCandidates(
              chart.model,
              chart.rendered,
              terminology,
              options.maxCandidates ?? 20,
              input.setting ?? settingOfEncounterClass(chart.model.encounter?.class),
            )
          : documentCodeCandidates(
              text,
              new MentionContext(text),
              terminology,
              Math.max(limit, options.maxCandidates ?? 20),
              input.setting,
            );
      // A chart's presentation is its encounter (reasons, diagnoses, notes); its findings are its numbers,
      // its medications and its history (which raises risk, never fires a presentation alone).
      const structured = chart ? structuredFindingsOf(chart.model, chart.rendered) : input.structured;
      const assessed = !request.wantTriage
        ? undefined
        : assessTriageWithFindings({
            text: chart ? presentingText(chart.rendered) : text,
            ...(structured ? { structured } : {}),
          });
      const triage = assessed?.assessment;
      const retrievalMs = ms(retrievalStarted);

      const decisionStarted = performance.now();
      let engine: EngineInfo = {
        backend: backend.name,
        modelVersion: backend.modelVersion,
        terminologyVersion: terminology.info.version,
        cached: false,
      };
      let decision: ModelDecision;
      let source: 'rules' | 'llama' | 'openai-compatible' = backend.name;
      if (backend.name === 'rules') {
        decision = decideByRules(candidates, triage, limit);
      } else {
        try {
          const signals = [
            AbortSignal.timeout(options.modelTimeoutMs ?? 20_000),
            ...(request.signal ? [request.signal] : []),
          ];
          decision = await backend.decide(
            {
              text,
              candidates: candidates.map((c) => ({ code: c.code, display: c.display })),
              wantTriage: request.wantTriage,
              maxCodes: Math.min(limit, MAX_CODES),
              ...(assessed ? { triage: triageBrief(assessed.findings, assessed.assessment) } : {}),
            },
            { signal: AbortSignal.any(signals) },
          );
        } catch (error) {
          const reason = error instanceof AppError ? error.message : 'model backend failed';
          logger.warn(
            { backend: backend.name, errorCode: error instanceof AppError ? error.code : 'UNKNOWN' },
            'model backend failed; answered by rules',
          );
          decision = decideByRules(candidates, triage, limit);
          source = 'rules';
          engine = {
            backend: 'rules',
            modelVersion: options.rulesVersion,
            terminologyVersion: terminology.info.version,
            fallback: { from: backend.name, reason },
            cached: false,
          };
        }
      }
      const guarded = applyGuardrails(text, decision, candidates, terminology, source, triage);
      const result: Suggestions = {
        codes: request.wantCodes ? guarded.codes : [],
        ...(guarded.triage ? { triage: guarded.triage } : {}),
        engine,
        timings: { totalMs: ms(started), deidMs, retrievalMs, decisionMs: ms(decisionStarted) },
        caseHash,
        text,
      };
      if (!engine.fallback)
        cache.set(caseHash, { value: result, covers: { codes: request.wantCodes, triage: request.wantTriage } });
      return result;
    },
    precompute(input: CaseInput): void {
      this.suggest(input, { wantCodes: true, wantTriage: true }).catch((error: unknown) => {
        logger.warn({ errorCode: error instanceof AppError ? error.code : 'UNKNOWN' }, 'precompute failed');
      });
    },
  };
}
