import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import type { TriageLevel, TriageView } from '../api-types.ts';

/** Each level has a colour, a word and a shape: never colour alone (WCAG 1.4.1). */
export const TRIAGE_STYLE: Record<TriageLevel, { word: string; color: string; icon: string }> = {
  EMERGENT: { word: 'Emergent', color: '#a4000f', icon: '\u25B2\u25B2' },
  URGENT: { word: 'Urgent', color: '#a34700', icon: '\u25B2' },
  'SEMI-URGENT': { word: 'Semi-urgent', color: '#7a5d00', icon: '\u25C6' },
  'NON-URGENT': { word: 'Non-urgent', color: '#1c6b2f', icon: '\u25CF' },
};

/** The suggested triage level, the red flags that fired and the rationale. */
export class TriagePanel extends LitElement {
  static override properties = { triage: { attribute: false } };
  declare triage: TriageView | undefined;

  static override styles = css`
    :host {
      display: block;
    }
    h2 {
      font-size: 1.05rem;
      margin: 0 0 0.5rem;
      font-family: var(--cs-font-heading, inherit);
    }
    .level {
      display: inline-flex;
      align-items: center;
      gap: 0.4rem;
      padding: 0.3rem 0.7rem;
      border-radius: var(--cs-radius, 6px);
      color: #fff;
      font-weight: 700;
      letter-spacing: 0.02em;
    }
    ul {
      padding-left: 1.2rem;
      margin: 0.5rem 0;
    }
    .flag-level {
      font-size: 0.8rem;
      color: var(--cs-muted, #4a5563);
    }
    p {
      margin: 0.5rem 0;
      line-height: 1.4;
    }
  `;

  constructor() {
    super();
    this.triage = undefined;
  }

  override render(): TemplateResult {
    const t = this.triage;
    if (!t)
      return html`<h2>Triage</h2>
        <p>No triage suggestion for this chart.</p>`;
    const style = TRIAGE_STYLE[t.level];
    return html`<h2 id="triage-h">Triage</h2>
      <p>
        <span
          class="level"
          style="background:${style.color}"
          role="status"
          aria-label="Suggested triage level: ${style.word}"
          ><span aria-hidden="true">${style.icon}</span>${style.word}</span
        >
      </p>
      ${
        t.redFlags.length > 0
          ? html`<h3 style="font-size:.95rem;margin:.5rem 0 0">Red flags (${t.redFlags.length})</h3>
              <ul aria-label="Red flags">
                ${t.redFlags.map(
                  (f) =>
                    html`<li>
                      ${f.label} <span class="flag-level">(at least ${TRIAGE_STYLE[f.level].word.toLowerCase()})</span>
                      ${f.evidence ? html`<br /><q>${f.evidence.text}</q>` : nothing}
                    </li>`,
                )}
              </ul>`
          : html`<p>No red flags fired.</p>`
      }
      <p><strong>Why:</strong> ${t.rationale}</p>`;
  }
}

customElements.define('triage-panel', TriagePanel);

declare global {
  interface HTMLElementTagNameMap {
    'triage-panel': TriagePanel;
  }
}
