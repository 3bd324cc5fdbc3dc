import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cmapLookup, readTables } from './sfnt.js';

// Advance widths read from the font files that resvg draws the PNGs with, so that vega lays out text
// (axis label space, legend width, `labelLimit` truncation) with the widths it will have: DejaVu Sans for
// every character it has (Latin, Cyrillic, Greek, punctuation), Noto Sans JP for the rest (kana, kanji,
// full-width forms), as the PNGs draw them (see `font-chain.ts`).
// Kerning is ignored: kerning only narrows text, so layout errs on the side of room to spare.

/** Paths of the two font files every chart uses (regular and bold). */
export const FONT_FILES: { regular: string; bold: string } = (() => {
  const require = createRequire(import.meta.url);
  const dir = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf').replace(/DejaVuSans\.ttf$/, '');
  return { regular: `${dir}DejaVuSans.ttf`, bold: `${dir}DejaVuSans-Bold.ttf` };
})();

/**
 * Paths of the fallback font (Noto Sans JP, SIL Open Font License, from `@expo-google-fonts/noto-sans-jp`),
 * regular (400) and bold (700), for the characters DejaVu Sans lacks: Japanese kana and kanji, full-width forms.
 */
export const FALLBACK_FONT_FILES: { regular: string; bold: string } = (() => {
  const require = createRequire(import.meta.url);
  const dir = require.resolve('@expo-google-fonts/noto-sans-jp/package.json').replace(/package\.json$/, '');
  return { regular: `${dir}400Regular/NotoSansJP_400Regular.ttf`, bold: `${dir}700Bold/NotoSansJP_700Bold.ttf` };
})();

/** Advance widths of one font, in em (1 = the font size). */
export interface FontWidths {
  /** Width of a code point, in em; `fallback` for characters the font lacks. */
  advance(codePoint: number): number;
  /** Whether the font's cmap maps the code point to a glyph. */
  has(codePoint: number): boolean;
  readonly fallback: number;
}

/**
 * Reads advance widths from a TrueType file: `head.unitsPerEm`, `hhea.numberOfHMetrics`, `hmtx`,
 * and the Unicode `cmap` subtable (format 12 when present, else format 4: `cmapLookup`).
 * width(char) = hmtx.advanceWidth[cmap(char)] / unitsPerEm.
 */
export function readFontWidths(path: string): FontWidths {
  const buf = readFileSync(path);
  const tables = new Map(readTables(buf).map((t) => [t.tag, t.offset]));
  const table = (tag: string): number => {
    const at = tables.get(tag);
    if (at === undefined) throw new Error(`font ${path} has no ${tag} table`);
    return at;
  };
  const unitsPerEm = buf.readUInt16BE(table('head') + 18);
  const numberOfHMetrics = buf.readUInt16BE(table('hhea') + 34);
  const hmtx = table('hmtx');
  const glyphAdvance = (glyph: number): number => buf.readUInt16BE(hmtx + 4 * Math.min(glyph, numberOfHMetrics - 1)) / unitsPerEm;
  const glyphOf = cmapLookup(buf, table('cmap'));
  // Code point → glyph, looked up once per character.
  const glyphs = new Map<number, number>();
  const glyph = (cp: number): number => {
    let g = glyphs.get(cp);
    if (g === undefined) glyphs.set(cp, (g = glyphOf(cp)));
    return g;
  };
  const fallback = glyphAdvance(0);
  return {
    fallback,
    has: (cp) => glyph(cp) !== 0,
    advance(cp) {
      const g = glyph(cp);
      return g === 0 ? fallback : glyphAdvance(g);
    },
  };
}

let fonts: { regular: FontWidths; bold: FontWidths } | undefined;
let fallbackFonts: { regular: FontWidths; bold: FontWidths } | undefined;

/** The DejaVu Sans widths, read once. */
export function dejaVuWidths(): { regular: FontWidths; bold: FontWidths } {
  fonts ??= { regular: readFontWidths(FONT_FILES.regular), bold: readFontWidths(FONT_FILES.bold) };
  return fonts;
}

/** The Noto Sans JP widths, read once, when a character DejaVu Sans lacks is first measured. */
export function fallbackWidths(): { regular: FontWidths; bold: FontWidths } {
  fallbackFonts ??= { regular: readFontWidths(FALLBACK_FONT_FILES.regular), bold: readFontWidths(FALLBACK_FONT_FILES.bold) };
  return fallbackFonts;
}

/**
 * Width of a line of text as the PNGs draw it, in pixels: the sum of the characters' advance widths × size,
 * each from DejaVu Sans when it has the character, else from Noto Sans JP, else DejaVu Sans's empty box.
 * @example textWidth('761', 11) // => 20.99560546875 (3 × 1303/2048 em × 11 px)
 * @example textWidth('択捉島', 11) // => 33 (3 × 1 em × 11 px: kanji are one em wide)
 */
export function textWidth(text: string, fontSize: number, bold = false): number {
  const f = bold ? dejaVuWidths().bold : dejaVuWidths().regular;
  let em = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (f.has(cp)) em += f.advance(cp);
    else {
      const g = bold ? fallbackWidths().bold : fallbackWidths().regular;
      em += g.has(cp) ? g.advance(cp) : f.fallback;
    }
  }
  return em * fontSize;
}
