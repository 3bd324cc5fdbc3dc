import { readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';
import { Resvg } from '@resvg/resvg-js';
import type * as Vega from 'vega';
import { expressionInterpreter } from 'vega-interpreter';
import type * as VegaLite from 'vega-lite';
import type { TopLevelSpec } from 'vega-lite';
import { cacheDir, writeCacheFile } from './cache-dir.js';
import { fontsFor, svgText, withFallbackRuns, withFontFamilies } from './font-chain.js';
import { FALLBACK_FONT_FILES, FONT_FILES, textWidth } from './font-metrics.js';
import { FallbackFontFiles, SubsetFontFiles, type FontFilesLease } from './font-subset.js';
import { FONT } from './theme.js';
import { escapeXml } from '../util/escape.js';
import { sha256 } from '../util/hash.js';

/**
 * vega and vega-lite as their single-file bundles (the UMD builds the report inlines too), evaluated once
 * when this module loads: the same code as their ES modules, loaded in about 60 ms instead of about 220 ms
 * (the ES modules are some 60 files, resolved, read and compiled one by one). The vega bundle has no
 * Node file loader; charts have their data inline, so nothing is loaded.
 * V8's compiled code for the bundles is kept between runs (see `codeCache`), which halves loading again
 * and saves compiling the functions drawing uses.
 */
function loadBundles(): { vega: typeof Vega; vegaLite: typeof VegaLite } {
  const dir = (pkg: string): string => dirname(fileURLToPath(import.meta.resolve(pkg)));
  const run = (file: string, deps: Record<string, unknown>): unknown => {
    const code = `(function (exports, module, require) {${readFileSync(file, 'utf8')}\n})`;
    const factory = codeCache.run(file, code) as (exports: object, module: { exports: object }, require: (name: string) => unknown) => void;
    const module = { exports: {} };
    factory(module.exports, module, (name) => {
      if (!(name in deps)) throw new Error(`${file} needs ${name}`);
      return deps[name];
    });
    return module.exports;
  };
  const vega = run(join(dir('vega'), 'vega.js'), {}) as typeof Vega;
  const vegaLite = run(join(dir('vega-lite'), 'vega-lite.min.js'), { vega }) as typeof VegaLite;
  return { vega, vegaLite };
}

/**
 * V8's code cache for the bundles, kept in the cache folder (see `cache-dir.ts`), one file per bundle named
 * by a hash of the bundle's path, size and modification time and the Node version (V8 also checks the
 * source's length and its own version and flags, and rejects a cache that does not match). A missing or
 * rejected cache is written when the process exits, so it holds every function the run compiled.
 */
const codeCache = {
  /** Compiles and runs `code` (a function expression), with the cached compiled code when there is one. */
  run(filename: string, code: string): unknown {
    const dir = cacheDir();
    const hash = (text: string) => sha256(text).slice(0, 16);
    // One cache per installed bundle: a newer version of it (or of Node) replaces the older.
    const stem = `code-${basename(filename)}@${hash(filename)}-`;
    let file: string | null = null;
    if (dir) {
      const st = statSync(filename);
      file = join(
        dir,
        `${stem}${hash(`${st.size}\u0000${st.mtimeMs}\u0000${code.length}\u0000${process.version}\u0000${process.arch}`)}.bin`,
      );
    }
    let cachedData: Buffer | undefined;
    try {
      if (file) cachedData = readFileSync(file);
    } catch {
      // not cached yet
    }
    const script = new Script(code, { filename, ...(cachedData ? { cachedData } : {}) });
    if (file && (!cachedData || script.cachedDataRejected)) {
      const path = file;
      process.once('exit', () => {
        try {
          writeCacheFile(path, script.createCachedData(), stem);
        } catch {
          // not cached this time
        }
      });
    }
    return script.runInThisContext();
  },
};

const { vega, vegaLite } = loadBundles();

/** A compiled Vega spec (the output of `vega-lite`'s compiler). */
export type VgSpec = Vega.Spec;

/**
 * Compiles a Vega-Lite spec to Vega, collecting the compiler's warnings instead of printing them.
 * @throws Error when the compiler reports an error.
 * @example compileSpec({ data: { values: [{ a: 1 }] }, mark: 'point', encoding: { x: { field: 'a', type: 'quantitative' } } }).warnings // => []
 */
export function compileSpec(spec: TopLevelSpec): { vega: VgSpec; warnings: string[] } {
  const warnings: string[] = [];
  const logger: Vega.LoggerInterface = {
    level: () => logger,
    error(...args: readonly unknown[]) {
      throw new Error(args.map(String).join(' '));
    },
    warn(...args: readonly unknown[]) {
      warnings.push(args.map(String).join(' '));
      return logger;
    },
    info: () => logger,
    debug: () => logger,
  };
  const out = vegaLite.compile(spec, { logger });
  return { vega: out.spec, warnings };
}

interface TextItem {
  text?: unknown;
  fontSize?: number | string;
  fontWeight?: number | string;
  limit?: number;
}

/**
 * Vega's text width, measured with the DejaVu Sans advance widths the PNG renderer draws with
 * (vega's own estimate, 0.8 em per character, would over-reserve room by about a third).
 * For a `limit`ed item the width is capped at the limit: vega's truncation then cuts exactly where it
 * would with the uncapped width (it only asks "narrower than the limit?"), and layout reserves no more
 * than the truncated text needs.
 */
function dejaVuTextWidth(item: TextItem, text: unknown): number {
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- vega text is a string, a number or a list of them: String() as vega does
  const s = text == null ? '' : String(text).trim();
  const size = item.fontSize != null ? Number(item.fontSize) || 0 : 11;
  const weight = item.fontWeight;
  const bold =
    weight === 'bold' ||
    weight === 'bolder' ||
    (typeof weight === 'number' && weight >= 600) ||
    (typeof weight === 'string' && Number(weight) >= 600);
  const w = textWidth(s, size, bold);
  const limit = Number(item.limit);
  return limit > 0 ? Math.min(w, limit) : w;
}

let metricsInstalled = false;
function installTextMetrics(): void {
  if (metricsInstalled) return;
  // vega-scenegraph documents `textMetrics.width` as replaceable (vl-convert does the same).
  const metrics = (vega as unknown as { textMetrics: { width: (item: TextItem, text: unknown) => number } }).textMetrics;
  metrics.width = dejaVuTextWidth;
  metricsInstalled = true;
}

/** The chart's title as one line of text (a title given as lines is joined with spaces). */
export function specTitle(spec: TopLevelSpec): string {
  const t = (spec as { title?: unknown }).title;
  const text = typeof t === 'object' && t !== null && !Array.isArray(t) ? (t as { text?: unknown }).text : t;
  if (Array.isArray(text)) return text.map(String).join(' ');
  return typeof text === 'string' ? text : '';
}

/**
 * Renders a spec to SVG, headless: a Vega View with no renderer and the expression interpreter
 * (no `Function` or `eval`), text measured in DejaVu Sans. The root `<svg>` gets `role="img"`,
 * `aria-label` (the title) and first children `<title>` and `<desc>` (the spec's `description`), all
 * XML-escaped. Deterministic: definition ids (clip paths, gradients) restart at every call.
 * @throws Error when the spec does not compile.
 * @example (await renderSvg({ data: { values: [{ a: 1 }] }, mark: 'point' })).slice(0, 28) // => '<svg role="img" aria-label="'
 */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  installTextMetrics();
  const { vega: vg } = compileSpec(spec);
  const runtime = vega.parse(vg, undefined, { ast: true });
  const view = new vega.View(runtime, { renderer: 'none', expr: expressionInterpreter as never, logLevel: vega.Error, ...localeOf(spec) });
  try {
    vega.resetSVGDefIds();
    const svg = await view.toSVG();
    // A PNG drawn before holds its pixels in native memory until the garbage collector has seen its
    // (small) JavaScript objects die and Node has run their finalizers on a later turn of the event loop.
    // Drawing this SVG collected them; one turn lets the finalizers run before the next PNG is drawn, so
    // a run holds one PNG's pixels at a time instead of every PNG's.
    await new Promise((resolve) => setImmediate(resolve));
    return withFontFamilies(withLang(accessibleSvg(svg, specTitle(spec), spec.description ?? ''), specLang(spec)));
  } finally {
    view.finalize();
  }
}

