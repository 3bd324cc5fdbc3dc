import { describe, expect, it } from 'vitest';
import { FIGURES, InputError, RATIOS_TABLE, changes, cumulative, fromDataFrame, isDataFrame, ratios, readExchangeVisits, shares, visitsToDataFrame, EMBEDDED_VISITS } from '../../src/index.js';

describe('analyses on danfojs-node DataFrames', () => {
  it('reads the embedded file as a DataFrame of 6 rows × 10 columns', async () => {
    const df = await readExchangeVisits(EMBEDDED_VISITS, { as: 'dataframe' });
    expect(isDataFrame(df)).toBe(true);
    expect(df.shape).toEqual([6, 10]);
    expect(df.columns).toEqual(['id', 'origin', 'destination', 'travelers', 'period_start', 'period_end', 'count', 'qualifier', 'source_id', 'quote']);
  });

  it('gives the same tables as the row API, as DataFrames with the output columns', () => {
    const df = visitsToDataFrame(FIGURES);
    const r = ratios(df);
    expect(isDataFrame(r)).toBe(true);
    expect(r.columns).toEqual(RATIOS_TABLE.fields.map((f) => f.name));
    expect(fromDataFrame(r)).toEqual(ratios(FIGURES).map((x) => ({ ...x })));
    expect(fromDataFrame(shares(df))).toEqual(shares(FIGURES).map((x) => ({ ...x })));
    expect(fromDataFrame(changes(df))).toEqual(changes(FIGURES).map((x) => ({ ...x })));
    expect(fromDataFrame(cumulative(df, { endYear: 2019 }))).toEqual(cumulative(FIGURES, { endYear: 2019 }).map((x) => ({ ...x })));
  });

  it('2016 ratio from the DataFrame: 802 / 281', () => {
    const rows = fromDataFrame(ratios(visitsToDataFrame(FIGURES)));
    expect(rows.find((x) => x.origin === 'Japan' && x.period_start === 2016)!.value).toBeCloseTo(802 / 281, 12);
  });

  it('validates a DataFrame like a CSV: a bad count names the row and column', () => {
    const bad = visitsToDataFrame(FIGURES.map((f, i) => (i === 2 ? { ...f, count: -5 } : f)));
    expect(() => ratios(bad)).toThrow(InputError);
    try {
      ratios(bad);
    } catch (e) {
      expect((e as InputError).problems).toEqual([{ kind: 'constraint-error', file: 'DataFrame', line: 4, column: 7, message: 'column "count": "-5" is below the minimum 0' }]);
    }
  });
});
