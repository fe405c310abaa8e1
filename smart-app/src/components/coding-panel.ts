import { LitElement, css, html, type TemplateResult } from 'lit';
import type { CodeSuggestionView, DecisionState } from '../api-types.ts';
import './code-suggestion.ts';

/** The coding panel: suggested ICD-10-CM codes, best first, each with its decision state. */
export class CodingPanel extends LitElement {
  static override properties = {
    codes: { attribute: false },
    text: { attribute: false },
    decisions: { attribute: false },
  };
  declare codes: CodeSuggestionView[];
  declare text: string;
  declare decisions: ReadonlyMap<string, DecisionState>;

  static override styles = css`
    :host {
      display: block;
    }
    h2 {
      font-size: 1.05rem;
      margin: 0 0 0.5rem;
      font-family: var(--cs-font-heading, inherit);
    }
    .empty {
      padding: 0.75rem;
      border: 1px dashed var(--cs-border, #c9d1dc);
      border-radius: var(--cs-radius, 6px);
    }
  `;

  constructor() {
    super();
    this.codes = [];
    this.text = '';
    this.decisions = new Map();
  }

  override render(): TemplateResult {
    return html`<h2>Suggested ICD-10-CM codes${this.codes.length > 0 ? ` (${this.codes.length})` : ''}</h2>
      ${
        this.codes.length === 0
          ? html`<p class="empty" role="status">
              No codes suggested: the chart has no diagnosis Chartside could support with evidence.
            </p>`
          : this.codes.map(
              (c) =>
                html`<code-suggestion
                  .suggestion=${c}
                  .text=${this.text}
                  .decision=${this.decisions.get(c.id) ?? { status: 'pending' }}
                ></code-suggestion>`,
            )
      }`;
  }
}

customElements.define('coding-panel', CodingPanel);

declare global {
  interface HTMLElementTagNameMap {
    'coding-panel': CodingPanel;
  }
}
