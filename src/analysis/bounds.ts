import type { Qualifier } from '../dataset/types.js';
import type { Bound, Estimate } from './types.js';

/**
 * What is known about a non-negative quantity: it lies in [lo, hi]. An end is "known" when it was
 * computed from finite figures only; an end reached through an open-ended figure ("over 20,000" has
 * no upper end) is not known, even when it is finite (9,500 / over 20,000 > 0 says nothing).
 * `approx` marks anything computed from an "approximately" figure.
 */
export interface Interval {
  readonly lo: number;
  readonly hi: number;
  readonly loKnown: boolean;
  readonly hiKnown: boolean;
  readonly approx: boolean;
  /** The lower end is excluded ("over n" is above n, not n itself). */
  readonly loOpen?: boolean;
  /** The upper end is excluded. */
  readonly hiOpen?: boolean;
}

/**
 * The interval a reported figure stands for.
 * exact n → [n, n]; more_than n → (n, ∞); at_least n → [n, ∞); approximately n → [n, n], marked approximate.
 * @example interval(20000, 'more_than') // => { lo: 20000, hi: Infinity, loKnown: true, hiKnown: false, approx: false, loOpen: true, hiOpen: true }
 */
export function interval(count: number, qualifier: Qualifier): Interval {
  switch (qualifier) {
    case 'more_than':
      return { lo: count, hi: Infinity, loKnown: true, hiKnown: false, approx: false, loOpen: true, hiOpen: true };
    case 'at_least':
      return { lo: count, hi: Infinity, loKnown: true, hiKnown: false, approx: false, loOpen: false, hiOpen: true };
    case 'approximately':
      return { lo: count, hi: count, loKnown: true, hiKnown: true, approx: true, loOpen: false, hiOpen: false };
    default:
      return { lo: count, hi: count, loKnown: true, hiKnown: true, approx: false, loOpen: false, hiOpen: false };
  }
}

/**
 * The qualifier of a figure or a sum of figures, read back from its interval (the inverse of `interval`,
 * which `add` keeps): a sum with an "over" term is over (its lower end is open), else one with an
 * "at least" term is at least (no known upper end), else one with an "about" term is about; otherwise exact.
 * @example qualifierOf(add(interval(761, 'approximately'), interval(20, 'at_least'))) // => "at_least"
 * @example qualifierOf(add(interval(761, 'approximately'), interval(41, 'exact'))) // => "approximately"
 */
export function qualifierOf(i: Interval): Qualifier {
  if (i.loOpen) return 'more_than';
  if (!i.hiKnown) return 'at_least';
  return i.approx ? 'approximately' : 'exact';
}

/** An exact number as an interval. */
export function point(x: number): Interval {
  return { lo: x, hi: x, loKnown: true, hiKnown: true, approx: false, loOpen: false, hiOpen: false };
}

/** a + b. */
export function add(a: Interval, b: Interval): Interval {
  return {
    lo: a.lo + b.lo,
    hi: a.hi + b.hi,
    loKnown: a.loKnown && b.loKnown,
    hiKnown: a.hiKnown && b.hiKnown,
    approx: a.approx || b.approx,
    loOpen: !!(a.loOpen || b.loOpen),
    hiOpen: !!(a.hiOpen || b.hiOpen),
  };
}

/** a − b (may be negative). */
export function subtract(a: Interval, b: Interval): Interval {
  return {
    lo: a.lo - b.hi,
    hi: a.hi - b.lo,
    loKnown: a.loKnown && b.hiKnown,
    hiKnown: a.hiKnown && b.loKnown,
    approx: a.approx || b.approx,
    loOpen: !!(a.loOpen || b.hiOpen),
    hiOpen: !!(a.hiOpen || b.loOpen),
  };
}

/** a × k for a constant k > 0. */
export function scale(a: Interval, k: number): Interval {
  return { lo: a.lo * k, hi: a.hi * k, loKnown: a.loKnown, hiKnown: a.hiKnown, approx: a.approx, loOpen: !!a.loOpen, hiOpen: !!a.hiOpen };
}

/** a + k for a constant k. */
export function shift(a: Interval, k: number): Interval {
  return { lo: a.lo + k, hi: a.hi + k, loKnown: a.loKnown, hiKnown: a.hiKnown, approx: a.approx, loOpen: !!a.loOpen, hiOpen: !!a.hiOpen };
}

/**
 * The outcome of a rule: an interval, or no number with the reason why.
 * Every x/0 and missing input ends up here instead of as `Infinity` or `NaN`.
 */
export type Outcome = { ok: true; interval: Interval } | { ok: false; reason: string };

const fail = (reason: string): Outcome => ({ ok: false, reason });
const ok = (interval: Interval): Outcome => ({ ok: true, interval });

