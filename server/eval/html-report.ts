import { TRIAGE_LEVELS } from '../inference/backend.ts';
import type { EvalReport, GateCheck, GenerationTaskReport, TaskReport } from './eval-report.ts';
import { METRIC_MEANINGS } from './metric-meanings.ts';
import { barChart, escapeHtml, heatmap, histogram, type ThresholdLine } from './svg-charts.ts';
import type { ThresholdRule, Thresholds } from './thresholds.ts';

const TASK_TITLES: Record<TaskReport['task'], string> = {
  coding: 'ICD-10-CM coding',
  triage: 'Triage',
  deid: 'De-identification',
  note: 'Clinical note generation',
  discharge: 'Discharge summary generation',
  'patient-comm': 'Patient communication',
};

/** The bounds of a rule as lines on a chart. */
function lines(rule: ThresholdRule | undefined, name: string): ThresholdLine[] {
  if (!rule) return [];
  const out: ThresholdLine[] = [];
  if (rule.gte !== undefined) out.push({ value: rule.gte, label: `${name} ≥ ${rule.gte}` });
  if (rule.gt !== undefined) out.push({ value: rule.gt, label: `${name} > ${rule.gt}` });
  if (rule.lte !== undefined) out.push({ value: rule.lte, label: `${name} ≤ ${rule.lte}` });
  if (rule.lt !== undefined) out.push({ value: rule.lt, label: `${name} < ${rule.lt}` });
  return out;
}

const show = (v: unknown): string => {
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : v.toFixed(4);
  if (Array.isArray(v)) return `[${v.map(show).join(', ')}]`;
  return '';
};

