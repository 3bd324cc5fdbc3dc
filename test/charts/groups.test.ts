import { describe, expect, it } from 'vitest';
import { FIGURES } from '../../src/internals.js';
import type { Visit } from '../../src/index.js';
import { directionTotals } from '../../src/charts/groups.js';

const row = (
  origin: string,
  destination: string,
  count: number,
  qualifier: Visit['qualifier'],
  travelers: string,
  start = 2016,
): Visit => ({
  ...FIGURES[2]!,
  id: `${origin}-${destination}-${count}`,
  origin,
  destination,
  travelers,
  period_start: start,
  period_end: start,
  count,
  qualifier,
  source_id: 's1',
  quote: '',
});

describe('directionTotals', () => {
  it('adds each direction by the analysis rule: over beats at least beats about beats exact', () => {
    const totals = directionTotals([
      row('Japan', 'Iturup', 700, 'approximately', 'students'),
      row('Iturup', 'Japan', 30, 'exact', 'residents'),
      row('Japan', 'Iturup', 20, 'at_least', 'teachers'),
      row('Iturup', 'Japan', 5, 'more_than', 'residents'),
      row('Japan', 'Kunashir', 10, 'exact', 'residents', 2015),
      row('Japan', 'Kunashir', 4, 'approximately', 'residents', 2015),
    ]);
    // Order of first appearance; sums by hand: 700 + 20 = 720, 30 + 5 = 35, 10 + 4 = 14.
    expect(totals.map((t) => [t.origin, t.destination, t.count, t.qualifier, t.travelers, t.forward, t.pair.index])).toEqual([
      ['Japan', 'Iturup', 720, 'at_least', 'students; teachers', true, 0],
      ['Iturup', 'Japan', 35, 'more_than', 'residents', false, 0],
      ['Japan', 'Kunashir', 14, 'approximately', 'residents', true, 1],
    ]);
  });

  it('keeps periods and sources apart', () => {
    const totals = directionTotals([row('Japan', 'Iturup', 1, 'exact', 'a', 2015), row('Japan', 'Iturup', 2, 'exact', 'a', 2016)]);
    expect(totals.map((t) => [t.period_start, t.count, t.qualifier])).toEqual([
      [2015, 1, 'exact'],
      [2016, 2, 'exact'],
    ]);
  });
});
