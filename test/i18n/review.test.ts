import { describe, expect, it } from 'vitest';
import { locale } from '../../src/i18n/locale.js';
import { periodWords } from '../../src/i18n/words.js';
import { reasonWords } from '../../src/i18n/reasons.js';
import { PLACES, displayPlace, placeIndex } from '../../src/dataset/places.js';

// The native reader's review (docs/lang-review.md): each fix, with the text written out by hand.
const ja = locale({ lang: 'ja' });
const ru = locale({ lang: 'ru' });

describe('language review fixes', () => {
  it('ja: periods carry 年 and a wave dash, and a missing-figure reason does not double 年 (items 4, 25)', () => {
    expect(periodWords(2016, 2016, ja)).toBe('2016年');
    expect(periodWords(1992, 2000, ja)).toBe('1992\uff5e2000年');
    expect(periodWords(1992, null, ja)).toBe('1992年以降');
    expect(periodWords(1992, 2000, ru)).toBe('1992\u20132000');
    expect(reasonWords('no Japan to Russia figure for 2016', ja)).toBe('2016年の日本からロシアへの数値なし');
    expect(reasonWords('no Japan to Russia figure for 1992\u20132000', ja)).toBe('1992～2000年の日本からロシアへの数値なし');
  });

  it('ja: the reviewed wordings (items 5-15)', () => {
    expect(ja.t('annual.yearsCut', { n: '10', count: 10, from: '2007', to: '2016', min: '1992' })).toBe(
      '直近10年（2007～2016年、データ全体は1992～2016年）',
    );
    expect(ja.t('cumulative.average', { value: '800', from: '1992', to: '2016' })).toBe('年平均800（1992～2016年）');
    expect(ja.t('shown.recentSteps', { max: '5' })).toBe('各パネルの直近5回の年ごとの変化');
    expect(ja.t('report.changesCaption')).toBe('年ごとの変化');
    expect(ja.t('value.exact')).toBe('正確な値');
    expect(ja.t('report.title', { pairs: '日本 ↔ 北方領土' })).toBe('交流レポート：日本 ↔ 北方領土');
    expect(ja.t('report.titleEmpty')).toBe('交流レポート');
    expect(ja.t('annual.subtitleMany', { n: '3', count: 3 })).toBe('方向別・年別の渡航者数（地域の組み合わせ3組）');
    expect(ja.t('shown.pairsRanked', { pairs: 2, total: '5' })).toBe('渡航者数が最も多い地域の組み合わせ2組（全5組中）');
    expect(ja.t('shown.pairsFirst', { pairs: 2, total: '5' })).toBe('最初の地域の組み合わせ2組（全5組中）');
    expect(ja.t('report.moreRows', { n: '3', count: 3 })).toBe('ほか3行は');
    expect(ja.t('eventLabel.president-visit-japan')).toBe('ロシア大統領の訪日');
  });

  it('ru: the reviewed wordings (items 17-23, 20) and the panel count agrees with its noun (item 24)', () => {
    expect(ru.t('eventLabel.visa-free-launch')).toBe('Начало безвизовых обменов');
    expect(ru.t('report.files', { count: 2 })).toBe(' Файлы: ');
    expect(ru.t('report.files', { count: 1 })).toBe(' Файл: ');
    expect(ru.t('value.exact')).toBe('точное');
    expect(ru.t('value.approximate')).toBe('приблизительное');
    expect(ru.t('annual.yearsCut', { n: '10', count: 10, from: '2007', to: '2016', min: '1992' })).toBe(
      'последние 10 лет, 2007–2016 гг. (в данных — 1992–2016 гг.)',
    );
    expect(ru.t('report.title', { pairs: 'Япония ↔ Южные Курилы' })).toBe('Отчёт об обменах: Япония ↔ Южные Курилы');
    expect(ru.t('report.titleEmpty')).toBe('Отчёт об обменах');
    expect(ru.t('report.colPeople')).toBe('Число людей');
    expect(ru.t('report.colTravellers')).toBe('Путешественники');
    // One panel shown reads первая (not «первые 1»); the count of all panels agrees with панели in the genitive.
    const panels = (shown: number, all: number) => ru.t('shown.panels', { panels: String(shown), all: String(all), count: all });
    expect(panels(1, 21)).toBe('первая из 21 панели этих пар (по источникам и периодам)');
    expect(panels(1, 2)).toBe('первая из 2 панелей этих пар (по источникам и периодам)');
    expect(panels(1, 5)).toBe('первая из 5 панелей этих пар (по источникам и периодам)');
    expect(panels(3, 5)).toBe('первые 3 из 5 панелей этих пар (по источникам и периодам)');
    expect(panels(21, 30)).toBe('первые 21 из 30 панелей этих пар (по источникам и периодам)');
  });

  it('places: Shikotan and Habomai have their names filled in every convention (item 2)', () => {
    const index = placeIndex(PLACES);
    for (const naming of ['russian', 'japanese', 'neutral'] as const) {
      const row = PLACES.find((p) => p.id === 'shikotan')![naming];
      expect(row).toEqual({ en: 'Shikotan', ja: '色丹島', ru: 'Шикотан' });
      expect(PLACES.find((p) => p.id === 'habomai')![naming]).toEqual({ en: 'Habomai Islands', ja: '歯舞群島', ru: 'острова Хабомаи' });
      expect(displayPlace('Habomai', index, 'ru', naming)).toBe('острова Хабомаи');
    }
  });
});

describe('reconcile wording in Russian agrees with its numbers', () => {
  it('figures, sources and series take the form their number asks for', () => {
    const figures = (n: number) => ru.t('agree.figures', { n: String(n), count: n });
    expect([1, 2, 5, 21].map(figures)).toEqual(['1 число', '2 числа', '5 чисел', '21 число']);
    const sources = (n: number) => ru.t('agree.sources', { n: String(n), count: n });
    expect([1, 3, 11, 21].map(sources)).toEqual(['1 источника', '3 источников', '11 источников', '21 источника']);
    const series = (n: number) => ru.t('agree.inSeries', { n: String(n), count: n });
    expect([1, 2, 5].map(series)).toEqual(['В 1 ряду', 'В 2 рядах', 'В 5 рядах']);
    expect(ru.t('agree.someFail', { inSeries: series(2), figures: figures(3) })).toBe(
      'В 2 рядах числа не могут быть верны одновременно: чтобы остальные могли быть верны, нужно исключить как минимум 3 числа.',
    );
  });
});