function metricTable(task: TaskReport, checks: GateCheck[]): string {
  const meanings = METRIC_MEANINGS[task.task];
  const rows = Object.entries(task.metrics)
    .filter(([, v]) => typeof v === 'number' || Array.isArray(v))
    .map(([metric, value]) => {
      const check = checks.find((c) => c.task === task.task && c.metric === metric);
      const gate = check
        ? `<span class="badge ${check.status}">${escapeHtml(check.status)} (${escapeHtml(check.bound)})</span>`
        : '';
      return `<tr><th scope="row">${escapeHtml(metric)}</th><td class="num">${show(value)}</td><td>${escapeHtml(meanings[metric] ?? '')}</td><td>${gate}</td></tr>`;
    });
  return `<table class="metrics"><thead><tr><th>metric</th><th>value</th><th>what it means</th><th>gate</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function plotsFor(task: TaskReport, thresholds: Thresholds): string[] {
  const rules = thresholds[task.task] ?? {};
  switch (task.task) {
    case 'coding': {
      const m = task.metrics;
      return [
        barChart({
          plot: 'coding-metrics',
          title: 'Coding: match rates (threshold: top-1 gate)',
          max: 1,
          bars: [
            { label: 'top-1', value: m.top1 },
            { label: 'top-5', value: m.top5 },
            { label: 'recall@5', value: m.recall5 },
            { label: 'category', value: m.category1 },
            { label: 'invalid', value: m.invalid },
            { label: 'unsupported', value: m.unsupportedEvidence },
          ],
          thresholds: lines(rules.top1, 'top-1'),
        }),
        barChart({
          plot: 'coding-per-category',
          title: 'Coding: top-1 per ICD-10-CM chapter (letter of the principal code)',
          max: 1,
          bars: Object.entries(task.perCategory)
            .sort(([a], [b]) => a.localeCompare(b))
            .map(([chapter, c]) => ({ label: chapter, value: c.top1, note: `n=${c.n}` })),
          thresholds: lines(rules.top1, 'top-1'),
        }),
      ];
    }
    case 'triage': {
      const confusion = task.metrics.confusion;
      const golds = Object.keys(confusion);
      const order = [...TRIAGE_LEVELS, 'em', 'ne', 'sc'];
      const labels = order.filter((l) => golds.includes(l) || golds.some((g) => (confusion[g]?.[l] ?? 0) > 0));
      const recall = golds
        .sort((a, b) => order.indexOf(a) - order.indexOf(b))
        .map((g) => {
          const row = confusion[g] ?? {};
          const n = Object.values(row).reduce((a, b) => a + b, 0);
          return { label: g, value: n ? (row[g] ?? 0) / n : 0, note: `n=${n}` };
        });
      return [
        heatmap({
          plot: 'confusion-matrix',
          title: 'Triage: confusion matrix (gold × predicted)',
          rows: labels.filter((l) => golds.includes(l)),
          cols: labels,
          counts: confusion,
        }),
        barChart({
          plot: 'triage-recall',
          title: 'Triage: recall per gold level (threshold: EMERGENT recall gate)',
          max: 1,
          bars: recall,
          thresholds: lines(rules.emergentRecall, 'EMERGENT recall'),
        }),
        barChart({
          plot: 'triage-errors',
          title: 'Triage: accuracy, under- and over-triage',
          max: 1,
          bars: [
            { label: 'accuracy', value: task.metrics.accuracy },
            { label: 'EMERGENT recall', value: task.metrics.emergentRecall },
            { label: 'under', value: task.metrics.underTriage },
            { label: 'over', value: task.metrics.overTriage },
          ],
          thresholds: lines(rules.emergentRecall, 'EMERGENT recall'),
        }),
      ];
    }
    case 'deid':
      return [
        barChart({
          plot: 'deid-by-type',
          title: 'De-identification: token recall per PHI type',
          max: 1,
          bars: Object.entries(task.metrics.byType).map(([type, value]) => ({ label: type, value })),
          thresholds: lines(rules.tokenRecall, 'token recall'),
        }),
      ];
    case 'note':
    case 'discharge':
    case 'patient-comm':
      return generationPlots(task, rules);
  }
}

function generationPlots(task: GenerationTaskReport, rules: Record<string, ThresholdRule>): string[] {
  const d = task.distributions;
  const plots = [
    histogram({
      plot: 'bleu-distribution',
      title: `${TASK_TITLES[task.task]}: per-case BLEU (smoothed sentence BLEU; the gate reads corpus BLEU ${task.metrics.bleu.toFixed(3)})`,
      values: d.bleu,
      min: 0,
      max: 1,
      bins: 10,
      thresholds: lines(rules.bleu, 'BLEU'),
    }),
    histogram({
      plot: 'rouge-distribution',
      title: `${TASK_TITLES[task.task]}: per-case ROUGE-L F1`,
      values: d.rougeL,
      min: 0,
      max: 1,
      bins: 10,
      thresholds: lines(rules.rougeL, 'ROUGE-L'),
    }),
  ];
  if (d.sectionCompleteness)
    plots.push(
      histogram({
        plot: 'section-distribution',
        title: `${TASK_TITLES[task.task]}: per-case section completeness`,
        values: d.sectionCompleteness,
        min: 0,
        max: 1,
        bins: 5,
        thresholds: lines(rules.sectionCompleteness, 'sections'),
      }),
    );
  if (d.gradeLevel)
    plots.push(
      histogram({
        plot: 'grade-distribution',
        title: 'Patient communication: Flesch–Kincaid grade per output (target band 6–8 shaded)',
        values: d.gradeLevel,
        min: 0,
        max: 20,
        bins: 20,
        band: [6, 8],
        thresholds: lines(rules.gradeLevel, 'grade'),
      }),
    );
  plots.push(
    barChart({
      plot: 'hallucinations',
      title: `${TASK_TITLES[task.task]}: unsupported facts in the outputs (counts; doses must be 0)`,
      max: Math.max(
        1,
        task.metrics.hallucinatedQuantities,
        task.metrics.hallucinatedMedications,
        task.metrics.hallucinatedDoses,
      ),
      bars: [
        { label: 'quantities', value: task.metrics.hallucinatedQuantities },
        { label: 'doses', value: task.metrics.hallucinatedDoses },
        { label: 'drug names', value: task.metrics.hallucinatedMedications },
      ],
      thresholds: lines(rules.hallucinatedDoses, 'doses'),
    }),
  );
  return plots;
}

const STYLE = `
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0 auto;max-width:1100px;padding:24px;color:#1d2733;background:#fbfcfd}
h1{font-size:24px;margin:0 0 4px}h2{margin-top:36px;border-bottom:1px solid #d5dde6;padding-bottom:4px}
.sub{color:#5a6978}.verdict{display:inline-block;padding:6px 14px;border-radius:6px;font-weight:600;margin:12px 0}
.verdict.pass{background:#dff3e4;color:#14532d}.verdict.fail{background:#fde2e1;color:#7f1d1d}
table{border-collapse:collapse;margin:12px 0;width:100%}th,td{text-align:left;padding:5px 8px;border-bottom:1px solid #e6ebf0;vertical-align:top}
td.num{font-variant-numeric:tabular-nums;text-align:right;white-space:nowrap}
.badge{padding:1px 7px;border-radius:10px;font-size:12px;white-space:nowrap}.badge.pass{background:#dff3e4}.badge.fail{background:#fde2e1}.badge.not-evaluated{background:#eceff3}
.plots{display:flex;flex-wrap:wrap;gap:18px}figure.plot{margin:0;background:#fff;border:1px solid #e1e7ee;border-radius:8px;padding:10px}
figcaption{font-size:13px;color:#3b4a5a;margin-bottom:4px;max-width:520px}
svg text{font:11px system-ui,sans-serif;fill:#3b4a5a}svg text.value{fill:#1d2733;font-weight:600}svg text.note{fill:#7a8896;font-size:10px}
.bar{fill:#3b82c4}.bin{fill:#6aa5d8}.band{fill:#c9f0d3;opacity:.7}.grid{stroke:#edf1f5}.axisline{stroke:#9aa7b4}
.cell{fill:#1f5f99;stroke:#cfd8e2}.cell.diagonal{stroke:#14532d;stroke-width:2}svg text.count.light{fill:#fff}
.threshold line{stroke:#c2410c;stroke-width:2;stroke-dasharray:6 4}.threshold text{fill:#c2410c;font-weight:600}
`;

/**
 * The evaluation report as one self-contained HTML page: metric tables with what each metric means, the gate,
 * and server-drawn SVG plots (confusion matrix, per-category bars, score distributions, threshold lines).
 * No script, font, image or stylesheet is fetched (a CSP forbids it), so it opens offline and from a file
 * share. It holds metrics only, never case text.
 */
export function renderHtmlReport(report: EvalReport): string {
  const checks = report.gate.checks;
  const gateRows = checks
    .map(
      (c) =>
        `<tr data-check="${escapeHtml(`${c.task}.${c.metric}`)}"><td>${escapeHtml(c.task)}</td><td>${escapeHtml(c.metric)}</td><td>${escapeHtml(c.bound)}</td><td class="num">${c.value === null ? '–' : show(c.value)}</td><td><span class="badge ${c.status}">${escapeHtml(c.status)}</span></td></tr>`,
    )
    .join('');
  const sections = report.tasks
    .map((t) => {
      const extra =
        t.task === 'coding' || t.task === 'triage'
          ? `<p class="sub">${t.fallbacks} case(s) answered by the rules fallback because the model failed.</p>`
          : 'source' in t
            ? `<p class="sub">Outputs from: ${escapeHtml(t.source)}.</p>`
            : '';
      return `<section data-task="${escapeHtml(t.task)}"><h2>${escapeHtml(TASK_TITLES[t.task])} <span class="sub">(${t.metrics.n} cases)</span></h2>${extra}${metricTable(t, checks)}<div class="plots">${plotsFor(t, report.thresholds).join('')}</div></section>`;
    })
    .join('');
  const subject = report.subject.model ?? report.subject.modelVersion;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Chartside evaluation: ${escapeHtml(subject)}</title><style>${STYLE}</style></head>
<body><header><h1>Chartside evaluation: ${escapeHtml(subject)}</h1>
<p class="sub">${escapeHtml(report.subject.modelVersion)}${report.subject.sha256 ? ` · SHA-256 ${escapeHtml(report.subject.sha256)}` : ''} · ${escapeHtml(report.createdAt)}</p>
<div class="verdict ${report.gate.passed ? 'pass' : 'fail'}" id="verdict">Promotion gate: ${report.gate.passed ? 'PASSED' : 'FAILED'}</div></header>
<section data-task="gate"><h2>Gate</h2><table class="gate"><thead><tr><th>task</th><th>metric</th><th>threshold</th><th>value</th><th>status</th></tr></thead><tbody>${gateRows}</tbody></table></section>
${sections}
</body></html>
`;
}
