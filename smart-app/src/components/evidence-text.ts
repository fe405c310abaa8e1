import { LitElement, css, html, type PropertyValues, type TemplateResult } from 'lit';
import type { EvidenceSpan } from '../api-types.ts';

/** Splits `text` into plain and highlighted runs; overlapping or out-of-range spans are clipped. */
export function highlightRuns(text: string, spans: readonly EvidenceSpan[]): { text: string; mark: boolean }[] {
  const sorted = [...spans]
    .filter((s) => s.start >= 0 && s.end <= text.length && s.end > s.start)
    .sort((a, b) => a.start - b.start);
  const runs: { text: string; mark: boolean }[] = [];
  let at = 0;
  for (const span of sorted) {
    const start = Math.max(span.start, at);
    if (start >= span.end) continue;
    if (start > at) runs.push({ text: text.slice(at, start), mark: false });
    runs.push({ text: text.slice(start, span.end), mark: true });
    at = span.end;
  }
  if (at < text.length) runs.push({ text: text.slice(at), mark: false });
  return runs;
}

/**
 * The chart text as Chartside read it (de-identified: pseudonyms and shifted dates), with the evidence
 * for a suggestion highlighted. Highlighting is in this text because evidence offsets point into it.
 */
export class EvidenceText extends LitElement {
  static override properties = { text: { attribute: false }, spans: { attribute: false } };
  declare text: string;
  declare spans: EvidenceSpan[];

  static override styles = css`
    :host {
      display: block;
    }
    .note {
      white-space: pre-wrap;
      overflow-wrap: anywhere;
      max-height: 16rem;
      overflow: auto;
      border: 1px solid var(--cs-border, #c9d1dc);
      border-radius: var(--cs-radius, 6px);
      padding: 0.5rem;
      font-size: 0.9rem;
      line-height: 1.45;
      background: #fbfcfd;
    }
    mark {
      background: var(--cs-highlight, #ffe58a);
      color: inherit;
      outline: 1px solid #b08900;
      border-radius: 2px;
    }
    .label {
      font-size: 0.8rem;
      color: var(--cs-muted, #4a5563);
      margin: 0.25rem 0;
    }
  `;

  constructor() {
    super();
    this.text = '';
    this.spans = [];
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('spans') || changed.has('text')) {
      this.renderRoot.querySelector('mark')?.scrollIntoView({ block: 'nearest' });
    }
  }

  override render(): TemplateResult {
    const runs = highlightRuns(this.text, this.spans);
    return html`<p class="label">Chart text as Chartside read it (de-identified); evidence highlighted.</p>
      <div class="note" tabindex="0" role="region" aria-label="Chart text with evidence highlighted">
        ${runs.map((r) => (r.mark ? html`<mark>${r.text}</mark>` : r.text))}
      </div>`;
  }
}

customElements.define('evidence-text', EvidenceText);

declare global {
  interface HTMLElementTagNameMap {
    'evidence-text': EvidenceText;
  }
}
