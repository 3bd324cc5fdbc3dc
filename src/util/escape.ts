// Escaping text for markup, in one place: HTML (the report and notebook pages) and XML (SVG charts).
// The two differ only in the apostrophe: `&#39;` for HTML (which had no `&apos;` before HTML5), `&apos;` for XML.

const HTML: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const XML: Readonly<Record<string, string>> = { ...HTML, "'": '&apos;' };
const SPECIAL = /[&<>"']/g;

/**
 * Escapes text for HTML element content and quoted attribute values: `& < > " '` become entities.
 * @example escapeHtml('<b>"Tom" & Jerry</b>') // => "&lt;b&gt;&quot;Tom&quot; &amp; Jerry&lt;/b&gt;"
 */
export function escapeHtml(text: string): string {
  return text.replace(SPECIAL, (c) => HTML[c]!);
}

/**
 * Escapes text for XML (SVG) content and quoted attribute values.
 * @example escapeXml(`Rock 'n' <roll>`) // => "Rock &apos;n&apos; &lt;roll&gt;"
 */
export function escapeXml(text: string): string {
  return text.replace(SPECIAL, (c) => XML[c]!);
}
