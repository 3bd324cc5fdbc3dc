import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import { pairFlows } from '../../src/analysis/flows.js';
import { FIGURES, SOURCES } from '../../src/internals.js';
import type { Visit } from '../../src/index.js';
import { buildCharts, LIMITS, pairKey, pairTraffic, sourceLine, type ChartSet } from '../../src/charts/index.js';
import { FONT_FILES } from '../../src/charts/font-metrics.js';
import { choosePanels, mostRecent, shownSentence } from '../../src/charts/limits.js';
import { PairIndex, panelsBy } from '../../src/charts/groups.js';
import { PNG_LIMITS, pngScale, renderPng, renderSvg, svgSize } from '../../src/charts/render.js';
import { chartTables } from '../../src/charts/select.js';
import { bothDatasets, chartInput, embeddedInput, userInput } from './setup.js';

const visit = (
  id: string,
  origin: string,
  destination: string,
  start: number,
  end: number | null,
  count: number,
  qualifier: Visit['qualifier'] = 'exact',
  source_id = 's1',
): Visit => ({
  ...FIGURES[2]!,
  id,
  origin,
  destination,
  travelers: 'residents',
  period_start: start,
  period_end: end,
  count,
  qualifier,
  source_id,
  quote: '',
});

const FIRST_YEAR = 1980;
const BIG: Record<number, number> = { 7: 9000, 3: 8000, 55: 7000, 12: 6000, 30: 6000 };
const place = (p: number, side: 0 | 1) => `Place ${String(2 * p + side).padStart(3, '0')}`;

/**
 * 60 place pairs × 40 years (1980–2019), both ways, and a "since 1980" figure each way for every tenth pair:
 * 4,812 figures. Pairs 7, 3, 55 carry the most travellers, then 12 and 30 tie (12 comes first); the others
 * are small. So the charts must draw pairs 3, 7, 12 and 55 (in order of first appearance).
 */
function manyPairs(pairs = 60, years = 40): Visit[] {
  const out: Visit[] = [];
  for (let p = 0; p < pairs; p++) {
    const [a, b] = [place(p, 0), place(p, 1)];
    const volume = BIG[p] ?? 100 + p;
    for (let y = 0; y < years; y++) {
      out.push(visit(`p${p}-ab-${y}`, a, b, FIRST_YEAR + y, FIRST_YEAR + y, volume));
      out.push(visit(`p${p}-ba-${y}`, b, a, FIRST_YEAR + y, FIRST_YEAR + y, Math.round(volume / 2)));
    }
    if (p % 10 === 0) {
      // Smaller than the years added up, so they do not change the travellers counted.
      out.push(visit(`p${p}-ab-since`, a, b, FIRST_YEAR, null, volume * 10, 'more_than'));
      out.push(visit(`p${p}-ba-since`, b, a, FIRST_YEAR, null, volume * 5, 'exact'));
    }
  }
  return out;
}

const MANY = manyPairs();
const many = buildCharts(chartInput(MANY));
const chart = (set: ChartSet, name: string) => set.charts.find((c) => c.name === name)!.spec as Record<string, any>;
const panels = (spec: Record<string, any>) => spec.vconcat.slice(0, -1) as Record<string, any>[];
const pairOfTitle = (title: string[]) => title.join(' ');
/** Every inline data row of a spec, however deep its layers. */
function dataRows(node: unknown): number {
  if (Array.isArray(node)) return node.reduce((n: number, x) => n + dataRows(x), 0);
  if (node === null || typeof node !== 'object') return 0;
  const o = node as Record<string, unknown>;
  let n = 0;
  for (const [k, v] of Object.entries(o)) n += k === 'values' && Array.isArray(v) ? v.length : dataRows(v);
  return n;
}

