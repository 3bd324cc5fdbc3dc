import { describe, expect, it } from 'vitest';
import { changes, cumulative, ratios, shares } from '../../src/index.js';
import { FIGURES, defaultEndYear } from '../../src/internals.js';

// Every expected number is worked out here from the article's figures, not read from the program.
const SRC = 'sputnik-2021-07-29';
const J = 'Japan';
const K = 'South Kuril Islands';

describe('ratios on the embedded figures', () => {
  const rows = ratios(FIGURES);
  const find = (origin: string, start: number) => rows.find((r) => r.origin === origin && r.period_start === start)!;

  it('gives two rows per period, single years first, then since 1992', () => {
    expect(rows.map((r) => [r.origin, r.period_start, r.period_end])).toEqual([
      [J, 2015, 2015],
      [K, 2015, 2015],
      [J, 2016, 2016],
      [K, 2016, 2016],
      [J, 1992, null],
      [K, 1992, null],
    ]);
    expect(rows.every((r) => r.source_id === SRC)).toBe(true);
  });

  it('2016: 802 / 281 ≈ 2.854, exact', () => {
    const r = find(J, 2016);
    expect(r.value).toBeCloseTo(2.8541, 4);
    expect(r).toMatchObject({ bound: 'exact', reason: null });
    expect(r.lower).toBe(r.value);
    expect(r.upper).toBe(r.value);
  });

  it('2015: 761 / 299 ≈ 2.545 and the reverse 299 / 761 ≈ 0.3929', () => {
    expect(find(J, 2015).value).toBeCloseTo(2.5452, 4);
    expect(find(K, 2015).value).toBeCloseTo(0.3929, 4);
  });

  it('since 1992: over 20,000 / 9,500 is more than 2.105, a lower bound with no upper end', () => {
    const r = find(J, 1992);
    expect(r.bound).toBe('lower');
    expect(r.value).toBeCloseTo(2.10526, 5);
    expect(r.lower).toBeCloseTo(2.10526, 5);
    expect(r.upper).toBeNull();
  });

  it('since 1992 reversed: 9,500 / over 20,000 is less than 0.475, an upper bound above 0', () => {
    expect(find(K, 1992)).toMatchObject({ bound: 'upper', value: 0.475, lower: 0, upper: 0.475, reason: null, strict: true });
  });
});

describe('shares on the embedded figures', () => {
  const rows = shares(FIGURES);
  const find = (origin: string, start: number) => rows.find((r) => r.origin === origin && r.period_start === start)!;

  it('2016: 802 of 1,083 and 281 of 1,083', () => {
    expect(find(J, 2016).value).toBeCloseTo(802 / (802 + 281), 12);
    expect(find(K, 2016).value).toBeCloseTo(281 / 1083, 12);
  });

  it('2015: 761 of 1,060', () => {
    expect(find(J, 2015).value).toBeCloseTo(0.71792, 5);
  });

  it('since 1992: Japan more than 20,000 / 29,500 ≈ 0.678 (at most 1); Kurils less than 0.322', () => {
    const j = find(J, 1992);
    expect(j.bound).toBe('lower');
    expect(j.value).toBeCloseTo(0.677966, 6);
    expect(j.upper).toBe(1);
    const k = find(K, 1992);
    expect(k.bound).toBe('upper');
    expect(k.value).toBeCloseTo(0.322034, 6);
    expect(k.lower).toBe(0);
  });
});

describe('changes on the embedded figures', () => {
  const rows = changes(FIGURES);

  it('gives 2015 → 2016 for both flows, the total and both ratios', () => {
    expect(rows.map((r) => [r.series, r.origin, r.from_year, r.to_year])).toEqual([
      ['flow', J, 2015, 2016],
      ['flow', K, 2015, 2016],
      ['total', J, 2015, 2016],
      ['ratio', J, 2015, 2016],
      ['ratio', K, 2015, 2016],
    ]);
  });

  it('Japanese visitors: 761 → 802, +41, +5.39 %', () => {
    expect(rows[0]).toMatchObject({ from_value: 761, to_value: 802, change: 41, bound: 'exact', reason: null });
    expect(rows[0]!.percent_change).toBeCloseTo(5.3876, 4);
  });

  it('island residents: 299 → 281, −18, −6.02 %', () => {
    expect(rows[1]).toMatchObject({ from_value: 299, to_value: 281, change: -18 });
    expect(rows[1]!.percent_change).toBeCloseTo(-6.0201, 4);
  });

  it('two-way total: 1,060 → 1,083, +23, +2.17 %', () => {
    expect(rows[2]).toMatchObject({ from_value: 1060, to_value: 1083, change: 23 });
    expect(rows[2]!.percent_change).toBeCloseTo(2.1698, 4);
  });

  it('ratio: 2.5452 → 2.8541, +12.14 %', () => {
    expect(rows[3]!.from_value).toBeCloseTo(761 / 299, 10);
    expect(rows[3]!.to_value).toBeCloseTo(802 / 281, 10);
    expect(rows[3]!.percent_change).toBeCloseTo(12.1385, 4);
  });
});

describe('cumulative context on the embedded figures', () => {
  it('defaults the end year to the latest single year, 2016', () => {
    expect(defaultEndYear(FIGURES)).toBe(2016);
  });

  it('averages over 1992-2016 (25 years): more than 800 a year to the islands, 380 a year to Japan', () => {
    const rows = cumulative(FIGURES).filter((r) => r.measure === 'average_per_year' && r.base);
    expect(rows[0]!.strict).toBe(true); // "over 20,000": strictly more than 800
    expect(rows.map((r) => [r.origin, r.end_year, r.years, r.value, r.bound])).toEqual([
      [J, 2016, 25, 800, 'lower'],
      [K, 2016, 25, 380, 'exact'],
    ]);
  });

  it('gives a sensitivity row for each end year 2016-2019', () => {
    const rows = cumulative(FIGURES).filter((r) => r.measure === 'average_per_year' && r.origin === K);
    expect(rows.map((r) => r.end_year)).toEqual([2016, 2017, 2018, 2019]);
    expect(rows.map((r) => r.value)).toEqual([9500 / 25, 9500 / 26, 9500 / 27, 9500 / 28]);
    expect(rows.map((r) => r.base)).toEqual([true, false, false, false]);
  });

  it('takes an end year from the user: 2019 gives 28 years', () => {
    const rows = cumulative(FIGURES, { endYear: 2019 }).filter((r) => r.measure === 'average_per_year' && r.base);
    expect(rows.map((r) => [r.years, r.value])).toEqual([
      [28, 20000 / 28],
      [28, 9500 / 28],
    ]);
  });

  it('compares single years with the totals: 802 is less than 4.01 % of over 20,000; 281 is 2.96 % of 9,500', () => {
    const shares = cumulative(FIGURES).filter((r) => r.measure === 'share_of_cumulative');
    const j2016 = shares.find((r) => r.origin === J && r.year === 2016)!;
    expect(j2016).toMatchObject({ bound: 'upper', lower: 0 });
    expect(j2016.value).toBeCloseTo(802 / 20000, 12);
    const k2016 = shares.find((r) => r.origin === K && r.year === 2016)!;
    expect(k2016.bound).toBe('exact');
    expect(k2016.value).toBeCloseTo(281 / 9500, 12);
  });

  it('says why when the end year is before the start', () => {
    const row = cumulative(FIGURES, { endYear: 1990 }).find((r) => r.measure === 'average_per_year')!;
    expect(row).toMatchObject({ value: null, bound: null, reason: "end year 1990 is before the period's start 1992" });
  });
});
