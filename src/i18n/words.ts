import { estimateShape } from '../analysis/format.js';
import type { Bound, Estimate } from '../analysis/types.js';
import type { Locale } from './locale.js';
import { ENGLISH } from './locale.js';

// How charts, the report and notebooks word numbers, in the reader's language. One copy of each rule:
// a bound is never printed as if it were exact (lower bounds rounded down, upper bounds up), a strict
// bound ("over 20,000") reads "more than" where an inclusive one reads "at least", a negative sign is a
// real minus. English wording is the one the tables' documentation uses; other languages come from the
// message catalogues.

/** What wording needs of an estimate: its value, bound and (when the analysis gives it) strictness. */
export type Worded = { value: number | null; bound: Bound | null; strict?: boolean };

/** A unit that follows a number: none, or percent (`5.4%`, `5,4 %`). */
export type Unit = '' | '%';

function withUnit(n: string, unit: Unit, loc: Locale): string {
  return unit === '%' ? loc.t('unit.percent', { n }) : n;
}

/**
 * An estimate in words, never claiming more than it knows: `2.85`, `more than 2.10`, `at most 0.48`,
 * `about 3.00`, or `not known` (in Japanese `2.10超`, in Russian `более 2,10`).
 * @example estimateWords({ value: 20000 / 9500, bound: 'lower' }, 2) // => "more than 2.10"
 */
export function estimateWords(
  e: Pick<Estimate, 'value' | 'bound'> & { strict?: boolean },
  digits = 2,
  unit: Unit = '',
  loc: Locale = ENGLISH,
): string {
  const shape = estimateShape(e, digits);
  if (shape === null) return loc.t('value.notKnown');
  const n = withUnit(loc.num(shape.shown, digits), unit, loc);
  return shape.words === 'exact' ? n : loc.t(`bound.${shape.words}`, { n });
}

/**
 * A signed estimate, the bound kept: `+41`, `−18`, `more than +3.05`, `+5.4%`; a value that rounds to 0
 * has no sign.
 * @example signedWords({ value: 5.387647, bound: 'exact' }, 1, '%') // => "+5.4%"
 */
export function signedWords(e: Worded, digits: number, unit: Unit = '', loc: Locale = ENGLISH): string {
  const shape = estimateShape(e, digits);
  if (shape === null) return loc.t('value.notKnown');
  const abs = loc.num(Math.abs(shape.shown), digits);
  const zero = !/[1-9]/.test(abs);
  const sign = zero ? '' : shape.shown < 0 ? '\u2212' : '+';
  const n = withUnit(`${sign}${abs}`, unit, loc);
  return shape.words === 'exact' ? n : loc.t(`bound.${shape.words}`, { n });
}

/**
 * A share (0 to 1) as a percent in words: `74.1%`, `more than 67.7%`, `less than 32.3%`, `not known`.
 * @example shareWords({ value: 0.740535, bound: 'exact' }) // => "74.1%"
 */
export function shareWords(e: Worded, digits = 1, loc: Locale = ENGLISH): string {
  if (e.value === null) return loc.t('value.notKnown');
  return estimateWords({ ...e, value: e.value * 100, bound: e.bound ?? 'exact' }, digits, '%', loc);
}

/**
 * A count with its qualifier in words: `over 20,000`, `9,500`, `about 300`, `at least 5`
 * (in Japanese `20,000超`, in Russian `свыше 20 000`).
 * @example countWords(20000, 'more_than') // => "over 20,000"
 */
export function countWords(count: number, qualifier: string, loc: Locale = ENGLISH): string {
  const n = loc.num(count, 0);
  switch (qualifier) {
    case 'more_than':
      return loc.t('count.moreThan', { n });
    case 'at_least':
      return loc.t('count.atLeast', { n });
    case 'approximately':
      return loc.t('count.about', { n });
    default:
      return n;
  }
}

