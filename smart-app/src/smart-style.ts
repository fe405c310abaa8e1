/** The SMART style document's fields (SMART App Launch 2.x §Styling), mapped to the app's CSS properties. */
const STYLE_PROPERTIES: Record<string, string> = {
  color_background: '--cs-bg',
  color_error: '--cs-error',
  color_highlight: '--cs-highlight',
  color_success: '--cs-success',
  color_text: '--cs-text',
  dim_border_radius: '--cs-radius',
  dim_font_size: '--cs-font-size',
  dim_spacing_size: '--cs-space',
  font_family_body: '--cs-font',
  font_family_heading: '--cs-font-heading',
};

/** Only plain colours, lengths and font lists: a style document cannot inject CSS. */
const SAFE_VALUE = /^[#a-zA-Z0-9 .,%'"()-]{1,120}$/;

/**
 * Applies the EHR's `smart_style_url` so the app looks at home in the sidebar. Fetched without the
 * access token (the style document is public); any failure leaves Chartside's own style.
 */
export async function applySmartStyle(url: string, root: HTMLElement): Promise<boolean> {
  try {
    const response = await fetch(url, { credentials: 'omit' });
    if (!response.ok) return false;
    const style = (await response.json()) as Record<string, unknown>;
    for (const [key, property] of Object.entries(STYLE_PROPERTIES)) {
      const value = style[key];
      if (typeof value === 'string' && value !== '' && SAFE_VALUE.test(value)) root.style.setProperty(property, value);
    }
    return true;
  } catch {
    return false;
  }
}
