import { periodKind, type FlowPair } from '../analysis/flow-pair.js';
import { latestSingleYear } from '../analysis/flows.js';
import { TABLES } from '../analysis/table-registry.js';
import type { ChangeRow, CumulativeRow, RatioRow, ShareRow } from '../analysis/types.js';
import { PairIndex } from './groups.js';
import { LIMITS, pairKey } from './limits.js';

// The analysis rows the charts need, without the full tables: a chart draws at most `LIMITS.pairs`
// place pairs, the ones with the most travellers, so the tables are computed one place pair at a time in
// that order and only the rows a chart can draw are kept. Memory then stays that of a few pairs, whatever
// the number of pairs in the data (the full tables of 10^5 figures take over 100 MB).

/** The analysis rows of the place pairs the charts can draw, and how many pairs each table has in all. */
export interface ChartTables {
  readonly ratios: RatioRow[];
  readonly shares: ShareRow[];
  readonly changes: ChangeRow[];
  readonly cumulative: CumulativeRow[];
  /** Place pairs with rows in each full table, for the line "Showing … (of 180)". */
  readonly pairsInData: { readonly ratios: number; readonly shares: number; readonly changes: number };
}

/**
 * The analysis rows `buildCharts` needs to draw exactly what it draws from the full tables: for each
 * table, every row of the `LIMITS.pairs` place pairs with the most travellers that have rows in it (ties:
 * first appearance), and of the first pair in that order whose rows give the chart something to draw
 * (so a chart is skipped exactly when it would be with the full tables); rows keep the tables' order.
 * `endYear` defaults, as in the full cumulative table, to the latest single year of all `flowPairs`.
 * @example buildCharts({ visits, ...chartTables(pairFlows(visits), pairTraffic(visits)), sources, events }) // same specs as with the full tables
 */
export function chartTables(
  flowPairs: readonly FlowPair[],
  traffic: ReadonlyMap<string, number>,
  options: { endYear?: number } = {},
): ChartTables {
  const endYear = options.endYear ?? latestSingleYear(flowPairs) ?? undefined;
  // Flow pairs per place pair; `pairIndex` is the order of first appearance.
  const byPair = new Map<number, FlowPair[]>();
  for (const g of flowPairs) {
    const list = byPair.get(g.pairIndex);
    if (list) list.push(g);
    else byPair.set(g.pairIndex, [g]);
  }
  const volume = (list: readonly FlowPair[]) => traffic.get(pairKey(list[0]!.a, list[0]!.b)) ?? 0;
  const ranked = [...byPair.entries()].map(([index, list]) => ({ index, list, volume: volume(list) }));
  ranked.sort((x, y) => y.volume - x.volume || x.index - y.index);

  const any = () => true;
  const ratios = pick(
    ranked,
    (list) => TABLES.ratios.compute(list),
    any,
    (rows) => forwardRows(rows).some((r) => r.value !== null),
  );
  const shares = pick(
    ranked,
    (list) => TABLES.shares.compute(list),
    any,
    (rows) => rows.some((r) => r.value !== null),
  );
  const changes = pick(
    ranked,
    (list) => TABLES.changes.compute(list),
    twoSingleYears,
    (rows) => forwardRows(rows, (r) => r.series !== 'ratio').some((r) => r.percent_change !== null),
  );
  // The multi-year chart draws from the visits; its rows only give the averages of the pairs it draws.
  const cumulative = pick(
    ranked,
    (list) => TABLES.cumulative.compute(list, { endYear }),
    (list) => list.some((g) => periodKind(g.period_start, g.period_end) !== 0),
    any,
  );
  return {
    ratios: ratios.rows,
    shares: shares.rows,
    changes: changes.rows,
    cumulative: cumulative.rows,
    pairsInData: { ratios: ratios.pairs, shares: shares.pairs, changes: changes.pairs },
  };
}

/**
 * The rows of the first `LIMITS.pairs` place pairs (in `ranked` order) that have rows, and of the first
 * that `draws`; in the order of first appearance. Also how many place pairs have rows at all: `hasRows`
 * says so without computing them, once the rows kept are known.
 */
function pick<R>(
  ranked: readonly { index: number; list: readonly FlowPair[] }[],
  table: (list: readonly FlowPair[]) => readonly R[],
  hasRows: (list: readonly FlowPair[]) => boolean,
  draws: (rows: readonly R[]) => boolean,
): { rows: R[]; pairs: number } {
  const kept: { index: number; rows: readonly R[] }[] = [];
  let top = 0;
  let drawn = false;
  let pairs = 0;
  for (const p of ranked) {
    if (top >= LIMITS.pairs && drawn) {
      if (hasRows(p.list)) pairs++;
      continue;
    }
    const rows = table(p.list);
    if (rows.length === 0) continue;
    pairs++;
    const isTop = top < LIMITS.pairs;
    const isFirstDrawn = !drawn && draws(rows);
    if (isFirstDrawn) drawn = true;
    if (isTop) top++;
    if (isTop || isFirstDrawn) kept.push({ index: p.index, rows });
  }
  kept.sort((x, y) => x.index - y.index);
  return { rows: kept.flatMap((k) => k.rows), pairs };
}

/** Whether a place pair has changes rows: two single years with figures from one source. */
function twoSingleYears(list: readonly FlowPair[]): boolean {
  const seen = new Set<number>();
  for (const g of list) {
    if (periodKind(g.period_start, g.period_end) !== 0) continue;
    if (seen.has(g.sourceIndex)) return true;
    seen.add(g.sourceIndex);
  }
  return false;
}

/** The rows in their pair's first-named direction (the origin of its first row), and any `also` accepts. */
function forwardRows<R extends { origin: string; destination: string }>(rows: readonly R[], also: (r: R) => boolean = () => false): R[] {
  const pairs = new PairIndex();
  for (const r of rows) pairs.pair(r.origin, r.destination);
  return rows.filter((r) => also(r) || pairs.isForward(r.origin, r.destination));
}