/**
 * A period as people say it: `2016`, `since 1992`, `1992–2000` (`2016年`, `1992年以降`, `1992～2000年`, `с 1992 г.`).
 * @example periodWords(1992, null) // => "since 1992"
 */
export function periodWords(start: number, end: number | null, loc: Locale = ENGLISH): string {
  if (end === null) return loc.t('period.since', { start: String(start) });
  // Japanese writes the year mark and a wave dash: 2016年, 1992～2000年.
  if (loc.lang === 'ja') return end === start ? `${start}年` : `${start}\uff5e${end}年`;
  return end === start ? String(start) : `${start}\u2013${end}`;
}

/**
 * A span of years without any year mark: `2015–2016` (en dash), in Japanese `2015～2016` (wave dash, as
 * Japanese writes ranges); one year is just the year. The message around it adds 年 or г./гг.
 * @example yearRange(2015, 2016) // => "2015–2016"
 */
export function yearRange(from: number, to: number, loc: Locale = ENGLISH): string {
  if (from === to) return String(from);
  return `${from}${loc.lang === 'ja' ? '\uff5e' : '\u2013'}${to}`;
}

/** `Japan → South Kuril Islands`. */
export function directionLabel(origin: string, destination: string): string {
  return `${origin} \u2192 ${destination}`;
}

/** `Japan ↔ South Kuril Islands`. */
export function pairLabel(a: string, b: string): string {
  return `${a} \u2194 ${b}`;
}

/**
 * Joins items in words: `a`, `a and b`, `a, b and c` (`a、b、c`, `a, b и c`); more than `max` end with
 * `and N more`. `separator` is the catalogue key between items: `list.separator`, or `describe.values` for
 * values that may hold a decimal comma (`2015: 2,55; 2016: 2,85 и …` in Russian).
 * @example listWords(['a', 'b', 'c']) // => "a, b and c"
 */
export function listWords(
  items: readonly string[],
  max = 40,
  loc: Locale = ENGLISH,
  separator: 'list.separator' | 'describe.values' = 'list.separator',
): string {
  const shown =
    items.length > max
      ? [...items.slice(0, max), loc.t('list.more', { n: String(items.length - max), count: items.length - max })]
      : [...items];
  if (shown.length <= 1) return shown[0] ?? '';
  return loc.t('list.last', { init: shown.slice(0, -1).join(loc.t(separator)), last: shown[shown.length - 1]! });
}

/** An event's label in the reader's language: the catalogue's, when it has one for the event's id, else as written. */
export function eventLabel(e: { id: string; label: string }, l: Locale): string {
  // Only the embedded events are in the catalogues: a user's event with the same id but its own label keeps it.
  if (l.lang === 'en' || ENGLISH.lookup(`eventLabel.${e.id}`) !== e.label) return e.label;
  return l.lookup(`eventLabel.${e.id}`) ?? e.label;
}

/** A number of people: `20,000`, `1,234.5` in English as always (en-US), else as the language groups it. */
export function peopleWords(n: number, l: Locale = ENGLISH): string {
  if (l.lang === 'en') return Number.isInteger(n) ? n.toLocaleString('en-US') : n.toLocaleString('en-US', { maximumFractionDigits: 2 });
  return l.num(n, Number.isInteger(n) ? 0 : 2);
}

/**
 * An interval of people in words: `at least 20,000`, `exactly 9,500`, `at most 300`, `1,000 to 2,000`
 * (`20,000以上`, `не менее 20 000`).
 * @example amountWords(9500, 9500) // => "exactly 9,500"
 */
export function amountWords(lower: number, upper: number | null, l: Locale = ENGLISH): string {
  if (upper === null) return l.t('agree.atLeast', { n: peopleWords(lower, l) });
  if (lower === upper) return l.t('agree.exactly', { n: peopleWords(lower, l) });
  if (lower === 0) return l.t('agree.atMost', { n: peopleWords(upper, l) });
  return l.t('agree.between', { a: peopleWords(lower, l), b: peopleWords(upper, l) });
}
