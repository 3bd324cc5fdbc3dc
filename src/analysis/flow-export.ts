// The compact form of flow pairs (`FlowExport`): typed arrays that can be transferred between threads,
// and the readers that turn it back into `FlowPair` objects a list at a time.
import type { Interval } from './bounds.js';
import { periodKind, type FlowPair } from './flow-pair.js';

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

/** `FlowExport.flags`: the period is open-ended. */
export const OPEN = 1;
/** `FlowExport.flags`: where the a→b flow's bits start. */
export const AB = 1;
/** `FlowExport.flags`: where the b→a flow's bits start. */
export const BA = 7;
/** The bits of one interval. */
export const SIDE = 63;

/** A flow's bits in `FlowExport.flags` (unshifted). */
export function intervalBits(x: Interval): number {
  return 1 | (x.loKnown ? 2 : 0) | (x.hiKnown ? 4 : 0) | (x.approx ? 8 : 0) | (x.loOpen ? 16 : 0) | (x.hiOpen ? 32 : 0);
}

/** The bits of `add(a, b)` from those of `a` and `b`: ends known when known in both, approximate or open when in either. */
export function sumBits(a: number, b: number): number {
  return 1 | (a & b & 6) | ((a | b) & 56);
}

/** An export with room for `count` flow pairs (typed arrays zeroed). */
export function allocExport(count: number, places: string[], sources: string[]): FlowExport {
  return { places, sources, count, index: new Uint32Array(2 * count), values: new Float64Array(6 * count), flags: new Uint16Array(count) };
}

/** Flow pair `i`'s period end: the year, or `null` when the period is open-ended. */
export function periodEndAt(e: FlowExport, i: number): number | null {
  return e.flags[i]! & OPEN ? null : e.values[6 * i + 1]!;
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

/** Flow pair `i` of an export, as an object. */
export function readGroup(e: FlowExport, i: number): FlowPair {
  const pairIndex = e.index[2 * i]!;
  const sourceIndex = e.index[2 * i + 1]!;
  const f = e.flags[i]!;
  return {
    a: e.places[2 * pairIndex]!,
    b: e.places[2 * pairIndex + 1]!,
    source_id: e.sources[sourceIndex]!,
    period_start: e.values[6 * i]!,
    period_end: periodEndAt(e, i),
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

/** `comparePairs` on flow pairs held in exports. */
export function compareAt(x: FlowExport, i: number, y: FlowExport, j: number): number {
  const xs = x.values[6 * i]!;
  const ys = y.values[6 * j]!;
  const xe = periodEndAt(x, i);
  const ye = periodEndAt(y, j);
  return (
    x.index[2 * i]! - y.index[2 * j]! ||
    periodKind(xs, xe) - periodKind(ys, ye) ||
    xs - ys ||
    (xe ?? 0) - (ye ?? 0) ||
    x.index[2 * i + 1]! - y.index[2 * j + 1]!
  );
}
