import { readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';
import type * as Vega from 'vega';
import type * as VegaLite from 'vega-lite';
import type { TopLevelSpec } from 'vega-lite';
import { cacheDir, writeCacheFile } from './cache-dir.js';
import { interpreterSource } from './interpreter-source.js';
import { textWidth } from './font-metrics.js';
import { withFontFamilies } from './font-chain.js';
import { escapeXml } from '../util/escape.js';
import { sha256 } from '../util/hash.js';

/**
 * vega and vega-lite as their single-file bundles (the UMD builds the report inlines too), evaluated once
 * when this module loads: the same code as their ES modules, loaded in about 60 ms instead of about 220 ms
 * (the ES modules are some 60 files, resolved, read and compiled one by one). The vega bundle has no
 * Node file loader; charts have their data inline, so nothing is loaded. vega-interpreter runs beside them,
 * its vega-util helpers taken from the vega bundle (see `interpreterSource`).
 * V8's compiled code for the bundles is kept between runs (see `codeCache`), which halves loading again
 * and saves compiling the functions drawing uses.
 */
function loadBundles(): { vega: typeof Vega; vegaLite: typeof VegaLite; expressionInterpreter: unknown } {
  const dir = (pkg: string): string => dirname(fileURLToPath(import.meta.resolve(pkg)));
  const run = (file: string, deps: Record<string, unknown>, text = readFileSync(file, 'utf8')): unknown => {
    const code = `(function (exports, module, require) {${text}\n})`;
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
  // The interpreter's helpers from the vega bundle, instead of some fifty vega-util modules (about 40 ms).
  const interpreterFile = fileURLToPath(import.meta.resolve('vega-interpreter'));
  const interpreterText = `'use strict';\n${interpreterSource(readFileSync(interpreterFile, 'utf8'), "require('vega')", 'module.exports = ')}`;
  const { expressionInterpreter } = run(interpreterFile, { vega }, interpreterText) as { expressionInterpreter: unknown };
  return { vega, vegaLite, expressionInterpreter };
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

const { vega, vegaLite, expressionInterpreter } = loadBundles();

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

export { PNG_LIMITS, pngFonts, pngScale, renderPng, svgSize, type PngFonts } from './png.js';
