import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import type { CodeSuggestionView, DecisionState } from '../api-types.ts';
import type { CodeMatch } from '../chartside-api.ts';
import './code-search.ts';
import './evidence-text.ts';

/** What the user decided about one suggestion; the app writes the Condition and records feedback. */
export interface DecisionDetail {
  suggestion: CodeSuggestionView;
  outcome: 'accepted' | 'edited' | 'rejected';
  code: string;
  display: string;
}

/** Under this width (an EHR sidebar) a code is one line until opened; the triage above it stays in view. */
export const NARROW_QUERY = '(width < 600px)';

/**
 * One suggested ICD-10-CM code: title, confidence, evidence quoted and highlighted in the chart text,
 * and Accept / Edit (inline terminology search) / Reject. Fires `decision` events. Under 600 px it is one
 * line (code, title, confidence, whether it is on the chart) until opened, a disclosure button
 * (WAI-ARIA Authoring Practices, Disclosure pattern); what was decided stays shown below that line.
 */
export class CodeSuggestion extends LitElement {
  static override properties = {
    suggestion: { attribute: false },
    text: { attribute: false },
    decision: { attribute: false },
    editing: { state: true },
    showNote: { state: true },
    narrow: { state: true },
    expanded: { state: true },
  };
  declare suggestion: CodeSuggestionView;
  declare text: string;
  declare decision: DecisionState;
  declare editing: boolean;
  declare showNote: boolean;
  declare narrow: boolean;
  declare expanded: boolean;
  #media: MediaQueryList | undefined;
  readonly #onMedia = (e: MediaQueryListEvent): void => {
    this.narrow = e.matches;
  };

  static override styles = css`
    :host {
      display: block;
      border: 1px solid var(--cs-border, #c9d1dc);
      border-radius: var(--cs-radius, 6px);
      padding: 0.6rem 0.75rem;
      margin: 0 0 0.6rem;
      background: #fff;
    }
    .head {
      display: flex;
      flex-wrap: wrap;
      align-items: baseline;
      gap: 0.25rem 0.5rem;
    }
    .code {
      font-weight: 700;
      font-size: 1.05rem;
    }
    .title {
      flex: 1 1 12rem;
    }
    .meta {
      font-size: 0.85rem;
      color: var(--cs-muted, #4a5563);
      display: flex;
      flex-wrap: wrap;
      gap: 0 0.75rem;
      align-items: center;
      margin: 0.25rem 0;
    }
    meter {
      width: 5rem;
    }
    q {
      display: block;
      margin: 0.25rem 0;
      font-style: italic;
    }
    .actions {
      display: flex;
      flex-wrap: wrap;
      gap: 0.4rem;
      margin-top: 0.5rem;
    }
    button {
      font: inherit;
      padding: 0.35rem 0.8rem;
      border-radius: var(--cs-radius, 6px);
      border: 1px solid var(--cs-accent, #23395d);
      background: #fff;
      color: var(--cs-accent, #23395d);
      cursor: pointer;
    }
    button.primary {
      background: var(--cs-accent, #23395d);
      color: #fff;
    }
    button:focus-visible {
      outline: 3px solid #ffbf47;
      outline-offset: 1px;
    }
    button:disabled {
      opacity: 0.6;
      cursor: default;
    }
    .result {
      margin-top: 0.5rem;
      padding: 0.35rem 0.5rem;
      border-radius: var(--cs-radius, 6px);
    }
    .ok {
      color: var(--cs-success, #1c6b2f);
      border-left: 4px solid var(--cs-success, #1c6b2f);
    }
    .err {
      color: var(--cs-error, #a4000f);
      border-left: 4px solid var(--cs-error, #a4000f);
    }
    .muted {
      color: var(--cs-muted, #4a5563);
      border-left: 4px solid var(--cs-border, #c9d1dc);
    }
    .warn {
      font-size: 0.85rem;
      color: #7a5d00;
    }
    .onchart {
      font-weight: 600;
      color: var(--cs-success, #1c6b2f);
    }
    [hidden] {
      display: none !important;
    }
    :host([narrow]) {
      padding: 0;
      margin: 0 0 0.35rem;
    }
    :host([narrow]) .body {
      padding: 0 0.75rem 0.6rem;
    }
    :host([narrow]) .result {
      margin: 0 0.75rem 0.5rem;
    }
    button.row {
      display: flex;
      align-items: baseline;
      gap: 0.5rem;
      width: 100%;
      border: 0;
      border-radius: var(--cs-radius, 6px);
      padding: 0.5rem 0.75rem;
      text-align: left;
      color: inherit;
      background: transparent;
      white-space: nowrap;
    }
    .row .title {
      /* No intrinsic width: a long title never widens the sidebar, it is cut with an ellipsis. */
      flex: 1 1 0;
      width: 0;
      min-width: 0;
      overflow: hidden;
      text-overflow: ellipsis;
    }
    .row .pct,
    .row .tag {
      flex: none;
      font-size: 0.85rem;
      color: var(--cs-muted, #4a5563);
    }
    .row .tag {
      color: var(--cs-success, #1c6b2f);
      font-weight: 600;
    }
    .row .chevron {
      flex: none;
      transition: transform 0.15s;
    }
    .row[aria-expanded='true'] .chevron {
      transform: rotate(90deg);
    }
    @media (prefers-reduced-motion: reduce) {
      .row .chevron {
        transition: none;
      }
    }
  `;

  constructor() {
    super();
    this.text = '';
    this.decision = { status: 'pending' };
    this.editing = false;
    this.showNote = false;
    this.narrow = false;
    this.expanded = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#media = window.matchMedia(NARROW_QUERY);
    this.narrow = this.#media.matches;
    this.#media.addEventListener('change', this.#onMedia);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#media?.removeEventListener('change', this.#onMedia);
  }

  override updated(): void {
    this.toggleAttribute('narrow', this.narrow);
  }

  private decide(outcome: DecisionDetail['outcome'], code: string, display: string): void {
    this.editing = false;
    this.dispatchEvent(
      new CustomEvent<DecisionDetail>('decision', {
        detail: { suggestion: this.suggestion, outcome, code, display },
        bubbles: true,
        composed: true,
      }),
    );
  }

  private renderResult(): TemplateResult | typeof nothing {
    const d = this.decision;
    switch (d.status) {
      case 'pending':
        return nothing;
      case 'saving':
        return html`<div class="result muted" role="status">Saving ${d.code} to the chart…</div>`;
      case 'accepted':
        if (d.alreadyOnChart)
          return html`<div class="result muted" role="status">
            Already on the chart: ${d.code} (Condition/${d.conditionId}). Nothing was written.
          </div>`;
        return html`<div class="result ok" role="status">
          ✓ ${d.edited ? 'Edited and added' : 'Added'} to the chart: ${d.code} ${d.display} (Condition/${d.conditionId})
        </div>`;
      case 'rejected':
        return html`<div class="result muted" role="status">✕ Rejected</div>`;
      case 'error':
        return html`<div class="result err" role="alert">Could not save: ${d.message}</div>`;
    }
  }

  private renderRow(s: CodeSuggestionView, pct: number, bodyId: string): TemplateResult {
    const onChart = s.onChart !== undefined;
    return html`<button
      class="row"
      aria-expanded=${this.expanded ? 'true' : 'false'}
      aria-controls=${bodyId}
      aria-label="${s.code} ${s.display}, confidence ${pct}%${onChart ? ', already on the chart' : ''}"
      @click=${() => (this.expanded = !this.expanded)}
    >
      <span class="chevron" aria-hidden="true">›</span><span class="code">${s.code}</span
      ><span class="title">${s.display}</span>${onChart ? html`<span class="tag">On chart</span>` : nothing}<span
        class="pct"
        >${pct}%</span
      >
    </button>`;
  }

  override render(): TemplateResult {
    const s = this.suggestion;
    const pct = Math.round(s.confidence * 100);
    const open = s.onChart === undefined && (this.decision.status === 'pending' || this.decision.status === 'error');
    const headingId = `h-${s.id}`;
    const bodyId = `b-${s.id}`;
    const collapsed = this.narrow && !this.expanded;
    return html`<article aria-labelledby=${headingId}>
      ${this.narrow ? this.renderRow(s, pct, bodyId) : nothing}
      <div class="body" id=${bodyId} ?hidden=${collapsed}>
        <div class="head" id=${headingId} ?hidden=${this.narrow}>
          <span class="code">${s.code}</span><span class="title">${s.display}</span>
        </div>
        <div class="meta">
          <span>Confidence ${pct}%</span>
          <meter min="0" max="100" value=${pct} aria-label="Confidence ${pct} percent"></meter>
          ${s.needsSpecificity ? html`<span class="warn">Needs a more specific code to bill</span>` : nothing}
          ${s.onChart !== undefined ? html`<span class="onchart">Already on the chart (${s.onChart})</span>` : nothing}
        </div>
        ${(s.documentation ?? []).map((d) => html`<div class="warn">To be more specific: ${d}</div>`)}
        ${s.evidence.map((e) => html`<q>${e.text}</q>`)}
        ${
          s.excludes1Conflicts.length > 0
            ? html`<div class="warn">Excludes1 conflict with ${s.excludes1Conflicts.join(', ')}</div>`
            : nothing
        }
        ${
          s.evidence.length > 0
            ? html`<button
                class="link"
                aria-expanded=${this.showNote ? 'true' : 'false'}
                @click=${() => (this.showNote = !this.showNote)}
              >
                ${this.showNote ? 'Hide evidence in chart' : 'Show evidence in chart'}
              </button>`
            : nothing
        }
        ${this.showNote ? html`<evidence-text .text=${this.text} .spans=${s.evidence}></evidence-text>` : nothing}
        ${
          open
            ? html`<div class="actions" role="group" aria-label="Decide on ${s.code}">
                <button
                  class="primary"
                  @click=${() => this.decide('accepted', s.code, s.display)}
                  aria-label="Accept ${s.code}"
                >
                  Accept
                </button>
                <button
                  @click=${() => (this.editing = !this.editing)}
                  aria-expanded=${this.editing ? 'true' : 'false'}
                  aria-label="Edit ${s.code}"
                >
                  Edit
                </button>
                <button @click=${() => this.decide('rejected', s.code, s.display)} aria-label="Reject ${s.code}">
                  Reject
                </button>
              </div>`
            : nothing
        }
        ${
          this.editing && open
            ? html`<code-search
                .initial=${s.display}
                @code-picked=${(e: CustomEvent<CodeMatch>) => this.decide('edited', e.detail.code, e.detail.display)}
              ></code-search>`
            : nothing
        }
      </div>
      ${this.renderResult()}
    </article>`;
  }
}

customElements.define('code-suggestion', CodeSuggestion);

declare global {
  interface HTMLElementTagNameMap {
    'code-suggestion': CodeSuggestion;
  }
}
