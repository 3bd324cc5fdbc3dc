import { describe, expect, it } from 'vitest';
import { formatEstimate } from '../../src/analysis/format.js';
import { SOURCES } from '../../src/internals.js';
import { sourceLine, sourceName } from '../../src/charts/index.js';
import { textWidth } from '../../src/charts/font-metrics.js';
import { wrapText, yearPosition } from '../../src/charts/labels.js';
import type { Bound } from '../../src/analysis/types.js';
import { ENGLISH } from '../../src/i18n/locale.js';
import { directionLabel, listWords, pairLabel, shareWords, signedWords } from '../../src/i18n/words.js';

// The chart wording now lives in i18n/words.ts (shared with the report); these are its English forms.
type Wording = { strict?: boolean; digits?: number };
const percentChangeLabel = (value: number, bound: Bound, o: Wording = {}) =>
  signedWords({ value, bound, strict: o.strict }, o.digits ?? 1, '%');
const shareLabel = (value: number, bound: Bound, o: Wording = {}) => shareWords({ value, bound, strict: o.strict }, o.digits ?? 1);
const dateWords = (date: string, short?: boolean) => ENGLISH.date(date, short);

describe('sourceLine', () => {
  it('names the publisher and the date the page shows', () => {
    expect(sourceLine(['sputnik-2021-07-29'], SOURCES)).toBe('Source: Sputnik, 29 July 2021');
  });
  it('lists several sources once each, and an id without a row as it stands', () => {
    expect(sourceLine(['sputnik-2021-07-29', 'my-survey', 'sputnik-2021-07-29'], SOURCES)).toBe(
      'Sources: Sputnik, 29 July 2021; my-survey',
    );
    expect(sourceLine([], SOURCES)).toBe('');
  });
  it('leaves the date out when the source has none', () => {
    expect(sourceName('x', [{ id: 'x', publisher: 'Ministry', dateline: '', published: '', document: '', note: '' }])).toBe('Ministry');
  });
});

describe('labels', () => {
  it('writes directions and pairs with arrows', () => {
    expect(directionLabel('Japan', 'South Kuril Islands')).toBe('Japan \u2192 South Kuril Islands');
    expect(pairLabel('Japan', 'South Kuril Islands')).toBe('Japan \u2194 South Kuril Islands');
  });

  it('writes percent changes with a sign and a real minus, keeping the bound', () => {
    expect(percentChangeLabel(5.387647831800263, 'exact')).toBe('+5.4%');
    expect(percentChangeLabel(-6.020066889632107, 'exact')).toBe('\u22126.0%');
    expect(percentChangeLabel(0, 'exact')).toBe('0.0%');
    expect(percentChangeLabel(12.1385, 'lower')).toBe('more than +12.1%');
    expect(percentChangeLabel(-6.02, 'lower')).toBe('more than \u22126.1%');
    expect(percentChangeLabel(3, 'approximate')).toBe('about +3.0%');
    expect(signedWords({ value: -1, bound: 'exact' }, 0)).toBe('\u22121');
  });

  it('writes shares as percents, lower bounds rounded down and upper bounds up', () => {
    expect(shareLabel(802 / 1083, 'exact')).toBe('74.1%');
    expect(shareLabel(20000 / 29500, 'lower')).toBe('more than 67.7%');
    expect(shareLabel(9500 / 29500, 'upper')).toBe('less than 32.3%');
  });

  it('words a bound as the report tables do: a strict bound (from "over") "more than" / "less than", an inclusive one (from "at least") "at least" / "at most"', () => {
    // 800 of 1,000 is exactly 80.0%: nothing is rounded, so only strictness decides the words.
    expect(shareLabel(0.8, 'lower')).toBe('at least 80.0%');
    expect(shareLabel(0.8, 'lower', { strict: false })).toBe('at least 80.0%');
    expect(shareLabel(0.8, 'lower', { strict: true })).toBe('more than 80.0%');
    expect(shareLabel(0.2, 'upper', { strict: false })).toBe('at most 20.0%');
    expect(shareLabel(0.2, 'upper', { strict: true })).toBe('less than 20.0%');
    expect(percentChangeLabel(20, 'lower', { strict: false })).toBe('at least +20.0%');
    expect(percentChangeLabel(20, 'lower', { strict: true })).toBe('more than +20.0%');
    expect(percentChangeLabel(-75, 'upper', { strict: false })).toBe('at most \u221275.0%');
    expect(percentChangeLabel(-75, 'upper', { strict: true })).toBe('less than \u221275.0%');
    // A number rounded past its bound reads "more than" / "less than" whatever the strictness.
    expect(shareLabel(20000 / 29500, 'lower', { strict: false })).toBe('more than 67.7%');
    expect(shareLabel(0.8, 'lower', { strict: true, digits: 0 })).toBe('more than 80%');
    // The same words as formatEstimate, which the report tables use.
    for (const strict of [false, true])
      expect(shareLabel(0.8, 'lower', { strict })).toBe(formatEstimate({ value: 80, bound: 'lower', strict }, 1, '%'));
  });

  it('writes dates at their precision', () => {
    expect(dateWords('1992')).toBe('1992');
    expect(dateWords('2016-12')).toBe('December 2016');
    expect(dateWords('2017-09-23')).toBe('23 September 2017');
    expect(dateWords('2017-09-23', true)).toBe('23 Sep 2017');
  });

  it('places dates on a year axis where year Y spans Y − 0.5 to Y + 0.5', () => {
    expect(yearPosition('1992')).toBe(1992);
    expect(yearPosition('2016-12')).toBeCloseTo(2016 - 0.5 + (335 + 15.5) / 366, 6);
    expect(yearPosition('2017-01-01')).toBeCloseTo(2016.5 + 0.5 / 365, 6);
    expect(yearPosition('2017-09-23')).toBeCloseTo(2016.5 + 265.5 / 365, 6);
  });

  it('wraps text at spaces to a width in DejaVu Sans pixels', () => {
    const lines = wrapText('Upper Riverbend Valley Municipality \u2192 Lakeside', 150, 11);
    expect(lines).toEqual(['Upper Riverbend Valley', 'Municipality \u2192 Lakeside']);
    for (const l of lines) expect(textWidth(l, 11)).toBeLessThanOrEqual(150);
    expect(wrapText('short', 150, 11)).toEqual(['short']);
  });

  it('joins lists in words', () => {
    expect(listWords(['a'])).toBe('a');
    expect(listWords(['a', 'b', 'c'])).toBe('a, b and c');
    expect(listWords(['a', 'b', 'c'], 2)).toBe('a, b and 1 more');
  });
});

describe('textWidth', () => {
  it('measures with the DejaVu Sans advance widths (digits are 0.636 em)', () => {
    expect(textWidth('761', 11)).toBeCloseTo(3 * 0.6362 * 11, 1);
    expect(textWidth('M', 10, true)).toBeGreaterThan(textWidth('M', 10));
    expect(textWidth('', 10)).toBe(0);
  });
});
