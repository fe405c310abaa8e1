/** A word of a text with its offsets and the forms the detectors compare. */
export interface WordToken {
  readonly start: number;
  readonly end: number;
  readonly text: string;
  /** Lower case, without a possessive `'s` and without trailing digits ("Sumiko254" → "sumiko"). */
  readonly bare: string;
  /** Whether the capitalisation of this token's line says anything (mixed-case lines only). */
  readonly caseInformative: boolean;
}

const WORD = /[A-Za-z\u00C0-\u024F][A-Za-z\u00C0-\u024F'’]*(?:-[A-Za-z\u00C0-\u024F]+)*\d*/g;

/**
 * Splits a text into word tokens. A line's capitalisation is informative when it mixes cases; notes
 * written all in capitals or all in lower case give no case evidence, so the detectors lean on word lists.
 */
export function tokenizeWords(text: string): WordToken[] {
  const lineInformative = new Map<number, boolean>();
  const informativeAt = (index: number): boolean => {
    const lineStart = text.lastIndexOf('\n', index - 1) + 1;
    const known = lineInformative.get(lineStart);
    if (known !== undefined) return known;
    let lineEnd = text.indexOf('\n', index);
    if (lineEnd < 0) lineEnd = text.length;
    let upper = 0;
    let lower = 0;
    for (let i = lineStart; i < lineEnd; i++) {
      const c = text.charCodeAt(i);
      if (c >= 65 && c <= 90) upper++;
      else if (c >= 97 && c <= 122) lower++;
    }
    const letters = upper + lower;
    const value = letters < 12 ? documentInformative : lower / letters > 0.35 && upper >= 2 && upper / letters > 0.015;
    lineInformative.set(lineStart, value);
    return value;
  };
  let upperAll = 0;
  let lowerAll = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 65 && c <= 90) upperAll++;
    else if (c >= 97 && c <= 122) lowerAll++;
  }
  const documentInformative =
    lowerAll / Math.max(1, upperAll + lowerAll) > 0.35 && upperAll / Math.max(1, upperAll + lowerAll) > 0.03;
  const out: WordToken[] = [];
  WORD.lastIndex = 0;
  for (let m = WORD.exec(text); m !== null; m = WORD.exec(text)) {
    const word = m[0].replace(/['’]+$/, '');
    const bare = word
      .toLowerCase()
      .replace(/['’]s$/, '')
      .replace(/\d+$/, '');
    out.push({ start: m.index, end: m.index + word.length, text: word, bare, caseInformative: informativeAt(m.index) });
  }
  return out;
}

/** The text between two tokens (what separates them). */
export function gapBetween(text: string, a: WordToken, b: WordToken): string {
  return text.slice(a.end, b.start);
}

/** Whether a token is an initial: one letter, optionally followed by a period in the text. */
export function isInitial(token: WordToken): boolean {
  return token.text.length === 1;
}

/** Whether a token is written with a capital first letter and lower-case letters after it. */
export function isCapitalized(token: WordToken): boolean {
  return /^[A-Z\u00C0-\u00DE][a-z\u00DF-\u00FF'’]/.test(token.text) || /^(?:Mc|Mac|O'|D')[A-Z]/.test(token.text);
}
