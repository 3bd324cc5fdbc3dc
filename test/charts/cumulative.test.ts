import { describe, expect, it } from 'vitest';
import { cumulative } from '../../src/index.js';
import { EVENTS, FIGURES, SOURCES } from '../../src/internals.js';
import { cumulativeChart } from '../../src/charts/index.js';
import { renderSvg } from '../../src/charts/render.js';
import { layersOf, markGroups, texts } from './setup.js';

const ctx = { sources: SOURCES, events: EVENTS };

describe('cumulativeChart', () => {
  it('draws the two since-1992 totals, the "over" visible as a label and an open-ended arrow', async () => {
    const spec = cumulativeChart(FIGURES, cumulative(FIGURES), ctx)!;
    const layers = layersOf(spec);
    const bars = layers.find((l) => l.mark.type === 'bar')!;
    expect(
      bars.data.values.map((d: { direction: string; count: number; label: string; open: boolean }) => [
        d.direction,
        d.count,
        d.label,
        d.open,
      ]),
    ).toEqual([
      ['Japan \u2192 South Kuril Islands', 20000, 'over 20,000', true],
      ['South Kuril Islands \u2192 Japan', 9500, '9,500', false],
    ]);
    const arrow = layers.find((l) => l.mark.type === 'point' && l.mark.shape === 'triangle-right')!;
    expect(arrow.data.values.map((d: { count: number }) => d.count)).toEqual([20000]);
    const svg = await renderSvg(spec);
    const labels = markGroups(svg, 'text').flatMap(texts);
    expect(labels).toEqual(
      expect.arrayContaining(['over 20,000', '9,500', 'more than 800 a year, 1992\u20132016', '380 a year, 1992\u20132016']),
    );
    expect((spec as any).title).toEqual({
      text: 'Travellers since 1992',
      subtitle: ['People who travelled in each direction since 1992, in total', '1992: Visa-free exchange launched'],
    });
  });

  it('takes the averages from the cumulative rows, so --end-year shows', () => {
    const spec = cumulativeChart(FIGURES, cumulative(FIGURES, { endYear: 2018 }), ctx)!;
    const json = JSON.stringify(spec);
    expect(json).toContain('more than 740 a year, 1992\u20132018');
    expect(json).toContain('the end of 2018');
  });

  it('returns null when no figure covers several years', () => {
    const singles = FIGURES.filter((v) => v.period_end !== null);
    expect(cumulativeChart(singles, cumulative(singles), ctx)).toBeNull();
  });
});
