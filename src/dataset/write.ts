import type { FieldSpec, TableSpec } from './schema.js';
import { csvField, formatNumber, neutraliseFormula } from './format.js';

/** A value in an output table: text, number, boolean or empty. */
export type OutValue = string | number | boolean | null | undefined;

/** A table's column list: a `TableSpec` or plain names (all treated as text unless the value is a number). */
export type Columns = TableSpec | readonly string[];

function fieldsOf(columns: Columns): readonly Pick<FieldSpec, 'name' | 'type'>[] {
  return Array.isArray(columns) ? (columns as readonly string[]).map((name) => ({ name, type: 'string' as const })) : (columns as TableSpec).fields;
}

let lastNumber = NaN;
let lastText = '';

/** One CSV cell: empty for null, numbers without exponents, text quoted and formula-neutralised. */
export function csvCell(value: OutValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') {
    // value, lower and upper are usually one number: format it once.
    if (value !== lastNumber) {
      lastNumber = value;
      lastText = formatNumber(value);
    }
    return lastText;
  }
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return csvField(neutraliseFormula(value));
}

/**
 * Writes rows as UTF-8 CSV text in pieces of about 64 KB (no BOM, LF line ends, a header row), in the
 * columns' order, so a large table can be written out without building one huge string.
 */
export function* csvChunks<T extends object>(columns: Columns, rows: Iterable<T>): Generator<string> {
  const names = fieldsOf(columns).map((f) => f.name);
  let buf = `${names.map(csvField).join(',')}\n`;
  const own = Object.prototype.hasOwnProperty;
  for (const row of rows) {
    const r = row as Record<string, OutValue>;
    let line = '';
    for (let i = 0; i < names.length; i++) {
      const n = names[i]!;
      if (i > 0) line += ',';
      line += csvCell(own.call(r, n) ? r[n] : null);
    }
    buf += `${line}\n`;
    if (buf.length >= 1 << 16) {
      yield buf;
      buf = '';
    }
  }
  if (buf) yield buf;
}

/**
 * Writes rows as UTF-8 CSV text (no BOM, LF line ends, a header row), in the columns' order.
 * Deterministic: the same rows give the same bytes.
 */
export function toCsv<T extends object>(columns: Columns, rows: Iterable<T>): string {
  let out = '';
  for (const chunk of csvChunks(columns, rows)) out += chunk;
  return out;
}

/** Writes rows as pretty JSON (an array of objects, keys in column order), ending with a newline. */
export function toJson<T extends object>(columns: Columns, rows: Iterable<T>): string {
  const names = fieldsOf(columns).map((f) => f.name);
  const list = [...rows].map((row) => {
    const r = row as Record<string, OutValue>;
    const o: Record<string, OutValue> = {};
    for (const n of names) {
      const v = Object.prototype.hasOwnProperty.call(r, n) ? r[n] : null;
      o[n] = v === undefined ? null : typeof v === 'number' && !Number.isFinite(v) ? null : v;
    }
    return o;
  });
  return `${JSON.stringify(list, null, 2)}\n`;
}
