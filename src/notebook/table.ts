import { fromDataFrame, isDataFrame } from '../dataset/dataframe.js';
import { escapeHtml } from './escape.js';

/** How a table is shown. */
export interface TableOptions {
  /** Columns to show, in this order. Default: every key of the rows, in first-seen order (a DataFrame's columns). */
  columns?: readonly string[];
  /** Decimals shown for numbers that are not whole (default 3). Whole numbers are shown as they are. */
  digits?: number;
  /** Caption above the table. */
  title?: string;
  /** Rows shown at most (default 100); a note says how many more there are. */
  maxRows?: number;
}

/** A table ready to show: column names and cell texts, with which columns hold numbers. */
export interface TableView {
  readonly title: string | null;
  readonly columns: readonly string[];
  readonly numeric: readonly boolean[];
  /** Columns whose texts are all short: kept on one line in HTML. */
  readonly short: readonly boolean[];
  readonly cells: readonly (readonly string[])[];
  /** Rows not shown because of `maxRows`. */
  readonly hidden: number;
}

/** Whether a value is shown as a table: a DataFrame, or a non-empty array of plain objects. */
export function isTabular(value: unknown): boolean {
  if (isDataFrame(value)) return true;
  return Array.isArray(value) && value.length > 0 && value.every((r) => typeof r === 'object' && r !== null && !Array.isArray(r));
}

/** Rows and columns of a DataFrame or of an array of objects, formatted for display. */
export function tableView(value: unknown, options: TableOptions = {}): TableView {
  const digits = options.digits ?? 3;
  const maxRows = options.maxRows ?? 100;
  let rows: readonly Record<string, unknown>[];
  let columns: readonly string[];
  if (isDataFrame(value)) {
    rows = fromDataFrame(value);
    columns = options.columns ?? value.columns;
  } else {
    rows = value as Record<string, unknown>[];
    columns = options.columns ?? firstSeenKeys(rows);
  }
  const shown = rows.slice(0, maxRows);
  const numeric = columns.map(
    (c) =>
      shown.some((r) => typeof r[c] === 'number') && shown.every((r) => r[c] === null || r[c] === undefined || typeof r[c] === 'number'),
  );
  // A column of numbers shows them all with the same decimals, unless every one is whole (years, counts).
  const whole = columns.map((c, i) => numeric[i] && shown.every((r) => typeof r[c] !== 'number' || Number.isInteger(r[c])));
  const cells = shown.map((r) => columns.map((c, i) => formatCell(r[c], numeric[i] && !whole[i] ? digits : null)));
  const short = columns.map((_, i) => cells.every((row) => row[i]!.length <= SHORT_TEXT));
  return { title: options.title ?? null, columns, numeric, short, cells, hidden: rows.length - shown.length };
}

function firstSeenKeys(rows: readonly Record<string, unknown>[]): string[] {
  const seen = new Set<string>();
  for (const r of rows) for (const k of Object.keys(r)) seen.add(k);
  return [...seen];
}

/** Cells up to this many characters are kept on one line in HTML. */
const SHORT_TEXT = 32;

/**
 * A cell's text: empty for null; a number with `digits` decimals, or as it is when `digits` is null
 * (whole numbers such as years); other values as text.
 */
export function formatCell(v: unknown, digits: number | null): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return String(v);
    return digits === null ? String(v) : v.toFixed(digits);
  }
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (v instanceof Date) return v.toISOString();
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- only a symbol or a function is left here
  return typeof v === 'object' ? (JSON.stringify(v) ?? '') : String(v);
}

const MAX_TEXT_WIDTH = 48;

/** The table as aligned plain text: numbers right-aligned, long texts cut at 48 characters. */
export function tableText(t: TableView): string {
  const clip = (s: string) => {
    const flat = s.replace(/\s+/g, ' ');
    return flat.length > MAX_TEXT_WIDTH ? `${flat.slice(0, MAX_TEXT_WIDTH - 1)}…` : flat;
  };
  const body = t.cells.map((row) => row.map(clip));
  const widths = t.columns.map((c, i) => Math.max(c.length, ...body.map((r) => r[i]!.length)));
  const pad = (s: string, i: number) => (t.numeric[i] ? s.padStart(widths[i]!) : s.padEnd(widths[i]!));
  const line = (cells: readonly string[]) => cells.map(pad).join('  ').replace(/\s+$/, '');
  const out: string[] = [];
  if (t.title) out.push(t.title);
  out.push(line(t.columns), widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of body) out.push(line(r));
  if (t.hidden > 0) out.push(`… ${t.hidden} more row${t.hidden === 1 ? '' : 's'}`);
  return out.join('\n');
}

/** The table as an HTML `<table>`, every text escaped. */
export function tableHtml(t: TableView): string {
  const cls = (i: number) => (t.numeric[i] ? ' class="num"' : t.short[i] ? ' class="nowrap"' : '');
  const out: string[] = ['<table class="kx-table">'];
  if (t.title) out.push(`<caption>${escapeHtml(t.title)}</caption>`);
  out.push(`<thead><tr>${t.columns.map((c, i) => `<th${cls(i)}>${escapeHtml(c)}</th>`).join('')}</tr></thead>`);
  out.push('<tbody>');
  for (const row of t.cells) out.push(`<tr>${row.map((v, i) => `<td${cls(i)}>${escapeHtml(v)}</td>`).join('')}</tr>`);
  out.push('</tbody>');
  out.push('</table>');
  if (t.hidden > 0) out.push(`<p class="kx-more">… ${t.hidden} more row${t.hidden === 1 ? '' : 's'}</p>`);
  return out.join('\n');
}
