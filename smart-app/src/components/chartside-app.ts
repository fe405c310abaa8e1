import { LitElement, css, html, nothing, type TemplateResult } from 'lit';
import type { Condition, Patient } from 'fhir/r4.d.ts';
import type { DecisionState, SuggestionsView, UnreadPartView } from '../api-types.ts';
import { fetchSuggestions, sendFeedback } from '../chartside-api.ts';
import {
  claimHandoff,
  fhirClientFor,
  fhirUserOf,
  SessionExpiredError,
  takeHandoffFromUrl,
  withTokenRetry,
  type Client,
  type LaunchSession,
} from '../launch-session.ts';
import { applySmartStyle } from '../smart-style.ts';
import { keepTokenFresh } from '../token-refresh.ts';
import type { DecisionDetail } from './code-suggestion.ts';
import './coding-panel.ts';
import './patient-banner.ts';
import './triage-panel.ts';

type View =
  | { kind: 'starting' }
  | { kind: 'loading' }
  | { kind: 'ready'; suggestions: SuggestionsView }
  | { kind: 'error'; message: string }
  | { kind: 'expired'; message: string };

const ICD10CM = 'http://hl7.org/fhir/sid/icd-10-cm';
/** The tag on every Condition Chartside writes (server/chart/chart-model.ts CHARTSIDE_TAG). */
const CHARTSIDE_TAG_SYSTEM = 'urn:chartside:fhir:CodeSystem:tag';

/** The encounter's Conditions that already carry this ICD-10-CM code (any writer), not entered in error. */
async function existingConditions(client: Client, patient: string, encounter: string | undefined, code: string) {
  const query = new URLSearchParams({ patient, code: `${ICD10CM}|${code}` });
  if (encounter !== undefined) query.set('encounter', encounter);
  const bundle = await withTokenRetry<{ entry?: { resource?: Condition }[] }>(client, () =>
    client.request(`Condition?${query.toString()}`),
  );
  return (bundle.entry ?? [])
    .flatMap((e) => (e.resource ? [e.resource] : []))
    .filter((c) => !c.verificationStatus?.coding?.some((x) => x.code === 'entered-in-error'));
}

/** The encounter-diagnosis Condition an accepted code becomes in the EHR (US Core Condition). */
export function conditionFor(input: {
  patient: string;
  encounter?: string | undefined;
  code: string;
  display: string;
  recorder?: string | undefined;
  now: Date;
}): Condition {
  return {
    resourceType: 'Condition',
    meta: { tag: [{ system: CHARTSIDE_TAG_SYSTEM, code: 'chartside' }] },
    clinicalStatus: {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }],
    },
    verificationStatus: {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status', code: 'confirmed' }],
    },
    category: [
      {
        coding: [
          {
            system: 'http://terminology.hl7.org/CodeSystem/condition-category',
            code: 'encounter-diagnosis',
            display: 'Encounter Diagnosis',
          },
        ],
      },
    ],
    code: { coding: [{ system: ICD10CM, code: input.code, display: input.display }], text: input.display },
    subject: { reference: `Patient/${input.patient}` },
    ...(input.encounter !== undefined ? { encounter: { reference: `Encounter/${input.encounter}` } } : {}),
    recordedDate: input.now.toISOString(),
    ...(input.recorder !== undefined ? { recorder: { reference: input.recorder } } : {}),
  };
}

function errorText(error: unknown): string {
  if (error instanceof Error && error.message !== '') return error.message;
  return 'Something went wrong.';
}

/**
 * The Chartside sidebar: takes the launch hand-off, reads the banner patient from the EHR (when asked),
 * asks Chartside for suggestions, and writes accepted codes to the EHR as Conditions with the user's token.
 */
const PART_WORDS: Record<string, string> = {
  encounter: 'the current encounter',
  laboratory: 'laboratory results',
  medications: 'active medications',
  allergies: 'allergies',
  'encounter-procedures': "this encounter's procedures",
  'encounter-observations': "this encounter's observations",
  'encounter-notes': "this encounter's notes",
  'encounter-reports': "this encounter's reports",
};
const REASON_WORDS: Record<UnreadPartView['reason'], string> = {
  timeout: 'the EHR did not answer in time',
  forbidden: 'the EHR did not grant access',
  unsupported: 'the EHR does not offer it',
  error: 'the EHR answered with an error',
};

