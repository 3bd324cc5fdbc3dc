import { describe, expect, it } from 'vitest';
import { changes, cumulative, ratios, readExchangeVisitsRows, shares, type Visit } from '../../src/index.js';
import { fixture } from '../helpers.js';

// test/fixtures/analysis/three-pairs.csv, by hand:
//   Aland↔Borland 2011-2015 (src1), 2015 also from src2 (210 / 84), since 2000: over 3,000 / 1,500;
//   Cetia↔Dorvia 2011-2015, no Dorvia→Cetia figure for 2013;
//   Eastmark↔Fernwick 2011-2015, Fernwick→Eastmark is 0 in 2012.
const rows: Visit[] = await readExchangeVisitsRows(fixture('analysis', 'three-pairs.csv'));

describe('ratios on three pairs', () => {
  const out = ratios(rows);

  it('orders rows by pair, then single years, then open periods, then source', () => {
    const ab = out.filter((r) => r.origin === 'Aland').map((r) => `${r.period_start}${r.period_end === null ? '+' : ''}/${r.source_id}`);
    expect(ab).toEqual(['2011/src1', '2012/src1', '2013/src1', '2014/src1', '2015/src1', '2015/src2', '2000+/src1']);
    expect(out).toHaveLength(2 * (7 + 5 + 5));
  });

  it('keeps each source its own row: 200 / 80 and 210 / 84 are both 2.5', () => {
    const r2015 = out.filter((r) => r.origin === 'Aland' && r.period_start === 2015);
    expect(r2015.map((r) => [r.source_id, r.value])).toEqual([
      ['src1', 2.5],
      ['src2', 2.5],
    ]);
  });

  it('reports a missing direction in both rows of the period', () => {
    const r2013 = out.filter((r) => r.period_start === 2013 && (r.origin === 'Cetia' || r.origin === 'Dorvia'));
    expect(r2013).toEqual([
      {
        origin: 'Cetia',
        destination: 'Dorvia',
        period_start: 2013,
        period_end: 2013,
        source_id: 'src1',
        value: null,
        lower: null,
        upper: null,
        bound: null,
        reason: 'no Dorvia to Cetia figure for 2013',
        strict: false,
      },
      {
        origin: 'Dorvia',
        destination: 'Cetia',
        period_start: 2013,
        period_end: 2013,
        source_id: 'src1',
        value: null,
        lower: null,
        upper: null,
        bound: null,
        reason: 'no Dorvia to Cetia figure for 2013',
        strict: false,
      },
    ]);
  });

  it('gives no value for x / 0 and exactly 0 for 0 / x', () => {
    const e2012 = out.filter((r) => r.period_start === 2012 && (r.origin === 'Eastmark' || r.origin === 'Fernwick'));
    expect(e2012[0]).toMatchObject({ value: null, bound: null, reason: 'reverse flow is 0' });
    expect(e2012[1]).toMatchObject({ value: 0, lower: 0, upper: 0, bound: 'exact' });
  });

  it('since 2000: over 3,000 / 1,500 is more than 2', () => {
    expect(out.find((r) => r.origin === 'Aland' && r.period_end === null)).toMatchObject({
      value: 2,
      lower: 2,
      upper: null,
      bound: 'lower',
    });
  });
});

describe('shares on three pairs', () => {
  const out = shares(rows);
  it('a zero direction has share 0 and the other exactly 1', () => {
    const e2012 = out.filter((r) => r.period_start === 2012 && (r.origin === 'Eastmark' || r.origin === 'Fernwick'));
    expect(e2012.map((r) => [r.value, r.bound])).toEqual([
      [1, 'exact'],
      [0, 'exact'],
    ]);
  });
  it('2014 Cetia→Dorvia: 40 / 48', () => {
    expect(out.find((r) => r.origin === 'Cetia' && r.period_start === 2014)!.value).toBeCloseTo(40 / 48, 12);
  });
});

describe('changes on three pairs', () => {
  const out = changes(rows);
  const pick = (series: string, origin: string, from: number) =>
    out.find((r) => r.series === series && r.origin === origin && r.from_year === from)!;

  it('has 4 year steps × 5 series for each pair with years, and none for a source with one year', () => {
    expect(out).toHaveLength(3 * 4 * 5);
    expect(out.some((r) => r.source_id === 'src2')).toBe(false);
  });

  it('Aland→Borland 2013 → 2014: 90 → 150, +60, +66.67 %', () => {
    const r = pick('flow', 'Aland', 2013);
    expect(r).toMatchObject({ to_year: 2014, from_value: 90, to_value: 150, change: 60, bound: 'exact' });
    expect(r.percent_change).toBeCloseTo((150 / 90 - 1) * 100, 10);
  });

  it('a missing year on one side gives reasons, not numbers', () => {
    expect(pick('flow', 'Dorvia', 2012)).toMatchObject({
      from_value: 10,
      to_value: null,
      change: null,
      percent_change: null,
      reason: 'no Dorvia to Cetia figure for 2013',
    });
    expect(pick('total', 'Cetia', 2013)).toMatchObject({ from_value: null, change: null, reason: 'no Dorvia to Cetia figure for 2013' });
  });

  it('from 0: the change is known, the percent change is not', () => {
    expect(pick('flow', 'Fernwick', 2012)).toMatchObject({
      from_value: 0,
      to_value: 2,
      change: 2,
      percent_change: null,
      bound: 'exact',
      reason: '2012 value is 0, so the percent change is not defined',
    });
  });

  it('to 0: −100 %', () => {
    expect(pick('flow', 'Fernwick', 2011)).toMatchObject({ from_value: 3, to_value: 0, change: -3, percent_change: -100 });
  });

  it('a ratio over a zero flow has no change, with the reason', () => {
    expect(pick('ratio', 'Eastmark', 2011)).toMatchObject({ change: null, reason: 'no ratio for 2012: reverse flow is 0' });
  });
});

describe('cumulative on three pairs', () => {
  const out = cumulative(rows);
  it('since 2000 to 2015 (16 years): more than 187.5 a year', () => {
    const r = out.find((x) => x.origin === 'Aland' && x.measure === 'average_per_year' && x.base)!;
    expect(r).toMatchObject({ end_year: 2015, years: 16, value: 3000 / 16, bound: 'lower' });
  });
  it('shares of the cumulative figure for each single year of the same source, 2011-2015', () => {
    const r = out.filter((x) => x.origin === 'Borland' && x.measure === 'share_of_cumulative');
    expect(r.map((x) => [x.year, x.value])).toEqual([
      [2011, 50 / 1500],
      [2012, 60 / 1500],
      [2013, 45 / 1500],
      [2014, 100 / 1500],
      [2015, 80 / 1500],
    ]);
  });
  it('has nothing for pairs without a multi-year figure', () => {
    expect(out.filter((x) => x.origin !== 'Aland' && x.origin !== 'Borland')).toEqual([]);
  });
});
