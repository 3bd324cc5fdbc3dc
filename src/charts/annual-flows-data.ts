import type { ExchangeEvent, Visit } from '../dataset/types.js';
import { directionTotals, panelsBy, type DirectionTotal, type PlacePair } from './groups.js';
import { yearPosition } from './labels.js';
import { candidateVisits, choosePanels, countPairs, extent, inData, LIMITS, pairTraffic, type PanelChoice } from './limits.js';
import { LAYOUT } from './theme.js';
import type { ChartContext } from './types.js';

/** How many years before the first or after the last year with figures an event may lie and still be drawn. */
const EVENT_REACH = 1;

/** An event placed on the year axis (`pos`, see `yearPosition`). */
export type PlacedEvent = ExchangeEvent & { readonly pos: number };

/** What the yearly bars draw, chosen from the visits before any mark is laid out. */
export interface AnnualFlowsData {
  /** The panels: one place pair (and source) each, with its single-year direction totals. */
  readonly groups: readonly { readonly pair: PlacePair; readonly source_id: string; readonly items: DirectionTotal[] }[];
  /** The pairs and panels chosen, and how many there were (for the "showing" sentence). */
  readonly choice: PanelChoice<unknown>;
  /** First and last year of the data's single-year figures, and the first year drawn (`LIMITS.years`). */
  readonly span: { readonly min: number; readonly max: number };
  readonly cutoff: number;
  /** First and last year drawn with figures. */
  readonly first: number;
  readonly last: number;
  /** The events drawn (the most recent `LIMITS.events` of `nearby`), in date order. */
  readonly events: readonly PlacedEvent[];
  /** Every event within a year of the years drawn. */
  readonly nearby: readonly PlacedEvent[];
  /** The x domain `[lo, hi]` (year Y spans Y − 0.5 to Y + 0.5), the years on the axis, the plot width. */
  readonly lo: number;
  readonly hi: number;
  readonly axisYears: readonly number[];
  readonly width: number;
  readonly pxPerYear: number;
}

/**
 * The data of the yearly bars: single-year figures only, the `LIMITS.years` most recent years, the
 * `LIMITS.pairs` place pairs with the most travellers among those with figures in these years, the
 * events within a year of them (the `LIMITS.events` most recent), and the year axis and width that hold
 * them all. `null` when the data has no single-year figure.
 * @example annualFlowsData(FIGURES, { sources: SOURCES, events: EVENTS })?.axisYears // => [2015, 2016, 2017]
 */
export function annualFlowsData(visits: readonly Visit[], ctx: ChartContext): AnnualFlowsData | null {
  const single = (v: Visit) => v.period_end === v.period_start;
  const span = { min: Number.POSITIVE_INFINITY, max: Number.NEGATIVE_INFINITY };
  for (const v of visits) {
    if (!single(v)) continue;
    if (v.period_start < span.min) span.min = v.period_start;
    if (v.period_start > span.max) span.max = v.period_start;
  }
  if (!Number.isFinite(span.max)) return null;

  // Bounded: the most recent LIMITS.years years of the data, then the pairs with the most travellers among
  // those with figures in them (drawn from the visits of the pairs it can choose, for speed).
  const cutoff = span.max - LIMITS.years + 1;
  const traffic = ctx.traffic ?? pairTraffic(visits);
  const candidates = candidateVisits(visits, (v) => single(v) && v.period_start >= cutoff, traffic);
  const inYears = panelsBy(
    directionTotals(candidates.visits).filter((t) => t.period_end === t.period_start && t.period_start >= cutoff),
    (t) => t.pair,
    (t) => t.source_id,
  );
  const choice = inData(choosePanels(inYears, traffic), countPairs(visits, single));
  const groups = choice.shown;
  const singles = groups.flatMap((g) => g.items);

  const { min: first, max: last } = extent(singles.map((t) => t.period_start));
  const nearby = ctx.events
    .filter((e) => e.year >= first - EVENT_REACH && e.year <= last + EVENT_REACH)
    .map((e) => ({ ...e, pos: yearPosition(e.date) }))
    .filter((e) => Number.isFinite(e.pos))
    .sort((x, y) => x.pos - y.pos || x.id.localeCompare(y.id));
  // The most recent events, in date order.
  const events = nearby.slice(Math.max(0, nearby.length - LIMITS.events));
  const eventYears = extent(events.map((e) => Math.round(e.pos)));
  const lo = Math.min(first, eventYears.min) - 0.5;
  const hi = Math.max(last, eventYears.max) + 0.5;
  const axisYears = Array.from({ length: hi - lo }, (_, i) => lo + 0.5 + i);
  const width = Math.max(LAYOUT.minWidth, Math.min(LAYOUT.maxWidth, axisYears.length * 130));
  return { groups, choice, span, cutoff, first, last, events, nearby, lo, hi, axisYears, width, pxPerYear: width / (hi - lo) };
}