/** Parts of the chart the EHR did not give, said plainly: a gap is never shown as "none recorded". */
function renderUnread(unread: readonly UnreadPartView[]): TemplateResult | typeof nothing {
  if (unread.length === 0) return nothing;
  return html`<div class="notice fallback unread" role="status">
    <strong>Not read from the EHR:</strong>
    ${unread.map((u, i) => html`${i > 0 ? '; ' : ''}${PART_WORDS[u.part] ?? u.part} (${REASON_WORDS[u.reason]})`)}. The
    suggestions rest on the rest of the chart; refresh to try again.
  </div>`;
}

export class ChartsideApp extends LitElement {
  static override properties = {
    view: { state: true },
    patient: { state: true },
    showBanner: { state: true },
    decisions: { state: true },
    sessionNotice: { state: true },
  };
  declare view: View;
  declare patient: Patient | undefined;
  declare showBanner: boolean;
  declare decisions: ReadonlyMap<string, DecisionState>;
  /** A background token renewal failed: said above the suggestions, which stay on screen. */
  declare sessionNotice: 'renewal-failed' | 'ended' | undefined;
  private sessionEndTimer: ReturnType<typeof setTimeout> | undefined;
  private client: Client | undefined;
  private session: LaunchSession | undefined;
  private stopRefresh: (() => void) | undefined;

  static override styles = css`
    :host {
      display: block;
      color: var(--cs-text, #1b1f24);
      font-family: var(--cs-font, system-ui, sans-serif);
    }
    main {
      padding: var(--cs-space, 1rem);
      max-width: 60rem;
    }
    header.bar {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      justify-content: space-between;
      gap: 0.5rem;
      margin-bottom: 0.75rem;
    }
    h1 {
      font-size: 1.15rem;
      margin: 0;
      font-family: var(--cs-font-heading, inherit);
    }
    .panels {
      display: grid;
      gap: 1.25rem;
      grid-template-columns: 1fr;
    }
    /* Narrow (an EHR sidebar): triage leads. Wide: codes on the left, triage beside them. */
    @media (min-width: 56rem) {
      .panels {
        grid-template-columns: 2fr 1fr;
      }
      .coding {
        order: -1;
      }
    }
    .notice {
      padding: 0.6rem 0.75rem;
      border-radius: var(--cs-radius, 6px);
      margin-bottom: 0.75rem;
      line-height: 1.4;
    }
    .fallback {
      background: #fff7e0;
      border-left: 4px solid #7a5d00;
    }
    .error {
      background: #fff4f4;
      border-left: 4px solid var(--cs-error, #a4000f);
    }
    .loading {
      display: flex;
      gap: 0.6rem;
      align-items: center;
    }
    .spinner {
      width: 1.2rem;
      height: 1.2rem;
      border: 3px solid var(--cs-border, #c9d1dc);
      border-top-color: var(--cs-accent, #23395d);
      border-radius: 50%;
      animation: spin 0.9s linear infinite;
    }
    @keyframes spin {
      to {
        transform: rotate(360deg);
      }
    }
    @media (prefers-reduced-motion: reduce) {
      .spinner {
        animation: none;
      }
    }
    button,
    a.button {
      font: inherit;
      padding: 0.35rem 0.8rem;
      border-radius: var(--cs-radius, 6px);
      border: 1px solid var(--cs-accent, #23395d);
      background: #fff;
      color: var(--cs-accent, #23395d);
      cursor: pointer;
      text-decoration: none;
      display: inline-block;
    }
    button:focus-visible,
    a.button:focus-visible {
      outline: 3px solid #ffbf47;
    }
    .engine {
      font-size: 0.8rem;
      color: var(--cs-muted, #4a5563);
      margin-top: 1rem;
    }
  `;

