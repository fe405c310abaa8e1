/** What the Flesch–Kincaid grade was computed from. */
export interface Readability {
  /** 0.39 · (words / sentences) + 11.8 · (syllables / words) − 15.59 (Kincaid et al. 1975). */
  grade: number;
  words: number;
  sentences: number;
  syllables: number;
}

/** Words: runs of letters with inner apostrophes or hyphens; numbers and symbols are not words. */
export function readabilityWords(text: string): string[] {
  return text.match(/\p{L}+(?:['’-]\p{L}+)*/gu) ?? [];
}

/**
 * Sentences: stretches ending at `.`, `!` or `?` followed by whitespace or the end, or at a line break (the
 * lines of a list are read as sentences); stretches without a word do not count.
 */
export function readabilitySentences(text: string): string[] {
  return text.split(/[.!?]+(?=\s|$)|\n+/u).filter((s) => readabilityWords(s).length > 0);
}

/**
 * Syllables of one English word, by rule (no dictionary): lower-case letters only; a word of three letters or
 * fewer has one; otherwise a final silent `e` (not `le`), `es` or `ed` is dropped, a leading `y` is a
 * consonant, and each run of vowels (`a e i o u y`) is one syllable; at least one.
 */
export function countSyllables(word: string): number {
  let w = word.toLowerCase().replace(/[^a-z]/g, '');
  if (w.length === 0) return 0;
  if (w.length <= 3) return 1;
  w = w.replace(/(?:[^laeiouy]es|[^laeiouy]ed|[^laeiouy]e)$/, (m) => m.slice(0, 1));
  w = w.replace(/^y/, '');
  const groups = w.match(/[aeiouy]+/g);
  return Math.max(1, groups?.length ?? 0);
}

/** The Flesch–Kincaid grade level of a text; 0 words gives grade 0. */
export function fleschKincaid(text: string): Readability {
  const words = readabilityWords(text);
  const sentences = Math.max(1, readabilitySentences(text).length);
  const syllables = words.reduce((n, w) => n + countSyllables(w), 0);
  if (words.length === 0) return { grade: 0, words: 0, sentences: 0, syllables: 0 };
  const grade = 0.39 * (words.length / sentences) + 11.8 * (syllables / words.length) - 15.59;
  return { grade, words: words.length, sentences, syllables };
}
