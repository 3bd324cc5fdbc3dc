import { formatEstimate } from '../analysis/format.js';
import type { Bound } from '../analysis/types.js';
import { textWidth } from './font-metrics.js';

// Words and numbers as the charts print them. Number wording (bounds, qualifiers, periods) comes
// from analysis/format.ts, so a chart label and a table cell never disagree.

/** `Japan → South Kuril Islands`. */
export function directionLabel(origin: string, destination: string): string {
  return `${origin} \u2192 ${destination}`;
}

/** `Japan ↔ South Kuril Islands`. */
export function pairLabel(a: string, b: string): string {
  return `${a} \u2194 ${b}`;
}

/** A signed number with a real minus sign: `+5.4`, `−6.0`, `0.0`. */
export function signed(text: string, value: number): string {
  if (text.startsWith('-')) return `\u2212${text.slice(1)}`;
  return value > 0 && !/^0(\.0*)?$/.test(text) ? `+${text}` : text;
}

/** How a bound is worded: `strict` when the bound value itself is excluded (from an "over" figure). */
export interface BoundWording {
  /**
   * A strict lower bound reads "more than", an inclusive one "at least" (a strict upper bound "less than",
   * an inclusive one "at most"), as `formatEstimate` and the report tables word them; a number rounded
   * past its bound reads "more than" or "less than" either way.
   */
  strict?: boolean;
  /** Decimals (default 1). */
  digits?: number;
}

/**
 * A percent change in words, the bound kept: `+5.4%`, `−6.0%`, `more than +12.1%`, `at least +20.0%`.
 * The number comes from `formatEstimate` (lower bounds rounded down, upper bounds up).
 * @example percentChangeLabel(5.387647, 'exact') // => "+5.4%"
 * @example percentChangeLabel(20, 'lower', { strict: true }) // => "more than +20.0%" (from an "over" figure)
 */
export function percentChangeLabel(value: number, bound: Bound | null, options: BoundWording = {}): string {
  const words = formatEstimate({ value, bound: bound ?? 'exact', strict: options.strict === true }, options.digits ?? 1);
  const m = /^(.*?)(-?[0-9][0-9,]*(?:\.[0-9]+)?)$/.exec(words);
  if (!m) return words;
  return `${m[1]}${signed(m[2]!, Number(m[2]!.replace(/,/g, '')))}%`;
}

/**
 * A share (0 to 1) as a percent in words: `74.1%`, `more than 67.7%`, `less than 32.3%`; a bound that is
 * not rounded reads `at least 80.0%` (from an "at least" figure) or `more than 80.0%` (from an "over" one).
 * @example shareLabel(0.740535, 'exact') // => "74.1%"
 * @example shareLabel(0.8, 'lower', { strict: true }) // => "more than 80.0%"
 */
export function shareLabel(value: number, bound: Bound | null, options: BoundWording = {}): string {
  return formatEstimate({ value: value * 100, bound: bound ?? 'exact', strict: options.strict === true }, options.digits ?? 1, '%');
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/**
 * A date at the precision given, in words: `1992`, `December 2016`, `23 September 2017`
 * (`short` abbreviates the month: `Dec 2016`).
 */
export function dateWords(date: string, short = false): string {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(date);
  if (!m) return date;
  const month = m[2] ? MONTHS[Number(m[2]) - 1] : undefined;
  if (!month) return m[1]!;
  const name = short ? month.slice(0, 3) : month;
  return m[3] ? `${Number(m[3])} ${name} ${m[1]}` : `${name} ${m[1]}`;
}

/**
 * Where a date falls on a year axis whose year Y spans [Y − 0.5, Y + 0.5] (bars centred on years):
 * a year alone sits at Y; a month at the middle of that month; a day at that day.
 * position = Y − 0.5 + (day of year − 0.5) / days in year.
 * @example yearPosition('2016-12') // => 2016.457650273224 (the middle of December 2016)
 */
export function yearPosition(date: string): number {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(date);
  if (!m) return Number.NaN;
  const y = Number(m[1]);
  if (!m[2]) return y;
  const month = Number(m[2]) - 1;
  const start = Date.UTC(y, 0, 1);
  const days = (Date.UTC(y + 1, 0, 1) - start) / 86_400_000;
  const dayOfYear = m[3]
    ? (Date.UTC(y, month, Number(m[3])) - start) / 86_400_000 + 0.5
    : ((Date.UTC(y, month, 1) - start) / 86_400_000 + (Date.UTC(y, month + 1, 1) - start) / 86_400_000) / 2;
  return y - 0.5 + dayOfYear / days;
}

/**
 * Breaks text into lines no wider than `maxWidth` pixels in DejaVu Sans, at spaces
 * (a single word wider than the line stays whole).
 */
export function wrapText(text: string, maxWidth: number, fontSize: number, bold = false, maxLines = MAX_WRAPPED_LINES): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/ +/)) {
    const next = line ? `${line} ${word}` : word;
    if (textWidth(next, fontSize, bold) <= maxWidth) {
      line = next;
      continue;
    }
    if (line) lines.push(line);
    // A word wider than the line (a 60,000-character place name) is cut into pieces that fit.
    let rest = word;
    while (textWidth(rest, fontSize, bold) > maxWidth && lines.length <= maxLines) {
      const cut = fitting(rest, maxWidth, fontSize, bold);
      lines.push(rest.slice(0, cut));
      rest = rest.slice(cut);
    }
    line = rest;
    if (lines.length > maxLines) break;
  }
  if (line) lines.push(line);
  if (lines.length <= maxLines) return lines;
  // Text this long is cut, visibly: every figure stays whole in the tables and the data file.
  const kept = lines.slice(0, maxLines);
  let last = kept[maxLines - 1]!;
  while (last.length > 0 && textWidth(`${last}\u2026`, fontSize, bold) > maxWidth) last = last.slice(0, -1);
  kept[maxLines - 1] = `${last}\u2026`;
  return kept;
}

/** Widest a subtitle line built from data (place names) may get before it wraps. */
export const SUBTITLE_MAX_WIDTH = 1000;

/** Most lines a wrapped text may take; longer text ends with an ellipsis. */
export const MAX_WRAPPED_LINES = 6;

/** How many leading characters of `s` fit in `maxWidth` (at least one). */
function fitting(s: string, maxWidth: number, fontSize: number, bold: boolean): number {
  let lo = 1;
  let hi = s.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (textWidth(s.slice(0, mid), fontSize, bold) <= maxWidth) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Joins items in words: `a`, `a and b`, `a, b and c`; more than `max` end with `and N more`. */
export function listWords(items: readonly string[], max = 40): string {
  const shown = items.length > max ? [...items.slice(0, max), `${items.length - max} more`] : [...items];
  if (shown.length <= 1) return shown[0] ?? '';
  return `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
}
