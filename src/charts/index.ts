import type { TopLevelSpec } from 'vega-lite';
import type { Lang, Naming, Place } from '../dataset/places.js';
import { locale } from '../i18n/locale.js';
import { msg } from '../messages.js';
import { sourcesChart } from './sources.js';
import { annualFlowsChart } from './annual-flows.js';
import { changesChart } from './changes.js';
import { cumulativeChart } from './cumulative.js';
import { pairTraffic } from './limits.js';
import { ratiosChart } from './ratios.js';
import { sharesChart } from './shares.js';
import type { BuiltChart, ChartInput, ChartName, SkippedChart } from './types.js';

export { annualFlowsChart } from './annual-flows.js';
export { ratiosChart } from './ratios.js';
export { cumulativeChart } from './cumulative.js';
export { sharesChart } from './shares.js';
export { changesChart } from './changes.js';
export { sourcesChart, sourcesChartDrawn } from './sources.js';
export { sourceLine, sourceName } from './source-line.js';
export { THEME, OKABE_ITO, COLOURS, FONT, SCHEMA_URL } from './theme.js';
export { CHART_NAMES } from './types.js';
export { LIMITS, pairKey, pairTraffic } from './limits.js';
export type { BuiltChart, ChartContext, ChartInput, ChartName, SkippedChart } from './types.js';
export type { Lang, Naming, Place } from '../dataset/places.js';

/** How `buildCharts` words its charts. */
export interface ChartOptions {
  /** Language of every text a reader sees (default `en`). */
  readonly lang?: Lang;
  /** Naming convention for contested places (default `source`: the wording of the data). */
  readonly naming?: Naming;
  /** Places to match origins and destinations against (default: the embedded places table). */
  readonly places?: readonly Place[];
  /** Build only these charts (default: all): the others are neither built nor listed as skipped. */
  readonly only?: readonly ChartName[];
}

/** The charts `buildCharts` drew and the ones it left out, with why. */
export interface ChartSet {
  /** In the fixed order `annual-flows`, `ratios`, `cumulative`, `shares`, `changes`. */
  charts: BuiltChart[];
  skipped: SkippedChart[];
}

const BUILDERS: readonly { name: ChartName; build: (input: ChartInput) => TopLevelSpec | null; reason: () => string }[] = [
  { name: 'annual-flows', build: (i) => annualFlowsChart(i.visits, i), reason: msg.chartNoSingleYears },
  { name: 'ratios', build: (i) => ratiosChart(i.ratios, i), reason: msg.chartNoRatios },
  { name: 'cumulative', build: (i) => cumulativeChart(i.visits, i.cumulative, i), reason: msg.chartNoMultiYear },
  { name: 'shares', build: (i) => sharesChart(i.shares, i), reason: msg.chartNoShares },
  { name: 'changes', build: (i) => changesChart(i.changes, i), reason: msg.chartNoChanges },
  {
    name: 'sources',
    build: (i) => (i.reconciliation ? sourcesChart({ visits: i.visits, ...i.reconciliation }, i) : null),
    reason: msg.chartNoSources,
  },
];

/**
 * Every chart the data allows, as stand-alone Vega-Lite specs, in the fixed order; a chart with
 * nothing to show (its builder returns `null`) is listed in `skipped` with the reason.
 * Building does not render or write anything (see `render.ts` for SVG and PNG).
 * Every chart is bounded whatever the data (see `LIMITS`): with many place pairs it draws the pairs with
 * the most travellers, with many years the most recent ones, and its subtitle says what it left out.
 * @example
 * const tables = { ratios: ratios(FIGURES), shares: shares(FIGURES), changes: changes(FIGURES), cumulative: cumulative(FIGURES) };
 * buildCharts({ visits: FIGURES, ...tables, sources: SOURCES, events: EVENTS }).charts.map((c) => c.name)
 * // => ['annual-flows', 'ratios', 'cumulative', 'shares', 'changes']
 * @example
 * const tables = { ratios: ratios(FIGURES), shares: shares(FIGURES), changes: changes(FIGURES), cumulative: cumulative(FIGURES) };
 * buildCharts({ visits: FIGURES, ...tables, sources: SOURCES, events: EVENTS }, { lang: 'ru', naming: 'russian' }).charts[0].spec.title.text // => "Путешественники в каждом направлении, 2015–2016 гг."
 */
export function buildCharts(input: ChartInput, options: ChartOptions = {}): ChartSet {
  const charts: BuiltChart[] = [];
  const skipped: SkippedChart[] = [];
  const loc = locale(options);
  const named = loc.lang === 'en' && loc.naming === 'source' ? input : renamePlaces(input, (p) => loc.place(p));
  const withTraffic: ChartInput = { ...named, traffic: named.traffic ?? pairTraffic(named.visits), locale: loc };
  for (const b of BUILDERS) {
    if (options.only && !options.only.includes(b.name)) continue;
    const spec = b.build(withTraffic);
    if (spec) charts.push({ name: b.name, spec });
    else skipped.push({ name: b.name, reason: b.reason() });
  }
  return { charts, skipped };
}

/**
 * The chart input with every origin and destination named as the reader asked (`name`), so panels,
 * legends and sentences show it. Traffic keys are made from names, so traffic is counted again.
 */
function renamePlaces(input: ChartInput, name: (place: string) => string): ChartInput {
  const cache = new Map<string, string>();
  const shown = (p: string): string => {
    let n = cache.get(p);
    if (n === undefined) cache.set(p, (n = name(p)));
    return n;
  };
  const rename = <T extends { origin: string; destination: string }>(rows: readonly T[]): T[] =>
    rows.map((r) => ({ ...r, origin: shown(r.origin), destination: shown(r.destination) }));
  return {
    ...input,
    visits: rename(input.visits),
    ratios: rename(input.ratios),
    shares: rename(input.shares),
    changes: rename(input.changes),
    cumulative: rename(input.cumulative),
    traffic: undefined,
  };
}
