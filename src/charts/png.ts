import { Resvg } from '@resvg/resvg-js';
import { fontsFor, svgText, withFallbackRuns } from './font-chain.js';
import { FALLBACK_FONT_FILES, FONT_FILES } from './font-metrics.js';
import { FallbackFontFiles, SubsetFontFiles, type FontFilesLease } from './font-files.js';
import { FONT } from './theme.js';

// SVG to PNG, apart from render.ts so that a thread drawing PNGs (see `png-thread.ts`) loads resvg and the
// fonts without vega and vega-lite.

/** The `width` and `height` attributes of an SVG's root element, in pixels. */
export function svgSize(svg: string): { width: number; height: number } {
  const open = /^<svg\b[^>]*>/.exec(svg)?.[0] ?? '';
  const width = Number(/\swidth="([0-9.]+)"/.exec(open)?.[1]);
  const height = Number(/\sheight="([0-9.]+)"/.exec(open)?.[1]);
  if (!(width > 0) || !(height > 0)) throw new Error('renderPng: the SVG has no width and height');
  return { width, height };
}

/**
 * The largest PNG `renderPng` draws: pixels on either side, and in all (4 bytes each while drawing). The
 * charts of up to three place pairs fit at twice their size (the user fixture's tallest, 866 × 1486, is
 * 1732 × 2972 pixels); the taller charts of four pairs are drawn at about 1.6 times.
 */
export const PNG_LIMITS = { side: 3000, pixels: 6_000_000 } as const;

/** The scale `renderPng` draws an SVG of this size at: `scale`, or less to stay within `PNG_LIMITS`. */
export function pngScale(width: number, height: number, scale = 2): number {
  return Math.min(scale, PNG_LIMITS.side / width, PNG_LIMITS.side / height, Math.sqrt(PNG_LIMITS.pixels / (width * height)));
}

let fontFiles: SubsetFontFiles | undefined;
let fallbackFiles: FallbackFontFiles | undefined;

/** What resvg is given to draw one SVG: the SVG (with fallback runs marked), font files, and `release`. */
export interface PngFonts {
  /** The SVG to draw: the input, with `<tspan>`s around the text Noto Sans JP draws (see `withFallbackRuns`). */
  readonly svg: string;
  /** The font files, DejaVu Sans regular and bold first, then Noto Sans JP regular and bold if the text needs them. */
  readonly files: readonly string[];
  /** Removes the font files made for this drawing. */
  release(): void;
}

/**
 * The fonts `renderPng` draws an SVG with: copies of DejaVu Sans with the outlines the text needs (see
 * `font-subset.ts`) and, only when the text has characters DejaVu Sans lacks, copies of Noto Sans JP with
 * just those characters (see `font-subset-hb.ts`). Text DejaVu Sans draws alone gets exactly the fonts and
 * SVG it got before Japanese was supported, so its PNGs keep their bytes. Call `release` once resvg has
 * read the files.
 */
export function pngFonts(svg: string): PngFonts {
  fontFiles ??= new SubsetFontFiles([FONT_FILES.regular, FONT_FILES.bold]);
  const { byFont } = fontsFor(svgText(svg));
  const fallback = byFont[1]!;
  if (fallback.length === 0) {
    const lease = fontFiles.acquire(svg);
    return { svg, files: lease.files, release: () => lease.release() };
  }
  // The DejaVu copies need only the characters DejaVu Sans has (so a new kanji does not remake them).
  const lease = fontFiles.acquire(String.fromCodePoint(...byFont[0]!));
  let extra: FontFilesLease;
  try {
    fallbackFiles ??= new FallbackFontFiles([FALLBACK_FONT_FILES.regular, FALLBACK_FONT_FILES.bold]);
    extra = fallbackFiles.acquire(fallback);
  } catch (e) {
    lease.release();
    throw e;
  }
  return {
    svg: withFallbackRuns(svg),
    files: [...lease.files, ...extra.files],
    release: () => {
      lease.release();
      extra.release();
    },
  };
}

/**
 * Draws an SVG to PNG with resvg, using only the bundled fonts (no system fonts, so the same bytes on every
 * machine): DejaVu Sans, and Noto Sans JP for the characters DejaVu Sans lacks (see `pngFonts`), at `scale`
 * times the SVG's size (width × scale pixels wide), or at the largest scale below it that keeps the PNG
 * within `PNG_LIMITS` (the charts of `buildCharts` are bounded in size, so their PNGs are at least 1.5 times
 * their size). The fonts are copies with only the outlines the SVG needs (see `font-subset.ts` and
 * `font-subset-hb.ts`): the same pixels, laid out several times faster.
 * @example [...renderPng('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="5"/>', 2).subarray(16, 24)]
 * // => [0, 0, 0, 20, 0, 0, 0, 10] (the PNG header's width and height: twice the SVG's)
 */
export function renderPng(svg: string, scale = 2): Uint8Array {
  const { width, height } = svgSize(svg);
  const fonts = pngFonts(svg);
  let resvg: Resvg;
  try {
    // resvg reads the fonts here, while it lays the text out, and not after.
    resvg = new Resvg(fonts.svg, {
      font: { fontFiles: [...fonts.files], loadSystemFonts: false, defaultFontFamily: FONT, sansSerifFamily: FONT },
      fitTo: { mode: 'width', value: Math.round(width * pngScale(width, height, scale)) },
      background: 'white',
    });
  } finally {
    fonts.release();
  }
  const png = resvg.render().asPng();
  return new Uint8Array(png.buffer, png.byteOffset, png.byteLength);
}
