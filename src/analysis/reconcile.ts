import type { Source, Visit } from '../dataset/types.js';
import { reconcileReasons as say } from '../messages.js';
import { DEFAULT_APPROX_TOLERANCE, figureBounds } from './figure-bounds.js';
import { lpSolver, type LpSolve } from './lp-solver.js';
import { endRanges, type EndRange } from './open-end.js';
import { SeriesModel, type PeriodSum, type SeriesFigure, type SumRange } from './reconcile-model.js';
import type { ConsistencyRow, FigureStatus, ImpliedRow } from './reconcile-tables.js';

/** Options of `reconcile`. */
export interface ReconcileOptions {
  /** The sources, for the dates open periods end by (`as_of`, else `published`). Without them open periods end in the latest year their source reports. */
  sources?: readonly Source[];
  /** Relative tolerance of an `approximately` figure (default 0.05: about n is n ± 5 %). */
  approxTolerance?: number;
  /** Pins the end year of every open period (`--end-year`). */
  endYear?: number;
  /** Called after each series with the number of figures reconciled so far (for a progress line). */
  onProgress?: (figures: number) => void;
}

/** What reconciliation found for one series (origin, destination, travellers). */
export interface SeriesResult {
  origin: string;
  destination: string;
  travelers: string;
  /** Number of figures in the series. */
  figures: number;
  /** Whether every figure of the series can hold together. */
  holds: boolean;
  /** Ids of the fewest figures set aside so that the rest hold (file order). */
  setAside: string[];
  /** One conflict per set-aside figure: the ids of a smallest set of figures that cannot all hold. */
  conflicts: string[][];
  /** For each source whose open periods may end in several years: the end years under which the figures kept cannot all hold. */
  contradictingEndYears: { source_id: string; years: number[] }[];
}

/** The result of `reconcile`: one consistency row per figure (file order), the implied intervals, and a summary per series. */
export interface Reconciliation {
  consistency: ConsistencyRow[];
  implied: ImpliedRow[];
  series: SeriesResult[];
  /** Whether every figure of every series can hold together (the command exits 0, else 3). */
  holds: boolean;
  /** The end year range of each source with an open period. */
  endRanges: Map<string, EndRange>;
  /** The tolerance used for `approximately` figures. */
  tolerance: number;
}

/**
 * Reconciles figures from several sources. Each figure bounds the sum of its series' unknown yearly
 * flows x_t ≥ 0 (a series is one origin, destination and kind of traveller) over its period:
 * exact n → Σx = n; at_least n → Σx ≥ n; more_than n → Σx ≥ n + 1; approximately n → Σx in
 * n × (1 ± tolerance), rounded inwards to whole people. An open period ("since 1992") ends in an
 * unknown year of its source's end range (see `endRanges`); all open periods of one source end in the
 * same year. Series are independent, and each is solved on its own (with HiGHS), so the work grows
 * linearly with their number. Per series it finds:
 * - whether all figures can hold;
 * - if not, the fewest figures to set aside (ties: set aside the figures later in the file, by the largest
 *   sum of row positions), and for each
 *   a conflict: a smallest set of figures that cannot all hold (deletion filter, in file order);
 * - a status per figure, from the interval the other figures (less those set aside) imply for its
 *   period: `redundant` when inside its own, `tightened` when the two overlap and the others narrow it,
 *   else `consistent`; `contradicted` when it lies in a conflict. For an open figure that interval is
 *   [least up to its last possible end year, most up to its first], so it is redundant when, whatever the
 *   flows, some end year in its range fits it;
 * - implied intervals for every reported period (an open one at each end year of its range), every
 *   stretch between consecutive boundaries of reported periods, and each multi-year period less the
 *   single years reported inside it (an open one to its unknown end year), each the union over the
 *   unknown end years of every source.
 * @example
 * const r = await reconcile(FIGURES, { sources: SOURCES });
 * r.holds // => true
 * r.implied.find((x) => x.travelers === 'South Kuril residents' && x.excluded_years === '2015 2016') // => { ..., lower: 8920, upper: 8920, ... }
 */
