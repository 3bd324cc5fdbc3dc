import { describe, expect, it } from 'vitest';
import { formatEstimate, periodLabel, formatCount } from '../../src/index.js';
import { divide, formatNumber, interval, percentChange, point, share, subtract, toEstimate } from '../../src/internals.js';

describe('bounds: qualifier and zero rules', () => {
  it('turns qualifiers into intervals', () => {
    expect(interval(5, 'exact')).toEqual({ lo: 5, hi: 5, loKnown: true, hiKnown: true, approx: false, loOpen: false, hiOpen: false });
    expect(interval(5, 'more_than')).toEqual({
      lo: 5,
      hi: Infinity,
      loKnown: true,
      hiKnown: false,
      approx: false,
      loOpen: true,
      hiOpen: true,
    });
    expect(interval(5, 'at_least')).toEqual({
      lo: 5,
      hi: Infinity,
      loKnown: true,
      hiKnown: false,
      approx: false,
      loOpen: false,
      hiOpen: true,
    });
    expect(interval(5, 'approximately')).toEqual({
      lo: 5,
      hi: 5,
      loKnown: true,
      hiKnown: true,
      approx: true,
      loOpen: false,
      hiOpen: false,
    });
  });

  it('x / 0 is no number, with the reason; never Infinity or NaN', () => {
    expect(divide(point(3), point(0), 'zero')).toEqual({ ok: false, reason: 'zero' });
    expect(divide(point(0), point(0), 'zero')).toEqual({ ok: false, reason: 'zero' });
  });

  it('0 / over n is exactly 0', () => {
    const r = divide(point(0), interval(5, 'more_than'), 'zero');
    expect(r.ok && toEstimate(r.interval, 'x', 'y')).toEqual({ value: 0, lower: 0, upper: 0, bound: 'exact', reason: null, strict: false });
  });

  it('over 18,000 / more than 8,000 says nothing: empty value with the reason', () => {
    const r = divide(interval(18000, 'more_than'), interval(8000, 'more_than'), 'zero');
    expect(r.ok && toEstimate(r.interval, 'unbounded', 'approx')).toEqual({
      value: null,
      lower: null,
      upper: null,
      bound: null,
      reason: 'unbounded',
      strict: false,
    });
  });

  it('approximately 300 / 100 is about 3, not exact', () => {
    const r = divide(interval(300, 'approximately'), point(100), 'zero');
    expect(r.ok && toEstimate(r.interval, 'u', 'approximate note')).toEqual({
      value: 3,
      lower: null,
      upper: null,
      bound: 'approximate',
      reason: null,
      strict: false,
    });
  });

  it('about 300 / over 100 is a bound from an approximate figure: direction kept, with a note', () => {
    const r = divide(interval(300, 'approximately'), interval(100, 'more_than'), 'zero');
    expect(r.ok && toEstimate(r.interval, 'u', 'approximate note')).toEqual({
      value: 3,
      lower: 0,
      upper: 3,
      bound: 'upper',
      reason: 'approximate note',
      strict: true,
    });
  });

  it('"over" gives strict bounds and "at least" inclusive ones, through every operation', () => {
    const over = divide(interval(20000, 'more_than'), point(25), 'zero');
    const atLeast = divide(interval(20000, 'at_least'), point(25), 'zero');
    expect(over.ok && toEstimate(over.interval, 'u', 'a')).toMatchObject({ value: 800, bound: 'lower', strict: true });
    expect(atLeast.ok && toEstimate(atLeast.interval, 'u', 'a')).toMatchObject({ value: 800, bound: 'lower', strict: false });
    const reverse = divide(point(9500), interval(20000, 'more_than'), 'zero');
    expect(reverse.ok && toEstimate(reverse.interval, 'u', 'a')).toMatchObject({ value: 0.475, bound: 'upper', strict: true });
    const s = share(interval(20000, 'at_least'), point(9500), 'zero');
    expect(s.ok && toEstimate(s.interval, 'u', 'a')).toMatchObject({ bound: 'lower', strict: false });
  });

  it('a share of a total of 0 is no number', () => {
    expect(share(point(0), point(0), 'total zero')).toEqual({ ok: false, reason: 'total zero' });
  });

  it('exact − over n is an upper bound', () => {
    expect(toEstimate(subtract(point(100), interval(40, 'more_than')), 'u', 'a')).toEqual({
      value: 60,
      lower: null,
      upper: 60,
      bound: 'upper',
      reason: null,
      strict: true,
    });
  });

  it('percent change from over 100 to 150 is at most +50 %, and at least −100 %', () => {
    const r = percentChange(interval(100, 'more_than'), point(150), 'zero');
    expect(r.ok && toEstimate(r.interval, 'u', 'a')).toEqual({
      value: 50,
      lower: -100,
      upper: 50,
      bound: 'upper',
      reason: null,
      strict: true,
    });
  });
});

describe('formatting', () => {
  it('never claims more than it knows', () => {
    expect(formatEstimate({ value: 20000 / 9500, bound: 'lower' })).toBe('more than 2.10');
    expect(formatEstimate({ value: 2, bound: 'lower' })).toBe('at least 2.00');
    expect(formatEstimate({ value: 800, bound: 'lower', strict: true }, 0)).toBe('more than 800');
    expect(formatEstimate({ value: 800, bound: 'lower', strict: false }, 0)).toBe('at least 800');
    expect(formatEstimate({ value: 0.47, bound: 'upper', strict: true })).toBe('less than 0.47');
    expect(formatEstimate({ value: 0.475, bound: 'upper' })).toBe('at most 0.48'.replace('at most', 'less than'));
    expect(formatEstimate({ value: 0.47, bound: 'upper' })).toBe('at most 0.47');
    expect(formatEstimate({ value: 802 / 281, bound: 'exact' })).toBe('2.85');
    expect(formatEstimate({ value: 3, bound: 'approximate' }, 1)).toBe('about 3.0');
    expect(formatEstimate({ value: null, bound: null })).toBe('not known');
  });

  it('writes counts with their qualifier', () => {
    expect(formatCount(20000, 'more_than')).toBe('over 20,000');
    expect(formatCount(9500, 'exact')).toBe('9,500');
  });

  it('names periods', () => {
    expect(periodLabel(1992, null)).toBe('since 1992');
    expect(periodLabel(2016, 2016)).toBe('2016');
    expect(periodLabel(1992, 2000)).toBe('1992\u20132000');
  });

  it('writes numbers for CSV with 12 significant digits and never an exponent', () => {
    expect(formatNumber(802 / 281)).toBe('2.85409252669');
    expect(formatNumber(1e-7)).toBe('0.0000001');
    expect(formatNumber(123456789012345680000)).toBe('123456789012345680000');
    expect(formatNumber(-0)).toBe('0');
    expect(formatNumber(0.1 + 0.2)).toBe('0.3');
    expect(formatNumber(-6.020066889632103)).toBe('-6.02006688963');
    expect(() => formatNumber(Infinity)).toThrow(RangeError);
  });
});
