/**
 * Small, dependency-free SVG charts for the evaluation report: drawn on the server as markup, so the report is
 * one self-contained file that needs no script, font or CDN. Every label is escaped.
 */

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export interface ThresholdLine {
  value: number;
  label: string;
}

const fmt = (x: number): string => (Number.isInteger(x) ? String(x) : x.toFixed(x < 1 && x > -1 ? 3 : 2));

export interface BarChartOptions {
  plot: string;
  title: string;
  bars: { label: string; value: number; note?: string }[];
  /** Axis maximum (1 for rates). */
  max: number;
  thresholds?: ThresholdLine[];
}

/** Vertical bars with a y axis from 0 to `max` and dashed threshold lines. */
export function barChart(o: BarChartOptions): string {
  const width = Math.max(320, 70 + o.bars.length * 56);
  const height = 240;
  const left = 48;
  const top = 28;
  const bottom = 44;
  const plotH = height - top - bottom;
  const y = (v: number): number => top + plotH - (Math.max(0, Math.min(v, o.max)) / o.max) * plotH;
  const slot = (width - left - 16) / Math.max(1, o.bars.length);
  const parts: string[] = [];
  for (const tick of [0, 0.25, 0.5, 0.75, 1]) {
    const v = tick * o.max;
    parts.push(
      `<line class="grid" x1="${left}" x2="${width - 16}" y1="${y(v)}" y2="${y(v)}"/><text class="axis" x="${left - 6}" y="${y(v) + 4}" text-anchor="end">${fmt(v)}</text>`,
    );
  }
  o.bars.forEach((b, i) => {
    const x = left + i * slot + slot * 0.15;
    const w = slot * 0.7;
    parts.push(
      `<rect class="bar" data-label="${escapeHtml(b.label)}" data-value="${b.value}" x="${x}" y="${y(b.value)}" width="${w}" height="${y(0) - y(b.value)}"><title>${escapeHtml(`${b.label}: ${fmt(b.value)}${b.note ? ` (${b.note})` : ''}`)}</title></rect>`,
      `<text class="value" x="${x + w / 2}" y="${y(b.value) - 4}" text-anchor="middle">${fmt(b.value)}</text>`,
      `<text class="axis" x="${x + w / 2}" y="${height - bottom + 16}" text-anchor="middle">${escapeHtml(b.label)}</text>`,
    );
    if (b.note)
      parts.push(
        `<text class="note" x="${x + w / 2}" y="${height - bottom + 30}" text-anchor="middle">${escapeHtml(b.note)}</text>`,
      );
  });
  for (const t of o.thresholds ?? []) parts.push(thresholdLine(left, width - 16, y(t.value), t));
  return svg(o.plot, o.title, width, height, parts);
}

function thresholdLine(x1: number, x2: number, y: number, t: ThresholdLine): string {
  return `<g class="threshold" data-threshold="${t.value}"><line x1="${x1}" x2="${x2}" y1="${y}" y2="${y}"/><text x="${x2}" y="${y - 4}" text-anchor="end">${escapeHtml(t.label)}</text></g>`;
}

function svg(plot: string, title: string, width: number, height: number, parts: string[]): string {
  return `<figure class="plot" data-plot="${escapeHtml(plot)}"><figcaption>${escapeHtml(title)}</figcaption><svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${escapeHtml(title)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${parts.join('')}</svg></figure>`;
}

export interface HistogramOptions {
  plot: string;
  title: string;
  values: readonly number[];
  min: number;
  max: number;
  bins: number;
  thresholds?: ThresholdLine[];
  /** A shaded target range (e.g. grade 6–8). */
  band?: [number, number];
}