describe('charts of many place pairs and many years', () => {
  it('draw the 4 pairs with the most travellers (ties: first appearance), and say so', () => {
    const expected = [3, 7, 12, 55].map((p) => `${place(p, 0)} \u2194 ${place(p, 1)}`);
    for (const name of ['annual-flows', 'ratios', 'shares', 'changes']) {
      const spec = chart(many, name);
      expect({ name, pairs: panels(spec).map((p) => pairOfTitle(p.title.text)) }).toEqual({ name, pairs: expected });
      expect({ name, subtitle: spec.title.subtitle.join(' ') }).toEqual({
        name,
        subtitle: expect.stringContaining('Showing the 4 place pairs with the most travellers (of 60)'),
      });
      expect(spec.description).toContain('Showing the 4 place pairs with the most travellers (of 60)');
      expect(spec.description).not.toContain(place(0, 0));
    }
    // Multi-year figures: only every tenth pair has one; the biggest of those are 30, 50, 40 and 20.
    const cumulative = chart(many, 'cumulative');
    expect(panels(cumulative).map((p) => pairOfTitle(p.title.text).replace(/, since 1980$/, ''))).toEqual(
      [20, 30, 40, 50].map((p) => `${place(p, 0)} \u2194 ${place(p, 1)}`),
    );
    expect(cumulative.title.subtitle.join(' ')).toContain(
      'Showing the 4 place pairs with the most travellers (of 6); every figure is in the tables.',
    );
  });

  it('draw the most recent years and periods, and say so', () => {
    const flows = chart(many, 'annual-flows');
    expect(flows.title.text).toBe('Travellers each way, 2000\u20132019');
    expect(flows.title.subtitle.join(' ')).toContain(
      'the 20 most recent years, 2000\u20132019 (of 1980\u20132019); every figure is in the tables.',
    );
    const bars = panels(flows)[0]!.layer.find((l: any) => l.mark?.type === 'rect');
    expect(bars.encoding.x.axis.values).toEqual(Array.from({ length: 20 }, (_, i) => 2000 + i));
    expect(bars.data.values.length).toBe(40);

    const ratios = chart(many, 'ratios');
    expect(ratios.title.subtitle.join(' ')).toContain('each panel\u2019s 6 most recent periods');
    const dots = panels(ratios)[0]!.layer.find((l: any) => l.mark?.type === 'point' && l.encoding.x.field === 'value');
    expect(dots.data.values.map((d: { period: string }) => d.period)).toEqual(['2014', '2015', '2016', '2017', '2018', '2019']);
    // A pair with an open-ended figure keeps it: it is the most recent period.
    const shares = chart(many, 'shares');
    expect(shares.title.subtitle.join(' ')).toContain('each panel\u2019s 6 most recent periods');

    const changes = chart(many, 'changes');
    expect(changes.title.subtitle.join(' ')).toContain('each panel\u2019s 4 most recent year-to-year changes');
    const changeBars = panels(changes)[0]!.layer.find((l: any) => l.mark?.type === 'bar');
    expect(changeBars.encoding.color.scale.domain).toEqual([
      '2015 \u2192 2016',
      '2016 \u2192 2017',
      '2017 \u2192 2018',
      '2018 \u2192 2019',
    ]);
  });

  it('draw the most recent events in the years drawn, and say how many there are', () => {
    const events = Array.from({ length: 30 }, (_, i) => ({
      id: `e${i}`,
      date: `${1990 + i}-06`,
      year: 1990 + i,
      label: `Event ${1990 + i}`,
      quote: '',
      source_id: 's1',
    }));
    const set = buildCharts(chartInput(MANY, { events }));
    const flows = chart(set, 'annual-flows');
    const rule = panels(flows)[0]!.layer.find((l: any) => l.mark?.type === 'rule');
    // 2000–2019 drawn, events up to a year beyond: 1999–2019 (21 events), the 8 most recent drawn.
    expect(rule.data.values.map((e: { label: string }) => e.label)).toEqual(Array.from({ length: 8 }, (_, i) => `Event ${2012 + i}`));
    expect(flows.vconcat.at(-1).mark.text.join(' ')).toContain(
      'Dashed lines mark the 8 most recent of the 21 events in these years; every event is in the events table.',
    );
    // The multi-year chart names the events of its first year in the subtitle, a few at most.
    const many1980 = Array.from({ length: 5 }, (_, i) => ({
      id: `f${i}`,
      date: '1980',
      year: 1980,
      label: `Launch ${i}`,
      quote: '',
      source_id: 's1',
    }));
    const cumulative = chart(buildCharts(chartInput(MANY, { events: many1980 })), 'cumulative');
    expect(cumulative.title.subtitle.slice(1, 5)).toEqual([
      '1980: Launch 0',
      '1980: Launch 1',
      '1980: Launch 2',
      'and 2 more events in the events table',
    ]);
  });

  it('keep specs small: at most LIMITS.pairs panels, a bounded number of data rows and a short description', () => {
    for (const { name, spec } of many.charts) {
      expect({ name, panels: panels(spec as Record<string, any>).length <= LIMITS.pairs }).toEqual({ name, panels: true });
      expect({ name, rows: dataRows(spec) < 1500 }).toEqual({ name, rows: true });
      expect({ name, json: JSON.stringify(spec).length < 400_000 }).toEqual({ name, json: true });
      expect({ name, description: (spec.description ?? '').length < 8000 }).toEqual({ name, description: true });
    }
  });

  it('are the same whatever the size: ten times the pairs and a longer span give specs no bigger, built quickly', () => {
    const bigger = manyPairs(600, 60);
    const started = performance.now();
    const set = buildCharts(chartInput(bigger));
    const seconds = (performance.now() - started) / 1000;
    expect(seconds).toBeLessThan(20);
    for (const { name, spec } of set.charts) {
      const small = many.charts.find((c) => c.name === name)!.spec;
      expect({ name, ok: JSON.stringify(spec).length < JSON.stringify(small).length * 1.5 }).toEqual({ name, ok: true });
    }
    expect(chart(set, 'annual-flows').title.subtitle.join(' ')).toContain('(of 600)');
  });

  it('render within bounds: small SVGs, PNGs within PNG_LIMITS at 1.5 to 2 times the size', async () => {
    for (const { name, spec } of many.charts) {
      const svg = await renderSvg(spec);
      expect({ name, svgBytes: svg.length < 1_000_000 }).toEqual({ name, svgBytes: true });
      const { width, height } = svgSize(svg);
      expect({ name, width: width <= 1200, height: height <= 2200 }).toEqual({ name, width: true, height: true });
      const png = renderPng(svg);
      const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
      const [w, h] = [view.getUint32(16), view.getUint32(20)];
      // Twice the size, or at least 1.5 times when that would pass the limits.
      const scale = pngScale(width, height);
      expect(scale).toBeGreaterThanOrEqual(1.5);
      expect(w).toBe(Math.round(width * scale));
      expect(Math.abs(h - height * scale)).toBeLessThanOrEqual(1);
      expect(w <= PNG_LIMITS.side && h <= PNG_LIMITS.side && w * h <= PNG_LIMITS.pixels * 1.01).toBe(true);
    }
  });

  it('are drawn the same from the tables of the pairs they can draw (chartTables) as from the full tables', async () => {
    const same = (input: ReturnType<typeof chartInput>) => {
      const traffic = pairTraffic(input.visits);
      const reduced = buildCharts({ ...input, ...chartTables(pairFlows(input.visits), traffic), traffic });
      const full = buildCharts(input);
      expect(reduced.skipped).toEqual(full.skipped);
      expect(reduced.charts.map((c) => JSON.stringify(c.spec))).toEqual(full.charts.map((c) => JSON.stringify(c.spec)));
    };
    same(chartInput(MANY));
    same(embeddedInput());
    same(await userInput());
    // The reduced tables hold a few pairs only.
    const tables = chartTables(pairFlows(MANY), pairTraffic(MANY));
    expect(new Set(tables.ratios.map((r) => pairKey(r.origin, r.destination))).size).toBeLessThanOrEqual(LIMITS.pairs + 1);
    expect(tables.pairsInData).toEqual({ ratios: 60, shares: 60, changes: 60 });
    // Two more pairs with one year each: no changes to draw for them.
    const oneYear = [
      ...MANY,
      visit('x1', 'X', 'Y', 2019, 2019, 5),
      visit('x2', 'Y', 'X', 2019, 2019, 5),
      visit('z1', 'Z', 'W', 2018, 2018, 1),
    ];
    expect(chartTables(pairFlows(oneYear), pairTraffic(oneYear)).pairsInData).toEqual({ ratios: 62, shares: 62, changes: 60 });
    same(chartInput(oneYear));
    // A chart the big pairs cannot draw still is drawn from the first pair that can: here, pairs 3 and 7 have one direction only.
    const oneWayBig = MANY.filter(
      (v) => !(v.origin === place(3, 1) || v.origin === place(7, 1) || v.origin === place(55, 1) || v.origin === place(12, 1)),
    );
    same(chartInput(oneWayBig));
  });

  it('the small datasets draw everything, with no "Showing" line', async () => {
    const { embedded, user } = await bothDatasets();
    for (const { spec } of [...embedded.charts, ...user.charts]) expect(JSON.stringify(spec)).not.toContain('Showing');
  });
});

