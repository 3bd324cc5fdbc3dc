import type { Visit } from '../dataset/types.js';
import { interval, type Interval } from './bounds.js';

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
 * A `FlowAccumulator`'s content in a compact form that can be sent to or from a worker thread
 * (its typed arrays can be transferred): pairs and sources in order of first appearance, and the
 * flow pairs in `pairs()` order, one entry per flow pair in the typed arrays.
 */
export interface FlowExport {
  /** The places of each pair, in the order the data first names them: a₀, b₀, a₁, b₁, … */
  places: string[];
  /** Source ids in order of first appearance. */
  sources: string[];
  /** Number of flow pairs. */
  count: number;
  /** Per flow pair: pair number, source number. */
  index: Uint32Array;
  /** Per flow pair: period_start, period_end (0 when open), ab.lo, ab.hi, ba.lo, ba.hi. */
  values: Float64Array;
  /**
   * Per flow pair, bits: 1 open period; from bit 1 for ab and from bit 7 for ba, six bits each: present,
   * lo known, hi known, approximate, lo open, hi open.
   */
  flags: Uint16Array;
}

const OPEN = 1;
const AB = 1;
const BA = 7;
/** The bits of one interval. */
const SIDE = 63;

/** A flow's bits in `FlowExport.flags` (unshifted). */
function intervalBits(x: Interval): number {
  return 1 | (x.loKnown ? 2 : 0) | (x.hiKnown ? 4 : 0) | (x.approx ? 8 : 0) | (x.loOpen ? 16 : 0) | (x.hiOpen ? 32 : 0);
}

/** The bits of `add(a, b)` from those of `a` and `b`: ends known when known in both, approximate or open when in either. */
function sumBits(a: number, b: number): number {
  return 1 | (a & b & 6) | ((a | b) & 56);
}

/**
 * Collects rows into flow pairs one row at a time, so a file can be aggregated while it streams
 * in, without keeping its rows: memory grows with the number of pairs × periods × sources only, and
 * the flow pairs are kept in typed arrays (the `FlowExport` layout), not as objects.
 * Two accumulators that saw consecutive parts of one file merge (`merge`) into the one that would
 * have seen the whole file; `export` and `FlowAccumulator.import` carry one across threads.
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

  /** Adds one row's flow to its group. */
  add(r: Visit): void {
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

  /**
   * Adds what `other` collected from the rows that come after this one's in the same file: the result is
   * what one accumulator reading both parts in turn holds. Pairs and sources new in `other` are numbered after
   * this one's, in `other`'s order; a pair `other` first saw the other way round is turned round; a group both
   * saw is summed. (Sums are the same as adding row by row as long as they stay below 2^53.)
   */
  merge(other: FlowAccumulator): this {
    const sources = other.sources.map((id) => this.sourceIndex.get(id) ?? this.newSource(id));
    const pairs: number[] = [];
    for (let p = 0; 2 * p < other.places.length; p++) {
      const a = other.places[2 * p]!;
      const b = other.places[2 * p + 1]!;
      pairs.push(this.byOrigin.get(a)?.get(b) ?? this.newPair(a, b));
    }
    const e = other.stored;
    for (let k = 0; k < other.count; k++) {
      const pv = pairs[e.index[2 * k]!]!;
      const x = readGroup(e, k);
      const g = this.group(pv >> 1, sources[e.index[2 * k + 1]!]!, x.period_start, x.period_end);
      const forward = (pv & 1) === 0;
      if (x.ab) this.addFlow(g, forward, x.ab);
      if (x.ba) this.addFlow(g, !forward, x.ba);
    }
    return this;
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
      const g = acc.group(e.index[2 * i]!, e.index[2 * i + 1]!, e.values[6 * i]!, f & OPEN ? null : e.values[6 * i + 1]!);
      for (let q = 2; q < 6; q++) acc.values[6 * g + q] = e.values[6 * i + q]!;
      acc.flags[g] = f;
    }
    return acc;
  }
}

function allocExport(count: number, places: string[], sources: string[]): FlowExport {
  return { places, sources, count, index: new Uint32Array(2 * count), values: new Float64Array(6 * count), flags: new Uint16Array(count) };
}

function readInterval(e: FlowExport, i: number, shift: number, bits: number): Interval | null {
  if (!(bits & 1)) return null;
  return {
    lo: e.values[6 * i + 2 * shift]!,
    hi: e.values[6 * i + 2 * shift + 1]!,
    loKnown: (bits & 2) !== 0,
    hiKnown: (bits & 4) !== 0,
    approx: (bits & 8) !== 0,
    loOpen: (bits & 16) !== 0,
    hiOpen: (bits & 32) !== 0,
  };
}

