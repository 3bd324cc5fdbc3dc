import { qualifierOf } from '../analysis/bounds.js';
import { FlowAccumulator } from '../analysis/flows.js';
import { pairKey } from '../dataset/pair-key.js';
import type { Qualifier, Visit } from '../dataset/types.js';

// How charts split data into panels: one place pair (and source) per panel, the pair's directions
// in the order the data first names them, so colours and stacking order follow the data.

/** A pair of places, `a` the origin of the first row that names the pair. */
export interface PlacePair {
  readonly a: string;
  readonly b: string;
  /** Position among pairs, in order of first appearance. */
  readonly index: number;
}

/** Assigns rows to place pairs in order of first appearance (either direction names the pair). */
export class PairIndex {
  private readonly byKey = new Map<string, PlacePair>();

  /** The pair of an origin and destination, created on first sight. */
  pair(origin: string, destination: string): PlacePair {
    const key = pairKey(origin, destination);
    let p = this.byKey.get(key);
    if (!p) {
      p = { a: origin, b: destination, index: this.byKey.size };
      this.byKey.set(key, p);
    }
    return p;
  }

  /** Whether origin → destination is the pair's first-named direction (a → b). */
  isForward(origin: string, destination: string): boolean {
    return this.pair(origin, destination).a === origin;
  }

  get size(): number {
    return this.byKey.size;
  }
}

/** One direction's figure for one period and source: the sum of its rows (one per kind of traveller). */
export interface DirectionTotal {
  readonly pair: PlacePair;
  readonly forward: boolean;
  readonly origin: string;
  readonly destination: string;
  readonly source_id: string;
  readonly period_start: number;
  readonly period_end: number | null;
  readonly count: number;
  readonly qualifier: Qualifier;
  /** Who travelled, as worded, joined with "; " when several rows were added. */
  readonly travelers: string;
}

/**
 * Each direction's figure per pair, period and source, in order of first appearance. The sums and their
 * qualifiers are the analysis's flow pairs (`FlowAccumulator`, the qualifier read back by `qualifierOf`),
 * so a chart and the tables add figures by one rule; this adds who travelled, in the data's words.
 */
export function directionTotals(visits: readonly Visit[], pairs = new PairIndex()): DirectionTotal[] {
  const acc = new FlowAccumulator();
  // Flow pair × 2 + direction → its first row and who travelled, in order of first appearance.
  const seen = new Map<number, { first: Visit; travelers: string[] }>();
  for (const v of visits) {
    const at = acc.add(v);
    const d = seen.get(at);
    if (!d) seen.set(at, { first: v, travelers: [v.travelers] });
    else if (!d.travelers.includes(v.travelers)) d.travelers.push(v.travelers);
  }
  return [...seen].map(([at, { first, travelers }]) => {
    const flows = acc.flowPair(at >> 1);
    const sum = (at & 1 ? flows.ba : flows.ab)!;
    const pair = pairs.pair(first.origin, first.destination);
    return {
      pair,
      forward: pair.a === first.origin,
      origin: first.origin,
      destination: first.destination,
      source_id: first.source_id,
      period_start: first.period_start,
      period_end: first.period_end,
      count: sum.lo,
      qualifier: qualifierOf(sum),
      travelers: travelers.join('; '),
    };
  });
}

/**
 * Splits items into panels, one per place pair and source, in order of first appearance.
 * `label` is the pair (`A ↔ B`), with the source id added when the pair has figures from several sources.
 */
export function panelsBy<T>(
  items: readonly T[],
  pairOf: (t: T) => PlacePair,
  sourceOf: (t: T) => string,
): { pair: PlacePair; source_id: string; items: T[]; multiSource: boolean }[] {
  const out = new Map<string, { pair: PlacePair; source_id: string; items: T[]; multiSource: boolean }>();
  const sourcesPerPair = new Map<number, Set<string>>();
  for (const t of items) {
    const pair = pairOf(t);
    const source_id = sourceOf(t);
    const key = `${pair.index}\u0000${source_id}`;
    const g = out.get(key);
    if (g) g.items.push(t);
    else out.set(key, { pair, source_id, items: [t], multiSource: false });
    let set = sourcesPerPair.get(pair.index);
    if (!set) sourcesPerPair.set(pair.index, (set = new Set()));
    set.add(source_id);
  }
  const list = [...out.values()].sort((x, y) => x.pair.index - y.pair.index);
  for (const g of list) g.multiSource = (sourcesPerPair.get(g.pair.index)?.size ?? 0) > 1;
  return list;
}
