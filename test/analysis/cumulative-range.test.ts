import { describe, expect, it } from 'vitest';
import { cumulative } from '../../src/analysis/cumulative.js';
import { endRanges } from '../../src/analysis/open-end.js';
import { FIGURES, SOURCES } from '../../src/dataset/figures.js';

describe('cumulative: averages over the range of end years', () => {
  const rows = cumulative(FIGURES, { endRanges: endRanges(FIGURES, SOURCES) });
  const range = (origin: string) => rows.find((r) => r.origin === origin && r.measure === 'average_per_year_range')!;

  it('an exact total is an interval, never one number: 9,500 / 28 years (to 2019) to 9,500 / 25 (to 2016)', () => {
    const r = range('South Kuril Islands');
    expect(r.value).toBeNull();
    expect(r.bound).toBeNull();
    expect(r.lower).toBeCloseTo(339.2857, 4);
    expect(r.upper).toBe(380);
    expect(r.reason).toContain('from 2016');
    expect(r.reason).toContain('to 2019');
  });

  it('"over 20,000" stays a lower bound, at its least: 20,000 / 28 = 714.29 a year', () => {
    expect(range('Japan')).toMatchObject({ bound: 'lower', upper: null, strict: true });
    expect(range('Japan').value).toBeCloseTo(714.2857, 4);
  });

  it('keeps the per-end-year rows: 2016 (the base) to 2019', () => {
    const ends = rows.filter((r) => r.origin === 'Japan' && r.measure === 'average_per_year').map((r) => [r.end_year, r.base]);
    expect(ends).toEqual([
      [2016, true],
      [2017, false],
      [2018, false],
      [2019, false],
    ]);
  });

  it('a pinned end year (--end-year) leaves no range', () => {
    const pinned = cumulative(FIGURES, { endYear: 2018, endRanges: endRanges(FIGURES, SOURCES, 2018) });
    expect(pinned.some((r) => r.measure === 'average_per_year_range')).toBe(false);
  });
});
