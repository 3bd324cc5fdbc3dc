import { fontsFor, FONT_CHAIN } from './font-chain.js';
import { hbSubset } from './font-subset-hb.js';
import { SubsetFontFiles } from './font-files.js';

// Fonts for HTML pages (the report, notebooks' HTML) that show chart text: the charts name only
// "DejaVu Sans", so the page defines that family itself, from copies of DejaVu Sans and, for the characters
// DejaVu Sans lacks, of Noto Sans JP (restricted to those characters with `unicode-range`). A browser then
// draws a Japanese place name with the embedded font even on a machine without Japanese fonts, and the
// static SVG, the interactive vega-embed view and the page's text all use it.

/** Characters every embedded DejaVu Sans keeps beyond those of the text: `BASE`, and the spaces `Intl` puts in numbers. */
const ALWAYS = [...SubsetFontFiles.BASE, 0x202f, 0x2009];

/** One embedded font face. */
export interface EmbeddedFace {
  readonly family: string;
  readonly weight: 400 | 700;
  /** The font file (TrueType), a copy with only the glyphs needed. */
  readonly bytes: Buffer;
  /** The code points the face is used for (CSS `unicode-range`), or `null` for every one it has. */
  readonly unicodeRange: readonly number[] | null;
}

/**
 * The font faces an HTML page needs to draw `usedText` as the PNGs do: none when DejaVu Sans has every
 * character (the text then looks as it did before Japanese was supported, and the page stays as it was);
 * otherwise DejaVu Sans regular and bold (with `BASE`, U+202F and U+2009 and the text's characters it has)
 * and Noto Sans JP regular and bold for the characters DejaVu Sans lacks, all under the family name
 * "DejaVu Sans". Characters neither font has are left to the browser.
 * @example embeddedFaces('Iturup').length // => 0
 * @example embeddedFaces('択捉島').map((f) => f.weight) // => [400, 700, 400, 700]
 */
export function embeddedFaces(usedText: string): EmbeddedFace[] {
  const { byFont } = fontsFor(usedText);
  const fallback = byFont[1]!;
  if (fallback.length === 0) return [];
  const primary = FONT_CHAIN[0]!;
  const second = FONT_CHAIN[1]!;
  const own = [...new Set([...ALWAYS, ...byFont[0]!])];
  return [
    { family: primary.family, weight: 400, bytes: hbSubset(primary.files.regular, own), unicodeRange: null },
    { family: primary.family, weight: 700, bytes: hbSubset(primary.files.bold, own), unicodeRange: null },
    { family: primary.family, weight: 400, bytes: hbSubset(second.files.regular, fallback), unicodeRange: fallback },
    { family: primary.family, weight: 700, bytes: hbSubset(second.files.bold, fallback), unicodeRange: fallback },
  ];
}

/**
 * CSS `@font-face` rules embedding the fonts `usedText` needs (see `embeddedFaces`) as `data:` URLs, one rule
 * a line after a comment naming the fonts and their licences, or `''` when DejaVu Sans has every character. A page that uses it needs `font-src data:` in its
 * Content-Security-Policy. Deterministic: the same text gives the same CSS.
 * @example fontFaceCss('Южные Курилы') // => ''
 * @example fontFaceCss('北方領土').split('\n')[1].startsWith('@font-face { font-family: "DejaVu Sans"; font-style: normal; font-weight: 400;') // => true
 */
export function fontFaceCss(usedText: string): string {
  const faces = embeddedFaces(usedText);
  if (faces.length === 0) return '';
  return (
    FONT_NOTICE +
    faces
      .map((f) => {
        const range = f.unicodeRange ? ` unicode-range: ${unicodeRange(f.unicodeRange)};` : '';
        return `@font-face { font-family: "${f.family}"; font-style: normal; font-weight: ${f.weight}; font-display: block; src: url(data:font/ttf;base64,${f.bytes.toString('base64')}) format("truetype");${range} }\n`;
      })
      .join('')
  );
}

/** Where the embedded fonts come from and under which licences (both allow embedding copies in documents). */
const FONT_NOTICE =
  '/* Fonts cut to the characters of this page: DejaVu Sans (dejavu-fonts-ttf; Bitstream Vera and Arev licence, DejaVu changes in the public domain) and Noto Sans JP (Copyright 2014-2021 Adobe, via @expo-google-fonts/noto-sans-jp; SIL Open Font License 1.1). */\n';

/**
 * A CSS `unicode-range` value for a list of code points, consecutive ones merged into ranges.
 * @example unicodeRange([0x5317, 0x65b9, 0x65ba, 0x65bb]) // => 'U+5317, U+65B9-65BB'
 */
export function unicodeRange(codePoints: readonly number[]): string {
  const sorted = [...new Set(codePoints)].sort((a, b) => a - b);
  const parts: string[] = [];
  const hex = (n: number) => n.toString(16).toUpperCase();
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    parts.push(j === i ? `U+${hex(sorted[i]!)}` : `U+${hex(sorted[i]!)}-${hex(sorted[j]!)}`);
    i = j + 1;
  }
  return parts.join(', ');
}
