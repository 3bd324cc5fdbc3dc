import type { DataFrame } from 'danfojs-node';
import type { Visit } from '../dataset/types.js';
import { reasons } from '../messages.js';
import { empty, outcomeToEstimate, share, type Interval } from './bounds.js';
import type { FlowPair } from './flow-pair.js';
import { pairFlows } from './flows.js';
import { periodRow } from './period-row.js';
import { runOn, type AnalysisInput } from './frame.js';
import { SHARES_TABLE } from './tables.js';
import type { Estimate, ShareRow } from './types.js';

/**
 * Each direction's share of two-way traffic, for every pair of places, period and source:
 * `share = flow(origin → destination) / (flow(origin → destination) + flow(destination → origin))`,
 * a fraction from 0 to 1; the two rows of a period add up to 1. With over 20,000 one way and 9,500 the
 * other, the first share is a lower bound (more than 0.678, at most 1) and the second an upper bound.
 * A missing direction or a total of 0 gives an empty value and a `reason`.
 *
 * Takes rows and returns rows, or takes a danfojs-node DataFrame and returns one.
 * @throws InputError when a DataFrame does not hold valid exchange-visits rows.
 * @example
 * shares(FIGURES).find((r) => r.period_start === 2016 && r.origin === 'Japan').value // => 0.7405355493998154 (802 / 1083)
 */
export function shares(input: readonly Visit[]): ShareRow[];
export function shares(input: DataFrame): DataFrame;
export function shares(input: AnalysisInput): ShareRow[] | DataFrame {
  return runOn(input, SHARES_TABLE, (rows) => sharesFromPairs(pairFlows(rows)));
}

function shareEstimate(g: FlowPair, mine: Interval | null, theirs: Interval | null, from: string, to: string): Estimate {
  if (!mine) return empty(reasons.noFigure(from, to, g.period_start, g.period_end));
  if (!theirs) return empty(reasons.noFigure(to, from, g.period_start, g.period_end));
  return outcomeToEstimate(share(mine, theirs, reasons.totalZero()), reasons.unboundedShare(), reasons.approximate());
}

/** The shares table from already grouped flow pairs (see `FlowAccumulator`). */
export function sharesFromPairs(pairs: readonly FlowPair[]): ShareRow[] {
  const out: ShareRow[] = [];
  for (const g of pairs) {
    out.push(periodRow(g.a, g.b, g, shareEstimate(g, g.ab, g.ba, g.a, g.b)));
    out.push(periodRow(g.b, g.a, g, shareEstimate(g, g.ba, g.ab, g.b, g.a)));
  }
  return out;
}
