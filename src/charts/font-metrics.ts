import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

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
 * and the Unicode `cmap` subtable (format 4 for the Basic Multilingual Plane, format 12 when present).
 * width(char) = hmtx.advanceWidth[cmap(char)] / unitsPerEm.
 */
export function readFontWidths(path: string): FontWidths {
  const buf = readFileSync(path);
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const tables = new Map<string, number>();
  const numTables = view.getUint16(4);
  for (let i = 0; i < numTables; i++) {
    const rec = 12 + 16 * i;
    tables.set(buf.toString('latin1', rec, rec + 4), view.getUint32(rec + 8));
  }
  const table = (tag: string): number => {
    const at = tables.get(tag);
    if (at === undefined) throw new Error(`font ${path} has no ${tag} table`);
    return at;
  };
  const unitsPerEm = view.getUint16(table('head') + 18);
  const numberOfHMetrics = view.getUint16(table('hhea') + 34);
  const hmtx = table('hmtx');
  const glyphAdvance = (glyph: number): number => view.getUint16(hmtx + 4 * Math.min(glyph, numberOfHMetrics - 1)) / unitsPerEm;

  const cmap = table('cmap');
  let format4 = -1;
  let format12 = -1;
  for (let i = 0, n = view.getUint16(cmap + 2); i < n; i++) {
    const platform = view.getUint16(cmap + 4 + 8 * i);
    const encoding = view.getUint16(cmap + 6 + 8 * i);
    const at = cmap + view.getUint32(cmap + 8 + 8 * i);
    const format = view.getUint16(at);
    if (format === 4 && ((platform === 3 && encoding === 1) || platform === 0)) format4 = at;
    if (format === 12 && ((platform === 3 && encoding === 10) || platform === 0)) format12 = at;
  }
  const glyphOf = (cp: number): number =>
    format12 >= 0 ? glyph12(view, format12, cp) : format4 >= 0 && cp <= 0xffff ? glyph4(view, format4, cp) : 0;
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

function glyph4(view: DataView, at: number, cp: number): number {
  const segX2 = view.getUint16(at + 6);
  const ends = at + 14;
  const starts = ends + segX2 + 2;
  const deltas = starts + segX2;
  const offsets = deltas + segX2;
  for (let s = 0; s < segX2; s += 2) {
    if (view.getUint16(ends + s) < cp) continue;
    const start = view.getUint16(starts + s);
    if (start > cp) return 0;
    const delta = view.getInt16(deltas + s);
    const ro = view.getUint16(offsets + s);
    if (ro === 0) return (cp + delta) & 0xffff;
    const g = view.getUint16(offsets + s + ro + 2 * (cp - start));
    return g === 0 ? 0 : (g + delta) & 0xffff;
  }
  return 0;
}

function glyph12(view: DataView, at: number, cp: number): number {
  const groups = view.getUint32(at + 12);
  let lo = 0;
  let hi = groups - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const rec = at + 16 + 12 * mid;
    const start = view.getUint32(rec);
    const end = view.getUint32(rec + 4);
    if (cp < start) hi = mid - 1;
    else if (cp > end) lo = mid + 1;
    else return view.getUint32(rec + 8) + (cp - start);
  }
  return 0;
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
