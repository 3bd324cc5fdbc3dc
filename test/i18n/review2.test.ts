import { describe, expect, it } from 'vitest';
import { reconcile } from '../../src/analysis/reconcile.js';
import { buildCharts } from '../../src/charts/index.js';
import { renderSvg } from '../../src/charts/render.js';
import type { Visit } from '../../src/dataset/types.js';
import { locale } from '../../src/i18n/locale.js';
import { reasonWords } from '../../src/i18n/reasons.js';
import { yearRange } from '../../src/i18n/words.js';
import { FIGURES, SOURCES } from '../../src/internals.js';
import { reasons } from '../../src/messages.js';
import { agreeSentences } from '../../src/report/agree.js';
import { cumulativeText } from '../../src/report/cells.js';
import { embeddedInput } from '../charts/setup.js';

// The second native review (/work/team/lang-review2.md): each fix, with the expected text written out by hand.
const ja = locale({ lang: 'ja' });
const ru = locale({ lang: 'ru' });

const byId = (id: string): Visit => FIGURES.find((v) => v.id === id)!;

describe('ru: "all figures can hold" agrees with the number of figures', () => {
  const allHold = (figures: number, sources: number) =>
    ru.t('agree.allHold', {
      figures: ru.t('agree.figures', { n: String(figures), count: figures }),
      sources: ru.t('agree.sources', { n: String(sources), count: sources }),
      count: figures,
    });

  it('1, 2, 5 and 21 figures', () => {
    expect(allHold(1, 1)).toBe('Единственное число из 1 источника может быть верным.');
    expect(allHold(2, 1)).toBe('Все 2 числа из 1 источника могут быть верны одновременно.');
    expect(allHold(5, 2)).toBe('Все 5 чисел из 2 источников могут быть верны одновременно.');
    expect(allHold(21, 21)).toBe('Все 21 число из 21 источника могут быть верны одновременно.');
  });

  it('the report sentence for one figure and for two, from a real reconciliation', async () => {
    const one = [byId('japan-to-kurils-2015')];
    expect(agreeSentences(await reconcile(one, { sources: SOURCES }), one, SOURCES, ru).summary).toEqual([
      'Единственное число из 1 источника может быть верным.',
    ]);
    expect(agreeSentences(await reconcile(one, { sources: SOURCES }), one, SOURCES, ja).summary).toEqual([
      '出典1件の数値1件は成り立ちえます。',
    ]);
    const two = [byId('japan-to-kurils-2015'), byId('kurils-to-japan-2015')];
    expect(agreeSentences(await reconcile(two, { sources: SOURCES }), two, SOURCES, ru).summary).toEqual([
      'Все 2 числа из 1 источника могут быть верны одновременно.',
    ]);
    expect(agreeSentences(await reconcile(two, { sources: SOURCES }), two, SOURCES, ja).summary).toEqual([
      '出典1件の数値2件は、すべて同時に成り立ちえます。',
    ]);
  });

  it('end years that cannot hold take г. for one year and гг. for more', () => {
    expect(ru.t('agree.badEnds', { source: 'Sputnik', years: '2017', count: 1 })).toBe(
      'Итоги источника Sputnik не могут заканчиваться в 2017 г.: иначе числа противоречили бы друг другу.',
    );
    expect(ru.t('agree.badEnds', { source: 'Sputnik', years: '2017 и 2018', count: 2 })).toBe(
      'Итоги источника Sputnik не могут заканчиваться в 2017 и 2018 гг.: иначе числа противоречили бы друг другу.',
    );
  });

  it('a set-aside figure and the years left out of an open total, from a real reconciliation', async () => {
    // 10,000 residents in 2015 alone cannot fit inside exactly 9,500 since 1992: one figure is set aside.
    const visits = [byId('kurils-to-japan-since-1992'), { ...byId('kurils-to-japan-2015'), count: 10000 }];
    const s = agreeSentences(await reconcile(visits, { sources: SOURCES }), visits, SOURCES, ru);
    expect(s.summary[0]).toBe(
      'В 1 ряду числа не могут быть верны одновременно: чтобы остальные могли быть верны, нужно исключить как минимум 1 число.',
    );
    expect(s.summary[1]).toMatch(
      /^Исключено: 10\u202f000 — South Kuril residents \(.*\); это число не может быть верным одновременно с 9\u202f500 — /,
    );
    expect(s.implied.find((x) => x.includes('кроме'))).toMatch(/, кроме 2015 г\.\) — не более 9\u202f500\.$/);
    expect(ru.t('agree.perYearAtMost', { n: '413' })).toBe(' (примерно не более 413 в год)');
  });

  it('a missing figure for one year says г., for a span гг.', () => {
    expect(reasonWords(reasons.noFigure('Japan', 'Russia', 2018, 2018), ru)).toBe('нет данных по направлению Япония → Россия за 2018 г.');
    expect(reasonWords(reasons.noFigure('Japan', 'Russia', 2015, 2016), ru)).toBe(
      'нет данных по направлению Япония → Россия за 2015–2016 гг.',
    );
  });

  it('counts shown as "N of M" need no agreement', () => {
    expect(ru.t('sources.left', { shown: '1', all: '21' })).toBe(
      'показано рядов: 1 из 21 (с наибольшим числом многолетних чисел); все числа есть в таблицах',
    );
    expect(ru.t('annual.noteEvents', { shown: '1', all: '21', count: 21 })).toBe(
      'Пунктирные линии отмечают последние события этих лет (1 из 21); все события есть в таблице событий.',
    );
    expect(ru.t('shown.sentence', { list: ru.t('shown.pairsFirst', { pairs: 1, total: '5' }) })).toBe(
      'Показано: первая пара мест (из 5); все данные есть в таблицах.',
    );
    expect(ru.t('annual.title', { years: '2016', count: 1 })).toBe('Путешественники в каждом направлении, 2016 г.');
    expect(ru.t('annual.title', { years: '2015–2016', count: 2 })).toBe('Путешественники в каждом направлении, 2015–2016 гг.');
  });
});

