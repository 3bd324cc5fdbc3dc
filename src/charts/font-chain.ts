import { dejaVuWidths, fallbackWidths, FALLBACK_FONT_FILES, FONT_FILES } from './font-metrics.js';
import { FONT } from './theme.js';

// The charts' fonts, in the order a character is looked for: DejaVu Sans (Latin, Cyrillic, Greek, the
// punctuation and arrows the charts use), then Noto Sans JP (kana, kanji, full-width forms). Charts name only
// DejaVu Sans (`theme.ts`), so English and Russian output is what it was before Japanese was supported.

/** Family name of the fallback font. */
export const FALLBACK_FONT = 'Noto Sans JP';

/** One font of the chain: its family name and its regular and bold files. */
export interface ChainFont {
  readonly family: string;
  readonly files: { readonly regular: string; readonly bold: string };
}

/** The fonts the charts draw with, in order: DejaVu Sans, then Noto Sans JP. */
export const FONT_CHAIN: readonly ChainFont[] = [
  { family: FONT, files: FONT_FILES },
  { family: FALLBACK_FONT, files: FALLBACK_FONT_FILES },
];

/** Which font of the chain draws a code point: 0 (DejaVu Sans), 1 (Noto Sans JP) or -1 (none has it). */
export function fontIndexFor(codePoint: number): number {
  if (dejaVuWidths().regular.has(codePoint)) return 0;
  if (fallbackWidths().regular.has(codePoint)) return 1;
  return -1;
}

/** The characters of a text that each font of the chain draws, and those none has. */
export interface FontsForText {
  /** For each font of `FONT_CHAIN`, the code points of the text it draws, ascending. */
  readonly byFont: readonly (readonly number[])[];
  /** Code points no font of the chain has, ascending (drawn as empty boxes). */
  readonly missing: readonly number[];
}

/**
 * Splits the characters of a text among the fonts of `FONT_CHAIN`: each goes to the first font that has it.
 * Line breaks and tabs are left out (they are never drawn). Text with no character beyond DejaVu Sans never
 * reads Noto Sans JP.
 * @example fontsFor('Итуруп 択捉島').byFont[1] // => [23798, 25246, 25417] (島, 択, 捉)
 */
export function fontsFor(text: string): FontsForText {
  const byFont: Set<number>[] = FONT_CHAIN.map(() => new Set<number>());
  const missing = new Set<number>();
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp === 0x0a || cp === 0x0d || cp === 0x09) continue;
    const i = fontIndexFor(cp);
    (i < 0 ? missing : byFont[i]!).add(cp);
  }
  const sorted = (s: Set<number>) => [...s].sort((a, b) => a - b);
  return { byFont: byFont.map(sorted), missing: sorted(missing) };
}

/** The text content of an SVG's `<text>` elements, with `&amp;` and the other XML references decoded. */
export function svgText(svg: string): string {
  const parts: string[] = [];
  for (const m of svg.matchAll(/<text\b[^>]*>([\s\S]*?)<\/text>/g)) {
    for (const t of m[1]!.matchAll(/(?:^|>)([^<]+)/g)) parts.push(decodeXml(t[1]!));
  }
  return parts.join('\n');
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
function decodeXml(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (all, ref: string) => {
    if (ref.startsWith('#x')) return String.fromCodePoint(parseInt(ref.slice(2), 16));
    if (ref.startsWith('#')) return String.fromCodePoint(Number(ref.slice(1)));
    return NAMED[ref] ?? all;
  });
}

/**
 * The SVG as resvg should draw it: inside `<text>`, each run of characters that Noto Sans JP draws is put in
 * `<tspan font-family="Noto Sans JP">`, so it keeps the weight and size of the text around it. (resvg 2.6's
 * own fallback looks a missing character up in the first font file that has it, whatever its weight, and
 * when that font has every character of the line it draws the whole line with it.) Text DejaVu Sans draws
 * alone is returned unchanged. The SVG files and the report keep the plain text: browsers fall back
 * character by character.
 * @example withFallbackRuns('<text font-weight="bold">Jp 択捉島</text>') // => '<text font-weight="bold">Jp <tspan font-family="Noto Sans JP">択捉島</tspan></text>'
 */
export function withFallbackRuns(svg: string): string {
  return svg.replace(/(<text\b[^>]*>)([\s\S]*?)(<\/text>)/g, (_all, open: string, inner: string, close: string) => {
    const body = inner.replace(/(^|>)([^<]+)/g, (_m, gt: string, content: string) => gt + splitRuns(content));
    return open + body + close;
  });
}

/** Wraps the runs of escaped XML text that the fallback font draws (a reference counts as its character). */
function splitRuns(content: string): string {
  let out = '';
  let run = '';
  const flush = () => {
    if (run) out += `<tspan font-family="${FALLBACK_FONT}">${run}</tspan>`;
    run = '';
  };
  for (const token of content.match(/&[^;]*;|[\s\S]/gu) ?? []) {
    const cp = token.length > 1 && token.startsWith('&') ? (decodeXml(token).codePointAt(0) ?? -1) : token.codePointAt(0)!;
    if (cp >= 0 && fontIndexFor(cp) === 1) run += token;
    else {
      flush();
      out += token;
    }
  }
  flush();
  return out;
}

/**
 * The SVG as a file or page shows it: when its drawn text has characters DejaVu Sans lacks (Japanese), every
 * `font-family="DejaVu Sans"` lists Noto Sans JP after it, so a viewer with that font (the report embeds it)
 * draws them with the font the PNG uses rather than any system font. Text DejaVu Sans draws alone is returned
 * unchanged, byte for byte.
 * @example withFontFamilies('<text font-family="DejaVu Sans">択捉島</text>') // => '<text font-family="DejaVu Sans, Noto Sans JP">択捉島</text>'
 */
export function withFontFamilies(svg: string): string {
  if (fontsFor(svgText(svg)).byFont[1]!.length === 0) return svg;
  return svg.replaceAll(`font-family="${FONT_CHAIN[0]!.family}"`, `font-family="${FONT_CHAIN[0]!.family}, ${FALLBACK_FONT}"`);
}
