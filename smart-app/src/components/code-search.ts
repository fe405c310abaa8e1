import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import { searchCodes, type CodeMatch } from '../chartside-api.ts';

/** Fired when the user picks a code from the search results. */
export type CodePickedEvent = CustomEvent<CodeMatch>;

/**
 * Inline ICD-10-CM search (Chartside's terminology server): type, then pick a result with the keyboard
 * or the mouse. Results are a list of buttons, announced through a live region.
 */
export class CodeSearch extends LitElement {
  static override properties = {
    initial: { type: String },
    results: { state: true },
    status: { state: true },
  };
  declare initial: string;
  declare results: CodeMatch[];
  declare status: string;
  /** Replaceable in component tests. */
  search: (filter: string, signal?: AbortSignal) => Promise<CodeMatch[]> = searchCodes;
  private controller: AbortController | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;

  static override styles = css`
    :host {
      display: block;
      margin-top: 0.5rem;
    }
    input {
      font: inherit;
      width: 100%;
      box-sizing: border-box;
      padding: 0.4rem;
      border: 1px solid var(--cs-border, #c9d1dc);
      border-radius: var(--cs-radius, 6px);
    }
    ul {
      list-style: none;
      padding: 0;
      margin: 0.25rem 0;
    }
    button {
      font: inherit;
      width: 100%;
      text-align: left;
      background: #fff;
      border: 1px solid var(--cs-border, #c9d1dc);
      border-radius: var(--cs-radius, 6px);
      padding: 0.35rem 0.5rem;
      margin: 0.15rem 0;
      cursor: pointer;
    }
    button:focus-visible,
    input:focus-visible {
      outline: 3px solid #ffbf47;
    }
    .code {
      font-weight: 700;
      margin-right: 0.4rem;
    }
    .status {
      font-size: 0.85rem;
      color: var(--cs-muted, #4a5563);
    }
  `;

  constructor() {
    super();
    this.initial = '';
    this.results = [];
    this.status = '';
  }

  override firstUpdated(): void {
    const input = this.renderRoot.querySelector('input');
    input?.focus();
    if (this.initial !== '') this.run(this.initial);
  }

  private run(filter: string): void {
    this.controller?.abort();
    if (filter.trim().length < 2) {
      this.results = [];
      this.status = 'Type at least two characters.';
      return;
    }
    const controller = new AbortController();
    this.controller = controller;
    this.status = 'Searching…';
    this.search(filter, controller.signal).then(
      (results) => {
        if (controller.signal.aborted) return;
        this.results = results;
        this.status = results.length === 0 ? 'No matching codes.' : `${results.length} codes found.`;
      },
      () => {
        if (!controller.signal.aborted) this.status = 'Search failed; try again.';
      },
    );
  }

  private readonly onInput = (event: Event): void => {
    const value = (event.target as HTMLInputElement).value;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.run(value), 200);
  };

  private pick(match: CodeMatch): void {
    this.dispatchEvent(new CustomEvent<CodeMatch>('code-picked', { detail: match, bubbles: true, composed: true }));
  }

  override render(): TemplateResult {
    return html`<label>
        <span class="status">Search ICD-10-CM</span>
        <input type="search" .value=${this.initial} @input=${this.onInput} aria-label="Search ICD-10-CM codes" />
      </label>
      <div class="status" role="status" aria-live="polite">${this.status}</div>
      ${
        this.results.length > 0
          ? html`<ul aria-label="Matching codes">
              ${this.results.map(
                (r) =>
                  html`<li>
                    <button @click=${() => this.pick(r)} aria-label="Use ${r.code} ${r.display}">
                      <span class="code">${r.code}</span>${r.display}
                    </button>
                  </li>`,
              )}
            </ul>`
          : nothing
      }`;
  }
}

customElements.define('code-search', CodeSearch);

declare global {
  interface HTMLElementTagNameMap {
    'code-search': CodeSearch;
  }
}