  constructor() {
    super();
    this.view = { kind: 'starting' };
    this.patient = undefined;
    this.showBanner = false;
    this.decisions = new Map();
    this.sessionNotice = undefined;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.start();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stopRefresh?.();
    clearTimeout(this.sessionEndTimer);
  }

  private async start(): Promise<void> {
    const handoff = takeHandoffFromUrl(window.location, window.history);
    if (handoff === undefined) {
      this.view = {
        kind: 'expired',
        message: 'This Chartside session has ended (the page was reloaded or opened directly).',
      };
      return;
    }
    try {
      this.session = await claimHandoff(handoff);
    } catch (error) {
      this.view =
        error instanceof SessionExpiredError
          ? { kind: 'expired', message: error.message }
          : { kind: 'error', message: errorText(error) };
      return;
    }
    const session = this.session;
    this.client = fhirClientFor(session);
    this.stopRefresh = keepTokenFresh(this.client, {
      onFailure: (expiresAt) => this.onRenewalFailed(expiresAt),
    });
    if (session.tokenResponse.smart_style_url !== undefined) {
      void applySmartStyle(session.tokenResponse.smart_style_url, document.documentElement);
    }
    this.showBanner = session.tokenResponse.need_patient_banner === true;
    if (this.showBanner) void this.loadPatient();
    await this.loadSuggestions();
  }

  /**
   * A background renewal failed: suggestions already on screen stay (they do not expire with the token),
   * with a notice; the token still works until `expiresAt`, and an action after that asks for a relaunch.
   */
  private onRenewalFailed(expiresAt: number): void {
    if (this.view.kind !== 'ready') {
      this.view = { kind: 'expired', message: 'The EHR session has ended.' };
      return;
    }
    this.sessionNotice = 'renewal-failed';
    clearTimeout(this.sessionEndTimer);
    this.sessionEndTimer = setTimeout(
      () => {
        this.sessionNotice = 'ended';
      },
      Math.max(0, expiresAt * 1000 - Date.now()),
    );
  }

  private renderSessionNotice(): TemplateResult | typeof nothing {
    if (this.sessionNotice === undefined || this.view.kind !== 'ready') return nothing;
    return this.sessionNotice === 'renewal-failed'
      ? html`<div class="notice fallback" role="status">
          <strong>Chartside could not renew the EHR session.</strong> The suggestions below stay valid; saving a code
          may ask you to relaunch.
        </div>`
      : html`<div class="notice fallback" role="status">
            <strong>The EHR session has ended.</strong> The suggestions below stay shown; relaunch Chartside to save
            codes.
          </div>
          ${this.renderRelaunch()}`;
  }

  private async loadPatient(): Promise<void> {
    const client = this.client;
    if (!client) return;
    try {
      this.patient = await withTokenRetry(client, () => client.patient.read());
    } catch {
      this.patient = undefined;
    }
  }

  private async loadSuggestions(): Promise<void> {
    const client = this.client;
    if (!client) return;
    this.view = { kind: 'loading' };
    this.decisions = new Map();
    try {
      this.view = { kind: 'ready', suggestions: await fetchSuggestions(client) };
    } catch (error) {
      this.view =
        error instanceof SessionExpiredError
          ? { kind: 'expired', message: error.message }
          : { kind: 'error', message: errorText(error) };
    }
  }

  private setDecision(id: string, state: DecisionState): void {
    const next = new Map(this.decisions);
    next.set(id, state);
    this.decisions = next;
  }

