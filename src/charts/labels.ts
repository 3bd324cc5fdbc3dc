import { textWidth } from './font-metrics.js';

// Where chart text goes: dates on a year axis, and text wrapped to a width. The words and numbers
// themselves come from i18n/words.ts, which the report uses too, so a chart label and a table cell
// never disagree.

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
