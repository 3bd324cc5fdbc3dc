import type { Visit } from '../dataset/types.js';
import { add, interval, type Interval } from './bounds.js';

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
  private readonly pairIndex = new Map<string, number>();
  private readonly sourceIndex = new Map<string, number>();
  private readonly groups = new Map<string, FlowPair>();

  /** Adds one row's flow to its group. */
  add(r: Visit): void {
    const fwd = `${r.origin}\u0000${r.destination}`;
    let p = this.pairIndex.get(fwd);
    let forward = true;
    if (p === undefined) {
      const rev = this.pairIndex.get(`${r.destination}\u0000${r.origin}`);
      if (rev !== undefined) {
        p = rev;
        forward = false;
      } else {
        p = this.pairIndex.size;
        this.pairIndex.set(fwd, p);
      }
    }
    let s = this.sourceIndex.get(r.source_id);
    if (s === undefined) this.sourceIndex.set(r.source_id, (s = this.sourceIndex.size));
    const key = `${p}\u0000${s}\u0000${r.period_start}\u0000${r.period_end ?? ''}`;
    let g = this.groups.get(key);
    if (!g) {
      g = {
        a: forward ? r.origin : r.destination,
        b: forward ? r.destination : r.origin,
        source_id: r.source_id,
        period_start: r.period_start,
        period_end: r.period_end,
        ab: null,
        ba: null,
        pairIndex: p,
        sourceIndex: s,
      };
      this.groups.set(key, g);
    }
    const flow = interval(r.count, r.qualifier);
    if (forward) g.ab = g.ab ? add(g.ab, flow) : flow;
    else g.ba = g.ba ? add(g.ba, flow) : flow;
  }

  /** The flow pairs in a stable order: pair, then period (single years ascending, multi-year, open-ended), then source. */
  pairs(): FlowPair[] {
    return [...this.groups.values()].sort(comparePairs);
  }
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