describe('ja: a bound count is never followed by 人 (no 「20,000超人」)', () => {
  it('a redundant "over 20,000" figure reads 20,000超 with its series in brackets', async () => {
    // 25,000 Japanese citizens in 2015 alone already imply more than 20,000 since 1992.
    const visits = [byId('japan-to-kurils-since-1992'), { ...byId('japan-to-kurils-2015'), count: 25000 }];
    const s = agreeSentences(await reconcile(visits, { sources: SOURCES }), visits, SOURCES, ja);
    expect(s.figures).toContain(
      '新しい情報なし：20,000超（Japanese citizens、日本 → 南クリル諸島、1992年以降／出典：Sputnik、2021年7月29日）。ほかの数値からすでに25,000以上が導かれます。',
    );
  });

  it('the cumulative and annual bars say 渡航者数 before the count', async () => {
    const set = buildCharts(embeddedInput(), { lang: 'ja' });
    const cumulative = await renderSvg(set.charts.find((c) => c.name === 'cumulative')!.spec);
    expect(cumulative).toContain('日本 → 南クリル諸島、1992年以降：渡航者数20,000超（Japanese citizens）');
    expect(cumulative).not.toContain('超人');
    const annual = await renderSvg(set.charts.find((c) => c.name === 'annual-flows')!.spec);
    expect(annual).toContain('2015年、日本 → 南クリル諸島：渡航者数761（Japanese citizens）');
    expect(annual).toContain('方向別の渡航者数（2015～2016年）');
    const ratios = await renderSvg(set.charts.find((c) => c.name === 'ratios')!.spec);
    expect(ratios).toContain('1992年以降：南クリル諸島 → 日本の渡航者1人あたりの日本 → 南クリル諸島の渡航者数は2.10超');
  });

  it('a ratio panel names the forward direction first, the reverse one in brackets', () => {
    expect(ja.t('ratios.per', { forward: '日本 → 北方領土', reverse: '北方領土 → 日本' })).toBe(
      '日本 → 北方領土（北方領土 → 日本の1人あたり）',
    );
  });

  it('years left out of an open total carry 年; "at most about N a year" reads 1年あたり最大約', () => {
    expect(
      ja.t('agree.rest', {
        direction: 'A → B',
        travelers: 'X',
        start: '1992',
        source: 'S',
        excluded: '2015、2016',
        amount: '18,438以上',
      }),
    ).toBe('A → B、X：年ごとの数値のない年（1992年から、出典「S」の合計が終わる不明な年まで。2015、2016年を除く）の合計は18,438以上。');
    expect(ja.t('agree.perYearAtMost', { n: '388' })).toBe('（1年あたり最大約388）');
  });
});