function readGroup(e: FlowExport, i: number): FlowPair {
  const pairIndex = e.index[2 * i]!;
  const sourceIndex = e.index[2 * i + 1]!;
  const f = e.flags[i]!;
  return {
    a: e.places[2 * pairIndex]!,
    b: e.places[2 * pairIndex + 1]!,
    source_id: e.sources[sourceIndex]!,
    period_start: e.values[6 * i]!,
    period_end: f & OPEN ? null : e.values[6 * i + 1]!,
    ab: readInterval(e, i, 1, (f >> AB) & SIDE),
    ba: readInterval(e, i, 2, (f >> BA) & SIDE),
    pairIndex,
    sourceIndex,
  };
}

/**
 * The flow pairs of an export in order, a list at a time; each list ends with a pair's last flow pair
 * (so it holds whole pairs), and has about `size` of them. Every table built from flow pairs (ratios,
 * shares, changes, cumulative with its end year given) is the same built list by list and concatenated.
 */
export function* flowPairChunks(e: FlowExport, size = 4096): Generator<FlowPair[]> {
  let i = 0;
  while (i < e.count) {
    let end = Math.min(e.count, i + size);
    while (end < e.count && e.index[2 * end] === e.index[2 * end - 2]) end++;
    const chunk = new Array<FlowPair>(end - i);
    for (let k = i; k < end; k++) chunk[k - i] = readGroup(e, k);
    yield chunk;
    i = end;
  }
}

/** Flow pairs `from` to `to` (not included) of an export, as an export of their own (its typed arrays are copies). */
export function sliceFlows(e: FlowExport, from: number, to: number): FlowExport {
  return {
    places: e.places,
    sources: e.sources,
    count: to - from,
    index: e.index.slice(2 * from, 2 * to),
    values: e.values.slice(6 * from, 6 * to),
    flags: e.flags.slice(from, to),
  };
}

/** The flow pairs of an export, in order. */
export function flowPairsOf(e: FlowExport): FlowPair[] {
  const out = new Array<FlowPair>(e.count);
  for (let i = 0; i < e.count; i++) out[i] = readGroup(e, i);
  return out;
}

/** The latest single year among an export's flow pairs (see `latestSingleYear`). */
export function latestSingleYearOf(e: FlowExport): number | null {
  let latest: number | null = null;
  for (let i = 0; i < e.count; i++) {
    const start = e.values[6 * i]!;
    if (!(e.flags[i]! & OPEN) && e.values[6 * i + 1] === start && (latest === null || start > latest)) latest = start;
  }
  return latest;
}

/** Sums of whole numbers that stay below 2^53 come out the same in any order. */
function exactSum(x: number, y: number): boolean {
  return x === Infinity || y === Infinity
    ? x >= 0 && y >= 0
    : Number.isSafeInteger(x) && Number.isSafeInteger(y) && x >= 0 && y >= 0 && Number.isSafeInteger(x + y);
}

/**
 * Merges the exports of two accumulators that read consecutive parts of one file, `first` the earlier:
 * the export of one accumulator reading the whole file (as `FlowAccumulator.merge`, without building
 * objects). Returns `null` when that cannot be guaranteed bit for bit: a group both parts saw whose
 * sums are not whole numbers below 2^53, or periods that do not order (never for validated rows).
 */
