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
  let upperAll = 0;
  let lowerAll = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 65 && c <= 90) upperAll++;
    else if (c >= 97 && c <= 122) lowerAll++;
  }
  const documentInformative =
    lowerAll / Math.max(1, upperAll + lowerAll) > 0.35 && upperAll / Math.max(1, upperAll + lowerAll) > 0.03;
  // Tokens come in text order, so each line's case is judged once, when its first token is reached.
  let lineEnd = -1;
  let informative = documentInformative;
  const informativeAt = (index: number): boolean => {
    if (index <= lineEnd) return informative;
    const lineStart = text.lastIndexOf('\n', index - 1) + 1;
    lineEnd = text.indexOf('\n', index);
    if (lineEnd < 0) lineEnd = text.length;
    let upper = 0;
    let lower = 0;
    for (let i = lineStart; i < lineEnd; i++) {
      const c = text.charCodeAt(i);
      if (c >= 65 && c <= 90) upper++;
      else if (c >= 97 && c <= 122) lower++;
    }
    const letters = upper + lower;
    informative = letters < 12 ? documentInformative : lower / letters > 0.35 && upper >= 2 && upper / letters > 0.015;
    return informative;
  };
  const out: WordToken[] = [];
  WORD.lastIndex = 0;
  for (let m = WORD.exec(text); m !== null; m = WORD.exec(text)) {
    let word = m[0];
    const last = word.charCodeAt(word.length - 1);
    if (last === 39 || last === 0x2019) word = word.replace(/['’]+$/, '');
    let bare = word.toLowerCase();
    const tail = bare.charCodeAt(bare.length - 1);
    if (tail === 115 && /['’]s$/.test(bare)) bare = bare.slice(0, -2).replace(/\d+$/, '');
    else if (tail >= 48 && tail <= 57) bare = bare.replace(/\d+$/, '');
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
  // Called for most tokens by several detectors: character codes first, a regex only for "McX", "O'X".
  const text = token.text;
  const c0 = text.charCodeAt(0);
  if (!((c0 >= 65 && c0 <= 90) || (c0 >= 0xc0 && c0 <= 0xde))) return false;
  const c1 = text.charCodeAt(1);
  if ((c1 >= 97 && c1 <= 122) || (c1 >= 0xdf && c1 <= 0xff) || c1 === 39 || c1 === 0x2019) return true;
  return (c0 === 77 || c0 === 79 || c0 === 68) && /^(?:Mc|Mac|O'|D')[A-Z]/.test(text);
}

/** Whether the text between two tokens is one or more spaces (`exactlyOne`: a single space), nothing else. */
export function spacedApart(text: string, a: WordToken, b: WordToken, exactlyOne = false): boolean {
  if (b.start <= a.end || (exactlyOne && b.start !== a.end + 1)) return false;
  for (let i = a.end; i < b.start; i++) if (text.charCodeAt(i) !== 32) return false;
  return true;
}
