/**
 * Text from the chart goes into a card's Markdown `detail`, which EHRs render as GitHub-flavoured
 * Markdown, raw HTML included: every character that could start markup, a link or an image is escaped,
 * and the text is kept on one line (so `#`, `-` or `1.` can never start a block).
 */
export function escapeMarkdown(text: string): string {
  return (
    text
      .replace(/\s+/g, ' ')
      .trim()
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/([\\`*_{}[\]()|~])/g, '\\$1')
      // GFM turns bare URLs into links: break the scheme and `www.` forms.
      .replace(/:\/\//g, '\\://')
      .replace(/\b(www)\./gi, '$1\\.')
  );
}

/** A verbatim quote of the chart as a Markdown blockquote, shortened to `max` characters. */
export function quote(text: string, max = 240): string {
  const one = text.replace(/\s+/g, ' ').trim();
  const short = one.length > max ? `${one.slice(0, max - 1)}…` : one;
  return `> “${escapeMarkdown(short)}”`;
}

/** Shortens a summary to the spec's < 140 characters. */
export function summaryOf(text: string, max = 139): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}