describe('the changes chart describes a change with its sign, as its labels show it', () => {
  it('ja and ru: a real minus and a plus; English as before', async () => {
    const svg = async (lang: 'en' | 'ja' | 'ru') =>
      renderSvg(buildCharts(embeddedInput(), { lang }).charts.find((c) => c.name === 'changes')!.spec);
    // 281 / 299 − 1 = −6.02 %, 802 / 761 − 1 = +5.39 %.
    const ru = await svg('ru');
    expect(ru).toContain('Южные Курильские острова → Япония, 2015 → 2016: \u22126,0\u00a0%');
    expect(ru).toContain('Япония → Южные Курильские острова, 2015 → 2016: +5,4\u00a0%');
    expect(await svg('ja')).toContain('南クリル諸島 → 日本、2015年から2016年：\u22126.0%');
    expect(await svg('en')).toContain('South Kuril Islands → Japan 2015 to 2016: -6.0 percent');
  });
});

describe('year ranges and the open-period average, translated', () => {
  it('a year range takes a wave dash in Japanese and an en dash elsewhere', () => {
    expect(yearRange(2015, 2016, ja)).toBe('2015\uff5e2016');
    expect(yearRange(2015, 2016, ru)).toBe('2015\u20132016');
    expect(yearRange(2015, 2016)).toBe('2015\u20132016');
    expect(yearRange(2016, 2016, ja)).toBe('2016');
  });

  it('the note and the value of an average over every possible end year', () => {
    const why = reasons.endYearRange(2016, 2019, 'as_of');
    expect(reasonWords(why, ja)).toBe(
      '期間は2016年（出典が示す最新の年）から2019年（出典の as_of の日付の年）までの、いずれかの不明な年に終わります。平均は、そのどの年に終わるとしても成り立つ値です',
    );
    expect(reasonWords(why, ru)).toBe(
      'период заканчивается в неизвестном году: с 2016 г. (последний год, который приводит источник) по 2019 г. (год даты as_of источника); среднее рассчитано по каждому из этих лет',
    );
    expect(reasonWords(`${why}; ${reasons.approximate()}`, ru)).toBe(
      'период заканчивается в неизвестном году: с 2016 г. (последний год, который приводит источник) по 2019 г. (год даты as_of источника); среднее рассчитано по каждому из этих лет; приблизительно: рассчитано по числу, приведённому как приблизительное',
    );
    // 9,500 over 25 to 28 years: 9500 / 28 = 339.3 (rounded down to 339), 9500 / 25 = 380.
    const row = { measure: 'average_per_year_range' as const, value: null, bound: null, lower: 9500 / 28, upper: 9500 / 25 };
    expect(cumulativeText(row, ja)).toBe('1年あたり339～380');
    expect(cumulativeText(row, ru)).toBe('от 339 до 380 в год');
    expect(cumulativeText(row)).toBe('339 to 380 a year');
  });
});
