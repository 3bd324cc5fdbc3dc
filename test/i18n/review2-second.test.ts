import { describe, expect, it } from 'vitest';
import { reconcile } from '../../src/analysis/reconcile.js';
import { buildCharts } from '../../src/charts/index.js';
import { renderSvg } from '../../src/charts/render.js';
import { sourceLine } from '../../src/charts/source-line.js';
import type { Visit } from '../../src/dataset/types.js';
import { locale } from '../../src/i18n/locale.js';
import { FIGURES, SOURCES } from '../../src/internals.js';
import { fileLinks } from '../../src/report/html-parts.js';
import { embeddedInput } from '../charts/setup.js';

// A second native reading of ja.ts and ru.ts (/work/team/lang-review2-second-reader.md). Every expected
// text below is written out by hand.
const ja = locale({ lang: 'ja' });
const ru = locale({ lang: 'ru' });

const byId = (id: string): Visit => FIGURES.find((v) => v.id === id)!;

describe('ru: the source line says Источник for one source only', () => {
  const ids = (n: number) => Array.from({ length: n }, (_, i) => `s${i + 1}`);

  it('1 source: Источник; 2, 5, 21 and 31 sources: Источники', () => {
    expect(sourceLine(ids(1), [], 3, ru)).toBe('Источник: s1');
    expect(sourceLine(ids(2), [], 3, ru)).toBe('Источники: s1; s2');
    expect(sourceLine(ids(5), [], 3, ru)).toBe('Источники: s1; s2; s3; и ещё 2 (см. таблицу источников)');
    // 21 and 31 take the Russian "one" plural form, which is not one source.
    expect(sourceLine(ids(21), [], 3, ru)).toBe('Источники: s1; s2; s3; и ещё 18 (см. таблицу источников)');
    expect(sourceLine(ids(31), [], 3, ru)).toBe('Источники: s1; s2; s3; и ещё 28 (см. таблицу источников)');
  });
});

describe('ru: a direction label is never put after a noun as if it were declined', () => {
  it('ratios: subtitle, bar labels and description, on the embedded data', async () => {
    const set = buildCharts(embeddedInput(), { lang: 'ru', naming: 'japanese' });
    const chart = set.charts.find((c) => c.name === 'ratios')!;
    const svg = await renderSvg(chart.spec);
    // 761 / 299 = 2.545… → 2,55; 802 / 281 = 2.854… → 2,85.
    expect(svg).toContain(
      'Япония → Северные территории: путешественники на одного по направлению Северные территории → Япония, по периодам',
    );
    expect(svg).toContain(
      '2015: 2,55 путешественника по направлению Япония → Северные территории на одного по направлению Северные территории → Япония',
    );
    expect(svg).not.toContain('на одного Северные');
    expect(chart.spec.description).toContain(
      'Путешественники по направлению Япония → Северные территории на одного по направлению Северные территории → Япония: 2015: 2,55',
    );
  });
});

describe('ja: the status of a figure the others already imply', () => {
  it('reads 新しい情報なし, as the report sentence does, not 冗長', async () => {
    // 25,000 Japanese citizens in 2015 alone imply more than 20,000 since 1992: the 1992 figure adds nothing.
    const visits = [byId('japan-to-kurils-since-1992'), { ...byId('japan-to-kurils-2015'), count: 25000 }];
    const input = { ...embeddedInput(), visits, reconciliation: await reconcile(visits, { sources: SOURCES }) };
    const chart = buildCharts(input, { lang: 'ja' }).charts.find((c) => c.name === 'sources')!;
    expect(chart.spec.description).toContain('20,000超（Sputnik、2021年7月29日、新しい情報なし）');
    expect(chart.spec.description).not.toContain('冗長');
    expect(ja.t('status.redundant')).toBe('新しい情報なし');
  });

  it('the assumptions say ために, not the colloquial せいで', () => {
    expect(ja.t('report.assumeQualifiers')).toContain('両方が限界値であるために範囲が定まらない結果は示さず');
    expect(ja.t('report.assumeQualifiers')).not.toContain('せいで');
  });
});

describe('ru: values in a chart description are separated by a semicolon, as they hold decimal commas', () => {
  const ruCharts = buildCharts(embeddedInput(), { lang: 'ru' }).charts;
  const description = (name: string) => String(ruCharts.find((c) => c.name === name)!.spec.description);

  it('ratios: 2,55; 2,85 (761 / 299 = 2.545…, 802 / 281 = 2.854…, 20,000 / 9,500 = 2.105… a lower bound)', () => {
    expect(description('ratios')).toContain('2015: 2,55; 2016: 2,85 и с 1992 г.: более 2,10 (нижняя граница)');
  });

  it('shares: 761 / 1,060 = 71.8 %, 802 / 1,083 = 74.1 %, 20,000 / 29,500 = 67.8 % (a lower bound, rounded down)', () => {
    expect(description('shares')).toContain(
      '2015: 71,8\u00a0% и 28,2\u00a0%; 2016: 74,1\u00a0% и 25,9\u00a0% и с 1992 г.: более 67,7\u00a0% и менее 32,3\u00a0%',
    );
  });

  it('English and Japanese keep a comma and 、', () => {
    const en = buildCharts(embeddedInput()).charts.find((c) => c.name === 'ratios')!.spec.description;
    expect(en).toContain('2015: 2.55, 2016: 2.85 and since 1992: more than 2.10');
    const jaRatios = buildCharts(embeddedInput(), { lang: 'ja' }).charts.find((c) => c.name === 'ratios')!.spec.description;
    expect(jaRatios).toContain('2015年：2.55、2016年：2.85、1992年以降：2.10超');
  });
});

describe('ru: the report says Файл before one file and Файлы before several', () => {
  const files = [
    { href: 'tables/ratios.csv', label: 'tables/ratios.csv' },
    { href: 'tables/ratios.json', label: 'tables/ratios.json' },
  ];

  it('one, two; English keeps "Files:" as before', () => {
    expect(fileLinks(ru, files, ['tables/ratios.csv'])).toBe(' Файл: <a href="tables/ratios.csv">tables/ratios.csv</a>.');
    expect(fileLinks(ru, files, ['tables/ratios.csv', 'tables/ratios.json'])).toBe(
      ' Файлы: <a href="tables/ratios.csv">tables/ratios.csv</a>, <a href="tables/ratios.json">tables/ratios.json</a>.',
    );
    expect(fileLinks(locale({ lang: 'en' }), files, ['tables/ratios.csv'])).toBe(
      ' Files: <a href="tables/ratios.csv">tables/ratios.csv</a>.',
    );
  });
});

describe('ru: the end years an average assumes take г. for one year and гг. for more', () => {
  it('2016 г.; 2016 и 2019 гг.', () => {
    expect(ru.t('cumulative.noteEnds', { list: '2016', count: 1 })).toBe(
      'Средние за год рассчитаны так, будто период длится до конца 2016 г.: источник не говорит, когда он заканчивается.',
    );
    expect(ru.t('cumulative.noteEnds', { list: '2016 и 2019', count: 2 })).toBe(
      'Средние за год рассчитаны так, будто период длится до конца 2016 и 2019 гг.: источник не говорит, когда он заканчивается.',
    );
  });

  it('the cumulative chart of the embedded data says 2016 г.', async () => {
    const svg = await renderSvg(buildCharts(embeddedInput(), { lang: 'ru' }).charts.find((c) => c.name === 'cumulative')!.spec);
    expect(svg).toContain('до конца 2016 г.');
  });
});