describe('choosing what to draw', () => {
  it('counts travellers once per direction: single years added up, or the largest multi-year figure when larger', () => {
    expect(pairTraffic(FIGURES).get(pairKey('Japan', 'South Kuril Islands'))).toBe(20000 + 9500);
    const visits = [
      visit('a', 'A', 'B', 2015, 2015, 10),
      visit('b', 'A', 'B', 2016, 2016, 20),
      visit('c', 'B', 'A', 2015, 2015, 5),
      visit('d', 'A', 'B', 2010, null, 25),
    ];
    expect(pairTraffic(visits).get(pairKey('B', 'A'))).toBe(30 + 5);
  });

  it('chooses pairs by travellers, ties by first appearance, and no more pairs than fit in LIMITS.panels panels', () => {
    const pairs = new PairIndex();
    const items = ['A-B:s1', 'C-D:s1', 'E-F:s1', 'C-D:s2', 'G-H:s1'].map((k) => {
      const [p, s] = k.split(':') as [string, string];
      const [o, d] = p.split('-') as [string, string];
      return { pair: pairs.pair(o, d), source: s };
    });
    const groups = panelsBy(
      items,
      (t) => t.pair,
      (t) => t.source,
    );
    const traffic = new Map([
      [pairKey('A', 'B'), 5],
      [pairKey('C', 'D'), 9],
      [pairKey('E', 'F'), 5],
      [pairKey('G', 'H'), 1],
    ]);
    const choice = choosePanels(groups, traffic, 2, 8);
    expect(choice.shown.map((g) => `${g.pair.a}${g.source_id}`)).toEqual(['As1', 'Cs1', 'Cs2']);
    expect([choice.pairs, choice.pairsInData]).toEqual([2, 4]);
    // Panels: C-D has two, so with room for two panels only C-D is drawn.
    expect(choosePanels(groups, traffic, 3, 2).shown.map((g) => g.pair.a)).toEqual(['C', 'C']);
    // Without travellers: first appearance.
    expect(choosePanels(groups, undefined, 2).shown.map((g) => g.pair.a)).toEqual(['A', 'C', 'C']);
    expect(shownSentence(choosePanels(groups, undefined, 2))).toBe(
      'Showing the first 2 place pairs (of 4); every figure is in the tables.',
    );
    expect(shownSentence(choosePanels(groups, traffic, 1))).toBe(
      'Showing the place pair with the most travellers (of 4); every figure is in the tables.',
    );
    expect(shownSentence(choosePanels(groups, traffic, 9))).toBeNull();
  });

  it('keeps the most recent periods, an open end the most recent, in the order given', () => {
    const periods: [number, number | null][] = [
      [2015, 2015],
      [1992, null],
      [2016, 2016],
      [2000, 2010],
      [2014, 2014],
    ];
    expect(
      mostRecent(
        periods,
        3,
        (p) => p[0],
        (p) => p[1],
      ),
    ).toEqual([
      [2015, 2015],
      [1992, null],
      [2016, 2016],
    ]);
    expect(
      mostRecent(
        periods,
        9,
        (p) => p[0],
        (p) => p[1],
      ),
    ).toEqual(periods);
  });

  it('names at most LIMITS.sources sources, and how many more', () => {
    const ids = Array.from({ length: LIMITS.sources + 3 }, (_, i) => `s${i}`);
    expect(sourceLine(ids, SOURCES)).toBe(`Sources: ${ids.slice(0, LIMITS.sources).join('; ')}; and 3 more (see the sources table)`);
    expect(sourceLine(['a', 'b'], SOURCES)).toBe('Sources: a; b');
  });
});

