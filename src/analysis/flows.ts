import type { Visit } from '../dataset/types.js';
import { interval, type Interval } from './bounds.js';
import {
  allocExport,
  compareAt,
  intervalBits,
  OPEN,
  periodEndAt,
  readGroup,
  SIDE,
  sumBits,
  AB,
  BA,
  type FlowExport,
} from './flow-export.js';
import { periodKind, type FlowPair } from './flow-pair.js';

/**
 * Collects rows into flow pairs one row at a time, so a file can be aggregated while it streams
 * in, without keeping its rows: memory grows with the number of pairs × periods × sources only, and
 * the flow pairs are kept in typed arrays (the `FlowExport` layout), not as objects.
 * `export` and `FlowAccumulator.import` carry one across threads, and the exports of two accumulators that
 * saw consecutive parts of one file merge into the whole file's (`mergeFlowExports`).
 */
export class FlowAccumulator {
  // origin → destination → pair number × 2, + 1 when the pair was first named the other way round.
  private readonly byOrigin = new Map<string, Map<string, number>>();
  private readonly places: string[] = [];
  private readonly sourceIndex = new Map<string, number>();
  private readonly sources: string[] = [];
  // Per pair: group key (a number made of period and source) → flow pair number.
  private readonly groupsOf: Map<number, number>[] = [];
  private readonly overflow = new Map<string, number>();
  private count = 0;
  private index = new Uint32Array(2 * 1024);
  private values = new Float64Array(6 * 1024);
  private flags = new Uint16Array(1024);
  // The last two place pairs, source and group looked up: rows come in runs that share them.
  private o1 = '';
  private d1 = '';
  private p1 = -1;
  private o2 = '';
  private d2 = '';
  private p2 = -1;
  private lastSource = '';
  private lastS = -1;
  private lastPair = -1;
  private lastKey = NaN;
  private lastGroup = -1;

  /**
   * Adds one row's flow to its flow pair. Returns where it went: the flow pair's number in the order flow
   * pairs were first seen × 2, + 1 when the row is the pair's b → a direction (see `flowPair`).
   */
  add(r: Visit): number {
    let pv: number;
    if (r.origin === this.o1 && r.destination === this.d1 && this.p1 >= 0) pv = this.p1;
    else if (r.origin === this.o2 && r.destination === this.d2 && this.p2 >= 0) pv = this.p2;
    else {
      pv = this.byOrigin.get(r.origin)?.get(r.destination) ?? this.newPair(r.origin, r.destination);
      this.o2 = this.o1;
      this.d2 = this.d1;
      this.p2 = this.p1;
      this.o1 = r.origin;
      this.d1 = r.destination;
      this.p1 = pv;
    }
    let s: number;
    if (r.source_id === this.lastSource && this.lastS >= 0) s = this.lastS;
    else {
      s = this.sourceIndex.get(r.source_id) ?? this.newSource(r.source_id);
      this.lastSource = r.source_id;
      this.lastS = s;
    }
    const g = this.group(pv >> 1, s, r.period_start, r.period_end);
    this.addFlow(g, (pv & 1) === 0, interval(r.count, r.qualifier));
    return 2 * g + (pv & 1);
  }

  /** Flow pair number `g` in the order flow pairs were first seen (what `add` returned, halved), as it is now. */
  flowPair(g: number): FlowPair {
    return readGroup(this.stored, g);
  }

  /** Adds `flow` to one direction of flow pair `g`, as `add` of bounds.ts does. */
  private addFlow(g: number, forward: boolean, flow: Interval): void {
    const shift = forward ? AB : BA;
    const at = 6 * g + (forward ? 2 : 4);
    const f = this.flags[g]!;
    const mine = (f >> shift) & SIDE;
    const bits = intervalBits(flow);
    if (mine & 1) {
      this.values[at] = this.values[at]! + flow.lo;
      this.values[at + 1] = this.values[at + 1]! + flow.hi;
      this.flags[g] = (f & ~(SIDE << shift)) | (sumBits(mine, bits) << shift);
    } else {
      this.values[at] = flow.lo;
      this.values[at + 1] = flow.hi;
      this.flags[g] = f | (bits << shift);
    }
  }

  /** A new pair, named in the order `a`, `b`; its number × 2. */
  private newPair(a: string, b: string): number {
    const p = this.places.length >> 1;
    this.places.push(a, b);
    this.groupsOf.push(new Map());
    this.link(a, b, 2 * p);
    if (b !== a) this.link(b, a, 2 * p + 1);
    return 2 * p;
  }

  private newSource(id: string): number {
    const s = this.sources.length;
    this.sourceIndex.set(id, s);
    this.sources.push(id);
    return s;
  }

  private link(from: string, to: string, v: number): void {
    let inner = this.byOrigin.get(from);
    if (!inner) this.byOrigin.set(from, (inner = new Map<string, number>()));
    inner.set(to, v);
  }

