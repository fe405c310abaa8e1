/** Escapes text for HTML content and quoted attributes. */
function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
}

export interface SmartErrorPage {
  title: string;
  message: string;
  /** Where "Relaunch" goes (a standalone launch URL); absent: the user relaunches from the EHR. */
  relaunchUrl?: string | undefined;
}

/**
 * The page a failed launch shows inside the EHR's frame: what happened in plain words, and how to start
 * again. Messages are Chartside's own (or an OAuth error code), never content from the EHR.
 */
export function renderSmartErrorPage(page: SmartErrorPage): string {
  const relaunch =
    page.relaunchUrl !== undefined
      ? `<p><a class="button" href="${escapeHtml(page.relaunchUrl)}">Relaunch Chartside</a></p>`
      : '<p>Open Chartside again from the patient\u2019s chart in the EHR to relaunch.</p>';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Chartside: ${escapeHtml(page.title)}</title>
<style>body{font-family:system-ui,sans-serif;margin:1rem;color:#1b1f24;line-height:1.4}h1{font-size:1.25rem}.box{border-left:4px solid #a4000f;padding:.5rem 1rem;background:#fff4f4}.button{display:inline-block;padding:.5rem 1rem;background:#23395d;color:#fff;border-radius:4px;text-decoration:none}.button:focus{outline:3px solid #ffbf47}</style></head>
<body><main><div class="box" role="alert"><h1>${escapeHtml(page.title)}</h1><p>${escapeHtml(page.message)}</p></div>${relaunch}</main></body></html>`;
}
