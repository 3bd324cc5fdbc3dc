const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Escapes text for HTML element content and quoted attribute values: `& < > " '` become entities.
 * Every piece of data text in the report goes through this one function.
 * @example escapeHtml('<b>"Tom" & Jerry</b>') // => "&lt;b&gt;&quot;Tom&quot; &amp; Jerry&lt;/b&gt;"
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/**
 * JSON for an inline `<script type="application/json">` block: `<`, `>`, `&`, U+2028 and U+2029 are
 * written as `\uXXXX` escapes, so no text in the data can close the script element, open an HTML
 * comment or end a line in older JavaScript parsers. `JSON.parse` reads it back unchanged.
 * @example jsonForScript({ q: '</script>' }) // => "{\"q\":\"\\u003c/script\\u003e\"}"
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
