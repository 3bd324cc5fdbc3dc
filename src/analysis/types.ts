/**
 * How a derived number relates to the truth:
 * - `exact`: the figures pin it down;
 * - `lower`: the truth is at least `value` (from an "over" or "at least" figure);
 * - `upper`: the truth is at most `value`;
 * - `approximate`: about `value` (from an "approximately" figure).
 * `null` when the figures say nothing about the number (then `value` is null and `reason` says why).
 */
export type Bound = 'exact' | 'lower' | 'upper' | 'approximate';

/**
 * A derived number with what the inputs' qualifiers allow us to say about it.
 * `value` is the number (for a bound, the bound itself); `lower`/`upper` the interval's known ends
 * (`null` where open or unknown); `reason` explains an empty value or notes an approximation.
 */
export interface Estimate {
  value: number | null;
  lower: number | null;
  upper: number | null;
  bound: Bound | null;
  reason: string | null;
  /**
   * For a bound: whether the bound value itself is excluded ("over 20,000" / 9,500 is more than 2.105,
   * "at least 20,000" / 9,500 is at least 2.105). Not a CSV column: it only chooses words.
   */
  strict?: boolean;
}

/** The period columns every output row carries. `period_end` is null for an open-ended period. */
export interface PeriodKey {
  period_start: number;
  period_end: number | null;
}

/** One row of `ratios.csv`: flow origin→destination divided by the reverse flow, same period and source. */
export interface RatioRow extends PeriodKey, Estimate {
  origin: string;
  destination: string;
  source_id: string;
}

/** One row of `shares.csv`: the origin→destination flow's share (0 to 1) of the two-way total. */
export type ShareRow = RatioRow;

/** What a `changes.csv` row measures: one direction's flow, the two-way total, or the ratio. */
export type ChangeSeries = 'flow' | 'total' | 'ratio';

/**
 * One row of `changes.csv`: the change of a series between two consecutive single years present
 * for a pair. `bound` applies to `change` and `percent_change` (in percent: 5.39 means +5.39 %).
 * For `total`, origin/destination name the pair in its first-seen order.
 */
export interface ChangeRow {
  series: ChangeSeries;
  origin: string;
  destination: string;
  source_id: string;
  from_year: number;
  to_year: number;
  from_value: number | null;
  to_value: number | null;
  change: number | null;
  percent_change: number | null;
  bound: Bound | null;
  reason: string | null;
  /** Whether a bounded change excludes its bound (from an "over" figure); not a CSV column. */
  strict?: boolean;
}

/** What a `cumulative.csv` row measures. */
export type CumulativeMeasure = 'average_per_year' | 'average_per_year_range' | 'share_of_cumulative';

/**
 * One row of `cumulative.csv`, for a multi-year (usually open-ended, "since 1992") figure:
 * - `average_per_year`: count / years, over `period_start`..`end_year` inclusive (`years` of them);
 *   open-ended figures get one row per end year from the base end year to base + 3;
 * - `average_per_year_range`: for an open-ended figure, the average over every end year its source allows
 *   (from the latest year the source reports to its as_of, else published, date): an interval, never one number;
 * - `share_of_cumulative`: the single-year figure for `year` (same direction and source) as a
 *   fraction (0 to 1) of the cumulative figure.
 */
export interface CumulativeRow extends PeriodKey, Estimate {
  origin: string;
  destination: string;
  source_id: string;
  measure: CumulativeMeasure;
  end_year: number | null;
  years: number | null;
  year: number | null;
  /** True on the rows computed with the base end year (the default, or the one the user set). */
  base: boolean;
}

/** Options of the cumulative analysis. */
export interface CumulativeOptions {
  /** Last year a "since" figure counts (inclusive). Default: the latest single year in the data. */
  endYear?: number;
  /** How many end years after the base one the sensitivity rows cover (default 3). */
  sensitivityYears?: number;
  /**
   * The years each source's open periods may end in (`endRanges`). With it, every open
   * figure whose range spans several years also gets an `average_per_year_range` row: its average over the whole range.
   */
  endRanges?: ReadonlyMap<string, import('./open-end.js').EndRange>;
}
