import { describe, expect, it } from 'vitest';
import { shares } from '../../src/index.js';
import { EVENTS, FIGURES, SOURCES } from '../../src/internals.js';
import type { Visit } from '../../src/index.js';
import { sharesChart } from '../../src/charts/index.js';
import { renderSvg } from '../../src/charts/render.js';
import { layersOf, markGroups, texts, userInput } from './setup.js';

const ctx = { sources: SOURCES, events: EVENTS };

describe('sharesChart', () => {
  const spec = sharesChart(shares(FIGURES), ctx)!;
  const layers = layersOf(spec);
  const segments = layers.find((l) => l.mark.type === 'bar')!;

  it('stacks each direction\u2019s share per period to 100 %, Japan → South Kuril Islands first', () => {
    const rows = segments.data.values.map((d: { period: string; direction: string; from: number; to: number; label: string }) => [
      d.period,
      d.direction,
      d.from,
      d.to,
      d.label,
    ]);
    expect(rows).toEqual([
      ['2015', 'Japan \u2192 South Kuril Islands', 0, 761 / 1060, '71.8%'],
      ['2015', 'South Kuril Islands \u2192 Japan', 761 / 1060, 1, '28.2%'],
      ['2016', 'Japan \u2192 South Kuril Islands', 0, 802 / 1083, '74.1%'],
      ['2016', 'South Kuril Islands \u2192 Japan', 802 / 1083, 1, '25.9%'],
      ['since 1992', 'Japan \u2192 South Kuril Islands', 0, 20000 / 29500, 'more than 67.7%'],
      ['since 1992', 'South Kuril Islands \u2192 Japan', 20000 / 29500, 1, 'less than 32.3%'],
    ]);
    expect(segments.encoding.x.scale.domain).toEqual([0, 1]);
  });

  it('marks the bounded shares: the upper bound paler, a triangle at the boundary pointing the way it may move', async () => {
    expect(segments.encoding.fillOpacity).toEqual({ condition: { test: "datum.bound === 'upper'", value: 0.45 }, value: 1 });
    const triangle = layers.find((l) => l.mark.type === 'point')!;
    expect(triangle.data.values).toMatchObject([{ period: 'since 1992', to: 20000 / 29500, shape: 'triangle-right' }]);
    const svg = await renderSvg(spec);
    expect(markGroups(svg, 'text').flatMap(texts)).toEqual(
      expect.arrayContaining(['74.1%', '25.9%', 'more than 67.7%', 'less than 32.3%']),
    );
    expect((spec as any).vconcat.at(-1).mark.text.join(' ')).toContain('A paler segment is an upper bound');
  });

  it('writes a label too wide for its segment beside the bar (a share of 0)', async () => {
    const input = await userInput();
    const user = sharesChart(input.shares, input)!;
    const outside = layersOf(user, 1).find((l) => l.mark.type === 'text' && l.encoding.x.field === 'one')!;
    expect(outside.data.values).toMatchObject([
      { period: '2018', direction: 'Greater Eastfield Metropolitan Region \u2192 Southport', label: '0.0%' },
    ]);
  });

  it('words an "at least" figure\u2019s shares "at least" / "at most", and an "over" figure\u2019s "more than" / "less than"', async () => {
    const visits = (qualifier: 'at_least' | 'more_than'): Visit[] => [
      { ...FIGURES[2]!, id: 'a', count: 800, qualifier },
      { ...FIGURES[3]!, id: 'b', count: 200, qualifier: 'exact' },
    ];
    const labels = (qualifier: 'at_least' | 'more_than') =>
      layersOf(sharesChart(shares(visits(qualifier)), ctx)!)
        .find((l) => l.mark.type === 'bar')!
        .data.values.map((d: { label: string }) => d.label);
    expect(labels('at_least')).toEqual(['at least 80.0%', 'at most 20.0%']);
    expect(labels('more_than')).toEqual(['more than 80.0%', 'less than 20.0%']);
    const svg = await renderSvg(sharesChart(shares(visits('at_least')), ctx)!);
    expect(markGroups(svg, 'text').flatMap(texts)).toEqual(expect.arrayContaining(['at least 80.0%', 'at most 20.0%']));
    expect(svg).toContain('at least 80.0% and at most 20.0%');
  });

  it('returns null when no period has both directions', () => {
    expect(sharesChart(shares(FIGURES.filter((v) => v.origin === 'Japan')), ctx)).toBeNull();
  });
});
