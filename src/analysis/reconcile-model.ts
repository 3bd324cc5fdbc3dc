import type { LpResult, LpSolve } from './lp-solver.js';

/**
 * One figure of a series, as a constraint on the series' unknown yearly flows x_t ≥ 0:
 * lower ≤ Σ x_t over its period ≤ upper (`upper` null: no upper bound). An open period runs from
 * `start` to an end year E of its source, from..to (the source's end range); a closed one to `end`.
 */
export interface SeriesFigure {
  /** Position in the series, in file order. */
  k: number;
  id: string;
  start: number;
  /** Last year, or `null` for an open period. */
  end: number | null;
  lower: number;
  upper: number | null;
  source: string;
  /** For an open period: the years it may end in (its source's end range, never before `start`). */
  from: number;
  to: number;
}

/** A sum of yearly flows to optimise: years `start`..`end` less `excluded`; `end` null runs to `source`'s unknown end year. */
export interface PeriodSum {
  start: number;
  end: number | null;
  excluded: ReadonlySet<number>;
  /** For `end: null`: whose end year the period runs to. */
  source?: string;
}

/** The least and the most a sum can be, and the figures whose constraints set each (`upper` null: unbounded). */
export interface SumRange {
  lower: number;
  upper: number | null;
  lowerBasis: number[];
  upperBasis: number[];
}

/**
 * The feasibility and bounding problems of one series (origin, destination, travellers), written as
 * CPLEX LP text for HiGHS. Variables: `x<year>` ≥ 0 the yearly flows; `y<s>_<year>` binaries choosing
 * the end year of source s's open periods when its end range has more than one year; `z<k>` binaries
 * setting figure k aside. Constraints switched off by a binary use a big M larger than any sum a
 * vertex of the problem can reach (twice the sum of every finite bound, plus 1).
 */
export class SeriesModel {
  readonly figures: readonly SeriesFigure[];
  private readonly solve: LpSolve;
  private readonly first: number;
  private readonly last: number;
  /** Sources whose open periods have more than one possible end year, with their ranges. */
  readonly freeSources: Map<string, { from: number; to: number; index: number }>;
  private readonly bigM: number;
  private readonly total: number;
  private readonly cap: number;

  constructor(figures: readonly SeriesFigure[], solve: LpSolve) {
    this.figures = figures;
    this.solve = solve;
    this.first = Math.min(...figures.map((f) => f.start));
    this.last = Math.max(...figures.map((f) => (f.end === null ? f.to : f.end)));
    this.freeSources = new Map();
    // A source's open periods need an end year chosen only when one of its open figures has an upper bound:
    // sums grow with the end year, so lower bounds alone all hold when they hold at the last possible year.
    for (const f of figures) {
      if (f.end === null && f.upper !== null && f.to > f.from && !this.freeSources.has(f.source))
        this.freeSources.set(f.source, { from: f.from, to: f.to, index: this.freeSources.size });
    }
    const total = figures.reduce((s, f) => s + f.lower + (f.upper ?? 0), 0);
    this.total = total;
    this.bigM = 2 * total + 1;
    this.cap = 2 * this.bigM;
  }

  /**
   * Every choice of end years of the free sources not in `fixed` (with `fixed`), when there are at most
   * `MAX_SCENARIOS`: then each problem is solved as a few linear programs instead of one mixed-integer
   * program, which HiGHS solves about ten times slower at this size. `null` when there are more.
   */
  private scenarios(fixed: ReadonlyMap<string, number> = new Map()): Map<string, number>[] | null {
    let out: Map<string, number>[] = [new Map(fixed)];
    for (const [s, { from, to }] of this.freeSources) {
      if (fixed.has(s)) continue;
      if (out.length * (to - from + 1) > MAX_SCENARIOS) return null;
      out = out.flatMap((m) => range(from, to).map((e) => new Map([...m, [s, e]])));
    }
    return out;
  }

  /** Whether the figures `active` can all hold, with the end years in `fixed` when given. */
  feasible(active: readonly SeriesFigure[], fixed: ReadonlyMap<string, number> = new Map()): boolean {
    const scenarios = this.scenarios(fixed);
    if (scenarios) return scenarios.some((m) => this.solve(this.text(active, { fixed: m })).status === 'optimal');
    return this.solve(this.text(active, { fixed })).status === 'optimal';
  }