/** The distribution of per-case scores: equal-width bins over [min, max], out-of-range values in the end bins. */
export function histogram(o: HistogramOptions): string {
  const width = 420;
  const height = 220;
  const left = 40;
  const right = width - 16;
  const top = 24;
  const bottom = 36;
  const plotH = height - top - bottom;
  const counts = new Array<number>(o.bins).fill(0);
  const span = o.max - o.min;
  for (const v of o.values) {
    const i = Math.min(o.bins - 1, Math.max(0, Math.floor(((v - o.min) / span) * o.bins)));
    counts[i] = (counts[i] ?? 0) + 1;
  }
  const peak = Math.max(1, ...counts);
  const x = (v: number): number => left + ((Math.max(o.min, Math.min(v, o.max)) - o.min) / span) * (right - left);
  const binW = (right - left) / o.bins;
  const parts: string[] = [];
  if (o.band)
    parts.push(
      `<rect class="band" x="${x(o.band[0])}" y="${top}" width="${x(o.band[1]) - x(o.band[0])}" height="${plotH}"/>`,
    );
  counts.forEach((c, i) => {
    const h = (c / peak) * plotH;
    const lo = o.min + (i * span) / o.bins;
    parts.push(
      `<rect class="bin" data-count="${c}" x="${left + i * binW + 1}" y="${top + plotH - h}" width="${binW - 2}" height="${h}"><title>${fmt(lo)}–${fmt(lo + span / o.bins)}: ${c} cases</title></rect>`,
    );
  });
  parts.push(`<line class="axisline" x1="${left}" x2="${right}" y1="${top + plotH}" y2="${top + plotH}"/>`);
  for (let i = 0; i <= 4; i++) {
    const v = o.min + (i * span) / 4;
    parts.push(`<text class="axis" x="${x(v)}" y="${height - bottom + 16}" text-anchor="middle">${fmt(v)}</text>`);
  }
  parts.push(`<text class="axis" x="${left - 6}" y="${top + 8}" text-anchor="end">${peak}</text>`);
  for (const t of o.thresholds ?? []) {
    parts.push(
      `<g class="threshold" data-threshold="${t.value}"><line x1="${x(t.value)}" x2="${x(t.value)}" y1="${top}" y2="${top + plotH}"/><text x="${x(t.value) + 4}" y="${top + 10}">${escapeHtml(t.label)}</text></g>`,
    );
  }
  return svg(o.plot, o.title, width, height, parts);
}

export interface HeatmapOptions {
  plot: string;
  title: string;
  rows: readonly string[];
  cols: readonly string[];
  /** row → col → count. */
  counts: Record<string, Record<string, number>>;
}

/** A confusion matrix: gold levels down, predicted across, darker for more cases, the diagonal outlined. */
export function heatmap(o: HeatmapOptions): string {
  const cell = 56;
  const left = 110;
  const top = 70;
  const width = left + o.cols.length * cell + 16;
  const height = top + o.rows.length * cell + 16;
  const peak = Math.max(1, ...o.rows.flatMap((r) => o.cols.map((c) => o.counts[r]?.[c] ?? 0)));
  const parts: string[] = [
    `<text class="axis" x="${left + (o.cols.length * cell) / 2}" y="14" text-anchor="middle">predicted →</text>`,
    `<text class="axis" x="8" y="${top - 8}">gold ↓</text>`,
  ];
  o.cols.forEach((c, j) =>
    parts.push(
      `<text class="axis" transform="translate(${left + j * cell + cell / 2},${top - 8}) rotate(-35)">${escapeHtml(c)}</text>`,
    ),
  );
  o.rows.forEach((r, i) => {
    parts.push(
      `<text class="axis" x="${left - 8}" y="${top + i * cell + cell / 2 + 4}" text-anchor="end">${escapeHtml(r)}</text>`,
    );
    o.cols.forEach((c, j) => {
      const n = o.counts[r]?.[c] ?? 0;
      const shade = n === 0 ? 0 : 0.15 + 0.85 * (n / peak);
      parts.push(
        `<rect class="cell${r === c ? ' diagonal' : ''}" data-gold="${escapeHtml(r)}" data-predicted="${escapeHtml(c)}" data-count="${n}" x="${left + j * cell}" y="${top + i * cell}" width="${cell - 2}" height="${cell - 2}" fill-opacity="${shade.toFixed(3)}"><title>gold ${escapeHtml(r)}, predicted ${escapeHtml(c)}: ${n}</title></rect>`,
        `<text class="count${shade > 0.55 ? ' light' : ''}" x="${left + j * cell + cell / 2 - 1}" y="${top + i * cell + cell / 2 + 4}" text-anchor="middle">${n}</text>`,
      );
    });
  });
  return svg(o.plot, o.title, width, height, parts);
}
