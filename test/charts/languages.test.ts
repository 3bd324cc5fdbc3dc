import { describe, expect, it } from 'vitest';
import { buildCharts } from '../../src/charts/index.js';
import { renderSvg } from '../../src/charts/render.js';
import { textWidth } from '../../src/charts/font-metrics.js';
import { LANGS, NAMINGS, type Lang, type Naming } from '../../src/dataset/places.js';
import { renderReport } from '../../src/report/html.js';
import { embeddedInput } from './setup.js';

// Every language × naming pair on the embedded data: the titles and the place names a reader sees in
// the SVG text, and the language the SVG and the report declare. Expected strings are written here by
// hand, not taken from the catalogues.

const TITLES: Record<Lang, readonly string[]> = {
  en: [
    'Travellers each way, 2015–2016',
    'Travellers one way for each traveller the other way',
    'Travellers since 1992',
    'Each direction’s share of two-way traffic',
    'Change from 2015 to 2016',
  ],
  ja: [
    '方向別の渡航者数（2015～2016年）',
    '逆方向の渡航者1人あたりの渡航者数',
    '1992年以降の渡航者数',
    '往来全体に占める各方向の割合',
    '2015年から2016年への変化',
  ],
  ru: [
    'Путешественники в каждом направлении, 2015–2016 гг.',
    'Путешественники в одну сторону на одного путешественника в обратную',
    'Путешественники с 1992 г.',
    'Доля каждого направления в двустороннем потоке',
    'Изменение в 2016 г. по сравнению с 2015 г.',
  ],
};

/** What the islands are called, per naming and language; Japan is 日本 / Япония whatever the naming. */
const ISLANDS: Record<Naming, Record<Lang, string>> = {
  source: { en: 'South Kuril Islands', ja: '南クリル諸島', ru: 'Южные Курильские острова' },
  russian: { en: 'South Kuril Islands', ja: '南クリル諸島', ru: 'Южные Курилы' },
  japanese: { en: 'Northern Territories', ja: '北方領土', ru: 'Северные территории' },
  neutral: { en: 'Southern Kurils / Northern Territories', ja: '南クリル諸島／北方領土', ru: 'Южные Курилы / Северные территории' },
};
const JAPAN: Record<Lang, string> = { en: 'Japan', ja: '日本', ru: 'Япония' };

/** The text of every `<text>` element of an SVG, entities decoded. */
function svgTexts(svg: string): string[] {
  const decode = (s: string) =>
    s
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&#(\d+);/g, (_m, d: string) => String.fromCodePoint(Number(d)))
      .replace(/&amp;/g, '&');
  return [...svg.matchAll(/<text\b[^>]*>([\s\S]*?)<\/text>/g)].map((m) => decode(m[1]!.replace(/<[^>]+>/g, '')));
}

const PAIRS = LANGS.flatMap((lang) => NAMINGS.map((naming) => [lang, naming] as const));

