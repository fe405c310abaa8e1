import { LitElement, css, html, type TemplateResult } from 'lit';
import type { Patient } from 'fhir/r4.d.ts';

/** The patient's display name from the EHR's Patient resource (official name first). */
export function patientName(patient: Patient): string {
  const name = patient.name?.find((n) => n.use === 'official') ?? patient.name?.[0];
  if (!name) return 'Unnamed patient';
  if (name.text) return name.text;
  return [...(name.prefix ?? []), ...(name.given ?? []), name.family ?? ''].join(' ').trim() || 'Unnamed patient';
}

/**
 * The patient banner, shown only when the launch asks for it (`need_patient_banner`). The name comes from
 * the EHR's FHIR server, read with the user's token; never from the model.
 */
export class PatientBanner extends LitElement {
  static override properties = { patient: { attribute: false } };
  declare patient: Patient | undefined;

  static override styles = css`
    :host {
      display: block;
      background: var(--cs-accent, #23395d);
      color: #fff;
      padding: 0.5rem var(--cs-space, 1rem);
    }
    .name {
      font-weight: 700;
      font-size: 1.05rem;
    }
    .facts {
      font-size: 0.85rem;
      display: flex;
      flex-wrap: wrap;
      gap: 0 1rem;
    }
  `;

  constructor() {
    super();
    this.patient = undefined;
  }

  override render(): TemplateResult {
    const p = this.patient;
    if (!p) return html`<div role="banner" aria-label="Patient">Loading patient…</div>`;
    const mrn = p.identifier?.[0]?.value;
    return html`<div role="banner" aria-label="Patient">
      <div class="name">${patientName(p)}</div>
      <div class="facts">
        ${p.birthDate ? html`<span>Born ${p.birthDate}</span>` : ''} ${p.gender ? html`<span>${p.gender}</span>` : ''}
        ${mrn ? html`<span>ID ${mrn}</span>` : ''}
      </div>
    </div>`;
  }
}

customElements.define('patient-banner', PatientBanner);

declare global {
  interface HTMLElementTagNameMap {
    'patient-banner': PatientBanner;
  }
}
