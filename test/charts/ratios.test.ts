import { describe, expect, it } from 'vitest';
import { ratios } from '../../src/index.js';
import { EVENTS, FIGURES, SOURCES } from '../../src/internals.js';
import type { Visit } from '../../src/index.js';
import { ratiosChart } from '../../src/charts/index.js';
import { renderSvg } from '../../src/charts/render.js';
import { layersOf, markGroups, texts } from './setup.js';

const ctx = { sources: SOURCES, events: EVENTS };

describe('ratiosChart', () => {
  const spec = ratiosChart(ratios(FIGURES), ctx)!;
  const layers = layersOf(spec);
  const dots = layers.find((l) => l.mark.type === 'point' && l.encoding.x.field === 'value')!;

  it('draws one dot per period, Japan → South Kuril Islands over the reverse, and no bars', () => {
    expect(dots.data.values.map((d: { period: string; value: number }) => [d.period, d.value])).toEqual([
      ['2015', 761 / 299],
      ['2016', 802 / 281],
      ['since 1992', 20000 / 9500],
    ]);
    expect(layers.some((l) => l.mark.type === 'bar' || l.mark.type === 'rect')).toBe(false);
    expect((spec as any).title.subtitle[0]).toBe(
      'Japan \u2192 South Kuril Islands travellers per South Kuril Islands \u2192 Japan traveller, by period',
    );
  });

  it('encodes the since-1992 ratio as a lower bound: labelled "more than", with an arrow to the open end', async () => {
    const since = dots.data.values.find((d: { period: string }) => d.period === 'since 1992');
    expect(since).toMatchObject({ bound: 'lower', lower: 20000 / 9500, upper: null, label: 'more than 2.10' });
    const arrows = layers.filter((l) => l.data.values.some((d: { shape?: string }) => d.shape === 'triangle-right'));
    expect(arrows.map((l) => l.mark.type).sort()).toEqual(['point', 'rule']);
    const rule = arrows.find((l) => l.mark.type === 'rule')!;
    expect(rule.data.values).toMatchObject([{ period: 'since 1992', from: 20000 / 9500, to: rule.encoding.x.scale.domain[1] }]);
    const svg = await renderSvg(spec);
    const labels = markGroups(svg, 'text').flatMap(texts);
    expect(labels).toContain('more than 2.10');
    expect(labels).toContain('2.55');
    expect(labels).toContain('2.85');
    expect(svg).toContain('since 1992: more than 2.10 (a lower bound)');
  });

  it('draws an upper bound with an arrow pointing down to its lower end', () => {
    // Over 9,500 the other way: 20,000 / over 9,500 is less than 2.11.
    const visits: Visit[] = FIGURES.map((v) =>
      v.id === 'japan-to-kurils-since-1992'
        ? { ...v, qualifier: 'exact' }
        : v.id === 'kurils-to-japan-since-1992'
          ? { ...v, qualifier: 'more_than' }
          : v,
    );
    const layers = layersOf(ratiosChart(ratios(visits), ctx)!);
    const arrow = layers.find((l) => l.mark.type === 'rule' && l.data.values.some((d: { shape?: string }) => d.shape === 'triangle-left'))!;
    expect(arrow.data.values).toMatchObject([{ period: 'since 1992', bound: 'upper', from: 0, to: 20000 / 9500, label: 'less than 2.11' }]);
  });

  it('draws an approximate ratio as a hollow dot labelled "about"', () => {
    const visits: Visit[] = FIGURES.map((v) => (v.id === 'japan-to-kurils-2015' ? { ...v, qualifier: 'approximately' } : v));
    const layers = layersOf(ratiosChart(ratios(visits), ctx)!);
    const dots = layers.find((l) => l.mark.type === 'point' && l.encoding.x.field === 'value')!;
    expect(dots.data.values[0]).toMatchObject({ period: '2015', bound: 'approximate', label: 'about 2.55' });
    expect(dots.encoding.fill.condition).toEqual({ test: "datum.bound === 'approximate'", value: 'white' });
  });

  it('shows n/a with the reason for a period without a ratio', () => {
    const visits: Visit[] = FIGURES.map((v) => (v.id === 'kurils-to-japan-2016' ? { ...v, count: 0, quote: '' } : v));
    const spec = ratiosChart(ratios(visits), ctx)!;
    const na = layersOf(spec).find((l) => l.mark.type === 'text' && l.encoding.x.field === 'zero')!;
    expect(na.data.values).toMatchObject([{ period: '2016', label: 'n/a' }]);
    expect((spec as any).vconcat.at(-1).mark.text.join(' ')).toContain('n/a, 2016: reverse flow is 0.');
  });

  it('returns null when no period has a ratio', () => {
    expect(ratiosChart(ratios(FIGURES.filter((v) => v.origin === 'Japan')), ctx)).toBeNull();
    expect(ratiosChart([], ctx)).toBeNull();
  });
});
