/**
 * The tokenisation of the reference-based metrics (BLEU, ROUGE-L): lower-cased, split on whitespace and
 * punctuation; a run of letters or digits is one token and each punctuation character is a token of its own
 * (close to sacreBLEU's `13a` tokeniser). Whitespace is never a token.
 */
export function metricTokens(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+|[^\s\p{L}\p{N}]/gu) ?? [];
}
