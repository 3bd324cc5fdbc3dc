// Merging the flow pairs two threads collected from consecutive parts of one file.
import { AB, allocExport, BA, compareAt, OPEN, SIDE, sumBits, type FlowExport } from './flow-export.js';

/** Sums of whole numbers that stay below 2^53 come out the same in any order. */
function exactSum(x: number, y: number): boolean {
  return x === Infinity || y === Infinity
    ? x >= 0 && y >= 0
    : Number.isSafeInteger(x) && Number.isSafeInteger(y) && x >= 0 && y >= 0 && Number.isSafeInteger(x + y);
}

/**
 * Merges the exports of two accumulators that read consecutive parts of one file, `first` the earlier:
 * the export of one accumulator reading the whole file. Pairs and sources new in `second` are numbered after
 * `first`'s, in `second`'s order; a pair `second` first saw the other way round is turned round; a flow pair
 * both saw is summed. Returns `null` when that cannot be guaranteed bit for bit: a group both parts saw whose
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
