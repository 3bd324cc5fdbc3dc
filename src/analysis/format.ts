import type { Estimate } from './types.js';

/**
 * A period as people say it: `2016`, `since 1992`, `1992–2000`.
 * @example periodLabel(1992, null) // => "since 1992"
 */
export function periodLabel(start: number, end: number | null): string {
  if (end === null) return `since ${start}`;
  return end === start ? String(start) : `${start}\u2013${end}`;
}

/** Rounds toward minus infinity (`floor`) or plus infinity (`ceil`) at `digits` decimals. */
function roundDirected(x: number, digits: number, direction: 'floor' | 'ceil'): number {
  const k = 10 ** digits;
  // The small epsilon keeps 2.85 * 100 = 284.99999... from flooring to 2.84.
  const scaled = x * k;
  const r = direction === 'floor' ? Math.floor(scaled + 1e-9) : Math.ceil(scaled - 1e-9);
  return r / k;
}

/** A number with fixed decimals and thousands separators: `20,000`, `2.85`. */
export function formatDecimal(x: number, digits: number): string {
  const fixed = Math.abs(x) < 0.5 * 10 ** -digits ? (0).toFixed(digits) : x.toFixed(digits);
  const [whole, frac] = fixed.split('.');
  const grouped = whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return frac === undefined ? grouped : `${grouped}.${frac}`;
}

/**
 * An estimate in words, never claiming more than it knows: `2.85`, `more than 2.10`, `less than 0.48`,
 * `about 3.00`, or `not known` when there is no value. Lower bounds are rounded down and upper bounds up,
 * so the words stay true; "more than" is used when the bound is strict (from "over") or the shown number
 * is below it, "at least" otherwise.
 * @example formatEstimate({ value: 20000 / 9500, lower: 20000 / 9500, upper: null, bound: 'lower', reason: null }) // => "more than 2.10"
 */
export function formatEstimate(e: Pick<Estimate, 'value' | 'bound'> & { strict?: boolean }, digits = 2, unit = ''): string {
  const shape = estimateShape(e, digits);
  if (shape === null) return 'not known';
  const n = `${formatDecimal(shape.shown, digits)}${unit}`;
  return shape.words === 'exact' ? n : `${ESTIMATE_WORDS[shape.words]} ${n}`;
}

const ESTIMATE_WORDS = { moreThan: 'more than', atLeast: 'at least', lessThan: 'less than', atMost: 'at most', about: 'about' } as const;

/** How an estimate is worded, in any language: which bound words, and the number shown. */
export interface EstimateShape {
  /** `moreThan`, `atLeast`, `lessThan`, `atMost`, `about` or `exact` (the number alone). */
  readonly words: keyof typeof ESTIMATE_WORDS | 'exact';
  /** The number shown: lower bounds rounded down, upper bounds up, others to nearest. */
  readonly shown: number;
}

/**
 * The shape of `formatEstimate`'s words, for wording an estimate in another language: `null` when
 * there is no value; "more than" when the bound is strict or the shown number is rounded past it.
 * @example estimateShape({ value: 20000 / 9500, bound: 'lower' }, 2) // => { words: "moreThan", shown: 2.1 }
 */
export function estimateShape(e: Pick<Estimate, 'value' | 'bound'> & { strict?: boolean }, digits = 2): EstimateShape | null {
  const { value, bound } = e;
  const strict = e.strict === true;
  if (value === null || bound === null) return null;
  switch (bound) {
    case 'lower': {
      const shown = roundDirected(value, digits, 'floor');
      return { words: shown < value || strict ? 'moreThan' : 'atLeast', shown };
    }
    case 'upper': {
      const shown = roundDirected(value, digits, 'ceil');
      return { words: shown > value || strict ? 'lessThan' : 'atMost', shown };
    }
    case 'approximate':
      return { words: 'about', shown: value };
    default:
      return { words: 'exact', shown: value };
  }
}

/** A count with its qualifier in words: `over 20,000`, `9,500`, `about 300`, `at least 5`. */
export function formatCount(count: number, qualifier: string): string {
  const n = formatDecimal(count, 0);
  switch (qualifier) {
    case 'more_than':
      return `over ${n}`;
    case 'at_least':
      return `at least ${n}`;
    case 'approximately':
      return `about ${n}`;
    default:
      return n;
  }
}
