import { IntlMessageFormat } from 'intl-messageformat';
import { describe, expect, it } from 'vitest';
import { CATALOGUES, locale } from '../../src/i18n/locale.js';
import { EN } from '../../src/i18n/en.js';
import { estimateWords, listWords, periodWords, shareWords, signedWords } from '../../src/i18n/words.js';
import { reasonWords } from '../../src/i18n/reasons.js';
import { reasons } from '../../src/messages.js';
import { LANGS } from '../../src/dataset/places.js';

/** The argument names a message uses (`{n}`, `{count, plural, …}`), from the parsed message. */
function argumentsOf(message: string, lang: string): string[] {
  const names = new Set<string>();
  const walk = (nodes: readonly unknown[]): void => {
    for (const n of nodes as { type: number; value?: string; options?: Record<string, { value: unknown[] }> }[]) {
      if (n.type !== 0 && n.type !== 7 && typeof n.value === 'string') names.add(n.value);
      if (n.options) for (const o of Object.values(n.options)) walk(o.value);
    }
  };
  walk(new IntlMessageFormat(message, lang, undefined, { ignoreTag: true }).getAst());
  return [...names].sort();
}

describe('message catalogues', () => {
  it.each(LANGS)('%s has every key, no empty message, and each message parses with the same arguments as English', (lang) => {
    const cat = CATALOGUES[lang];
    expect(Object.keys(cat).sort()).toEqual(Object.keys(EN).sort());
    for (const [key, message] of Object.entries(cat)) {
      expect({ key, empty: message.trim() === '' }).toEqual({ key, empty: false });
      // Plural selectors (count) may be left out where the language has no plural forms; text arguments may not.
      const ours = argumentsOf(message, lang).filter((a) => a !== 'count');
      const english = argumentsOf(EN[key as keyof typeof EN], 'en').filter((a) => a !== 'count');
      expect({ key, args: ours }).toEqual({ key, args: english });
    }
  });

  it('Japanese and Russian messages are not English left untranslated', () => {
    // Only messages without words (punctuation and arguments) may be the same in every language.
    const same = Object.keys(EN).filter(
      (k) =>
        /[A-Za-z]{3}/.test(EN[k as keyof typeof EN].replace(/\{[^}]*\}/g, '')) &&
        CATALOGUES.ru[k as keyof typeof EN] === EN[k as keyof typeof EN],
    );
    expect(same).toEqual([]);
    const sameJa = Object.keys(EN).filter(
      (k) =>
        /[A-Za-z]{3}/.test(EN[k as keyof typeof EN].replace(/\{[^}]*\}/g, '')) &&
        CATALOGUES.ja[k as keyof typeof EN] === EN[k as keyof typeof EN],
    );
    expect(sameJa).toEqual([]);
  });

  it('Russian plurals take the one / few / many forms', () => {
    const ru = locale({ lang: 'ru' });
    expect(ru.t('shown.recentPeriods', { max: 1 })).toBe('последний 1 период каждой панели');
    expect(ru.t('shown.recentPeriods', { max: 3 })).toBe('последние 3 периода каждой панели');
    expect(ru.t('shown.recentPeriods', { max: 6 })).toBe('последние 6 периодов каждой панели');
    expect(ru.t('shown.recentPeriods', { max: 21 })).toBe('последний 21 период каждой панели');
    expect(ru.t('cumulative.moreEvents', { n: '5', count: 5 })).toBe('и ещё 5 событий в таблице событий');
    expect(ru.t('cumulative.moreEvents', { n: '2', count: 2 })).toBe('и ещё 2 события в таблице событий');
    expect(ru.t('source.line', { count: 2, list: 'a; b' })).toBe('Источники: a; b');
  });
});

describe('locale: numbers and dates through Intl', () => {
  it('groups and rounds as each language writes numbers', () => {
    expect(locale({ lang: 'en' }).num(20000, 0)).toBe('20,000');
    expect(locale({ lang: 'ja' }).num(20000, 0)).toBe('20,000');
    expect(locale({ lang: 'ru' }).num(20000, 0)).toBe('20\u202f000');
    expect(locale({ lang: 'ru' }).num(1234567.891, 2)).toBe('1\u202f234\u202f567,89');
    // toFixed rounding in every language: 2.675 is 2.67499999… in binary, so 2.67 (as the English tables print it).
    for (const lang of LANGS) expect(locale({ lang }).num(2.675, 2).replace(',', '.')).toBe('2.67');
    expect(locale({ lang: 'ru' }).num(-0.0001, 1)).toBe('0,0');
  });

  it('words dates at the precision given', () => {
    const at = (lang: 'en' | 'ja' | 'ru', d: string, short = false) => locale({ lang }).date(d, short);
    expect(at('en', '2016-12')).toBe('December 2016');
    expect(at('ja', '2016-12')).toBe('2016年12月');
    expect(at('ru', '2016-12')).toBe('декабрь 2016 г.');
    expect(at('en', '2017-09-23')).toBe('23 September 2017');
    expect(at('ja', '2017-09-23')).toBe('2017年9月23日');
    expect(at('ru', '2017-09-23')).toBe('23 сентября 2017 г.');
    expect(at('en', '2016-12', true)).toBe('Dec 2016');
    expect(at('en', '1992')).toBe('1992');
    expect(at('ja', '1992')).toBe('1992年');
    expect(at('ru', '1992')).toBe('1992 г.');
  });
});