/** Where one piece of text landed in a rendered chart, in pixels from the chart's origin. */
export interface TextBox {
  /** The text as drawn (after truncation to the item's `limit`, if any). */
  text: string;
  /** Vega role of the mark (`axis-label`, `legend-label`, `title-text`, `mark`, ...). */
  role: string;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  /** True when the text was cut to fit its `limit` (it then ends with an ellipsis). */
  truncated: boolean;
  /** True for a white halo drawn under a label (see `withHalo`). */
  halo: boolean;
}

interface SceneItem extends TextItem {
  x?: number;
  y?: number;
  opacity?: number;
  fill?: string;
  stroke?: string;
  bounds: { x1: number; y1: number; x2: number; y2: number };
  items?: SceneMark[];
}
interface SceneMark {
  marktype: string;
  role: string;
  items: SceneItem[];
}

/**
 * Lays a spec out as `renderSvg` would and lists every visible piece of text with its box, so tests
 * can check that no two labels overlap and none is truncated to nothing.
 */
export async function textLayout(spec: TopLevelSpec): Promise<TextBox[]> {
  installTextMetrics();
  const runtime = vega.parse(compileSpec(spec).vega, undefined, { ast: true });
  const view = new vega.View(runtime, { renderer: 'none', expr: expressionInterpreter as never, logLevel: vega.Error, ...localeOf(spec) });
  try {
    await view.runAsync();
    const boxes: TextBox[] = [];
    const walk = (mark: SceneMark, ox: number, oy: number): void => {
      for (const item of mark.items) {
        if (mark.marktype === 'group') {
          for (const child of item.items ?? []) walk(child, ox + (item.x ?? 0), oy + (item.y ?? 0));
        } else if (mark.marktype === 'text' && item.opacity !== 0) {
          // eslint-disable-next-line @typescript-eslint/no-base-to-string -- as in dejaVuTextWidth
          const lines = Array.isArray(item.text) ? item.text.map(String) : [String(item.text ?? '')];
          const limit = Number(item.limit);
          const truncated = limit > 0 && lines.some((l) => dejaVuTextWidth({ ...item, limit: 0 }, l) > limit);
          const text = lines.join('\n').trim();
          if (text === '') continue;
          const b = item.bounds;
          boxes.push({
            text,
            role: mark.role,
            x1: b.x1 + ox,
            y1: b.y1 + oy,
            x2: b.x2 + ox,
            y2: b.y2 + oy,
            truncated,
            halo: item.stroke === 'white' && item.fill === 'white',
          });
        }
      }
    };
    walk((view.scenegraph() as unknown as { root: SceneMark }).root, 0, 0);
    return boxes;
  } finally {
    view.finalize();
  }
}

