export { escapeHtml } from '../util/escape.js';

/**
 * JSON for an inline `<script type="application/json">` block: `<`, `>`, `&`, U+2028 and U+2029 are
 * written as `\uXXXX` escapes, so no text in the data can close the script element, open an HTML
 * comment or end a line in older JavaScript parsers. `JSON.parse` reads it back unchanged.
 * @example jsonForScript({ q: '</script>' }) // => "{\"q\":\"\\u003c/script\\u003e\"}"
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
