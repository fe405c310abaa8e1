import { placeholderFor } from './replace-spans.ts';
import { detectPhi } from './scrub-text.ts';

/**
 * A text that came from outside (a server's error message) with every PHI span the free-text detectors
 * find replaced by its placeholder (`[NAME]`, `[DATE]`…): what remains is safe to print or log. Needs no
 * secret, keeps no map: nothing can be put back.
 */
export function maskPhi(text: string): string {
  let out = '';
  let at = 0;
  for (const span of detectPhi(text)) {
    out += text.slice(at, span.start) + placeholderFor(span.category);
    at = span.end;
  }
  return out + text.slice(at);
}