/** The language a chart spec carries (`usermeta.lang`, set by `buildCharts` for every language but English). */
export function specLang(spec: TopLevelSpec): string | undefined {
  const lang = (spec.usermeta as { lang?: unknown } | undefined)?.lang;
  return typeof lang === 'string' && /^[a-z]{2,3}$/.test(lang) ? lang : undefined;
}

/** d3-format number locales of the languages whose axis numbers differ from English (Japanese groups as English does). */
const NUMBER_LOCALES: Readonly<Record<string, Vega.NumberLocale>> = {
  // Russian: decimal comma, thousands grouped with a narrow no-break space (as Intl words them in the labels).
  ru: { decimal: ',', thousands: '\u202f', grouping: [3], currency: ['', '\u00a0\u20bd'] },
};

/** The Vega View option that sets a spec's number locale, when its language has one. */
function localeOf(spec: TopLevelSpec): Pick<Vega.ViewOptions, 'locale'> {
  const number = NUMBER_LOCALES[specLang(spec) ?? ''];
  // vega-view reads `options.locale.number` (a d3-format definition); its typings name the built formatters instead.
  return number ? { locale: { number } as unknown as Vega.LocaleFormatters } : {};
}

/** Adds `xml:lang` to the root `<svg>` element, when the chart is in a language other than English. */
function withLang(svg: string, lang: string | undefined): string {
  return lang ? svg.replace(/^<svg\b/, `<svg xml:lang="${lang}"`) : svg;
}

/** Adds role, aria-label, `<title>` and `<desc>` to the root `<svg>` element. */
export function accessibleSvg(svg: string, title: string, description: string): string {
  const open = /^<svg\b[^>]*>/.exec(svg);
  if (!open) throw new Error('renderSvg: vega did not produce an <svg> element');
  const tag = open[0].replace(/^<svg/, `<svg role="img" aria-label="${escapeXml(title)}"`);
  return `${tag}<title>${escapeXml(title)}</title><desc>${escapeXml(description)}</desc>${svg.slice(open[0].length)}`;
}

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
