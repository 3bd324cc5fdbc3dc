import { describe, expect, it } from 'vitest';
import { reconcile } from '../../src/analysis/reconcile.js';
import { buildCharts } from '../../src/charts/index.js';
import { renderSvg } from '../../src/charts/render.js';
import type { Lang, Naming } from '../../src/dataset/places.js';
import { FIGURES, SOURCES } from '../../src/internals.js';
import { renderReport } from '../../src/report/html.js';
import { embeddedInput } from './setup.js';

// The sources chart and the report's "Do the sources agree?" section in Japanese and Russian. Expected
// strings are written here by hand; numbers are checked by hand against the embedded figures.

const reconciled = async () => ({ ...embeddedInput(), reconciliation: await reconcile(FIGURES, { sources: SOURCES }) });

async function sourcesSvg(lang: Lang, naming: Naming): Promise<{ svg: string; spec: any }> {
  const set = buildCharts(await reconciled(), { lang, naming });
  const chart = set.charts.find((c) => c.name === 'sources')!;
  return { svg: await renderSvg(chart.spec), spec: chart.spec };
}

describe('the sources chart in Japanese and Russian', () => {
  it('ja: title, legend, axis titles and panel heading in Japanese, islands by the naming', async () => {
    const { svg, spec } = await sourcesSvg('ja', 'japanese');
    expect(svg).toContain('出典が示すことと、それらが合わせて示すこと');
    expect(svg).toContain('>出典</text>');
    expect(svg).toContain('数値の期間の終わりの年');
    expect(svg).toContain('1992年以降の人数');
    expect(svg).toContain('日本 → 北方領土、Japanese citizens');
    expect(svg).not.toContain('What the sources say');
    // The tooltip of the 20,000 figure: "over 20,000" is 20,000超; its status, consistent, is 両立.
    const figure = spec.vconcat[0].layer.find((l: any) => l.mark.type === 'point' && !l.mark.shape).data.values;
    expect(figure.map((d: any) => [d.label, d.period, d.status])).toContainEqual(['20,000超', '1992年以降', '両立']);
  });

  it('ru: title, legend, axis titles and panel heading in Russian, islands by the naming', async () => {
    const { svg, spec } = await sourcesSvg('ru', 'russian');
    expect(svg).toContain('Что говорят источники и что из них следует вместе');
    expect(svg).toContain('>Источник</text>');
    expect(svg).toContain('Год, которым заканчивается число');
    expect(svg).toContain('Число людей с 1992 г.');
    expect(svg).toContain('Япония → Южные Курилы, Japanese citizens');
    const figure = spec.vconcat[0].layer.find((l: any) => l.mark.type === 'point' && !l.mark.shape).data.values;
    expect(figure.map((d: any) => [d.label, d.period, d.status])).toContainEqual(['свыше 20\u202f000', 'с 1992 г.', 'согласуется']);
  });
});

describe('"Do the sources agree?" in Japanese and Russian', () => {
  const report = async (lang: Lang, naming: Naming) =>
    renderReport({
      ...(await reconciled()),
      endYear: { used: 2016, given: false },
      charts: [],
      skippedCharts: [],
      files: [],
      inputName: null,
      versions: {},
      interactive: false,
      lang,
      naming,
    });

  it('ja: heading, summary, implied-table headings and sentences', async () => {
    const ja = await report('ja', 'japanese');
    expect(ja).toContain('<h2 id="agree-h">出典どうしは矛盾しないか</h2>');
    expect(ja).toContain('<a href="#agree">出典どうしは矛盾しないか</a>');
    // 6 embedded figures, 1 source.
    expect(ja).toContain('<p>出典1件の数値6件は、すべて同時に成り立ちえます。</p>');
    expect(ja).toContain('<th scope="col">除く年</th>');
    // 802 + 761 = 1,563 people at least over 1992–2016.
    expect(ja).toContain('日本 → 北方領土、Japanese citizens、1992～2016年：1,563以上。');
    expect(ja).not.toContain('Do the sources agree?');
  });

  it('ru: heading, summary with plural agreement, and sentences', async () => {
    const ru = await report('ru', 'neutral');
    expect(ru).toContain('<h2 id="agree-h">Согласуются ли источники?</h2>');
    expect(ru).toContain('<p>Все 6 чисел из 1 источника могут быть верны одновременно.</p>');
    expect(ru).toContain('Япония → Южные Курилы / Северные территории, Japanese citizens, 1992–2016: не менее 1\u202f563.');
    expect(ru).toContain('<th scope="col">Кроме лет</th>');
  });
});
