/**
 * PostgreSQL text cannot hold U+0000, and jsonb refuses the `\u0000` escape; both may arrive in what callers
 * send (a `state`, a card id, a JWT id). Keys are escaped reversibly (`%` and NUL only), so distinct keys stay
 * distinct; JSON values have NUL replaced by U+FFFD (they are records, never compared).
 */
export function keyText(key: string): string {
  return key.replace(/[\u0000%]/g, (c) => (c === '%' ? '%25' : '%00'));
}

/** JSON text for a jsonb parameter: a `\u0000` escape (not an escaped backslash before "u0000") becomes U+FFFD. */
export function jsonForDb(value: unknown): string {
  return JSON.stringify(value).replace(/(?<!\\)((?:\\\\)*)\\u0000/g, '$1\\ufffd');
}