  /**
   * The fewest figures of `active` to set aside so that the rest can hold, as positions `k`, from one
   * mixed-integer program. Ties are broken towards setting aside figures that come later in the file: each
   * set-aside figure costs W + (n − 1 − k), with W larger than the sum of every (n − 1 − k), so the count comes
   * first and then the largest sum of row positions; any tie left is resolved the same way on every run.
   */
  fewestSetAside(active: readonly SeriesFigure[]): Set<number> {
    const n = this.figures.length;
    const weights = new Map(active.map((f) => [f.k, (n * (n - 1)) / 2 + 1 + (n - 1 - f.k)]));
    const best = this.solve(this.text(active, { relax: new Set(active.map((f) => f.k)), weights }));
    if (best.status !== 'optimal') throw new Error('HiGHS: setting figures aside found no solution');
    return new Set(active.filter((f) => (best.values.get(`z${f.k}`) ?? 0) > 0.5).map((f) => f.k));
  }

  /**
   * A smallest set of figures that cannot hold together and contains `f`, from `f` and `others`
   * (which must hold without `f`): the deletion filter, trying to drop the others in file order.
   */
  conflict(f: SeriesFigure, others: readonly SeriesFigure[]): SeriesFigure[] {
    let members = [...others, f].sort((a, b) => a.k - b.k);
    for (const g of others) {
      const without = members.filter((m) => m.k !== g.k);
      if (!this.feasible(without)) members = without;
    }
    return members;
  }

  /** The end years of a free source under which the figures `active` cannot all hold. */
  contradictingEndYears(active: readonly SeriesFigure[], source: string): number[] {
    const range = this.freeSources.get(source);
    if (!range) return [];
    const out: number[] = [];
    for (let e = range.from; e <= range.to; e++) if (!this.feasible(active, new Map([[source, e]]))) out.push(e);
    return out;
  }

  /**
   * The least and the most `sum` can be while the figures `active` all hold, over every end year their
   * open periods may have (the union over unknown end years), with the figures that bind at each end.
   * `null` when `active` cannot hold.
   */
  range(active: readonly SeriesFigure[], sum: PeriodSum): SumRange | null {
    const lo = this.optimise(active, sum, 'min');
    if (!lo) return null;
    const hi = this.optimise(active, sum, 'max');
    if (!hi) return null;
    // A bounded optimum is at a vertex, where no sum exceeds the sum of every finite bound: anything above
    // comes from the cap or a switched-off constraint, so the sum has no upper bound.
    const unbounded = hi.value > this.total;
    return { lower: lo.value, upper: unbounded ? null : hi.value, lowerBasis: lo.basis, upperBasis: unbounded ? [] : hi.basis };
  }

  private optimise(active: readonly SeriesFigure[], sum: PeriodSum, sense: 'min' | 'max'): { value: number; basis: number[] } | null {
    const scenarios = this.scenarios();
    if (scenarios) {
      // The best over every choice of end years (the first such choice on ties).
      let best: LpResult | null = null;
      for (const fixed of scenarios) {
        const r = this.solve(this.text(active, { objective: sum, sense, fixed }));
        if (r.status !== 'optimal') continue;
        if (!best || (sense === 'min' ? r.objective < best.objective - 0.5 : r.objective > best.objective + 0.5)) best = r;
      }
      return best ? { value: tidy(best.objective), basis: basisOf(best.duals) } : null;
    }
    const r = this.solve(this.text(active, { objective: sum, sense }));
    if (r.status !== 'optimal') return null;
    const value = tidy(r.objective);
    // Which figures set the optimum: rows with a non-zero dual in the linear program with every end year fixed
    // at the optimum's (a mixed-integer program has no duals).
    let duals = r.duals;
    if (this.freeSources.size > 0) {
      const fixed = new Map<string, number>();
      for (const [s, { from, to, index }] of this.freeSources) {
        for (let e = from; e <= to; e++) if ((r.values.get(`y${index}_${e}`) ?? 0) > 0.5) fixed.set(s, e);
      }
      const lp = this.solve(this.text(active, { objective: sum, sense, fixed }));
      duals = lp.status === 'optimal' ? lp.duals : new Map<string, number>();
    }
    return { value, basis: basisOf(duals) };
  }