describe('renderPng', () => {
  it('draws with font copies that give the same pixels and bytes as the full fonts, for any script', async () => {
    const names = ['Южно-Курильск', 'Ελλάδα', 'القاهرة', 'Ōita', 'e\u0301te\u0301', '\u05e2\u05d1\u05e8\u05d9\u05ea', 'fi ffl'];
    const visits = FIGURES.map((v) => ({
      ...v,
      origin: v.origin === 'Japan' ? names.join(' ') : v.origin,
      destination: v.destination === 'Japan' ? names.join(' ') : v.destination,
    }));
    const set = buildCharts(chartInput(visits, { sources: SOURCES }));
    const { embedded } = await bothDatasets();
    for (const { spec } of [...set.charts, ...embedded.charts.slice(0, 2)]) {
      const svg = await renderSvg(spec);
      const { width } = svgSize(svg);
      const full = new Resvg(svg, {
        font: {
          fontFiles: [FONT_FILES.regular, FONT_FILES.bold],
          loadSystemFonts: false,
          defaultFontFamily: 'DejaVu Sans',
          sansSerifFamily: 'DejaVu Sans',
        },
        fitTo: { mode: 'width', value: Math.round(width * 2) },
        background: 'white',
      })
        .render()
        .asPng();
      expect(Buffer.from(renderPng(svg)).equals(full)).toBe(true);
    }
    // The copies made for one drawing are gone once it is drawn.
    expect(readdirSync(tmpdir()).filter((f) => f.startsWith(`kuril-exchange-font-${process.pid}-`))).toEqual([]);
  });

  it('keeps a huge SVG within PNG_LIMITS', () => {
    expect(pngScale(500, 400)).toBe(2);
    expect(pngScale(3000, 1000)).toBeCloseTo(PNG_LIMITS.side / 3000, 10);
    // The user fixture's tallest chart still gets twice its size.
    expect(pngScale(866, 1486)).toBe(2);
    const s = pngScale(2000, 2000);
    expect(2000 * s * 2000 * s).toBeLessThanOrEqual(PNG_LIMITS.pixels + 1);
    const png = renderPng(
      '<svg xmlns="http://www.w3.org/2000/svg" width="3000" height="6000"><rect width="3000" height="6000" fill="#0072B2"/></svg>',
    );
    const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
    expect(view.getUint32(20)).toBeLessThanOrEqual(PNG_LIMITS.side);
    expect(view.getUint32(16) * view.getUint32(20)).toBeLessThanOrEqual(PNG_LIMITS.pixels);
  });
});
