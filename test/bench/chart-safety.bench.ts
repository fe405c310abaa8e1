/**
 * Chart safety count (`npm run bench -- chart-safety`): for every shared Synthea patient, with its latest
 * encounter in context, the rules pipeline's answer is checked for suggestions that rest only on a
 * resolved Condition (other than a personal-history code), triage reasons that come from history alone,
 * and vital signs or results used from outside the encounter's window. Prints the counts (goal 0).
 */
import type { Observation } from 'fhir/r4.d.ts';
import { buildChartModel } from '../../server/chart/build-chart.ts';
import { cleanName } from '../../server/chart/render-chart-text.ts';
import { observationTime } from '../../server/chart/measurements.ts';
import { createDeidentifier } from '../../server/deid/index.ts';
import { createLogger } from '../../server/log/logger.ts';
import { createSuggestionPipeline } from '../../server/suggest/pipeline.ts';
import { createRulesBackend } from '../../server/suggest/rules-backend.ts';
import { loadTerminology } from '../../terminology/icd10cm/load.ts';
import { loadSyntheaCharts } from './synthea-charts.ts';

const HISTORY_CODE = /^Z(?:85|86|87|91\.4|92)/;
const norm = (s: string): string => cleanName(s).toLowerCase();

const terminology = await loadTerminology(process.env.CHARTSIDE_TERMINOLOGY);
const rules = createRulesBackend(terminology);
const pipeline = createSuggestionPipeline({
  terminology,
  deidentifier: createDeidentifier({ secret: 'bench-secret-0123456789abcdef0123456789' }),
  backend: rules,
  rulesVersion: rules.modelVersion,
  logger: createLogger({ level: 'silent' }),
});

const counts = {
  patients: 0,
  suggestions: 0,
  restsOnResolvedOnly: 0,
  triageReasons: 0,
  triageFromHistoryOnly: 0,
  triageLevelWithoutReason: 0,
  valuesOutsideWindow: 0,
};
const examples: string[] = [];
for (const chart of loadSyntheaCharts()) {
  const encounterId = chart.latestEncounterId;
  const model = buildChartModel(chart.resources, { encounterId });
  counts.patients++;
  const s = await pipeline.suggest({ resources: chart.resources, encounterId }, { wantCodes: true, wantTriage: true });
  // What is current at the encounter (its reasons, diagnoses, current problems, notes' words) and what is history.
  const current = [
    ...(model.encounter?.reasons ?? []),
    ...model.problems.filter((p) => p.status === 'current').map((p) => p.name),
  ].map(norm);
  const resolved = model.problems.filter((p) => p.status === 'history').map((p) => norm(p.name));
  const noteText = model.notes
    .map((n) => chart.resources[n.index])
    .map((r) =>
      r?.resourceType === 'DocumentReference'
        ? r.content.map((c) => Buffer.from(c.attachment.data ?? '', 'base64').toString('utf8')).join('\n')
        : '',
    )
    .join('\n')
    .toLowerCase();
  const onlyHistory = (evidence: string): boolean => {
    const e = evidence.toLowerCase().trim();
    if (e.length < 3) return false;
    const inResolved = resolved.some((r) => r.includes(e) || e.includes(r));
    const inCurrent = current.some((c) => c.includes(e) || e.includes(c)) || noteText.includes(e);
    return inResolved && !inCurrent;
  };
  for (const c of s.codes) {
    counts.suggestions++;
    if (HISTORY_CODE.test(c.code) || c.onChart !== undefined) continue;
    const byBasis = c.basis !== undefined && c.basis.length > 0 && c.basis.every((b) => b.kind === 'history');
    if (byBasis || (c.evidence.length > 0 && c.evidence.every((e) => onlyHistory(e.text)))) {
      counts.restsOnResolvedOnly++;
      if (examples.length < 10) examples.push(`${chart.source}: ${c.code} ${c.display}`);
    }
  }
  if (s.triage) {
    // A discriminator fires from history alone when all its evidence is a resolved problem (cited by
    // reference, or quoted words that only a resolved problem has).
    const historyRefs = new Set(model.problems.filter((p) => p.status === 'history').map((p) => p.ref));
    const reasons =
      s.triage.discriminators ??
      s.triage.redFlags.map((f) => ({
        id: f.id,
        evidence: f.evidence ? [{ kind: 'text' as const, ...f.evidence }] : [],
      }));
    for (const d of reasons) {
      counts.triageReasons++;
      const fromHistory =
        d.evidence.length > 0 &&
        d.evidence.every((e) => (e.kind === 'fhir' ? historyRefs.has(e.ref) : onlyHistory(e.text)));
      if (fromHistory) {
        counts.triageFromHistoryOnly++;
        if (examples.length < 10) examples.push(`${chart.source}: triage ${d.id}`);
      }
    }
    if (reasons.length === 0 && s.triage.level !== 'NON-URGENT' && s.triage.level !== 'SEMI-URGENT')
      counts.triageLevelWithoutReason++;
  }
  // Values the text handed to the engines carries: in the model's window, or (the flattened chart) any of
  // the first 40 Observations whatever their date.
  const start = Date.parse(model.window.start);
  const end = Date.parse(model.window.end);
  const shown = /Vitals and results:/.test(s.text)
    ? chart.resources.filter((r): r is Observation => r.resourceType === 'Observation').slice(0, 40)
    : [...model.vitals, ...model.labs].map((m) => ({ time: m.time }));
  for (const o of shown) {
    const t = Date.parse(('time' in o ? o.time : observationTime(o)) ?? '');
    if (Number.isNaN(t) || t < start || t > end) counts.valuesOutsideWindow++;
  }
}
console.log(JSON.stringify({ bench: 'chart-safety', ...counts, examples }));
