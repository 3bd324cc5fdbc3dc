import { Resvg } from '@resvg/resvg-js';
import * as vega from 'vega';
import { expressionInterpreter } from 'vega-interpreter';
import { compile, type TopLevelSpec } from 'vega-lite';
import { FONT_FILES, textWidth } from './font-metrics.js';
import { FONT } from './theme.js';

/** A compiled Vega spec (the output of `vega-lite`'s compiler). */
export type VgSpec = vega.Spec;

/**
 * Compiles a Vega-Lite spec to Vega, collecting the compiler's warnings instead of printing them.
 * @throws Error when the compiler reports an error.
 * @example compileSpec(spec).warnings // => []
 */
export function compileSpec(spec: TopLevelSpec): { vega: VgSpec; warnings: string[] } {
  const warnings: string[] = [];
  const logger: vega.LoggerInterface = {
    level: (() => logger) as vega.LoggerInterface['level'],
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
  const out = compile(spec, { logger });
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
  const s = text == null ? '' : String(text).trim();
  const size = item.fontSize != null ? Number(item.fontSize) || 0 : 11;
  const weight = item.fontWeight;
  const bold = weight === 'bold' || weight === 'bolder' || (typeof weight === 'number' && weight >= 600) || (typeof weight === 'string' && Number(weight) >= 600);
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

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
/** Escapes text for XML content and attribute values. */
export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => XML_ESCAPES[c]!);
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
 * @example (await renderSvg(spec)).slice(0, 28) // => '<svg role="img" aria-label="'
 */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  installTextMetrics();
  const { vega: vg } = compileSpec(spec);
  const runtime = vega.parse(vg, undefined, { ast: true });
  const view = new vega.View(runtime, { renderer: 'none', expr: expressionInterpreter as never, logLevel: vega.Error });
  try {
    vega.resetSVGDefIds();
    const svg = await view.toSVG();
    return accessibleSvg(svg, specTitle(spec), spec.description ?? '');
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
  const view = new vega.View(runtime, { renderer: 'none', expr: expressionInterpreter as never, logLevel: vega.Error });
  try {
    await view.runAsync();
    const boxes: TextBox[] = [];
    const walk = (mark: SceneMark, ox: number, oy: number): void => {
      for (const item of mark.items) {
        if (mark.marktype === 'group') {
          for (const child of item.items ?? []) walk(child, ox + (item.x ?? 0), oy + (item.y ?? 0));
        } else if (mark.marktype === 'text' && item.opacity !== 0) {
          const lines = Array.isArray(item.text) ? item.text.map(String) : [String(item.text ?? '')];
          const limit = Number(item.limit);
          const truncated = limit > 0 && lines.some((l) => dejaVuTextWidth({ ...item, limit: 0 }, l) > limit);
          const text = lines.join('\n').trim();
          if (text === '') continue;
          const b = item.bounds;
          boxes.push({ text, role: mark.role, x1: b.x1 + ox, y1: b.y1 + oy, x2: b.x2 + ox, y2: b.y2 + oy, truncated, halo: item.stroke === 'white' && item.fill === 'white' });
        }
      }
    };
    walk((view.scenegraph() as unknown as { root: SceneMark }).root, 0, 0);
    return boxes;
  } finally {
    view.finalize();
  }
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
 * Draws an SVG to PNG with resvg, using only the bundled DejaVu Sans files (no system fonts, so the
 * same bytes on every machine), at `scale` times the SVG's size (width × scale pixels wide).
 * @example renderPng(svg, 2) // => PNG bytes, twice the SVG's width
 */
export function renderPng(svg: string, scale = 2): Uint8Array {
  const { width } = svgSize(svg);
  const resvg = new Resvg(svg, {
    font: { fontFiles: [FONT_FILES.regular, FONT_FILES.bold], loadSystemFonts: false, defaultFontFamily: FONT, sansSerifFamily: FONT },
    fitTo: { mode: 'width', value: Math.round(width * scale) },
    background: 'white',
  });
  const png = resvg.render().asPng();
  return new Uint8Array(png.buffer, png.byteOffset, png.byteLength);
}
