import { describe, expect, it } from 'vitest';
import { FIGURES, SOURCES, EVENTS } from '../../src/internals.js';
import { msg } from '../../src/messages.js';
import type { Visit } from '../../src/index.js';
import { buildCharts, CHART_NAMES } from '../../src/charts/index.js';
import { compileSpec, textLayout } from '../../src/charts/render.js';
import { bothDatasets, chartInput, embeddedInput, userInput, validateSpec } from './setup.js';

const { embedded, user } = await bothDatasets();
// The overlap check runs in each language, with the longest place names (neutral naming names both sides).
const inLanguages = [
  ['embedded', embedded],
  ['user', user],
  ['embedded ja neutral', buildCharts(embeddedInput(), { lang: 'ja', naming: 'neutral' })],
  ['user ja neutral', buildCharts(await userInput(), { lang: 'ja', naming: 'neutral' })],
  ['embedded ru neutral', buildCharts(embeddedInput(), { lang: 'ru', naming: 'neutral' })],
  ['user ru neutral', buildCharts(await userInput(), { lang: 'ru', naming: 'neutral' })],
] as const;

describe('buildCharts', () => {
  it('draws all six charts of the embedded data, in the fixed order', () => {
    expect(embedded.charts.map((c) => c.name)).toEqual(['annual-flows', 'ratios', 'cumulative', 'shares', 'changes', 'sources']);
    expect(embedded.skipped).toEqual([]);
    expect(CHART_NAMES).toEqual(['annual-flows', 'ratios', 'cumulative', 'shares', 'changes', 'sources']);
  });

  it('draws all six charts of the user fixture', () => {
    expect(user.charts.map((c) => c.name)).toEqual([...CHART_NAMES]);
    expect(user.skipped).toEqual([]);
  });

  it.each([
    ['embedded', embedded],
    ['user', user],
  ] as const)('%s: every spec validates against the Vega-Lite JSON schema and compiles with no warnings', (_name, set) => {
    for (const { name, spec } of set.charts) {
      const { valid, errors } = validateSpec(JSON.parse(JSON.stringify(spec)));
      expect({ name, valid, errors }).toEqual({ name, valid: true, errors: null });
      expect({ name, warnings: compileSpec(spec).warnings }).toEqual({ name, warnings: [] });
    }
  });

  it('the schema check rejects a broken spec (control)', () => {
    const spec = JSON.parse(JSON.stringify(embedded.charts[0]!.spec));
    spec.vconcat[0].layer[0].mark.type = 'bogus';
    expect(validateSpec(spec).valid).toBe(false);
  });

  it.each([
    ['embedded', embedded],
    ['user', user],
  ] as const)('%s: every chart has a title, subtitle, description, the shared theme, inline data and a source line', (_name, set) => {
    for (const { spec } of set.charts) {
      const s = spec as Record<string, any>;
      expect(s.$schema).toBe('https://vega.github.io/schema/vega-lite/v6.json');
      expect(typeof s.title.text).toBe('string');
      expect(s.title.subtitle.length).toBeGreaterThan(0);
      expect(s.description.length).toBeGreaterThan(40);
      expect(s.config.font).toBe('DejaVu Sans');
      const json = JSON.stringify(spec);
      expect(json).not.toMatch(/"url"\s*:/);
      const footer = s.vconcat[s.vconcat.length - 1];
      expect(footer.mark.text.at(-1)).toMatch(/^Sources?: /);
    }
  });

  it('writes the source line from the sources data, or the ids as they stand without it', () => {
    const line = (set: typeof embedded) => (set.charts[0]!.spec as any).vconcat.at(-1).mark.text.at(-1);
    expect(line(embedded)).toBe('Source: Sputnik, 29 July 2021');
    expect(line(user)).toBe('Sources: harbour-survey-2021; lakes-ministry-2022');
  });

  it.each(inLanguages)('%s: no two pieces of text overlap, and none is truncated', async (_name, set) => {
    for (const { name, spec } of set.charts) {
      const boxes = (await textLayout(spec)).filter((b) => !b.halo);
      const overlaps: string[] = [];
      for (let i = 0; i < boxes.length; i++) {
        for (let j = i + 1; j < boxes.length; j++) {
          const a = boxes[i]!;
          const b = boxes[j]!;
          if (a.x1 < b.x2 - 0.5 && b.x1 < a.x2 - 0.5 && a.y1 < b.y2 - 0.5 && b.y1 < a.y2 - 0.5) overlaps.push(`${a.text} / ${b.text}`);
        }
      }
      expect({ name, overlaps }).toEqual({ name, overlaps: [] });
      expect({ name, truncated: boxes.filter((b) => b.truncated).map((b) => b.text) }).toEqual({ name, truncated: [] });
      // Axis and legend labels are all there, none cut to nothing.
      for (const b of boxes.filter((x) => x.role === 'axis-label' || x.role === 'legend-label')) expect(b.x2 - b.x1).toBeGreaterThan(4);
    }
  });

  it('the overlap check finds overlapping text (control)', async () => {
    const spec = {
      data: { values: [{ t: 'one label' }, { t: 'another label' }] },
      mark: { type: 'text' as const },
      encoding: { text: { field: 't' }, x: { value: 10 }, y: { value: 10 } },
    };
    const boxes = await textLayout(spec);
    expect(boxes.length).toBe(2);
    expect(boxes[0]!.x1 < boxes[1]!.x2 && boxes[1]!.x1 < boxes[0]!.x2).toBe(true);
  });

  it('gives long place names room: y-axis labels wrap onto lines instead of being cut', () => {
    const changes = user.charts.find((c) => c.name === 'changes')!.spec as any;
    const yAxis = changes.vconcat[0].layer[1].encoding.y;
    expect(yAxis.axis.labelExpr).toContain('split(');
    expect(yAxis.axis.labelLimit).toBeGreaterThanOrEqual(200);
    expect(JSON.stringify(changes)).toContain('Ratio (Greater Eastfield Metropolitan Region \u2192\\nSouthport \u00f7 reverse)');
  });

  it('leaves out what the data cannot show, with the reason: one direction only', () => {
    const oneWay: Visit[] = FIGURES.filter((v) => v.origin === 'Japan');
    const set = buildCharts(chartInput(oneWay, { sources: SOURCES, events: EVENTS }));
    expect(set.charts.map((c) => c.name)).toEqual(['annual-flows', 'cumulative', 'changes']);
    expect(set.skipped).toEqual([
      { name: 'ratios', reason: msg.chartNoRatios() },
      { name: 'shares', reason: msg.chartNoShares() },
      // No reconciliation given (chartInput makes none): the sources chart has nothing to draw from.
      { name: 'sources', reason: msg.chartNoSources() },
    ]);
  });

  it('leaves out what the data cannot show, with the reason: no single years', () => {
    const since: Visit[] = FIGURES.filter((v) => v.period_end === null);
    const set = buildCharts(chartInput(since, { sources: SOURCES, events: EVENTS }));
    expect(set.charts.map((c) => c.name)).toEqual(['ratios', 'cumulative', 'shares']);
    expect(set.skipped).toEqual([
      { name: 'annual-flows', reason: msg.chartNoSingleYears() },
      { name: 'changes', reason: msg.chartNoChanges() },
      { name: 'sources', reason: msg.chartNoSources() },
    ]);
  });

  it('draws nothing from no rows, and says why for each chart', () => {
    const set = buildCharts(chartInput([]));
    expect(set.charts).toEqual([]);
    expect(set.skipped.map((s) => s.name)).toEqual([...CHART_NAMES]);
  });
});
