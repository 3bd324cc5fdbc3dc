import { createRequire } from 'node:module';
import type { DataFrame } from 'danfojs-node';
import { InputError } from '../messages.js';
import { EXCHANGE_VISITS, columnNames } from './schema.js';
import type { Visit } from './types.js';
import { TableValidator } from './validate.js';
import { visitBuilder } from './visit-row.js';

type Danfo = typeof import('danfojs-node');
let danfoModule: Danfo | undefined;

/**
 * danfojs-node, loaded on first use: importing it costs about a second (mathjs, TensorFlow.js),
 * so nothing on the command line's fast paths calls this.
 */
export function danfo(): Danfo {
  danfoModule ??= createRequire(import.meta.url)('danfojs-node') as Danfo;
  return danfoModule;
}

/** Whether a value is a danfojs DataFrame (checked by shape, so any loaded copy of danfojs counts). */
export function isDataFrame(x: unknown): x is DataFrame {
  return (
    typeof x === 'object' &&
    x !== null &&
    !Array.isArray(x) &&
    Array.isArray((x as DataFrame).columns) &&
    'values' in x &&
    typeof (x as DataFrame).shape !== 'undefined'
  );
}

/** Builds a DataFrame with exactly these columns, in this order; empty values become `null`. */
export function toDataFrame(columns: readonly string[], rows: readonly object[]): DataFrame {
  const { DataFrame } = danfo();
  const data = rows.map((row) =>
    columns.map((c) => {
      const v = (row as Record<string, unknown>)[c];
      return v === undefined ? null : v;
    }),
  );
  return new DataFrame(data, { columns: [...columns] });
}

/** A DataFrame's rows as plain objects keyed by column name; `NaN` and `undefined` become `null`. */
export function fromDataFrame(df: DataFrame): Record<string, unknown>[] {
  const columns = df.columns;
  const values = df.values as unknown[][];
  return values.map((row) => {
    const o = Object.create(null) as Record<string, unknown>;
    columns.forEach((c, i) => {
      const v = row[i];
      o[c] = v === undefined || (typeof v === 'number' && Number.isNaN(v)) ? null : v;
    });
    return o;
  });
}

const VISIT_COLUMNS = columnNames(EXCHANGE_VISITS);

/** Exchange-visit rows as a DataFrame with the input file's columns. */
export function visitsToDataFrame(rows: readonly Visit[]): DataFrame {
  return toDataFrame(VISIT_COLUMNS, rows);
}

/**
 * A DataFrame of exchange visits back to validated rows, with the same rules as the CSV reader.
 * @throws InputError naming the DataFrame row (as line, 1-based after a header) and column.
 */
export function dataFrameToVisits(df: DataFrame, file = 'DataFrame'): Visit[] {
  const validator = new TableValidator(EXCHANGE_VISITS, { file });
  const columns = df.columns;
  validator.header(columns, 1);
  if (!validator.ready) throw new InputError(validator.problems);
  const out: Visit[] = [];
  const toVisit = visitBuilder({ intern: false });
  fromDataFrame(df).forEach((row, i) => {
    const raw = VISIT_COLUMNS.map((c) => {
      const v = row[c];
      // eslint-disable-next-line @typescript-eslint/no-base-to-string -- a DataFrame cell is a number, string or boolean
      return v === null || v === undefined ? '' : String(v);
    });
    const v = validator.row(raw, i + 2);
    if (v) out.push(toVisit(v));
  });
  if (validator.problems.length > 0) throw new InputError(validator.problems);
  return out;
}