describe.each(PAIRS)('charts in %s with %s naming', (lang, naming) => {
  it('draws the five titles and the place names of that language and naming, and declares the language', async () => {
    const set = buildCharts(embeddedInput(), { lang, naming });
    expect(set.charts.map((c) => c.name)).toEqual(['annual-flows', 'ratios', 'cumulative', 'shares', 'changes']);
    const islands = ISLANDS[naming][lang];
    for (const [i, chart] of set.charts.entries()) {
      const svg = await renderSvg(chart.spec);
      const texts = svgTexts(svg);
      expect(texts).toContain(TITLES[lang][i]);
      const all = texts.join('\n');
      // Wrapped lines may split a long name, so the name is looked for in the text with lines joined by spaces.
      const joined = texts.join(' ');
      expect({ chart: chart.name, islands: joined.includes(islands) }).toEqual({ chart: chart.name, islands: true });
      expect(joined).toContain(JAPAN[lang]);
      // The other names of the islands do not appear (the source's English wording only under en + source).
      for (const other of new Set(Object.values(ISLANDS).map((n) => n[lang])))
        if (!islands.includes(other))
          expect({ chart: chart.name, other, found: all.includes(other) }).toEqual({ chart: chart.name, other, found: false });
      if (lang === 'en') expect(svg.startsWith('<svg role="img"')).toBe(true);
      else expect(svg.startsWith(`<svg xml:lang="${lang}" role="img"`)).toBe(true);
      // A Japanese chart names Noto Sans JP after DejaVu Sans wherever it names a font; others only DejaVu Sans.
      const families = new Set([...svg.matchAll(/font-family="([^"]*)"/g)].map((m) => m[1]));
      expect({ chart: chart.name, families: [...families] }).toEqual({
        chart: chart.name,
        families: [lang === 'ja' ? 'DejaVu Sans, Noto Sans JP' : 'DejaVu Sans'],
      });
    }
  });

  it('writes <html lang> of the report', () => {
    const html = renderReport({
      ...embeddedInput(),
      endYear: { used: 2016, given: false },
      charts: [],
      skippedCharts: [],
      files: [],
      inputName: null,
      versions: {},
      interactive: false,
      lang,
    });
    expect(html).toContain(`<html lang="${lang}">`);
  });
});

describe('numbers in chart labels', () => {
  it('groups thousands as each language does: 20,000 (en, ja), 20 000 with U+202F (ru); decimal comma in ru', () => {
    const label = (lang: Lang) => {
      const spec = buildCharts(embeddedInput(), { lang }).charts.find((c) => c.name === 'cumulative')!.spec;
      return JSON.stringify(spec);
    };
    expect(label('en')).toContain('"label":"over 20,000"');
    expect(label('ja')).toContain('"label":"20,000超"');
    expect(label('ru')).toContain('"label":"свыше 20\u202f000"');
    // 20000 / 9500 = 2.1052…, a lower bound: rounded down to 2.10 and worded "more than".
    const ratios = (lang: Lang) => JSON.stringify(buildCharts(embeddedInput(), { lang }).charts.find((c) => c.name === 'ratios')!.spec);
    expect(ratios('en')).toContain('"label":"more than 2.10"');
    expect(ratios('ja')).toContain('"label":"2.10超"');
    expect(ratios('ru')).toContain('"label":"более 2,10"');
  });

  it('formats the y axis with the language’s number locale (ru: 1 000 with U+202F)', async () => {
    const svg = (lang: Lang) => renderSvg(buildCharts(embeddedInput(), { lang }).charts[0]!.spec);
    // The tallest bar is 802, so the axis runs past 1,000 (ticks every 200).
    expect(svgTexts(await svg('en'))).toContain('1,000');
    expect(svgTexts(await svg('ru'))).toContain('1\u202f000');
  });

  it('dates events in the reader’s language: December 2016, 2016年12月, декабрь 2016 г.', () => {
    const tooltipDates = (lang: Lang) => JSON.stringify(buildCharts(embeddedInput(), { lang }).charts[0]!.spec);
    expect(tooltipDates('en')).toContain('"when":"December 2016"');
    expect(tooltipDates('ja')).toContain('"when":"2016年12月"');
    expect(tooltipDates('ru')).toContain('"when":"декабрь 2016 г."');
  });
});

describe('the report in Japanese and Russian', () => {
  const report = (lang: Lang, naming: Naming) =>
    renderReport({
      ...embeddedInput(),
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

  it('translates headings and computed sentences, names places by the naming, and keeps quotes verbatim in English', () => {
    const ja = report('ja', 'japanese');
    expect(ja).toContain('<h1>交流レポート：日本 ↔ 北方領土</h1>');
    expect(ja).toContain('<h2 id="figures-h">数値</h2>');
    expect(ja).toContain('<td>日本 → 北方領土</td>');
    // 20000 / 9500 = 2.105…, a lower bound: 2.10超 in the ratios table.
    expect(ja).toContain('<td class="num">2.10超</td>');
    expect(ja).toContain('<q lang="en">Since 1992, over\u00a020,000 Japanese citizens have visited Kunashir, Shikotan, Iturup');
    const ru = report('ru', 'russian');
    expect(ru).toContain('<h1>Отчёт об обменах: Япония ↔ Южные Курилы</h1>');
    expect(ru).toContain('<td class="num">более 2,10</td>');
    // 802 − 761 = 41 people; (802 / 761 − 1) × 100 = 5.387…%
    expect(ru).toContain('<td class="num">+41</td>');
    expect(ru).toContain('<td class="num">+5,4\u00a0%</td>');
    expect(ru).toContain('<q lang="en">The respective 2015 statistics totaled 761 and 299 people.</q>');
    // English keeps its quotes unmarked (its page is English).
    expect(report('en', 'source')).toContain('<q>The respective 2015 statistics totaled 761 and 299 people.</q>');
  });
});

describe('event labels in every language', () => {
  it.each(LANGS)('%s: no event label runs across another event’s rule below its row', (lang) => {
    const spec = buildCharts(embeddedInput(), { lang, naming: 'neutral' }).charts[0]!.spec as any;
    const panel = spec.vconcat[0];
    const width: number = panel.width;
    const [lo, hi] = panel.layer[0].encoding.x.scale.domain as [number, number];
    const px = (pos: number) => ((pos - lo) / (hi - lo)) * width;
    const labels = panel.layer
      .filter((l: any) => l.encoding?.text?.field === 'text' && l.mark?.stroke !== 'white')
      .flatMap((l: any) => l.data.values as { pos: number; row: number; align: 'left' | 'right'; text: string }[]);
    expect(labels.length).toBe(2);
    for (const a of labels) {
      const w = textWidth(a.text, 10);
      const [from, to] = a.align === 'left' ? [px(a.pos), px(a.pos) + 4 + w] : [px(a.pos) - 4 - w, px(a.pos)];
      // A rule runs from its own label's row down; a label on that row or below must not cross it.
      for (const b of labels)
        if (b !== a && b.row <= a.row)
          expect({ label: a.text, crosses: px(b.pos) > from - 2 && px(b.pos) < to + 2 }).toEqual({ label: a.text, crosses: false });
    }
  });
});
