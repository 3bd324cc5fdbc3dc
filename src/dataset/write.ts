import type { FieldSpec, TableSpec } from './schema.js';
import { csvField, formatNumber, neutraliseFormula } from './format.js';

/** A value in an output table: text, number, boolean or empty. */
export type OutValue = string | number | boolean | null | undefined;

/** A table's column list: a `TableSpec` or plain names (all treated as text unless the value is a number). */
export type Columns = TableSpec | readonly string[];

function fieldsOf(columns: Columns): readonly Pick<FieldSpec, 'name' | 'type'>[] {
  return Array.isArray(columns) ? (columns as readonly string[]).map((name) => ({ name, type: 'string' as const })) : (columns as TableSpec).fields;
}

/** One CSV cell: empty for null, numbers without exponents, text quoted and formula-neutralised. */
export function csvCell(value: OutValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return csvField(neutraliseFormula(value));
}

/**
 * Writes rows as UTF-8 CSV text (no BOM, LF line ends, a header row), in the columns' order.
 * Deterministic: the same rows give the same bytes.
 */
export function toCsv<T extends object>(columns: Columns, rows: Iterable<T>): string {
  const names = fieldsOf(columns).map((f) => f.name);
  const out: string[] = [names.map(csvField).join(',')];
  for (const row of rows) {
    const r = row as Record<string, OutValue>;
    out.push(names.map((n) => csvCell(Object.prototype.hasOwnProperty.call(r, n) ? r[n] : null)).join(','));
  }
  return `${out.join('\n')}\n`;
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