/**
 * a / b for non-negative a and b, by interval arithmetic: [a.lo / b.hi, a.hi / b.lo].
 * A denominator that is exactly 0 gives no number, with `zeroReason`.
 */
export function divide(a: Interval, b: Interval, zeroReason: string): Outcome {
  if (b.hi === 0) return fail(zeroReason);
  // 0 divided by anything above 0 is exactly 0, even when the divisor is open-ended.
  if (a.hi === 0 && a.hiKnown) return ok({ ...point(0), approx: a.approx });
  const lo = b.hi === Infinity ? 0 : a.lo / b.hi;
  const hi = b.lo === 0 || a.hi === Infinity ? Infinity : a.hi / b.lo;
  return ok({
    lo,
    hi,
    loKnown: a.loKnown && b.hiKnown,
    hiKnown: a.hiKnown && b.loKnown && b.lo > 0,
    approx: a.approx || b.approx,
    loOpen: !!(a.loOpen || b.hiOpen),
    hiOpen: !!(a.hiOpen || b.loOpen),
  });
}

/**
 * a / (a + b) for non-negative a and b: a's share of the total. Increasing in a and decreasing in b,
 * so [a.lo / (a.lo + b.hi), a.hi / (a.hi + b.lo)]; a total of exactly 0 gives no number.
 */
export function share(a: Interval, b: Interval, zeroReason: string): Outcome {
  if (a.hi + b.hi === 0) return fail(zeroReason);
  // Nothing one way is a share of exactly 0; nothing the other way, exactly 1.
  if (a.hi === 0 && a.hiKnown) return ok({ ...point(0), approx: a.approx || b.approx });
  if (b.hi === 0 && b.hiKnown) return ok({ ...point(1), approx: a.approx || b.approx });
  const lo = b.hi === Infinity ? 0 : a.lo + b.hi === 0 ? 0 : a.lo / (a.lo + b.hi);
  const hi = a.hi === Infinity ? 1 : a.hi + b.lo === 0 ? 1 : a.hi / (a.hi + b.lo);
  return ok({
    lo,
    hi,
    loKnown: a.loKnown && b.hiKnown,
    hiKnown: a.hiKnown && b.loKnown,
    approx: a.approx || b.approx,
    loOpen: !!(a.loOpen || b.hiOpen),
    hiOpen: !!(a.hiOpen || b.loOpen),
  });
}

/**
 * Percent change from a to b: (b / a − 1) × 100, for non-negative a and b.
 * @example percentChange(point(761), point(802), 'x') // => { ok: true, interval: { lo: 5.387647831800257, hi: 5.387647831800257, ... } }
 */
export function percentChange(from: Interval, to: Interval, zeroReason: string): Outcome {
  const r = divide(to, from, zeroReason);
  return r.ok ? ok(scale(shift(r.interval, -1), 100)) : r;
}

/**
 * What an interval lets us say, as an `Estimate`:
 * - both ends known and equal: `exact` (or `approximate`), value = the number;
 * - only the lower end known: `lower`, value = the lower end (the upper end is shown when finite, e.g. 1 for a share);
 * - only the upper end known: `upper`, value = the upper end;
 * - neither end known: no value, and `unboundedReason`.
 * `strict` says whether the bound itself is excluded (over 20,000 / 25 is more than 800, not 800).
 * A bound computed from an approximate figure keeps its direction, with a note in `reason`.
 */
export function toEstimate(i: Interval, unboundedReason: string, approxNote: string): Estimate {
  const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);
  if (i.loKnown && i.hiKnown) {
    // Both ends come from the same finite figures, so they are one number.
    const bound: Bound = i.approx ? 'approximate' : 'exact';
    return i.approx
      ? { value: i.lo, lower: null, upper: null, bound, reason: null, strict: false }
      : { value: i.lo, lower: i.lo, upper: i.lo, bound, reason: null, strict: false };
  }
  const note = i.approx ? approxNote : null;
  if (i.loKnown) return { value: i.lo, lower: i.lo, upper: finite(i.hi), bound: 'lower', reason: note, strict: !!i.loOpen };
  if (i.hiKnown) return { value: i.hi, lower: finite(i.lo), upper: i.hi, bound: 'upper', reason: note, strict: !!i.hiOpen };
  return empty(unboundedReason);
}

/** No number, with the reason why. */
export function empty(reason: string): Estimate {
  return { value: null, lower: null, upper: null, bound: null, reason, strict: false };
}

/** An outcome as an `Estimate`. */
export function outcomeToEstimate(o: Outcome, unboundedReason: string, approxNote: string): Estimate {
  return o.ok ? toEstimate(o.interval, unboundedReason, approxNote) : empty(o.reason);
}