export async function reconcile(rows: readonly Visit[], options: ReconcileOptions = {}): Promise<Reconciliation> {
  const tolerance = options.approxTolerance ?? DEFAULT_APPROX_TOLERANCE;
  const ranges = endRanges(rows, options.sources ?? [], options.endYear);
  const solve = await lpSolver();
  const groups = new Map<string, Visit[]>();
  for (const r of rows) {
    const key = `${r.origin}\u0000${r.destination}\u0000${r.travelers}`;
    const g = groups.get(key);
    if (g) g.push(r);
    else groups.set(key, [r]);
  }
  const byId = new Map<string, ConsistencyRow>();
  const implied: ImpliedRow[] = [];
  const series: SeriesResult[] = [];
  let done = 0;
  for (const g of groups.values()) {
    const out = reconcileSeries(g, ranges, tolerance, solve);
    for (const c of out.consistency) byId.set(c.id, c);
    implied.push(...out.implied);
    series.push(out.summary);
    done += g.length;
    options.onProgress?.(done);
  }
  const consistency = rows.map((r) => byId.get(r.id)!);
  return { consistency, implied, series, holds: series.every((s) => s.holds), endRanges: ranges, tolerance };
}

function reconcileSeries(
  rows: readonly Visit[],
  ranges: ReadonlyMap<string, EndRange>,
  tolerance: number,
  solve: LpSolve,
): { consistency: ConsistencyRow[]; implied: ImpliedRow[]; summary: SeriesResult } {
  const figures: SeriesFigure[] = rows.map((r, k) => {
    const b = figureBounds(r.count, r.qualifier, tolerance);
    const range = ranges.get(r.source_id);
    const from = r.period_end === null ? Math.max(r.period_start, range?.from ?? r.period_start) : r.period_end;
    const to = r.period_end === null ? Math.max(from, range?.to ?? from) : r.period_end;
    return { k, id: r.id, start: r.period_start, end: r.period_end, lower: b.lower, upper: b.upper, source: r.source_id, from, to };
  });
  const { origin, destination, travelers } = rows[0]!;
  const fast = singleYearsOnly(figures);
  if (fast) return { ...fast.tables(rows, origin, destination, travelers), summary: summaryOf(rows[0]!, figures.length, [], [], []) };

  const model = new SeriesModel(figures, solve);
  const holds = model.feasible(figures);
  const aside = holds ? new Set<number>() : model.fewestSetAside(figures);
  const kept = figures.filter((f) => !aside.has(f.k));
  const conflictOf = new Map<number, Set<number>>();
  const conflicts: string[][] = [];
  for (const k of aside) {
    const members = model.conflict(figures[k]!, kept);
    conflicts.push(members.map((m) => m.id));
    for (const m of members) {
      const set = conflictOf.get(m.k) ?? new Set<number>();
      for (const o of members) if (o.k !== m.k) set.add(o.k);
      conflictOf.set(m.k, set);
    }
  }
  const badEnds = new Map<string, number[]>();
  for (const s of model.freeSources.keys()) {
    const years = model.contradictingEndYears(kept, s);
    if (years.length > 0) badEnds.set(s, years);
  }

  const consistency = figures.map((f): ConsistencyRow => {
    const r = rows[f.k]!;
    const others = kept.filter((g) => g.k !== f.k);
    const implied = impliedForFigure(model, others, f);
    const inConflict = conflictOf.get(f.k);
    const ids = inConflict ? [...inConflict].sort((a, b) => a - b).map((k) => figures[k]!.id) : [];
    const verdict = inConflict
      ? { status: 'contradicted' as const, reason: aside.has(f.k) ? say.setAside(ids) : say.conflictKept(ids) }
      : agreeing(f, implied);
    let reason = verdict.reason;
    if (f.end === null) reason += say.openEnd(f.from, f.to, ranges.get(f.source)?.basis ?? 'undated');
    const bad = f.end === null ? badEnds.get(f.source) : undefined;
    if (bad) reason += say.badEndYears(bad);
    return consistencyRow(f, r, { status: verdict.status, reason }, aside.has(f.k), implied, ids.join(' '));
  });

  const implied: ImpliedRow[] = [];
  for (const p of impliedPeriods(figures)) {
    const range = model.range(kept, p);
    if (!range) continue;
    implied.push({
      origin,
      destination,
      travelers,
      period_start: p.start,
      period_end: p.end,
      excluded_years: [...p.excluded].sort((a, b) => a - b).join(' '),
      lower: range.lower,
      upper: range.upper,
      basis: basisIds(range, figures),
    });
  }
  const summary = summaryOf(
    rows[0]!,
    figures.length,
    [...aside].sort((a, b) => a - b).map((k) => figures[k]!.id),
    conflicts,
    [...badEnds].map(([source_id, years]) => ({ source_id, years })),
  );
  return { consistency, implied, summary };
}