  /** The CPLEX LP text of one problem. */
  private text(
    active: readonly SeriesFigure[],
    o: {
      fixed?: ReadonlyMap<string, number>;
      relax?: ReadonlySet<number>;
      /** Minimise the weighted number of figures set aside (`z<k>` × weight). */
      weights?: ReadonlyMap<number, number>;
      objective?: PeriodSum;
      sense?: 'min' | 'max';
    },
  ): string {
    const M = this.bigM;
    const rows: string[] = [];
    const binaries: string[] = [];
    const fixed = o.fixed ?? new Map<string, number>();
    const free = new Map([...this.freeSources].filter(([s]) => !fixed.has(s)));
    const yName = (s: string, e: number): string => `y${this.freeSources.get(s)!.index}_${e}`;
    for (const [s, { from, to }] of free) {
      const ys: string[] = [];
      for (let e = from; e <= to; e++) ys.push(yName(s, e));
      binaries.push(...ys);
      rows.push(` e${this.freeSources.get(s)!.index}: ${ys.join(' + ')} = 1`);
    }
    const relaxed: string[] = [];
    for (const f of active) {
      const z = o.relax?.has(f.k) ? `z${f.k}` : null;
      if (z) relaxed.push(z);
      const ends =
        f.end !== null ? [f.end] : fixed.has(f.source) ? [fixed.get(f.source)!] : free.has(f.source) ? range(f.from, f.to) : [f.to];
      const chosen = ends.length > 1;
      for (const e of ends) {
        const sum = years(f.start, Math.max(f.start, e), new Set());
        const tag = chosen ? `${f.k}_${e}` : `${f.k}`;
        const y = chosen ? yName(f.source, e) : null;
        if (f.lower > 0) {
          // Σx ≥ lower, switched off by y = 0 (another end year) or z = 1 (set aside).
          let row = ` l${tag}: ${sum}`;
          let rhs = f.lower;
          if (y) {
            row += ` - ${M} ${y}`;
            rhs -= M;
          }
          if (z) row += ` + ${f.lower} ${z}`;
          rows.push(`${row} >= ${rhs}`);
        }
        if (f.upper !== null) {
          let row = ` u${tag}: ${sum}`;
          let rhs = f.upper;
          if (y) {
            row += ` + ${M} ${y}`;
            rhs += M;
          }
          if (z) row += ` - ${M} ${z}`;
          rows.push(`${row} <= ${rhs}`);
        }
      }
    }
    binaries.push(...relaxed);
    let objective = `0 x${this.first}`;
    if (o.weights && relaxed.length > 0) objective = relaxed.map((z) => `${o.weights!.get(Number(z.slice(1))) ?? 1} ${z}`).join(' + ');
    if (o.objective) {
      const p = o.objective;
      const open = p.end === null ? p.source! : null;
      const linkedEnds =
        open === null
          ? null
          : fixed.has(open)
            ? [fixed.get(open)!]
            : free.has(open)
              ? range(free.get(open)!.from, free.get(open)!.to)
              : null;
      if (p.end !== null || (linkedEnds && linkedEnds.length === 1) || !linkedEnds) {
        const end = p.end ?? linkedEnds?.[0] ?? this.figures.find((f) => f.source === open)!.to;
        objective = years(p.start, end, p.excluded) || `0 x${this.first}`;
      } else {
        // The period ends in its source's unknown end year: w equals the sum up to the chosen year.
        for (const e of linkedEnds) {
          const sum = years(p.start, e, p.excluded);
          const y = yName(open!, e);
          const minus = sum ? ` - ${sum.replaceAll(' + ', ' - ')}` : '';
          rows.push(` wl${e}: w${minus} - ${this.cap * 2} ${y} >= ${-this.cap * 2}`);
          rows.push(` wu${e}: w${minus} + ${this.cap * 2} ${y} <= ${this.cap * 2}`);
        }
        objective = 'w';
      }
      if (o.sense === 'max') rows.push(` cap: ${objective} <= ${this.cap}`);
    }
    const lines = [o.sense === 'max' ? 'Maximize' : 'Minimize', ` obj: ${objective}`, 'Subject To', ...rows];
    // Every year appears in the model, even one no figure covers, so `x<first>` in an empty objective exists.
    lines.push('Bounds', ...range(this.first, this.last).map((t) => ` x${t} >= 0`));
    if (binaries.length > 0) lines.push('Binaries', ...binaries.map((b) => ` ${b}`));
    lines.push('End');
    return lines.join('\n');
  }
}

/** Most end-year choices solved one by one as linear programs; beyond, one mixed-integer program. */
const MAX_SCENARIOS = 32;

/** The figures whose constraints have a non-zero dual: they set the optimum. */
function basisOf(duals: ReadonlyMap<string, number>): number[] {
  const basis = new Set<number>();
  for (const [name, d] of duals) {
    const m = /^[lu](\d+)$/.exec(name);
    if (m && Math.abs(d) > 1e-9) basis.add(Number(m[1]));
  }
  return [...basis].sort((a, b) => a - b);
}

function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);
}

function years(start: number, end: number, excluded: ReadonlySet<number>): string {
  return range(start, end)
    .filter((t) => !excluded.has(t))
    .map((t) => `x${t}`)
    .join(' + ');
}

/**
 * Optima of these problems are whole numbers: every bound is whole and, with the end years fixed, each
 * constraint sums consecutive years (an interval matrix, totally unimodular), so vertices are whole. Rounding
 * removes the solver's noise (8919.999999 is 8920).
 */
function tidy(v: number): number {
  return Math.round(v);
}
