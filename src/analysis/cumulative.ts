import type { DataFrame } from 'danfojs-node';
import type { Visit } from '../dataset/types.js';
import { reasons } from '../messages.js';
import { divide, empty, outcomeToEstimate, point, type Interval } from './bounds.js';
import { periodKind, type FlowPair } from './flow-pair.js';
import { latestSingleYear, pairFlows } from './flows.js';
import { runOn, type AnalysisInput } from './frame.js';
import type { EndRange } from './open-end.js';
import { CUMULATIVE_TABLE } from './tables.js';
import type { CumulativeOptions, CumulativeRow } from './types.js';

/** How many end years after the base one the sensitivity rows cover, unless told otherwise. */
export const SENSITIVITY_YEARS = 3;

/**
 * The end year an open-ended ("since 1992") figure is assumed to run to when none is given:
 * the latest single year in the data, or `null` when there is none.
 * @example defaultEndYear(FIGURES) // => 2016
 */
export function defaultEndYear(rows: readonly Visit[]): number | null {
  return latestSingleYear(pairFlows(rows));
}

/**
 * Single years against the multi-year figures, for every pair of places, direction and source:
 * - `average_per_year = count / years`, `years = end_year − period_start + 1` (inclusive). An open-ended
 *   figure runs to an end year the source does not give: the base end year (`endYear`, default: the latest
 *   single year in the data) and each of the `sensitivityYears` (3) after it get a row. A closed period uses
 *   its own end. "over 20,000" since 1992 to 2016 is more than 800 a year (`bound: 'lower'`).
 * - `share_of_cumulative = single-year figure / cumulative figure` for each single year inside the period,
 *   same direction and source, a fraction from 0 to 1: 802 / over 20,000 is less than 0.0401 (`bound: 'upper'`).
 *
 * Takes rows and returns rows, or takes a danfojs-node DataFrame and returns one.
 * @throws InputError when a DataFrame does not hold valid exchange-visits rows.
 * @example
 * cumulative(FIGURES)[0] // => { origin: 'Japan', measure: 'average_per_year', end_year: 2016, years: 25, value: 800, bound: 'lower', ... }
 */
export function cumulative(input: readonly Visit[], options?: CumulativeOptions): CumulativeRow[];
export function cumulative(input: DataFrame, options?: CumulativeOptions): DataFrame;
export function cumulative(input: AnalysisInput, options: CumulativeOptions = {}): CumulativeRow[] | DataFrame {
  return runOn(input, CUMULATIVE_TABLE, (rows) => cumulativeFromPairs(pairFlows(rows), options));
}

/** The cumulative table from already grouped flow pairs (see `FlowAccumulator`). */
export function cumulativeFromPairs(groups: readonly FlowPair[], options: CumulativeOptions = {}): CumulativeRow[] {
  const baseEnd = options.endYear ?? latestSingleYear(groups);
  const extra = options.sensitivityYears ?? SENSITIVITY_YEARS;
  // Single years of each (pair, source), in year order, found by key instead of a scan per figure.
  const singles = new Map<string, FlowPair[]>();
  for (const g of groups) {
    if (periodKind(g.period_start, g.period_end) !== 0) continue;
    const key = `${g.pairIndex}\u0000${g.sourceIndex}`;
    const list = singles.get(key);
    if (list) list.push(g);
    else singles.set(key, [g]);
  }
  const out: CumulativeRow[] = [];
  for (const g of groups) {
    if (periodKind(g.period_start, g.period_end) === 0) continue;
    const sameSeries = (singles.get(`${g.pairIndex}\u0000${g.sourceIndex}`) ?? []).filter(
      (s) => s.period_start >= g.period_start && (g.period_end === null || s.period_start <= g.period_end),
    );
    for (const [origin, destination, flow, pick] of [
      [g.a, g.b, g.ab, (s: FlowPair) => s.ab],
      [g.b, g.a, g.ba, (s: FlowPair) => s.ba],
    ] as const) {
      if (!flow) continue;
      const key = { origin, destination, source_id: g.source_id, period_start: g.period_start, period_end: g.period_end };
      for (const row of averages(flow, g, baseEnd, extra)) out.push({ ...key, ...row });
      // A pinned end year (--end-year) gives a range of one year: no range row.
      const range = g.period_end === null ? options.endRanges?.get(g.source_id) : undefined;
      if (range && range.to > range.from && range.from >= g.period_start)
        out.push({ ...key, ...averageOverRange(flow, g.period_start, range) });
      for (const s of sameSeries) {
        const single = pick(s);
        if (!single) continue;
        const estimate = outcomeToEstimate(
          divide(single, flow, reasons.cumulativeZero()),
          reasons.unboundedAverage(),
          reasons.approximate(),
        );
        out.push({ ...key, measure: 'share_of_cumulative', end_year: null, years: null, year: s.period_start, base: true, ...estimate });
      }
    }
  }
  return out;
}

/**
 * The average a year of an open figure whose end year is only known to lie in `range`: count / years for
 * years from (range.from − start + 1) to (range.to − start + 1), so the interval
 * [count.lower / most years, count.upper / fewest years]. Both ends known: no single value (`value` empty, the
 * interval in `lower` and `upper`, the range in `reason`); an open-ended count ("over") keeps its lower bound.
 */
function averageOverRange(flow: Interval, start: number, range: EndRange): AverageRow {
  const most = range.to - start + 1;
  const fewest = range.from - start + 1;
  const lower = flow.lo / most;
  const upper = flow.hiKnown && Number.isFinite(flow.hi) ? flow.hi / fewest : null;
  const row = { measure: 'average_per_year_range' as const, end_year: null, years: null, year: null, base: false };
  const why = reasons.endYearRange(range.from, range.to, range.basis);
  if (flow.approx)
    return { ...row, value: null, lower: null, upper: null, bound: null, reason: `${why}; ${reasons.approximate()}`, strict: false };
  if (upper === null) return { ...row, value: lower, lower, upper: null, bound: 'lower', reason: why, strict: !!flow.loOpen };
  return { ...row, value: null, lower, upper, bound: null, reason: why, strict: false };
}

type AverageRow = Omit<CumulativeRow, 'origin' | 'destination' | 'source_id' | 'period_start' | 'period_end'>;

function averages(flow: Interval, g: FlowPair, baseEnd: number | null, extra: number): AverageRow[] {
  const measure = 'average_per_year' as const;
  const endYears =
    g.period_end !== null ? [g.period_end] : baseEnd === null ? [] : Array.from({ length: extra + 1 }, (_, i) => baseEnd + i);
  if (endYears.length === 0) return [{ measure, end_year: null, years: null, year: null, base: true, ...empty(reasons.noEndYear()) }];
  return endYears.map((end) => {
    const base = g.period_end !== null || end === baseEnd;
    if (end < g.period_start)
      return { measure, end_year: end, years: null, year: null, base, ...empty(reasons.endBeforeStart(end, g.period_start)) };
    const years = end - g.period_start + 1;
    const estimate = outcomeToEstimate(
      divide(flow, point(years), reasons.cumulativeZero()),
      reasons.unboundedAverage(),
      reasons.approximate(),
    );
    return { measure, end_year: end, years, year: null, base, ...estimate };
  });
}
