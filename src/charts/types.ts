import type { TopLevelSpec } from 'vega-lite';
import type { ChangeRow, CumulativeRow, RatioRow, ShareRow } from '../analysis/types.js';
import type { ExchangeEvent, Source, Visit } from '../dataset/types.js';
import type { Locale } from '../i18n/locale.js';

/** The charts, in the order they are built and listed. */
export const CHART_NAMES = ['annual-flows', 'ratios', 'cumulative', 'shares', 'changes', 'sources'] as const;

/** Name of a chart; also its file name stem (`ratios.svg`). */
export type ChartName = (typeof CHART_NAMES)[number];

/** What every chart builder gets besides its rows: sources for the source line, events for annotations. */
export interface ChartContext {
  /** Rows of the sources file; ids missing here are printed as they stand. */
  readonly sources: readonly Source[];
  /** Dated events, drawn on charts with a time axis when they fall inside (or next to) it. */
  readonly events: readonly ExchangeEvent[];
  /**
   * Travellers per place pair (`pairTraffic`, keyed by `pairKey`), to choose the pairs a chart draws
   * when there are more than it can show. `buildCharts` sets it from the visits; without it, charts
   * drawn from visits count their own, the others take the pairs in order of first appearance.
   */
  readonly traffic?: ReadonlyMap<string, number>;
  /**
   * Place pairs in the full ratios, shares and changes tables, when the rows given are only those the
   * charts can draw (see `chartTables`), so a chart still says how many pairs it left out.
   */
  readonly pairsInData?: { readonly ratios?: number; readonly shares?: number; readonly changes?: number };
  /** Language, naming convention and catalogue every text is worded with (default: English, the source's naming). */
  readonly locale?: Locale;
}

/** Everything `buildCharts` draws from: the visits, the four analysis tables and the context. */
export interface ChartInput extends ChartContext {
  readonly visits: readonly Visit[];
  readonly ratios: readonly RatioRow[];
  readonly shares: readonly ShareRow[];
  readonly changes: readonly ChangeRow[];
  readonly cumulative: readonly CumulativeRow[];
  /** The reconciliation of all sources' figures, for the `sources` chart (skipped without it). */
  readonly reconciliation?: import('../analysis/reconcile.js').Reconciliation;
}

/** What the `sources` chart needs of a reconciliation (see `reconcile`). */
export interface SourcesReconciliation {
  readonly consistency: readonly import('../analysis/reconcile-tables.js').ConsistencyRow[];
  readonly implied: readonly import('../analysis/reconcile-tables.js').ImpliedRow[];
  readonly endRanges: ReadonlyMap<string, import('../analysis/open-end.js').EndRange>;
}

/** A built chart: its name and a stand-alone Vega-Lite spec (data inline). */
export interface BuiltChart {
  readonly name: ChartName;
  readonly spec: TopLevelSpec;
}

/** A chart left out because the data has nothing for it to show, and why. */
export interface SkippedChart {
  readonly name: ChartName;
  readonly reason: string;
}

/** One view inside a chart's vertical stack (a unit, layer or facet spec). */
export type Panel = Extract<TopLevelSpec, { vconcat: unknown }>['vconcat'][number];
