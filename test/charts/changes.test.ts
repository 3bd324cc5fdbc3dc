import { describe, expect, it } from 'vitest';
import { changes } from '../../src/index.js';
import { EVENTS, FIGURES, SOURCES } from '../../src/internals.js';
import { changesChart } from '../../src/charts/index.js';
import { renderSvg } from '../../src/charts/render.js';
import { layersOf, markGroups, texts, userInput } from './setup.js';

const ctx = { sources: SOURCES, events: EVENTS };

describe('changesChart', () => {
  const spec = changesChart(changes(FIGURES), ctx)!;
  const layers = layersOf(spec);
  const bars = layers.find((l) => l.mark.type === 'bar')!;

  it('draws diverging bars around 0 for each direction, the total and the ratio, 2015 → 2016', async () => {
    expect(bars.data.values.map((d: { axisLabel: string; label: string; sign: string }) => [d.axisLabel, d.label, d.sign])).toEqual([
      ['Japan \u2192 South Kuril Islands\n761 \u2192 802', '+5.4%', 'increase'],
      ['South Kuril Islands \u2192 Japan\n299 \u2192 281', '\u22126.0%', 'decrease'],
      ['Both directions together\n1,060 \u2192 1,083', '+2.2%', 'increase'],
      ['Ratio (Japan \u2192 South Kuril Islands \u00f7 reverse)\n2.55 \u2192 2.85', '+12.1%', 'increase'],
    ]);
    const expected = [5.38765, -6.02007, 2.16981, 12.1385];
    bars.data.values.forEach((d: { pct: number }, i: number) => expect(d.pct).toBeCloseTo(expected[i]!, 4));
    expect(bars.encoding.x.field).toBe('zero');
    expect(bars.encoding.x2.field).toBe('pct');
    const [lo, hi] = bars.encoding.x.scale.domain;
    expect(lo).toBeLessThan(-6.02);
    expect(hi).toBeGreaterThan(12.14);
    expect((spec as any).title.text).toBe('Change from 2015 to 2016');
    const svg = await renderSvg(spec);
    expect(markGroups(svg, 'text').flatMap(texts)).toEqual(expect.arrayContaining(['+5.4%', '\u22126.0%', '+2.2%', '+12.1%']));
  });

  it('with several steps, draws one bar per step, coloured by step, and notes why a change is missing', async () => {
    const input = await userInput();
    const user = changesChart(input.changes, input)!;
    const bars = layersOf(user, 1).find((l) => l.mark.type === 'bar')!;
    expect(bars.encoding.color.field).toBe('step');
    expect(bars.encoding.yOffset.field).toBe('step');
    expect(bars.encoding.color.scale.domain).toEqual(['2016 \u2192 2017', '2017 \u2192 2018', '2018 \u2192 2019', '2019 \u2192 2020']);
    const notes = (user as any).vconcat.at(-1).mark.text.join(' ');
    expect(notes).toContain('2018 value is 0, so the percent change is not defined');
  });

  it('words a bound from an "at least" figure "at least", and a strict one (from "over") "more than", when the rows say so', () => {
    const base = {
      series: 'flow' as const,
      origin: 'A',
      destination: 'B',
      source_id: 's',
      from_year: 2015,
      to_year: 2016,
      from_value: 100,
      to_value: 120,
      change: 20,
      percent_change: 20,
      bound: 'lower' as const,
      reason: null,
    };
    const rows = (strict: boolean | undefined) => [
      { ...base, ...(strict === undefined ? {} : { strict }) },
      { ...base, origin: 'B', destination: 'A', bound: 'exact' as const },
    ];
    const labels = (strict: boolean | undefined) =>
      layersOf(changesChart(rows(strict), ctx)!)
        .find((l) => l.mark.type === 'bar')!
        .data.values.map((d: { label: string }) => d.label);
    expect(labels(false)).toEqual(['at least +20.0%', '+20.0%']);
    expect(labels(undefined)).toEqual(['at least +20.0%', '+20.0%']);
    expect(labels(true)).toEqual(['more than +20.0%', '+20.0%']);
    expect((changesChart(rows(true), ctx) as any).description).toContain('A → B 2015 to 2016: more than 20.0 percent');
  });

  it('returns null when no change can be computed', () => {
    expect(changesChart(changes(FIGURES.filter((v) => v.period_end === null)), ctx)).toBeNull();
  });
});
