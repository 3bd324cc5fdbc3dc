import { describe, expect, it } from 'vitest';
import { EVENTS, FIGURES, SOURCES } from '../../src/internals.js';
import type { Visit } from '../../src/index.js';
import { annualFlowsChart } from '../../src/charts/index.js';
import { renderSvg } from '../../src/charts/render.js';
import { layersOf, markGroups, texts } from './setup.js';

const ctx = { sources: SOURCES, events: EVENTS };
const visit = (over: Partial<Visit>): Visit => ({ ...FIGURES[2]!, quote: '', ...over });

describe('annualFlowsChart', () => {
  it('draws exactly four bars, labelled 761, 299, 802 and 281', async () => {
    const svg = await renderSvg(annualFlowsChart(FIGURES, ctx)!);
    const rects = markGroups(svg, 'rect');
    expect(rects.length).toBe(1);
    const bars = [...rects[0]!.matchAll(/<path [^>]*aria-roledescription="rect mark"[^>]*>/g)];
    expect(bars.length).toBe(4);
    expect(bars.map((b) => /fill="([^"]+)"/.exec(b[0])![1])).toEqual(['#0072B2', '#E69F00', '#0072B2', '#E69F00']);
    const labels = markGroups(svg, 'text').flatMap(texts);
    for (const n of ['761', '299', '802', '281']) expect(labels.filter((t) => t === n).length).toBeGreaterThanOrEqual(1);
  });

  it('draws the events next to the years drawn and extends the axis by a year to reach them, not further', () => {
    const spec = annualFlowsChart(FIGURES, ctx)!;
    const rules = layersOf(spec).find((l) => l.mark.type === 'rule')!;
    expect(rules.data.values.map((e: { label: string }) => e.label)).toEqual(['Russian president visits Japan', 'First charter flight']);
    const bars = layersOf(spec).find((l) => l.mark.type === 'rect')!;
    expect(bars.encoding.x.scale.domain).toEqual([2014.5, 2017.5]);
    expect(bars.encoding.x.axis.values).toEqual([2015, 2016, 2017]);
    expect(JSON.stringify(spec)).not.toContain('Visa-free exchange launched');
    expect(JSON.stringify(spec)).toContain('First charter flight (23 Sep 2017)');
    // 2017 has no figures, and says so.
    expect(JSON.stringify(layersOf(spec).find((l) => l.encoding.text?.value === 'no figures')!.data.values)).toContain('"yr":2017');
  });

  it('keeps its axis to the data when no event is near', () => {
    const spec = annualFlowsChart(FIGURES, { sources: SOURCES, events: EVENTS.filter((e) => e.year === 1992) })!;
    const bars = layersOf(spec).find((l) => l.mark.type === 'rect')!;
    expect(bars.encoding.x.scale.domain).toEqual([2014.5, 2016.5]);
    expect(layersOf(spec).some((l) => l.mark.type === 'rule')).toBe(false);
  });

  it('draws a figure the source gives as a minimum as a paler bar with an arrow, labelled "over"', () => {
    const visits = [
      visit({ id: 'a', count: 1200, qualifier: 'more_than' }),
      visit({ id: 'b', origin: 'South Kuril Islands', destination: 'Japan', count: 300 }),
    ];
    const spec = annualFlowsChart(visits, ctx)!;
    const layers = layersOf(spec);
    expect(layers.some((l) => l.mark.type === 'point' && l.mark.shape === 'triangle-up')).toBe(true);
    const labels = layers
      .filter((l) => l.encoding.text?.field === 'label')
      .flatMap((l) => l.data.values.map((d: { label: string }) => d.label));
    expect(labels).toContain('over 1,200');
    expect(JSON.stringify(spec)).toContain('marks a minimum');
  });

  it('marks a direction missing in a year as n/a, and draws a zero as 0', () => {
    const visits = [
      visit({ id: 'a', count: 0 }),
      visit({ id: 'b', period_start: 2016, period_end: 2016, count: 5 }),
      visit({ id: 'c', origin: 'South Kuril Islands', destination: 'Japan', period_start: 2016, period_end: 2016, count: 3 }),
    ];
    const spec = annualFlowsChart(visits, ctx)!;
    const layers = layersOf(spec);
    const na = layers.find((l) => l.encoding.text?.value === 'n/a')!;
    expect(na.data.values).toMatchObject([{ year: '2015', direction: 'South Kuril Islands \u2192 Japan' }]);
    const labels = layers
      .filter((l) => l.encoding.text?.field === 'label')
      .flatMap((l) => l.data.values.map((d: { label: string }) => d.label));
    expect(labels).toContain('0');
  });

  it('turns value labels upright when bars get too narrow for them; with many years, draws the most recent ones and says so', () => {
    const years = (n: number) =>
      Array.from({ length: n }, (_, i) => [
        visit({ id: `a${i}`, period_start: 1990 + i, period_end: 1990 + i, count: 123456 }),
        visit({ id: `b${i}`, origin: 'South Kuril Islands', destination: 'Japan', period_start: 1990 + i, period_end: 1990 + i, count: 2 }),
      ]).flat();
    const labelLayer = (n: number) =>
      layersOf(annualFlowsChart(years(n), { sources: [], events: [] })!).find(
        (l) => l.encoding.text?.field === 'label' && l.mark.stroke === undefined,
      );
    expect(labelLayer(3)!.mark.angle).toBeUndefined();
    expect(labelLayer(16)!.mark.angle).toBe(270);
    // 80 years: the 20 most recent, labels upright, and the subtitle says so.
    const many = annualFlowsChart(years(80), { sources: [], events: [] })!;
    expect(labelLayer(80)!.mark.angle).toBe(270);
    expect(layersOf(many).find((l) => l.mark.type === 'rect')!.encoding.x.axis.values).toEqual(
      Array.from({ length: 20 }, (_, i) => 2050 + i),
    );
    expect((many as any).title.text).toBe('Travellers each way, 2050\u20132069');
    expect((many as any).title.subtitle.join(' ')).toContain(
      'Showing the 20 most recent years, 2050\u20132069 (of 1990\u20132069); every figure is in the tables.',
    );
  });

  it('returns null when no figure is for a single year', () => {
    expect(
      annualFlowsChart(
        FIGURES.filter((v) => v.period_end === null),
        ctx,
      ),
    ).toBeNull();
    expect(annualFlowsChart([], ctx)).toBeNull();
  });
});
