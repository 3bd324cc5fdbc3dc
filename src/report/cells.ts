import type { ChangeRow, CumulativeRow } from '../analysis/types.js';
import { ENGLISH, type Locale } from '../i18n/locale.js';
import { estimateWords, shareWords, signedWords, type Worded } from '../i18n/words.js';

// How the report words derived numbers: through i18n/words.ts, the wording the charts use too, so a
// bound is never printed as if it were exact, lower bounds are rounded down and upper bounds up, and a
// strict bound ("over 20,000") reads "more than" where an inclusive one reads "at least". Every function
// takes the reader's locale (default English).

export type { Worded };

/** A ratio in words: `2.85`, `more than 2.10`, `less than 0.48`, or `not known`. */
export function ratioText(e: Worded, loc: Locale = ENGLISH): string {
  return estimateWords(e, 2, '', loc);
}

/** A share (0 to 1) as a percent in words: `72.8%`, `more than 67.7%`, or `not known`. */
export function shareText(e: Worded, digits = 1, loc: Locale = ENGLISH): string {
  return e.bound === null ? loc.t('value.notKnown') : shareWords(e, digits, loc);
}

/** A signed difference in words, the bound kept: `+41`, `−18`, `more than +3.05`; `unit` follows the number. */
export function signedText(e: Worded, digits: number, unit: '' | '%' = '', loc: Locale = ENGLISH): string {
  if (e.value === null || e.bound === null) return loc.t('value.notKnown');
  return signedWords(e, digits, unit, loc);
}

/**
 * A change row's from/to value: a count (whole people) or a ratio (two decimals). When the change is
 * not exact, the values behind it are bounds or approximations too, so they carry a marker
 * (`800*`) that the table's note explains, instead of looking exact.
 */
export function changeValueText(row: Pick<ChangeRow, 'series' | 'bound'>, value: number | null, loc: Locale = ENGLISH): string {
  if (value === null) return loc.t('value.notKnown');
  const text = loc.num(value, row.series === 'ratio' ? 2 : 0);
  return row.bound === 'exact' ? text : `${text}*`;
}

type ChangeWords = Pick<ChangeRow, 'series' | 'change' | 'percent_change' | 'bound'> & { strict?: boolean };

/** A change row's difference: people for flows and totals, two decimals for ratios. */
export function changeText(row: ChangeWords, loc: Locale = ENGLISH): string {
  return signedText({ value: row.change, bound: row.bound, strict: row.strict }, row.series === 'ratio' ? 2 : 0, '', loc);
}

/** A change row's percent change: `+5.4%`, `more than +12.1%`, or `not known`. */
export function percentChangeText(row: ChangeWords, loc: Locale = ENGLISH): string {
  return signedText({ value: row.percent_change, bound: row.bound, strict: row.strict }, 1, '%', loc);
}

/** A cumulative row's value: `more than 800 a year`, or a share of the cumulative figure `less than 4.01%`. */
export function cumulativeText(
  row: Pick<CumulativeRow, 'measure' | 'value' | 'bound'> & { strict?: boolean; lower?: number | null; upper?: number | null },
  loc: Locale = ENGLISH,
): string {
  // An average over a range of end years is an interval, never one number: rounded outwards, so it stays true.
  if (row.measure === 'average_per_year_range' && row.value === null && row.lower != null && row.upper != null)
    return loc.lang === 'en'
      ? `${Math.floor(row.lower).toLocaleString('en-US')} to ${Math.ceil(row.upper).toLocaleString('en-US')} a year`
      : loc.t('report.perYear', {
          value: loc.t('agree.between', { a: loc.num(Math.floor(row.lower), 0), b: loc.num(Math.ceil(row.upper), 0) }),
        });
  if (row.value === null || row.bound === null) return loc.t('value.notKnown');
  return row.measure === 'average_per_year' || row.measure === 'average_per_year_range'
    ? loc.t('report.perYear', { value: estimateWords(row, 0, '', loc) })
    : shareText(row, 2, loc);
}
