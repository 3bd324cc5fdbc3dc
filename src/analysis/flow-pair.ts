import type { Interval } from './bounds.js';

/**
 * The two flows between a pair of places for one period and one source. `a` and `b` are the
 * places in the order the data first names them; `ab` is the flow a→b, `ba` the reverse, each the
 * sum of that direction's rows (one per kind of traveller), or `null` when the data has none.
 */
export interface FlowPair {
  a: string;
  b: string;
  source_id: string;
  period_start: number;
  period_end: number | null;
  ab: Interval | null;
  ba: Interval | null;
  /** Position of the pair among pairs, in order of first appearance. */
  pairIndex: number;
  /** Position of the source among sources, in order of first appearance. */
  sourceIndex: number;
}

/** Single years first, then closed multi-year periods, then open-ended ones. */
export function periodKind(start: number, end: number | null): 0 | 1 | 2 {
  return end === null ? 2 : end === start ? 0 : 1;
}
