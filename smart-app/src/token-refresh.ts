/** What the refresh schedule needs of a fhirclient Client (a structural type, so tests can fake it). */
export interface RefreshableClient {
  getState(path: string): unknown;
  refresh(): Promise<unknown>;
}

/** Share of a token's lifetime after which it is renewed (with at most a minute to spare). */
export const REFRESH_AT_FRACTION = 0.75;
const MAX_LEAD_MS = 60_000;

/** Least time between two renewals, whatever the EHR says. */
const MIN_DELAY_MS = 1_000;

/**
 * How long to wait before renewing a token that expires in `untilExpiryMs` and was issued for `lifetimeMs`
 * (SMART App Launch §Refresh tokens): a minute before expiry, or at three quarters of its life when it
 * lives less than four minutes. So a 65-second token is renewed every 49 seconds, not every 5, and a
 * renewal never comes sooner than the token's life allows.
 */
export function refreshDelayMs(lifetimeMs: number, untilExpiryMs: number): number {
  const lead = Math.min(MAX_LEAD_MS, lifetimeMs * (1 - REFRESH_AT_FRACTION));
  return Math.max(MIN_DELAY_MS, untilExpiryMs - lead);
}

export interface KeepFreshOptions {
  /** A background renewal failed; `expiresAt` (seconds since the epoch) is when the current token ends. */
  onFailure(expiresAt: number): void;
  /** The clock, in ms (tests move it). */
  now?: () => number;
}

/**
 * Renews the token in the background while the app is open (Oracle Health tokens live about ten minutes),
 * so a user coming back to the sidebar finds it working. One renewal per schedule, each from the lifetime
 * of the token it replaces; a failure stops the schedule and is reported (fhirclient drops the refresh
 * token after a failed refresh, so nothing loops). Returns a canceller.
 */
export function keepTokenFresh(client: RefreshableClient, options: KeepFreshOptions): () => void {
  const now = options.now ?? (() => Date.now());
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const schedule = (): void => {
    const expiresAt = client.getState('expiresAt');
    const expiresIn = client.getState('tokenResponse.expires_in');
    if (stopped || typeof expiresAt !== 'number' || client.getState('tokenResponse.refresh_token') === undefined) {
      return;
    }
    const untilExpiryMs = expiresAt * 1000 - now();
    const lifetimeMs = typeof expiresIn === 'number' && expiresIn > 0 ? expiresIn * 1000 : untilExpiryMs;
    timer = setTimeout(
      () => {
        client.refresh().then(schedule, () => {
          if (!stopped) options.onFailure(expiresAt);
        });
      },
      refreshDelayMs(lifetimeMs, untilExpiryMs),
    );
  };
  schedule();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
