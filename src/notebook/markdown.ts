import { formatEstimate } from '../analysis/format.js';

const BRAND = Symbol.for('kuril-exchange.markdown');

/** Markdown text to show as formatted prose: made with `md`, shown with `display`. */
export interface Markdown {
  readonly [BRAND]: true;
  readonly text: string;
  toString(): string;
}

/** Markdown from a plain string. */
export function markdown(text: string): Markdown {
  return { [BRAND]: true, text, toString: () => text };
}

/** Whether a value is Markdown made by `md` or `markdown` (checked by brand, so any loaded copy counts). */
export function isMarkdown(x: unknown): x is Markdown {
  return typeof x === 'object' && x !== null && (x as Record<symbol, unknown>)[BRAND] === true;
}

/**
 * Markdown templated with computed values, for prose that never types a figure in by hand.
 * Interpolated values are shown as people read them:
 * - an estimate (`{ value, bound }`, as the analyses return) in words, never claiming more than it
 *   knows: `more than 2.10`, `2.85`, `not known`;
 * - a whole number as it is (`802`, `2016`); other numbers with up to 3 decimals (`2.854`);
 * - an array as its items joined with `, `; Markdown as its text; anything else with `String()`.
 *
 * The common indentation of the template's lines is removed, and blank lines at either end.
 * @example md`In ${2016}, ${802} went one way: ${{ value: 802 / 281, bound: 'exact' }} per traveller back.`.text
 * // => "In 2016, 802 went one way: 2.85 per traveller back."
 */
export function md(strings: TemplateStringsArray, ...values: unknown[]): Markdown {
  // Dedent the template before filling it in, so a multi-line value cannot change the indentation.
  const template = dedent(strings.reduce((acc, s, i) => `${acc}\u0000${i - 1}\u0000${s}`));
  return markdown(template.replace(/\u0000(\d+)\u0000/g, (_, i: string) => show(values[Number(i)])));
}

function show(v: unknown): string {
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return String(v);
    return Number.isInteger(v) ? String(v) : v.toLocaleString('en-US', { maximumFractionDigits: 3, useGrouping: false });
  }
  if (isMarkdown(v)) return v.text;
  if (Array.isArray(v)) return v.map(show).join(', ');
  if (isEstimate(v)) return formatEstimate(v);
  return String(v);
}

function isEstimate(v: unknown): v is { value: number | null; bound: 'exact' | 'lower' | 'upper' | 'approximate' | null } {
  return typeof v === 'object' && v !== null && 'value' in v && 'bound' in v;
}

/** Removes the indentation all non-blank lines share, and blank lines at the start and end. */
export function dedent(s: string): string {
  const lines = s.split('\n');
  while (lines.length > 0 && lines[0]!.trim() === '') lines.shift();
  while (lines.length > 0 && lines[lines.length - 1]!.trim() === '') lines.pop();
  const indents = lines.filter((l) => l.trim() !== '').map((l) => /^[ \t]*/.exec(l)![0].length);
  const cut = indents.length > 0 ? Math.min(...indents) : 0;
  return lines.map((l) => l.slice(cut)).join('\n');
}
