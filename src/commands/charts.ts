import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { pairFlows } from '../analysis/flows.js';
import { buildCharts } from '../charts/index.js';
import { pairTraffic } from '../charts/limits.js';
import { chartTables } from '../charts/select.js';
import { renderPng, renderSvg } from '../charts/render.js';
import type { BuiltChart } from '../charts/types.js';
import { EMBEDDED_EVENTS, EMBEDDED_SOURCES, EMBEDDED_VISITS } from '../dataset/embedded.js';
import type { Lang, Naming, Place } from '../dataset/places.js';
import { readEvents, readExchangeVisitsRows, readPlaces, readSources } from '../dataset/read.js';
import type { ExchangeEvent, Source } from '../dataset/types.js';
import { UsageError, msg } from '../messages.js';
import type { CommandContext } from './context.js';

/** The file formats `charts` writes: the Vega-Lite spec (`.vl.json`), SVG and PNG. */
export const CHART_FORMATS = ['vl', 'svg', 'png'] as const;
/** One of `vl`, `svg`, `png`. */
export type ChartFormat = (typeof CHART_FORMATS)[number];

/** Options of the `charts` command. */
export interface ChartsOptions {
  /** Exchange-visits CSV; default: the embedded dataset (and then its sources and events too). */
  file?: string;
  /** Folder to write to (created when missing). */
  out: string;
  /** Comma-separated formats; default all of `vl,svg,png`. */
  formats?: string;
  sources?: string;
  events?: string;
  /** Last year an open-ended ("since") figure counts, for the averages of the cumulative chart. */
  endYear?: number;
  /** Language of the charts (default `en`). */
  lang?: Lang;
  /** Naming convention for contested places (default `source`). */
  naming?: Naming;
  /** A places CSV to match origins and destinations against (default: the embedded one). */
  places?: string;
}

/** Parses `--formats vl,svg,png`. @throws UsageError on an unknown or empty list. */
export function parseChartFormats(value: string | undefined): Set<ChartFormat> {
  if (value === undefined) return new Set(CHART_FORMATS);
  const out = new Set<ChartFormat>();
  for (const part of value.split(',').map((p) => p.trim())) {
    if (part === '') continue;
    if (!(CHART_FORMATS as readonly string[]).includes(part)) throw new UsageError(msg.chartsFormatUnknown(part, CHART_FORMATS));
    out.add(part as ChartFormat);
  }
  if (out.size === 0) throw new UsageError(msg.chartsFormatsEmpty(CHART_FORMATS));
  return out;
}

/** A chart's spec as written to `<name>.vl.json`: pretty JSON, two-space indent, a final newline. */
export function specJson(chart: BuiltChart): string {
  return `${JSON.stringify(chart.spec, null, 2)}\n`;
}

/**
 * Renders and writes charts to a folder: `<name>.vl.json`, `<name>.svg`, `<name>.png` for the formats
 * asked for. Returns the paths written, in order.
 */
export async function writeCharts(
  charts: readonly BuiltChart[],
  dir: string,
  formats: ReadonlySet<ChartFormat>,
  onChart: (name: string, files: string[]) => void = () => {},
): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  for (const chart of charts) {
    const files: string[] = [];
    const write = (ext: string, data: string | Uint8Array) => {
      const path = join(dir, `${chart.name}.${ext}`);
      writeFileSync(path, data);
      files.push(path);
    };
    if (formats.has('vl')) write('vl.json', specJson(chart));
    if (formats.has('svg') || formats.has('png')) {
      const svg = await renderSvg(chart.spec);
      if (formats.has('svg')) write('svg', svg);
      if (formats.has('png')) write('png', renderPng(svg));
    }
    written.push(...files);
    onChart(chart.name, files);
  }
  return written;
}

/**
 * `charts [FILE] --out DIR [--formats vl,svg,png] [--sources FILE] [--events FILE] [--end-year Y]`:
 * reads FILE (default: the embedded dataset, with its sources and events), runs the analyses, builds
 * every chart the data allows and writes each in the formats asked for. A chart with nothing to show is
 * reported on stderr and left out. Exit 0, or 2 for bad input (via InputError / UsageError).
 */
export async function chartsCommand(opts: ChartsOptions, ctx: CommandContext): Promise<number> {
  const formats = parseChartFormats(opts.formats);
  const embedded = opts.file === undefined;
  const file = opts.file ?? EMBEDDED_VISITS;
  const sourcesFile = opts.sources ?? (embedded ? EMBEDDED_SOURCES : undefined);
  const eventsFile = opts.events ?? (embedded ? EMBEDDED_EVENTS : undefined);

  let sources: Source[] = [];
  if (sourcesFile) {
    ctx.progress(msg.reading(basename(sourcesFile)));
    sources = await readSources(sourcesFile);
  }
  const sourceIds = sourcesFile ? new Set(sources.map((s) => s.id)) : undefined;
  ctx.progress(msg.reading(basename(file)));
  const visits = await readExchangeVisitsRows(file, sourceIds ? { sourceIds } : {});
  let places: Place[] | undefined;
  if (opts.places) {
    ctx.progress(msg.reading(basename(opts.places)));
    places = await readPlaces(opts.places);
  }
  let events: ExchangeEvent[] = [];
  if (eventsFile) {
    ctx.progress(msg.reading(basename(eventsFile)));
    events = await readEvents(eventsFile, sourceIds);
  }

  // The analyses of the place pairs the charts can draw only: the same charts as from the full tables,
  // in the memory of a few pairs whatever the size of the file.
  ctx.progress(msg.analysing(visits.length));
  const traffic = pairTraffic(visits);
  const { reconcile } = await import('../analysis/reconcile.js');
  const { sourcesChartVisits } = await import('../charts/sources.js');
  const reconciliation = await reconcile(sourcesChartVisits(visits), { sources, endYear: opts.endYear });
  const set = buildCharts(
    { visits, ...chartTables(pairFlows(visits), traffic, { endYear: opts.endYear }), traffic, sources, events, reconciliation },
    { lang: opts.lang, naming: opts.naming, ...(places ? { places } : {}) },
  );
  ctx.progress(msg.drawing(set.charts.length));
  for (const s of set.skipped) ctx.stderr(msg.chartSkipped(s.name, s.reason));
  const written = await writeCharts(set.charts, opts.out, formats, (_name, files) => ctx.progress(msg.chartsWrote(files)));
  ctx.stdout(msg.chartsDone(opts.out, set.charts.length, written.length, set.skipped.length));
  return 0;
}
