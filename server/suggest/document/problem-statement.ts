/** One problem of a problem statement or list: UTF-16 offsets into the text, end exclusive. */
export interface ProblemItem {
  start: number;
  end: number;
}

/** Most words of one problem: a diagnostic statement, not a narrative. */
const MAX_ITEM_WORDS = 20;
/** Most words of an unnumbered one-line statement. */
const MAX_STATEMENT_WORDS = 25;
/** "1." or "2)" opening a problem: at the start or after a blank, before a blank. */
const NUMBER = /(?:^|\s)(\d{1,2})[.)](?=\s)/g;
/** A heading before a list ("Problem list:", "Active problems:", "Assessment:"): no problem of its own. */
const LABEL =
  /^\s*(?:(?:active|current|chronic|medical)\s+)?(?:problems?(?:\s+list)?|diagnos[ie]s|assessment(?:\s+and\s+plan)?|impression|a\/p|dx)\s*:\s*$/i;
/** A sentence boundary inside a problem: a narrative, not a statement. */
const SENTENCE_BREAK = /[.!?]\s+[A-Z]/;

const wordCount = (s: string): number => (s.match(/[A-Za-z0-9]+/g) ?? []).length;

function trimmed(text: string, start: number, end: number): ProblemItem | undefined {
  let s = start;
  let e = end;
  while (s < e && /[\s,;:]/.test(text[s] ?? '')) s++;
  while (e > s && /[\s,;:.]/.test(text[e - 1] ?? '')) e--;
  return e > s ? { start: s, end: e } : undefined;
}

function isStatement(text: string, item: ProblemItem, maxWords: number): boolean {
  const words = text.slice(item.start, item.end);
  return wordCount(words) <= maxWords && !SENTENCE_BREAK.test(words) && !/\n/.test(words.trim());
}

/** The problems of a numbered list ("1. … 2. …"), with a heading before it that is not a label as one more. */
function numberedItems(text: string): ProblemItem[] | undefined {
  const markers = [...text.matchAll(NUMBER)].map((m) => ({
    n: Number(m[1]),
    at: m.index + m[0].length - (m[1]?.length ?? 0) - 1,
    after: m.index + m[0].length,
  }));
  // Numbered 1, 2, 3…: a list, not a dose or a date.
  const list = markers.filter((m, k) => m.n === k + 1);
  if (list.length < 2 || list.length !== markers.filter((m) => m.n <= list.length).length) return undefined;
  const items: ProblemItem[] = [];
  const head = trimmed(text, 0, list[0]?.at ?? 0);
  list.forEach((m, k) => {
    const item = trimmed(text, m.after, list[k + 1]?.at ?? text.length);
    if (item) items.push(item);
  });
  // A heading that says more than a label ("Prenatal visit, 32 weeks:") is read after the problems.
  if (head && !LABEL.test(text.slice(0, list[0]?.at ?? 0))) items.push(head);
  return items;
}

/** The problems of an unnumbered list: lines, or semicolons after a heading ("Active problems: A; B; C"). */
function listedItems(text: string): ProblemItem[] | undefined {
  const colon = text.indexOf(':');
  const headed = colon > 0 && LABEL.test(text.slice(0, colon + 1));
  const body = headed ? colon + 1 : 0;
  const separator = /\n/.test(text.trim()) ? /\n/g : headed ? /;/g : undefined;
  if (!separator) return undefined;
  const items: ProblemItem[] = [];
  let last = body;
  for (const m of text.slice(body).matchAll(separator)) {
    const item = trimmed(text, last, body + m.index);
    if (item) items.push(item);
    last = body + m.index + 1;
  }
  const tail = trimmed(text, last, text.length);
  if (tail) items.push(tail);
  return items.length >= 2 ? items : undefined;
}

/**
 * The problems of a problem statement ("COPD w/ acute exacerbation") or a problem list ("1. NSTEMI 2. CAD
 * 3. Current smoker"; one problem a line; "Active problems: A; B"), in the order written, each a short
 * diagnostic statement. Undefined for a narrative (a note, a case report, a vignette of several sentences):
 * that is coded as a document. A problem list is sequenced as written: its first problem is the principal
 * (Guidelines Section II; a coder reads a numbered list in its order).
 */
export function problemItems(text: string): ProblemItem[] | undefined {
  const listed = numberedItems(text) ?? listedItems(text);
  if (listed) return listed.every((item) => isStatement(text, item, MAX_ITEM_WORDS)) ? listed : undefined;
  const whole = trimmed(text, 0, text.length);
  return whole && isStatement(text, whole, MAX_STATEMENT_WORDS) ? [whole] : undefined;
}
