import { markDeidentified, type Deidentified } from './deidentified.ts';

/**
 * A value computed only from de-identified data is de-identified too: renders a de-identified Bundle into
 * case text, or slices a de-identified note. `derive` must read nothing but its argument (no closure over
 * raw chart data); reviewers check every caller for that.
 */
export function deriveDeidentified<T, U>(value: Deidentified<T>, derive: (value: T) => U): Deidentified<U> {
  return markDeidentified(derive(value));
}
