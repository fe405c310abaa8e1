import type { SuggestionsView } from './api-types.ts';
import { freshAccessToken, SessionExpiredError, type Client } from './launch-session.ts';

/** An error Chartside's server answered as an OperationOutcome: its first issue's text. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

async function outcomeMessage(response: Response): Promise<string> {
  try {
    const outcome = (await response.json()) as { issue?: { diagnostics?: string; details?: { text?: string } }[] };
    const issue = outcome.issue?.[0];
    return issue?.diagnostics ?? issue?.details?.text ?? `HTTP ${response.status}`;
  } catch {
    return `HTTP ${response.status}`;
  }
}

/**
 * Asks Chartside's server for suggestions for the launch patient. The user's token goes to Chartside's
 * own server only (which reads the chart from the EHR with it); on a 401 the token is refreshed once.
 */
export async function fetchSuggestions(client: Client, signal?: AbortSignal): Promise<SuggestionsView> {
  const patient = client.getPatientId();
  if (!patient) throw new ApiError('The launch did not name a patient.', 400);
  const encounter = client.getEncounterId();
  const call = async (): Promise<Response> =>
    fetch('/api/suggestions', {
      method: 'POST',
      credentials: 'omit',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await freshAccessToken(client)}` },
      body: JSON.stringify({
        fhirServer: client.state.serverUrl,
        patient,
        ...(encounter ? { encounter } : {}),
        ...(client.state.clientId ? { clientId: client.state.clientId } : {}),
      }),
      ...(signal ? { signal } : {}),
    });
  let response = await call();
  if (response.status === 401 && client.getState('tokenResponse.refresh_token')) {
    try {
      await client.refresh();
    } catch {
      throw new SessionExpiredError('The EHR session has ended.');
    }
    response = await call();
  }
  if (response.status === 401) throw new SessionExpiredError('The EHR session has ended.');
  if (!response.ok) throw new ApiError(await outcomeMessage(response), response.status);
  return (await response.json()) as SuggestionsView;
}

export interface FeedbackInput {
  suggestionSet: string;
  suggestion: string;
  outcome: 'accepted' | 'edited' | 'rejected';
  reason?: string;
}

/** Records what the user did with a suggestion (as CDS Hooks feedback is recorded); no chart content. */
export async function sendFeedback(input: FeedbackInput): Promise<void> {
  const response = await fetch('/api/feedback', {
    method: 'POST',
    credentials: 'omit',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...input, outcomeTimestamp: new Date().toISOString() }),
  });
  if (!response.ok) throw new ApiError(await outcomeMessage(response), response.status);
}

export interface CodeMatch {
  code: string;
  display: string;
}

/** Searches ICD-10-CM on Chartside's own terminology server (`ValueSet/$expand` with a filter). */
export async function searchCodes(filter: string, signal?: AbortSignal): Promise<CodeMatch[]> {
  const url = new URL('/fhir/ValueSet/$expand', window.location.origin);
  url.searchParams.set('url', 'http://hl7.org/fhir/sid/icd-10-cm');
  url.searchParams.set('filter', filter);
  url.searchParams.set('count', '8');
  const response = await fetch(url, { credentials: 'omit', ...(signal ? { signal } : {}) });
  if (!response.ok) throw new ApiError(await outcomeMessage(response), response.status);
  const valueSet = (await response.json()) as { expansion?: { contains?: { code?: string; display?: string }[] } };
  return (valueSet.expansion?.contains ?? []).flatMap((c) =>
    c.code !== undefined ? [{ code: c.code, display: c.display ?? '' }] : [],
  );
}