describe('words: bounds kept in every language', () => {
  const ja = locale({ lang: 'ja' });
  const ru = locale({ lang: 'ru' });
  it('a lower bound rounded down reads "more than" (超, более); an inclusive one "at least" (以上, не менее)', () => {
    // 20000 / 9500 = 2.10526…: shown 2.10, below the bound, so strictly more.
    const e = { value: 20000 / 9500, bound: 'lower' as const };
    expect(estimateWords(e, 2)).toBe('more than 2.10');
    expect(estimateWords(e, 2, '', ja)).toBe('2.10超');
    expect(estimateWords(e, 2, '', ru)).toBe('более 2,10');
    const exact = { value: 2, bound: 'lower' as const };
    expect(estimateWords(exact, 2, '', ja)).toBe('2.00以上');
    expect(estimateWords(exact, 2, '', ru)).toBe('не менее 2,00');
    expect(estimateWords({ value: 0.4799, bound: 'upper' }, 2, '', ru)).toBe('менее 0,48');
    expect(estimateWords({ value: null, bound: null }, 2, '', ja)).toBe('不明');
  });

  it('signs with a real minus and a plus, the unit after the number', () => {
    // (281 / 299 − 1) × 100 = −6.0200…
    const fall = { value: (281 / 299 - 1) * 100, bound: 'exact' as const };
    expect(signedWords(fall, 1, '%')).toBe('\u22126.0%');
    expect(signedWords(fall, 1, '%', ru)).toBe('\u22126,0\u00a0%');
    expect(signedWords({ value: 0.01, bound: 'exact' }, 1, '%')).toBe('0.0%');
    expect(signedWords({ value: 12.1, bound: 'lower', strict: true }, 1, '%', ja)).toBe('+12.1%超');
  });

  it('shares, periods and lists', () => {
    // 802 / (802 + 281) = 0.74053…
    expect(shareWords({ value: 802 / 1083, bound: 'exact' }, 1, ru)).toBe('74,1\u00a0%');
    expect(periodWords(1992, null, ja)).toBe('1992年以降');
    expect(periodWords(1992, null, ru)).toBe('с 1992 г.');
    expect(periodWords(2015, 2016, ru)).toBe('2015–2016');
    expect(listWords(['a', 'b', 'c'], 40, ja)).toBe('a、b、c');
    expect(listWords(['a', 'b', 'c'], 40, ru)).toBe('a, b и c');
    expect(listWords(['a', 'b', 'c'], 2)).toBe('a, b and 1 more');
  });
});

describe('reasons from the analysis tables', () => {
  const ru = locale({ lang: 'ru', naming: 'russian' });
  const ja = locale({ lang: 'ja', naming: 'japanese' });
  it('shows each reason the analyses write in the reader’s language, place names as the naming says', () => {
    expect(reasonWords(reasons.reverseZero(), ru)).toBe('обратный поток равен 0');
    expect(reasonWords(reasons.noFigure('Japan', 'South Kuril Islands', 1992, null), ja)).toBe('1992年以降の日本から北方領土への数値なし');
    expect(reasonWords(reasons.noFigure('Japan', 'South Kuril Islands', 2015, 2016), ru)).toBe(
      'нет данных по направлению Япония → Южные Курилы за 2015–2016 гг.',
    );
    expect(reasonWords(reasons.ratioMissing(2016, reasons.reverseZero()), ja)).toBe('2016年の比率なし：逆方向の人数が0');
    expect(reasonWords(reasons.fromZero(2015), ru)).toBe('значение за 2015 г. равно 0, поэтому изменение в процентах не определено');
    expect(reasonWords(reasons.endBeforeStart(2010, 2012), ja)).toBe('終了年（2010年）が期間の開始年（2012年）より前');
  });

  it('every fixed reason in messages.ts has a translation (a new reason fails here until it gets one)', () => {
    for (const [name, fn] of Object.entries(reasons)) {
      if (fn.length > 0) continue;
      const text = (fn as () => string)();
      expect({ name, translated: reasonWords(text, ru) !== text }).toEqual({ name, translated: true });
    }
  });

  it('keeps English and unknown reasons as written', () => {
    expect(reasonWords('reverse flow is 0', locale())).toBe('reverse flow is 0');
    expect(reasonWords('something new', ru)).toBe('something new');
  });
});
