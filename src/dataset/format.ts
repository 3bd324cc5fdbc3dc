/**
 * Formats a number for CSV and reports: integers as they are, others with 12 significant digits,
 * trailing zeros dropped, never in exponent notation, and `-0` as `0`.
 * @example formatNumber(802 / 281) // => "2.85409252669"
 * @example formatNumber(1e-7) // => "0.0000001"
 */
export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) throw new RangeError(`cannot write ${x} as a number`);
  if (Object.is(x, -0) || x === 0) return '0';
  if (Number.isInteger(x) && Math.abs(x) < 1e21) return String(x);
  const rounded = Number(x.toPrecision(12));
  const magnitude = Math.floor(Math.log10(Math.abs(rounded)));
  const decimals = Math.min(100, Math.max(0, 11 - magnitude));
  let s = rounded.toFixed(decimals);
  if (s.includes('.')) s = s.replace(/\.?0+$/, '');
  return s === '-0' ? '0' : s;
}

const FORMULA_START = /^'*[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

/**
 * Neutralises a text cell a spreadsheet would run as a formula: one that starts with `=`, `+`, `-`, `@`,
 * a tab, a carriage return or their full-width forms gets a leading apostrophe. The reader removes it
 * again, so the data reads back unchanged. Apply to text columns only; numbers are never touched.
 * @example neutraliseFormula('=1+1') // => "'=1+1"
 */
export function neutraliseFormula(s: string): string {
  return FORMULA_START.test(s) ? `'${s}` : s;
}

/** Quotes a CSV field when it holds a comma, quote, line break or leading/trailing space (RFC 4180). */
export function csvField(s: string): string {
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