  private async onDecision(event: CustomEvent<DecisionDetail>): Promise<void> {
    const client = this.client;
    const view = this.view;
    if (!client || view.kind !== 'ready') return;
    const { suggestion, outcome, code, display } = event.detail;
    const feedback = (): void => {
      void sendFeedback({
        suggestionSet: view.suggestions.suggestionSet,
        suggestion: suggestion.id,
        outcome,
      }).catch(() => undefined);
    };
    if (outcome === 'rejected') {
      this.setDecision(suggestion.id, { status: 'rejected' });
      feedback();
      return;
    }
    this.setDecision(suggestion.id, { status: 'saving', code });
    try {
      const patient = client.getPatientId() ?? '';
      const encounter = client.getEncounterId() ?? undefined;
      // Accept is idempotent: a code already on this encounter is not written again.
      const existing = await existingConditions(client, patient, encounter, code);
      if (existing.length > 0) {
        this.setDecision(suggestion.id, {
          status: 'accepted',
          code,
          display,
          conditionId: existing[0]?.id ?? '(no id)',
          edited: outcome === 'edited',
          alreadyOnChart: true,
        });
        feedback();
        return;
      }
      const condition = conditionFor({
        patient,
        encounter,
        code,
        display,
        recorder: this.session ? fhirUserOf(this.session) : undefined,
        now: new Date(),
      });
      const created: Condition = await withTokenRetry<Condition>(client, () =>
        client.create(condition as Parameters<Client['create']>[0]),
      );
      this.setDecision(suggestion.id, {
        status: 'accepted',
        code,
        display,
        conditionId: created.id ?? '(no id returned)',
        edited: outcome === 'edited',
      });
      feedback();
    } catch (error) {
      if (error instanceof SessionExpiredError) {
        this.view = { kind: 'expired', message: error.message };
        return;
      }
      this.setDecision(suggestion.id, { status: 'error', message: errorText(error) });
    }
  }

  private renderRelaunch(): TemplateResult {
    const url = this.session?.relaunchUrl;
    return url !== undefined
      ? html`<p><a class="button" href=${url}>Relaunch Chartside</a></p>`
      : html`<p>Open Chartside again from the patient's chart in the EHR to relaunch.</p>`;
  }

  private renderBody(): TemplateResult {
    const view = this.view;
    switch (view.kind) {
      case 'starting':
      case 'loading':
        return html`<div class="loading" role="status" aria-live="polite">
          <span class="spinner" aria-hidden="true"></span>
          ${view.kind === 'starting' ? 'Opening the chart…' : 'Reading the chart and preparing suggestions…'}
        </div>`;
      case 'expired':
        return html`<div class="notice error" role="alert"><strong>Session ended.</strong> ${view.message}</div>
          ${this.renderRelaunch()}`;
      case 'error':
        return html`<div class="notice error" role="alert">
            <strong>Chartside could not get suggestions.</strong> ${view.message}
          </div>
          <button @click=${() => void this.loadSuggestions()}>Try again</button>`;
      case 'ready': {
        const s = view.suggestions;
        return html`${
            s.engine.fallback
              ? html`<div class="notice fallback" role="status">
                  <strong>The model was unavailable; these suggestions come from rules.</strong>
                  (${s.engine.fallback.from}: ${s.engine.fallback.reason}). Review them with extra care.
                </div>`
              : nothing
          }${renderUnread(s.unread ?? [])}
          <div class="panels">
            <section class="triage" aria-label="Triage"><triage-panel .triage=${s.triage}></triage-panel></section>
            <section class="coding" aria-label="Coding">
              <coding-panel
                .codes=${s.codes}
                .text=${s.text}
                .decisions=${this.decisions}
                @decision=${(e: CustomEvent<DecisionDetail>) => void this.onDecision(e)}
              ></coding-panel>
            </section>
          </div>
          <p class="engine">
            ${s.engine.backend} ${s.engine.modelVersion} · ICD-10-CM ${s.engine.terminologyVersion} · read
            ${s.sources.length} resources from the EHR
          </p>`;
      }
    }
  }

  override render(): TemplateResult {
    return html`${this.showBanner ? html`<patient-banner .patient=${this.patient}></patient-banner>` : nothing}
      <main aria-busy=${this.view.kind === 'loading' || this.view.kind === 'starting' ? 'true' : 'false'}>
        <header class="bar">
          <h1>Chartside</h1>
          ${
            this.view.kind === 'ready' || this.view.kind === 'error'
              ? html`<button @click=${() => void this.loadSuggestions()} aria-label="Refresh suggestions">
                  Refresh
                </button>`
              : nothing
          }
        </header>
        ${this.renderSessionNotice()} ${this.renderBody()}
      </main>`;
  }
}

customElements.define('chartside-app', ChartsideApp);

declare global {
  interface HTMLElementTagNameMap {
    'chartside-app': ChartsideApp;
  }
}
