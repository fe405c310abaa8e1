/** Most words of a short note (a vignette, a consult line, a problem statement); case reports run to hundreds. */
export const SHORT_NOTE_WORDS = 150;

/**
 * Whether a text is a short note rather than a case report. Some rules apply to short notes only: measured
 * on CodiEsp case reports (whose coders code symptoms beside their diagnoses and keep less specific codes),
 * they cost held-out MAP (README, Coding a document).
 */
export function isShortNote(text: string): boolean {
  return (text.match(/\S+/g) ?? []).length <= SHORT_NOTE_WORDS;
}
