import { describe, expect, it } from 'vitest';
import { InputError, changes, cumulative, ratios, readExchangeVisits, shares, EMBEDDED_VISITS } from '../../src/index.js';
import {
  CHANGES_TABLE,
  CUMULATIVE_TABLE,
  SHARES_TABLE,
  type TableSpec,
  FIGURES,
  RATIOS_TABLE,
  fromDataFrame,
  isDataFrame,
  visitsToDataFrame,
} from '../../src/internals.js';

// A DataFrame holds exactly the table's columns (the CSV columns).
const project = (rows: object[], table: TableSpec) =>
  rows.map((r) => Object.fromEntries(table.fields.map((f) => [f.name, (r as Record<string, unknown>)[f.name]])));

describe('analyses on danfojs-node DataFrames', () => {
  it('reads the embedded file as a DataFrame of 6 rows × 10 columns', async () => {
    const df = await readExchangeVisits(EMBEDDED_VISITS, { as: 'dataframe' });
    expect(isDataFrame(df)).toBe(true);
    expect(df.shape).toEqual([6, 10]);
    expect(df.columns).toEqual([
      'id',
      'origin',
      'destination',
      'travelers',
      'period_start',
      'period_end',
      'count',
      'qualifier',
      'source_id',
      'quote',
    ]);
  });

  it('gives the same tables as the row API, as DataFrames with the output columns', () => {
    const df = visitsToDataFrame(FIGURES);
    const r = ratios(df);
    expect(isDataFrame(r)).toBe(true);
    expect(r.columns).toEqual(RATIOS_TABLE.fields.map((f) => f.name));
    expect(fromDataFrame(r)).toEqual(project(ratios(FIGURES), RATIOS_TABLE));
    expect(fromDataFrame(shares(df))).toEqual(project(shares(FIGURES), SHARES_TABLE));
    expect(fromDataFrame(changes(df))).toEqual(project(changes(FIGURES), CHANGES_TABLE));
    expect(fromDataFrame(cumulative(df, { endYear: 2019 }))).toEqual(project(cumulative(FIGURES, { endYear: 2019 }), CUMULATIVE_TABLE));
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
      expect((e as InputError).problems).toEqual([
        { kind: 'constraint-error', file: 'DataFrame', line: 4, column: 7, message: 'column "count": "-5" is below the minimum 0' },
      ]);
    }
  });
});