  /** The flow pair of pair `p` for source number `s` and a period, created empty when new. */
  private group(p: number, s: number, start: number, end: number | null): number {
    // Years are 1900-2100, so (start, end or open) fits below 2^22, and 2^22 * 2^30 sources < 2^53.
    const period = (start - 1800) * 1024 + (end === null ? 1023 : end - 1800);
    if (s >= 2 ** 30 || period < 0 || period >= 2 ** 22) {
      const long = `${p}\u0000${s}\u0000${start}\u0000${end}`;
      let g = this.overflow.get(long);
      if (g === undefined) this.overflow.set(long, (g = this.newGroup(p, s, start, end)));
      return g;
    }
    const key = period * 2 ** 30 + s;
    if (p === this.lastPair && key === this.lastKey) return this.lastGroup;
    const groups = this.groupsOf[p]!;
    let g = groups.get(key);
    if (g === undefined) groups.set(key, (g = this.newGroup(p, s, start, end)));
    this.lastPair = p;
    this.lastKey = key;
    this.lastGroup = g;
    return g;
  }

  private newGroup(p: number, s: number, start: number, end: number | null): number {
    const g = this.count++;
    if (g === this.flags.length) {
      const n = 2 * this.flags.length;
      const index = new Uint32Array(2 * n);
      index.set(this.index);
      const values = new Float64Array(6 * n);
      values.set(this.values);
      const flags = new Uint16Array(n);
      flags.set(this.flags);
      this.index = index;
      this.values = values;
      this.flags = flags;
    }
    this.index[2 * g] = p;
    this.index[2 * g + 1] = s;
    this.values[6 * g] = start;
    this.values[6 * g + 1] = end ?? 0;
    this.flags[g] = end === null ? OPEN : 0;
    return g;
  }

  /** The flow pairs as they are stored (in the order they were first seen). */
  private get stored(): FlowExport {
    return { places: this.places, sources: this.sources, count: this.count, index: this.index, values: this.values, flags: this.flags };
  }

  /** Flow pair numbers in `pairs()` order. */
  private order(): number[] {
    const e = this.stored;
    return Array.from({ length: this.count }, (_, i) => i).sort((x, y) => compareAt(e, x, e, y) || x - y);
  }

  /** The flow pairs in a stable order: pair, then period (single years ascending, multi-year, open-ended), then source. */
  pairs(): FlowPair[] {
    const e = this.stored;
    return this.order().map((g) => readGroup(e, g));
  }

  /** The accumulator's content in compact form, flow pairs in `pairs()` order (see `FlowExport`). */
  export(): FlowExport {
    const e = this.stored;
    const order = this.order();
    const out = allocExport(order.length, [...this.places], [...this.sources]);
    order.forEach((g, i) => {
      out.index[2 * i] = e.index[2 * g]!;
      out.index[2 * i + 1] = e.index[2 * g + 1]!;
      for (let q = 0; q < 6; q++) out.values[6 * i + q] = e.values[6 * g + q]!;
      out.flags[i] = e.flags[g]!;
    });
    return out;
  }

  /** An accumulator holding what `e` describes: rows can be added to it, or it can be merged. */
  static import(e: FlowExport): FlowAccumulator {
    const acc = new FlowAccumulator();
    for (let p = 0; 2 * p < e.places.length; p++) {
      const a = e.places[2 * p]!;
      const b = e.places[2 * p + 1]!;
      if (acc.byOrigin.get(a)?.get(b) !== undefined) throw new RangeError(`flow export names the pair ${a} / ${b} twice`);
      acc.newPair(a, b);
    }
    for (const id of e.sources) acc.newSource(id);
    for (let i = 0; i < e.count; i++) {
      const f = e.flags[i]!;
      const g = acc.group(e.index[2 * i]!, e.index[2 * i + 1]!, e.values[6 * i]!, periodEndAt(e, i));
      for (let q = 2; q < 6; q++) acc.values[6 * g + q] = e.values[6 * i + q]!;
      acc.flags[g] = f;
    }
    return acc;
  }
}

/** Groups rows into flow pairs (see `FlowAccumulator`). */
export function pairFlows(rows: readonly Visit[]): FlowPair[] {
  const acc = new FlowAccumulator();
  for (const r of rows) acc.add(r);
  return acc.pairs();
}

/**
 * The latest single year among flow pairs, given as objects or in the compact `FlowExport` form, or
 * `null` when there is none (a single year is a period that starts and ends in the same year).
 * @example latestSingleYear(pairFlows(FIGURES)) // => 2016
 * @example latestSingleYear([]) // => null
 */
export function latestSingleYear(flows: readonly FlowPair[] | FlowExport): number | null {
  let latest: number | null = null;
  const see = (start: number, end: number | null): void => {
    if (periodKind(start, end) === 0 && (latest === null || start > latest)) latest = start;
  };
  if ('count' in flows) for (let i = 0; i < flows.count; i++) see(flows.values[6 * i]!, periodEndAt(flows, i));
  else for (const g of flows) see(g.period_start, g.period_end);
  return latest;
}
