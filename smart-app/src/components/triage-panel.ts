import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import type { TriageLevel, TriageView } from '../api-types.ts';

/** Each level has a colour, a word and a shape: never colour alone (WCAG 1.4.1). */
export const TRIAGE_STYLE: Record<TriageLevel, { word: string; color: string; icon: string }> = {
  EMERGENT: { word: 'Emergent', color: '#a4000f', icon: '\u25B2\u25B2' },
  URGENT: { word: 'Urgent', color: '#a34700', icon: '\u25B2' },
  'SEMI-URGENT': { word: 'Semi-urgent', color: '#7a5d00', icon: '\u25C6' },
  'NON-URGENT': { word: 'Non-urgent', color: '#1c6b2f', icon: '\u25CF' },
};

/**
 * The suggested triage level, each discriminator that fired with its evidence (a quote of the
 * de-identified text or the FHIR resource it read), the finding that would change it, and a note when
 * the model and the engine's floor disagreed.
 */
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
    .disagreement {
      border-left: 4px solid #a34700;
      padding-left: 0.5rem;
    }
    .ref cite {
      font-style: normal;
      color: var(--cs-muted, #4a5563);
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
      ${this.renderDisagreement()} ${this.renderReasons()}
      ${
        t.wouldChange
          ? html`<p class="change">
              Would be <strong>${TRIAGE_STYLE[t.wouldChange.level].word.toLowerCase()}</strong> with
              ${t.wouldChange.finding}.
            </p>`
          : nothing
      }
      <p class="rationale"><strong>Summary:</strong> ${t.rationale}</p>`;
  }

  private renderDisagreement(): TemplateResult | typeof nothing {
    const d = this.triage?.disagreement;
    if (!d) return nothing;
    const model = TRIAGE_STYLE[d.modelLevel].word.toLowerCase();
    const engine = TRIAGE_STYLE[d.engineLevel].word.toLowerCase();
    return html`<p class="disagreement" role="note">
      ${
        d.outcome === 'raised-to-floor'
          ? html`The model suggested <strong>${model}</strong>; the triage engine's floor is <strong>${engine}</strong>,
              so ${engine} is shown.`
          : html`The model raised the triage engine's ${engine} to <strong>${model}</strong>.`
      }
    </p>`;
  }

  /** The discriminators that fired (reasons), each with its evidence; older servers send red flags only. */
  private renderReasons(): TemplateResult {
    const t = this.triage as TriageView;
    const reasons =
      t.discriminators ??
      t.redFlags.map((f) => ({
        id: f.id,
        name: f.label,
        protocol: '',
        level: f.level,
        evidence: f.evidence ? [{ kind: 'text' as const, ...f.evidence }] : [],
      }));
    if (reasons.length === 0)
      return html`<p>No discriminator fired: a presentation that cannot be placed is seen soon.</p>`;
    return html`<h3 style="font-size:.95rem;margin:.5rem 0 0">Reasons (${reasons.length})</h3>
      <ul aria-label="Reasons">
        ${reasons.map(
          (d) =>
            html`<li>
              ${d.name}
              <span class="flag-level"
                >(${d.protocol ? `${d.protocol}, ` : ''}${TRIAGE_STYLE[d.level].word.toLowerCase()})</span
              >
              ${'source' in d && d.source ? html`<br /><cite class="source">Source: ${d.source}</cite>` : ''}
              ${d.evidence.map((e) =>
                e.kind === 'text'
                  ? html`<br /><q>${e.text}</q>`
                  : html`<br /><span class="ref">${e.text} <cite>${e.ref}</cite></span>`,
              )}
            </li>`,
        )}
      </ul>`;
  }
}

customElements.define('triage-panel', TriagePanel);

declare global {
  interface HTMLElementTagNameMap {
    'triage-panel': TriagePanel;
  }
}
