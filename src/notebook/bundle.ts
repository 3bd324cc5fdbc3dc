import { inspect } from 'node:util';
import type { TopLevelSpec } from 'vega-lite';
import { isMarkdown } from './markdown.js';
import type { MimeBundle } from './nbformat.js';
import { isTabular, tableHtml, tableText, tableView, type TableOptions } from './table.js';

/** How `display` shows a value: table options, and a name for a chart. */
export interface DisplayOptions extends TableOptions {
  /** A chart's name: its file name stem in a terminal run (`ratios` → `ratios.svg`) and its label. */
  name?: string;
}

/** MIME type of a Vega-Lite 6 spec in a notebook output. */
export const VEGA_LITE_MIME = 'application/vnd.vegalite.v6+json';

/** A chart to show: its name and Vega-Lite spec. */
export interface ChartValue {
  readonly name: string;
  readonly spec: TopLevelSpec;
}

/** A chart drawn for a notebook: SVG, PNG (drawn at twice the size) and the SVG's size in pixels. */
export interface RenderedChart extends ChartValue {
  readonly svg: string;
  readonly png: Uint8Array;
  readonly width: number;
  readonly height: number;
}

const VIEW_KEYS = ['mark', 'layer', 'concat', 'hconcat', 'vconcat', 'facet', 'repeat'];

/** Whether a value looks like a Vega-Lite spec: a `$schema` naming vega-lite, or a mark or composition. */
export function isVegaLiteSpec(x: unknown): x is TopLevelSpec {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return false;
  const schema = (x as { $schema?: unknown }).$schema;
  if (typeof schema === 'string') return schema.includes('vega-lite');
  return VIEW_KEYS.some((k) => k in x);
}

/**
 * The chart in a value: a Vega-Lite spec, or `{ name, spec }` as `buildCharts` returns.
 * The name is the option's, else the value's, else made from the title, else `chart`.
 */
export function asChart(value: unknown, options: DisplayOptions = {}): ChartValue | null {
  let spec: TopLevelSpec;
  let name: string | undefined = options.name;
  if (isVegaLiteSpec(value)) {
    spec = value;
  } else if (typeof value === 'object' && value !== null && isVegaLiteSpec((value as { spec?: unknown }).spec)) {
    spec = (value as { spec: TopLevelSpec }).spec;
    const own = (value as { name?: unknown }).name;
    if (typeof own === 'string') name ??= own;
  } else {
    return null;
  }
  name ??= slug(titleOf(spec)) || 'chart';
  return { name: slug(name) || 'chart', spec };
}

function titleOf(spec: TopLevelSpec): string {
  const t = (spec as { title?: unknown }).title;
  const text = typeof t === 'object' && t !== null && !Array.isArray(t) ? (t as { text?: unknown }).text : t;
  return Array.isArray(text) ? text.join(' ') : typeof text === 'string' ? text : '';
}

/** `Ratios, 2015–2016` → `ratios-2015-2016`: safe as a file name. */
export function slug(s: string): string {
  return s
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
}

/** Draws a chart (loads vega on first use). */
export async function renderChart(chart: ChartValue): Promise<RenderedChart> {
  const { renderSvg, renderPng, svgSize } = await import('../charts/render.js');
  const svg = await renderSvg(chart.spec);
  const { width, height } = svgSize(svg);
  return { ...chart, svg, png: renderPng(svg, 2), width, height };
}

/** A value as a notebook output: its MIME bundle and output metadata. */
export interface RichOutput {
  readonly data: MimeBundle;
  readonly metadata: Record<string, unknown>;
}

/**
 * The MIME bundle a value is shown with:
 * - Markdown (`md`): `text/markdown`;
 * - a chart: the Vega-Lite spec, `image/svg+xml` and `image/png` (base64, drawn at twice the size;
 *   its metadata gives the size to show it at);
 * - a DataFrame or an array of objects: `text/html` table;
 * - always `text/plain`: the table as aligned text, a string as it is, anything else inspected.
 */
export async function richOutput(value: unknown, options: DisplayOptions = {}): Promise<RichOutput> {
  if (isMarkdown(value)) return { data: { 'text/markdown': value.text, 'text/plain': value.text }, metadata: {} };
  const chart = asChart(value, options);
  if (chart) {
    const r = await renderChart(chart);
    return {
      data: {
        [VEGA_LITE_MIME]: JSON.parse(JSON.stringify(r.spec)) as object,
        'image/png': Buffer.from(r.png).toString('base64'),
        'image/svg+xml': r.svg,
        'text/plain': chartLabel(r.name, titleOf(r.spec)),
      },
      metadata: { 'image/png': { width: r.width, height: r.height } },
    };
  }
  if (isTabular(value)) {
    const t = tableView(value, options);
    return { data: { 'text/html': tableHtml(t), 'text/plain': tableText(t) }, metadata: {} };
  }
  return { data: { 'text/plain': plainText(value) }, metadata: {} };
}

/** `<chart ratios: Ratio of the two flows>` */
export function chartLabel(name: string, title: string): string {
  return title ? `<chart ${name}: ${title}>` : `<chart ${name}>`;
}

/** A value as plain text: strings as they are, anything else as `util.inspect` shows it (no colours). */
export function plainText(value: unknown): string {
  return typeof value === 'string' ? value : inspect(value, { depth: 4, colors: false, breakLength: 100 });
}
