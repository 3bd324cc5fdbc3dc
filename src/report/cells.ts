import { formatDecimal, formatEstimate } from '../analysis/format.js';
import type { Bound, ChangeRow, CumulativeRow } from '../analysis/types.js';

// How the report words derived numbers. Every number goes through `formatEstimate` (analysis/format.ts),
// so a bound is never printed as if it were exact, lower bounds are rounded down and upper bounds up,
// and a strict bound ("over 20,000") reads "more than" where an inclusive one reads "at least".

/** What wording needs of an estimate: its value, bound and (when the analysis gives it) strictness. */
export type Worded = { value: number | null; bound: Bound | null; strict?: boolean };

/** A ratio in words: `2.85`, `more than 2.10`, `less than 0.48`, or `not known`. */
export function ratioText(e: Worded): string {
  return formatEstimate(e, 2);
}

/** A share (0 to 1) as a percent in words: `72.8%`, `more than 67.7%`, or `not known`. */
export function shareText(e: Worded, digits = 1): string {
  return e.value === null ? 'not known' : formatEstimate({ ...e, value: e.value * 100 }, digits, '%');
}

/** A signed difference in words, the bound kept: `+41`, `−18`, `more than +3.05`; `unit` follows the number. */
export function signedText(e: Worded, digits: number, unit = ''): string {
  if (e.value === null || e.bound === null) return 'not known';
  const words = formatEstimate(e, digits);
  const m = /^(.*?)(-?[0-9][0-9,]*(?:\.[0-9]+)?)$/.exec(words);
  if (!m) return words;
  const n = m[2]!;
  if (n.startsWith('-')) return `${m[1]}\u2212${n.slice(1)}${unit}`;
  return e.value > 0 && !/^0(\.0*)?$/.test(n) ? `${m[1]}+${n}${unit}` : `${words}${unit}`;
}

/**
 * A change row's from/to value: a count (whole people) or a ratio (two decimals). When the change is
 * not exact, the values behind it are bounds or approximations too, so they carry a marker
 * (`800*`) that the table's note explains, instead of looking exact.
 */
export function changeValueText(row: Pick<ChangeRow, 'series' | 'bound'>, value: number | null): string {
  if (value === null) return 'not known';
  const text = formatDecimal(value, row.series === 'ratio' ? 2 : 0);
  return row.bound === 'exact' ? text : `${text}*`;
}

type ChangeWords = Pick<ChangeRow, 'series' | 'change' | 'percent_change' | 'bound'> & { strict?: boolean };

/** A change row's difference: people for flows and totals, two decimals for ratios. */
export function changeText(row: ChangeWords): string {
  return signedText({ value: row.change, bound: row.bound, strict: row.strict }, row.series === 'ratio' ? 2 : 0);
}

/** A change row's percent change: `+5.4%`, `more than +12.1%`, or `not known`. */
export function percentChangeText(row: ChangeWords): string {
  return signedText({ value: row.percent_change, bound: row.bound, strict: row.strict }, 1, '%');
}

/** A cumulative row's value: `more than 800 a year`, or a share of the cumulative figure `less than 4.01%`. */
export function cumulativeText(
  row: Pick<CumulativeRow, 'measure' | 'value' | 'bound'> & { strict?: boolean; lower?: number | null; upper?: number | null },
): string {
  // An average over a range of end years is an interval, never one number: rounded outwards, so it stays true.
  if (row.measure === 'average_per_year_range' && row.value === null && row.lower != null && row.upper != null)
    return `${Math.floor(row.lower).toLocaleString('en-US')} to ${Math.ceil(row.upper).toLocaleString('en-US')} a year`;
  if (row.value === null || row.bound === null) return 'not known';
  if (row.measure === 'average_per_year_range') return `${formatEstimate(row, 0)} a year`;
  return row.measure === 'average_per_year' ? `${formatEstimate(row, 0)} a year` : shareText(row, 2);
}
