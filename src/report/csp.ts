import { createHash } from 'node:crypto';

/**
 * A CSP source expression for an inline block: `'sha256-…'` of its exact text (UTF-8), as browsers
 * compute it over the element's content.
 * @example cspHash('') // => "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"
 */
export function cspHash(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/**
 * The report's Content-Security-Policy: nothing may load (`default-src 'none'`, no network, no other
 * files), scripts and styles run only when their hash is listed (no `unsafe-inline`, no `unsafe-eval`:
 * vega runs with its expression interpreter), images only from `data:` URLs, no forms, no `<base>`. With
 * `fonts`, fonts too, only from `data:` URLs (the embedded fonts of `fontFaceCss`); without, no font loads.
 */
export function contentSecurityPolicy(blocks: { scripts: readonly string[]; styles: readonly string[]; fonts?: boolean }): string {
  const list = (texts: readonly string[]): string => (texts.length === 0 ? "'none'" : [...new Set(texts.map(cspHash))].join(' '));
  return [
    "default-src 'none'",
    `script-src ${list(blocks.scripts)}`,
    `style-src ${list(blocks.styles)}`,
    'img-src data:',
    ...(blocks.fonts ? ['font-src data:'] : []),
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}