function summaryOf(
  r: Visit,
  n: number,
  setAside: string[],
  conflicts: string[][],
  contradictingEndYears: { source_id: string; years: number[] }[],
): SeriesResult {
  return {
    origin: r.origin,
    destination: r.destination,
    travelers: r.travelers,
    figures: n,
    holds: setAside.length === 0,
    setAside,
    conflicts,
    contradictingEndYears,
  };
}

/** The interval the other figures imply for a figure's period: least up to its last possible end year, most up to its first. */
function impliedForFigure(
  model: SeriesModel,
  others: readonly SeriesFigure[],
  f: SeriesFigure,
): { lower: number; upper: number | null } | null {
  if (others.length === 0) return { lower: 0, upper: null };
  const none = new Set<number>();
  const last = model.range(others, { start: f.start, end: f.end ?? f.to, excluded: none });
  if (!last) return null;
  if (f.end !== null || f.from === f.to) return { lower: last.lower, upper: last.upper };
  const first = model.range(others, { start: f.start, end: f.from, excluded: none });
  if (!first) return null;
  // Sums only grow with the end year: the figure holds for some end year when the least the others allow up to
  // its last end year reaches its lower bound and the most up to its first stays within its upper one. The two
  // may cross (lower above upper) when its end years span a long time.
  return { lower: last.lower, upper: first.upper };
}

function statusOf(f: SeriesFigure, implied: { lower: number; upper: number | null } | null): FigureStatus {
  if (!implied) return 'consistent';
  const hi = f.upper ?? Infinity;
  const ihi = implied.upper ?? Infinity;
  if (implied.lower >= f.lower && ihi <= hi) return 'redundant';
  const overlap = implied.lower <= hi && ihi >= f.lower;
  if (overlap && (implied.lower > f.lower || ihi < hi)) return 'tightened';
  return 'consistent';
}

/** The status of a figure in no conflict, and the reason that says why (`statusOf`). */
function agreeing(f: SeriesFigure, implied: { lower: number; upper: number | null } | null): { status: FigureStatus; reason: string } {
  const status = statusOf(f, implied);
  const reason =
    status === 'redundant' ? say.redundant(words(implied)) : status === 'tightened' ? say.tightened(words(implied)) : say.consistent();
  return { status, reason };
}

/** A figure's row of `consistency.csv`. */
function consistencyRow(
  f: SeriesFigure,
  r: Visit,
  { status, reason }: { status: FigureStatus; reason: string },
  setAside: boolean,
  implied: { lower: number; upper: number | null } | null,
  conflictsWith: string,
): ConsistencyRow {
  return {
    id: f.id,
    origin: r.origin,
    destination: r.destination,
    travelers: r.travelers,
    period_start: f.start,
    period_end: f.end,
    source_id: f.source,
    status,
    set_aside: setAside,
    reported_lower: f.lower,
    reported_upper: f.upper,
    implied_lower: implied?.lower ?? null,
    implied_upper: implied?.upper ?? null,
    conflicts_with: conflictsWith,
    reason,
  };
}

function words(i: { lower: number; upper: number | null } | null): string {
  return i ? say.interval(i.lower, i.upper) : '';
}

function basisIds(range: SumRange, figures: readonly SeriesFigure[]): string {
  return [...new Set([...range.lowerBasis, ...range.upperBasis])]
    .sort((a, b) => a - b)
    .map((k) => figures[k]!.id)
    .join(' ');
}

/**
 * The sums `implied.csv` reports for a series, in order of start, end (open last) and excluded years:
 * every reported period (an open one at every end year of its range); every stretch between consecutive
 * boundaries (period starts, the year after each closed end, the year after each open range); and every
 * multi-year period less the single years reported inside it (an open one to its unknown end year).
 */
