/**
 * Formats a number for CSV and reports: integers as they are, others with 12 significant digits,
 * trailing zeros dropped, never in exponent notation, and `-0` as `0`.
 * @example formatNumber(802 / 281) // => "2.85409252669"
 * @example formatNumber(1e-7) // => "0.0000001"
 */
export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) throw new RangeError(`cannot write ${x} as a number`);
  if (x === 0) return '0';
  if (Number.isInteger(x) && Math.abs(x) < 1e21) return String(x);
  const p = x.toPrecision(12);
  // toPrecision writes plain digits for 1e-7 <= |x| < 1e12: drop trailing zeros and we are done.
  if (!p.includes('e')) return p.includes('.') ? trimZeros(p) : p;
  const rounded = Number(p);
  const magnitude = Math.floor(Math.log10(Math.abs(rounded)));
  const s = rounded.toFixed(Math.min(100, Math.max(0, 11 - magnitude)));
  return s.includes('.') ? trimZeros(s) : s;
}

function trimZeros(s: string): string {
  let end = s.length;
  while (s.charCodeAt(end - 1) === 48) end--;
  if (s.charCodeAt(end - 1) === 46) end--;
  const t = s.slice(0, end);
  return t === '-0' ? '0' : t;
}

/** What starts a formula in a spreadsheet: = + - @, tab, CR, and their full-width forms (a regular-expression class). */
export const FORMULA_TRIGGER = '[=+\\-@\\t\\r\\uFF1D\\uFF0B\\uFF0D\\uFF20]';
const FORMULA_START = new RegExp(`^'*${FORMULA_TRIGGER}`);

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
