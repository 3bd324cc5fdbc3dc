import type { Qualifier } from '../dataset/types.js';

/** The default relative tolerance of an `approximately` figure: about n means n ± 5 %. */
export const DEFAULT_APPROX_TOLERANCE = 0.05;

/** Whole-number bounds on a count of people: `lower ≤ truth ≤ upper`; `upper` is `null` when there is none. */
export interface CountBounds {
  lower: number;
  upper: number | null;
}

/**
 * The whole numbers of people a figure allows, read from its qualifier:
 * - `exact` n → [n, n];
 * - `at_least` n → [n, no bound];
 * - `more_than` n → [n + 1, no bound] (people are counted in whole numbers);
 * - `approximately` n → [⌈n × (1 − t)⌉, ⌊n × (1 + t)⌋], t = `tolerance` (default 0.05).
 * @throws RangeError when the tolerance is not a number from 0 to 1.
 * @example figureBounds(20000, 'more_than') // => { lower: 20001, upper: null }
 * @example figureBounds(850, 'approximately', 0.05) // => { lower: 808, upper: 892 }
 */
export function figureBounds(count: number, qualifier: Qualifier, tolerance = DEFAULT_APPROX_TOLERANCE): CountBounds {
  if (!(tolerance >= 0 && tolerance <= 1)) throw new RangeError(`approximate tolerance ${tolerance} is not a fraction from 0 to 1`);
  switch (qualifier) {
    case 'more_than':
      return { lower: count + 1, upper: null };
    case 'at_least':
      return { lower: count, upper: null };
    case 'approximately':
      // The small epsilon keeps 1000 × 0.95 = 950.0000000001 from rounding up to 951.
      return { lower: Math.max(0, Math.ceil(count * (1 - tolerance) - 1e-9)), upper: Math.floor(count * (1 + tolerance) + 1e-9) };
    default:
      return { lower: count, upper: count };
  }
}
