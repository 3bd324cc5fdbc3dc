import type { DataFrame } from 'danfojs-node';
import type { Visit } from '../dataset/types.js';
import { reasons } from '../messages.js';
import { divide, empty, outcomeToEstimate, type Interval } from './bounds.js';
import type { FlowPair } from './flow-pair.js';
import { pairFlows } from './flows.js';
import { periodRow } from './period-row.js';
import { runOn, type AnalysisInput } from './frame.js';
import { RATIOS_TABLE } from './tables.js';
import type { Estimate, RatioRow } from './types.js';

/**
 * The ratio of one flow to its reverse, for every pair of places, period and source:
 * `ratio = flow(origin → destination) / flow(destination → origin)`, both from the same source.
 * Each pair gives two rows, one per direction. Qualifiers carry through by interval arithmetic:
 * over 20,000 / 9,500 is a lower bound (`bound: 'lower'`, value 2.105…); 9,500 / over 20,000 an
 * upper bound. A missing direction or a reverse flow of 0 gives an empty value and a `reason`.
 *
 * Takes rows and returns rows, or takes a danfojs-node DataFrame and returns one.
 * @throws InputError when a DataFrame does not hold valid exchange-visits rows.
 * @example
 * ratios(FIGURES).find((r) => r.period_start === 2016 && r.origin === 'Japan').value // => 2.8540925266903914 (802 / 281)
 */
export function ratios(input: readonly Visit[]): RatioRow[];
export function ratios(input: DataFrame): DataFrame;
export function ratios(input: AnalysisInput): RatioRow[] | DataFrame {
  return runOn(input, RATIOS_TABLE, (rows) => ratiosFromPairs(pairFlows(rows)));
}

/** The ratio a/b of a flow pair's two directions, as an estimate. */
export function ratioEstimate(g: FlowPair, num: Interval | null, den: Interval | null, numFrom: string, numTo: string): Estimate {
  if (!num) return empty(reasons.noFigure(numFrom, numTo, g.period_start, g.period_end));
  if (!den) return empty(reasons.noFigure(numTo, numFrom, g.period_start, g.period_end));
  return outcomeToEstimate(divide(num, den, reasons.reverseZero()), reasons.unboundedRatio(), reasons.approximate());
}

/** The ratios table from already grouped flow pairs (see `FlowAccumulator`). */
export function ratiosFromPairs(pairs: readonly FlowPair[]): RatioRow[] {
  const out: RatioRow[] = [];
  for (const g of pairs) {
    out.push(periodRow(g.a, g.b, g, ratioEstimate(g, g.ab, g.ba, g.a, g.b)));
    out.push(periodRow(g.b, g.a, g, ratioEstimate(g, g.ba, g.ab, g.b, g.a)));
  }
  return out;
}