export function mergeFlowExports(first: FlowExport, second: FlowExport): FlowExport | null {
  // Sources and pairs of `second`, renumbered: first's numbers, then new ones in second's order.
  const sourceOf = new Map<string, number>();
  first.sources.forEach((id, s) => sourceOf.set(id, s));
  const sources = [...first.sources];
  const sourceMap = second.sources.map((id) => {
    let s = sourceOf.get(id);
    if (s === undefined) {
      sourceOf.set(id, (s = sources.length));
      sources.push(id);
    }
    return s;
  });
  const pairOf = new Map<string, Map<string, number>>(); // a → b → pair number × 2 (+1 when seen the other way)
  const link = (a: string, b: string, v: number): void => {
    let inner = pairOf.get(a);
    if (!inner) pairOf.set(a, (inner = new Map<string, number>()));
    inner.set(b, v);
  };
  const places = [...first.places];
  for (let p = 0; p * 2 < first.places.length; p++) {
    const a = first.places[2 * p]!;
    const b = first.places[2 * p + 1]!;
    link(a, b, 2 * p);
    if (a !== b) link(b, a, 2 * p + 1);
  }
  const pairMap: number[] = [];
  for (let p = 0; p * 2 < second.places.length; p++) {
    const a = second.places[2 * p]!;
    const b = second.places[2 * p + 1]!;
    let v = pairOf.get(a)?.get(b);
    if (v === undefined) {
      v = places.length; // (places.length / 2) * 2
      places.push(a, b);
      link(a, b, v);
      if (a !== b) link(b, a, v + 1);
    }
    pairMap[p] = v;
  }
  // Second's flow pairs with the new numbers (turned round where needed), then sorted.
  const n2 = second.count;
  const moved = allocExport(n2, places, sources);
  for (let i = 0; i < n2; i++) {
    const v = pairMap[second.index[2 * i]!]!;
    moved.index[2 * i] = v >> 1;
    moved.index[2 * i + 1] = sourceMap[second.index[2 * i + 1]!]!;
    const f = second.flags[i]!;
    for (let k = 0; k < 6; k++) moved.values[6 * i + k] = second.values[6 * i + k]!;
    if (v & 1) {
      moved.values[6 * i + 2] = second.values[6 * i + 4]!;
      moved.values[6 * i + 3] = second.values[6 * i + 5]!;
      moved.values[6 * i + 4] = second.values[6 * i + 2]!;
      moved.values[6 * i + 5] = second.values[6 * i + 3]!;
      moved.flags[i] = (f & OPEN) | (((f >> BA) & SIDE) << AB) | (((f >> AB) & SIDE) << BA);
    } else {
      moved.flags[i] = f;
    }
  }
  for (let i = 0; i < n2 * 6; i++) if (Number.isNaN(moved.values[i])) return null;
  for (let i = 0; i < first.count * 6; i++) if (Number.isNaN(first.values[i])) return null;
  const order = Array.from({ length: n2 }, (_, i) => i);
  // Usually still in order: only pairs the first part saw too move ahead of the rest, and they come first.
  let sorted = true;
  for (let i = 1; i < n2 && sorted; i++) sorted = compareAt(moved, i - 1, moved, i) < 0;
  if (!sorted) order.sort((x, y) => compareAt(moved, x, moved, y));
  // Both lists are in order now: merge them, summing a flow pair present in both.
  const out = allocExport(first.count + n2, places, sources);
  let i = 0;
  let j = 0;
  let n = 0;
  const copy = (src: FlowExport, k: number): void => {
    out.index[2 * n] = src.index[2 * k]!;
    out.index[2 * n + 1] = src.index[2 * k + 1]!;
    for (let q = 0; q < 6; q++) out.values[6 * n + q] = src.values[6 * k + q]!;
    out.flags[n] = src.flags[k]!;
  };
  while (i < first.count || j < n2) {
    const c = i >= first.count ? 1 : j >= n2 ? -1 : compareAt(first, i, moved, order[j]!);
    if (c < 0) copy(first, i++);
    else if (c > 0) copy(moved, order[j++]!);
    else {
      const k = order[j++]!;
      copy(first, i++);
      let f = out.flags[n]!;
      for (const [bit, at] of [
        [AB, 2],
        [BA, 4],
      ] as const) {
        const mine = (f >> bit) & SIDE;
        const theirs = (moved.flags[k]! >> bit) & SIDE;
        if (!(theirs & 1)) continue;
        const lo = moved.values[6 * k + at]!;
        const hi = moved.values[6 * k + at + 1]!;
        if (!(mine & 1)) {
          out.values[6 * n + at] = lo;
          out.values[6 * n + at + 1] = hi;
          f = (f & ~(SIDE << bit)) | (theirs << bit);
          continue;
        }
        const myLo = out.values[6 * n + at]!;
        const myHi = out.values[6 * n + at + 1]!;
        if (!exactSum(myLo, lo) || !exactSum(myHi, hi)) return null;
        out.values[6 * n + at] = myLo + lo;
        out.values[6 * n + at + 1] = myHi + hi;
        f = (f & ~(SIDE << bit)) | (sumBits(mine, theirs) << bit);
      }
      out.flags[n] = f;
    }
    n++;
  }
  return n === out.count
    ? out
    : { ...out, count: n, index: out.index.slice(0, 2 * n), values: out.values.slice(0, 6 * n), flags: out.flags.slice(0, n) };
}

/** `comparePairs` on flow pairs held in exports. */
function compareAt(x: FlowExport, i: number, y: FlowExport, j: number): number {
  const xs = x.values[6 * i]!;
  const ys = y.values[6 * j]!;
  const xe = x.flags[i]! & OPEN ? null : x.values[6 * i + 1]!;
  const ye = y.flags[j]! & OPEN ? null : y.values[6 * j + 1]!;
  return (
    x.index[2 * i]! - y.index[2 * j]! ||
    periodKind(xs, xe) - periodKind(ys, ye) ||
    xs - ys ||
    (xe ?? 0) - (ye ?? 0) ||
    x.index[2 * i + 1]! - y.index[2 * j + 1]!
  );
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
