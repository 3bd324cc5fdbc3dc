import type { FieldSpec, TableSpec } from './schema.js';
import { csvField, formatNumber, neutraliseFormula } from './format.js';

/** A value in an output table: text, number, boolean or empty. */
export type OutValue = string | number | boolean | null | undefined;

/** A table's column list: a `TableSpec` or plain names (all treated as text unless the value is a number). */
export type Columns = TableSpec | readonly string[];

function fieldsOf(columns: Columns): readonly Pick<FieldSpec, 'name' | 'type'>[] {
  return Array.isArray(columns)
    ? (columns as readonly string[]).map((name) => ({ name, type: 'string' as const }))
    : (columns as TableSpec).fields;
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

/** The header line of a CSV table. */
export function csvHeader(columns: Columns): string {
  return `${fieldsOf(columns)
    .map((f) => csvField(f.name))
    .join(',')}\n`;
}

/**
 * Writes rows as UTF-8 CSV text in pieces of about 64 KB (no BOM, LF line ends, a header row unless
 * `header` is false), in the columns' order, so a large table can be written out without building one huge string.
 */
export function* csvChunks<T extends object>(columns: Columns, rows: Iterable<T>, options: { header?: boolean } = {}): Generator<string> {
  const names = fieldsOf(columns).map((f) => f.name);
  // Texts repeat from row to row (places, sources, bounds): quote and neutralise each once.
  const texts = new Map<string, string>();
  const cell = (v: OutValue): string => {
    if (typeof v !== 'string' || v.length > 256) return csvCell(v);
    let known = texts.get(v);
    if (known === undefined) {
      known = csvField(neutraliseFormula(v));
      if (texts.size >= 8192) texts.clear();
      texts.set(v, known);
    }
    return known;
  };
  const line = rowLine(names, cell);
  // Lines are collected and joined once per piece: one flat string, not a rope of every cell and comma.
  let parts: string[] = options.header === false ? [] : [csvHeader(columns)];
  let size = 0;
  for (const row of rows) {
    const text = line(row as Record<string, OutValue>);
    parts.push(text);
    size += text.length;
    if (size >= 1 << 16) {
      yield parts.join('');
      parts = [];
      size = 0;
    }
  }
  if (parts.length > 0) yield parts.join('');
}

type LineOf = (row: Record<string, OutValue>, cell: (v: OutValue) => string) => string;

/** Compiled row functions by column list, so each is compiled (and optimised by the engine) once. */
const lineFunctions = new Map<string, LineOf>();

/**
 * A function giving one row's CSV line (cells, commas, line end): a cell is `cell(value)` when the row has
 * the column as an own property, empty otherwise. Compiled for the columns, so each column is read by its
 * name, a fixed property access, instead of by a name that changes from cell to cell (a third faster).
 */
function rowLine(names: readonly string[], cell: (v: OutValue) => string): (row: Record<string, OutValue>) => string {
  const key = JSON.stringify(names);
  let line = lineFunctions.get(key);
  if (!line) {
    try {
      // Names are written as JSON string literals: they cannot be anything but property names.
      const cells = names.map((n) => `(own(r, ${JSON.stringify(n)}) ? cell(r[${JSON.stringify(n)}]) : '')`);
      const text = cells.length > 0 ? `${cells.join(" + ',' + ")} + '\\n'` : "'\\n'";
      // eslint-disable-next-line @typescript-eslint/no-implied-eval -- one compiled function per column list is the fast path
      line = (new Function('own', `return (r, cell) => ${text};`) as (own: typeof Object.hasOwn) => LineOf)(Object.hasOwn);
    } catch {
      // Code generation can be turned off (--disallow-code-generation-from-strings): the same, looking names up.
      line = (r, c) => {
        let text = '';
        for (let i = 0; i < names.length; i++) {
          const n = names[i]!;
          const v = Object.hasOwn(r, n) ? c(r[n]) : '';
          text = i === 0 ? v : `${text},${v}`;
        }
        return `${text}\n`;
      };
    }
    if (lineFunctions.size < 64) lineFunctions.set(key, line);
  }
  const compiled = line;
  return (r) => compiled(r, cell);
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

function jsonObject(names: readonly string[], row: object): Record<string, OutValue> {
  const r = row as Record<string, OutValue>;
  const o: Record<string, OutValue> = {};
  for (const n of names) {
    const v = Object.prototype.hasOwnProperty.call(r, n) ? r[n] : null;
    o[n] = v === undefined ? null : typeof v === 'number' && !Number.isFinite(v) ? null : v;
  }
  return o;
}

/** Writes rows as pretty JSON (an array of objects, keys in column order), ending with a newline. */
export function toJson<T extends object>(columns: Columns, rows: Iterable<T>): string {
  const names = fieldsOf(columns).map((f) => f.name);
  const list = [...rows].map((row) => jsonObject(names, row));
  return `${JSON.stringify(list, null, 2)}\n`;
}

/**
 * `toJson` in pieces of about 64 KB, without holding every row: the pieces joined are `toJson`'s text.
 * With `frame: false`, only the items, separated by ",\n" (nothing at all for no rows): to be framed by
 * the caller, for a table written in parts.
 */
export function* jsonChunks<T extends object>(columns: Columns, rows: Iterable<T>, options: { frame?: boolean } = {}): Generator<string> {
  const frame = options.frame !== false;
  const names = fieldsOf(columns).map((f) => f.name);
  let batch: Record<string, OutValue>[] = [];
  let any = false;
  // JSON.stringify(list, null, 2) is "[\n" + each item (indented) joined with ",\n" + "\n]": a batch's
  // text without its brackets is a run of items.
  function* flush(): Generator<string> {
    const text = JSON.stringify(batch, null, 2);
    yield `${any ? ',\n' : frame ? '[\n' : ''}${text.slice(2, -2)}`;
    any = true;
    batch = [];
  }
  for (const row of rows) {
    batch.push(jsonObject(names, row));
    if (batch.length >= 256) yield* flush();
  }
  if (batch.length > 0) yield* flush();
  if (frame) yield any ? '\n]\n' : '[]\n';
}
