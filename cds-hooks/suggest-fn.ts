import type { CaseInput, SuggestOptions } from '../server/suggest/case-input.ts';
import type { Suggestions } from '../server/suggest/suggestions.ts';

/** The suggestion pipeline as the CDS Hooks service calls it (server/suggest/ provides the real one). */
export type SuggestFn = (input: CaseInput, options: SuggestOptions) => Promise<Suggestions>;
