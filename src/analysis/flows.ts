import type { Visit } from '../dataset/types.js';
import { add, interval, type Interval } from './bounds.js';
import type { Estimate, RatioRow } from './types.js';

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

/**
 * Collects rows into flow pairs one row at a time, so a file can be aggregated while it streams
 * in, without keeping its rows: memory grows with the number of pairs × periods × sources only.
 */
export class FlowAccumulator {
  // origin → destination → the pair's groups; the pair is found from either direction without
  // building string keys, and groups are keyed by a number made of period and source.
  private readonly byOrigin = new Map<string, Map<string, { state: PairState; forward: boolean }>>();
  private readonly sourceIndex = new Map<string, number>();
  private readonly pairsSeen: PairState[] = [];
  private readonly overflow = new Map<string, FlowPair>();

  /** Adds one row's flow to its group. */
  add(r: Visit): void {
    let entry = this.byOrigin.get(r.origin)?.get(r.destination);
    if (entry === undefined) {
      const state: PairState = { index: this.pairsSeen.length, groups: new Map() };
      this.pairsSeen.push(state);
      this.link(r.origin, r.destination, { state, forward: true });
      if (r.destination !== r.origin) this.link(r.destination, r.origin, { state, forward: false });
      entry = { state, forward: true };
    }
    const { state, forward } = entry;
    let s = this.sourceIndex.get(r.source_id);
    if (s === undefined) this.sourceIndex.set(r.source_id, (s = this.sourceIndex.size));
    // Years are 1900-2100, so (start, end or open) fits below 2^22, and 2^22 * 2^30 sources < 2^53.
    const period = (r.period_start - 1800) * 1024 + (r.period_end === null ? 1023 : r.period_end - 1800);
    const useOverflow = s >= 2 ** 30 || period < 0 || period >= 2 ** 22;
    const key = period * 2 ** 30 + s;
    let g = useOverflow ? this.overflow.get(`${state.index}\u0000${s}\u0000${r.period_start}\u0000${r.period_end}`) : state.groups.get(key);
    if (!g) {
      g = {
        a: forward ? r.origin : r.destination,
        b: forward ? r.destination : r.origin,
        source_id: r.source_id,
        period_start: r.period_start,
        period_end: r.period_end,
        ab: null,
        ba: null,
        pairIndex: state.index,
        sourceIndex: s,
      };
      if (useOverflow) this.overflow.set(`${state.index}\u0000${s}\u0000${r.period_start}\u0000${r.period_end}`, g);
      else state.groups.set(key, g);
    }
    const flow = interval(r.count, r.qualifier);
    if (forward) g.ab = g.ab ? add(g.ab, flow) : flow;
    else g.ba = g.ba ? add(g.ba, flow) : flow;
  }

  private link(from: string, to: string, entry: { state: PairState; forward: boolean }): void {
    let inner = this.byOrigin.get(from);
    if (!inner) this.byOrigin.set(from, (inner = new Map()));
    inner.set(to, entry);
  }

  /** The flow pairs in a stable order: pair, then period (single years ascending, multi-year, open-ended), then source. */
  pairs(): FlowPair[] {
    const all: FlowPair[] = [];
    for (const state of this.pairsSeen) for (const g of state.groups.values()) all.push(g);
    for (const g of this.overflow.values()) all.push(g);
    return all.sort(comparePairs);
  }
}

interface PairState {
  index: number;
  groups: Map<number, FlowPair>;
}

/** Groups rows into flow pairs (see `FlowAccumulator`). */
export function pairFlows(rows: readonly Visit[]): FlowPair[] {
  const acc = new FlowAccumulator();
  for (const r of rows) acc.add(r);
  return acc.pairs();
}

/** The latest single year among flow pairs, or `null` when there is none. */
export function latestSingleYear(pairs: readonly FlowPair[]): number | null {
  let latest: number | null = null;
  for (const g of pairs) if (g.period_end === g.period_start && (latest === null || g.period_start > latest)) latest = g.period_start;
  return latest;
}

function comparePairs(x: FlowPair, y: FlowPair): number {
  return (
    x.pairIndex - y.pairIndex ||
    periodKind(x.period_start, x.period_end) - periodKind(y.period_start, y.period_end) ||
    x.period_start - y.period_start ||
    (x.period_end ?? 0) - (y.period_end ?? 0) ||
    x.sourceIndex - y.sourceIndex
  );
}

/** A ratios/shares row for one direction of a flow pair: one literal, so every row has the same shape. */
export function periodRow(origin: string, destination: string, g: FlowPair, e: Estimate): RatioRow {
  return {
    origin,
    destination,
    period_start: g.period_start,
    period_end: g.period_end,
    source_id: g.source_id,
    value: e.value,
    lower: e.lower,
    upper: e.upper,
    bound: e.bound,
    reason: e.reason,
  };
}