export function impliedPeriods(figures: readonly SeriesFigure[]): PeriodSum[] {
  const out = new Map<string, PeriodSum>();
  const none = new Set<number>();
  const add = (p: PeriodSum): void => {
    const key = `${p.start}|${p.end ?? ''}|${p.source ?? ''}|${[...p.excluded].sort((a, b) => a - b).join(' ')}`;
    if (!out.has(key)) out.set(key, p);
  };
  for (const f of figures) {
    if (f.end !== null) add({ start: f.start, end: f.end, excluded: none });
    else for (let e = f.from; e <= f.to; e++) add({ start: f.start, end: e, excluded: none });
  }
  const bounds = new Set<number>();
  for (const f of figures) {
    bounds.add(f.start);
    bounds.add((f.end ?? f.to) + 1);
  }
  const sorted = [...bounds].sort((a, b) => a - b);
  for (let i = 0; i + 1 < sorted.length; i++) add({ start: sorted[i]!, end: sorted[i + 1]! - 1, excluded: none });
  const singles = [...new Set(figures.filter((f) => f.end === f.start).map((f) => f.start))];
  const closedSingles = new Set<string>(figures.filter((f) => f.end === f.start).map((f) => `${f.source}|${f.start}`));
  const linked = new Set<string>();
  for (const f of figures) {
    if (f.end === f.start) continue;
    const last = f.end ?? f.to;
    const inside = new Set(singles.filter((y) => y >= f.start && y <= last));
    if (inside.size === 0) continue;
    if (f.end !== null) add({ start: f.start, end: f.end, excluded: inside });
    else {
      // An open total less the single years inside it runs to its own source's unknown end year. The table has no
      // source column, so only a source that itself reports one of those single years gets the row (its own
      // "years without a yearly figure"), and only the first such source for the same start and years.
      const key = `${f.start}|${[...inside].sort((a, b) => a - b).join(' ')}`;
      if (linked.has(key) || ![...inside].some((y) => closedSingles.has(`${f.source}|${y}`))) continue;
      linked.add(key);
      add({ start: f.start, end: null, excluded: inside, source: f.source });
    }
  }
  return [...out.values()].sort(
    (a, b) =>
      a.start - b.start ||
      (a.end ?? Infinity) - (b.end ?? Infinity) ||
      a.excluded.size - b.excluded.size ||
      (a.source ?? '').localeCompare(b.source ?? ''),
  );
}

/**
 * The closed form for a series whose figures are all single years that agree within each year (most rows of
 * a large file): each year's interval is the intersection of its figures' intervals, and years without a figure
 * are unbounded. Gives the same statuses and intervals as the solver. `null` when it does not apply.
 */
function singleYearsOnly(figures: readonly SeriesFigure[]): {
  tables: (
    rows: readonly Visit[],
    origin: string,
    destination: string,
    travelers: string,
  ) => { consistency: ConsistencyRow[]; implied: ImpliedRow[] };
} | null {
  const byYear = new Map<number, SeriesFigure[]>();
  for (const f of figures) {
    if (f.end !== f.start) return null;
    const list = byYear.get(f.start);
    if (list) list.push(f);
    else byYear.set(f.start, [f]);
  }
  const meet = (list: readonly SeriesFigure[]): { lower: number; upper: number | null } => {
    let lower = 0;
    let upper: number | null = null;
    for (const f of list) {
      lower = Math.max(lower, f.lower);
      if (f.upper !== null) upper = upper === null ? f.upper : Math.min(upper, f.upper);
    }
    return { lower, upper };
  };
  for (const list of byYear.values()) {
    const m = meet(list);
    if (m.upper !== null && m.lower > m.upper) return null;
  }
  return {
    tables: (rows, origin, destination, travelers) => {
      const consistency = figures.map((f): ConsistencyRow => {
        const r = rows[f.k]!;
        const implied = meet(byYear.get(f.start)!.filter((g) => g.k !== f.k));
        return consistencyRow(f, r, agreeing(f, implied), false, implied, '');
      });
      const implied: ImpliedRow[] = [];
      for (const p of impliedPeriods(figures)) {
        const list = p.start === p.end ? byYear.get(p.start) : undefined;
        const m = list ? meet(list) : { lower: 0, upper: null };
        const basis = list
          ? list.filter((f) => (m.lower > 0 && f.lower === m.lower) || (m.upper !== null && f.upper === m.upper)).map((f) => f.id)
          : [];
        implied.push({
          origin,
          destination,
          travelers,
          period_start: p.start,
          period_end: p.end,
          excluded_years: '',
          lower: m.lower,
          upper: m.upper,
          basis: basis.join(' '),
        });
      }
      return { consistency, implied };
    },
  };
}
