/** A sentence of a document: UTF-16 offsets into the text, end exclusive. */
export interface Sentence {
  index: number;
  start: number;
  end: number;
}

/**
 * Ends a sentence: terminal punctuation before a space or the end, a line break, a semicolon, or the next
 * item of a numbered list ("… stage 3b 2. Gout": the "2" opens a problem, it is not a stage).
 */
const BOUNDARY = /[.!?]+(?=\s|$)|;|\n|(?<=\S)(?=\s+\d{1,2}[.)]\s+[A-Z])/g;

/**
 * Splits a document into sentences, trimming the blanks at either end. Abbreviations such as "Dr." may
 * split a sentence in two; mentions rarely span them, and each part keeps its offsets.
 */
export function splitSentences(text: string): Sentence[] {
  const out: Sentence[] = [];
  let last = 0;
  const push = (from: number, to: number): void => {
    let start = from;
    let end = to;
    while (start < end && /\s/.test(text[start] ?? '')) start++;
    while (end > start && /\s/.test(text[end - 1] ?? '')) end--;
    if (end > start) out.push({ index: out.length, start, end });
  };
  for (const match of text.matchAll(BOUNDARY)) {
    push(last, match.index + (match[0] === '\n' ? 0 : match[0].length));
    last = match.index + match[0].length;
  }
  push(last, text.length);
  return out;
}
