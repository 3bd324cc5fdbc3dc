import { parse } from '@formatjs/icu-messageformat-parser';
import { IntlMessageFormat, MissingValueError, formatToParts, type Formatters } from 'intl-messageformat';
import { formatDecimal } from '../analysis/format.js';
import { PLACES, displayPlace, placeIndex, type Lang, type Naming, type Place, type PlaceIndex } from '../dataset/places.js';
import { EN, type MessageKey } from './en.js';
import { JA } from './ja.js';
import { RU } from './ru.js';

// One message catalogue per language (ICU MessageFormat, compiled by FormatJS's intl-messageformat,
// which takes plural rules from Intl.PluralRules: Russian one/few/many). Numbers and dates go through
// Intl, except English, which keeps the wording it always had byte for byte (the same digits Intl gives).

/** The catalogues: every key of the English one, in each language (the type checker holds them to it). */
export const CATALOGUES: Readonly<Record<Lang, Readonly<Record<MessageKey, string>>>> = { en: EN, ja: JA, ru: RU };

/** Values a message may take: text, or numbers (for plural choices). */
export type MessageValues = Readonly<Record<string, string | number>>;

/** What every reader-facing text is worded with: the language, the naming convention and the catalogue. */
export interface Locale {
  readonly lang: Lang;
  readonly naming: Naming;
  /** The message `key` with `values` filled in. */
  t(key: MessageKey, values?: MessageValues): string;
  /** A number with exactly `digits` decimals, grouped: `20,000` (en, ja), `20 000` (ru, U+202F), `2,85` (ru). */
  num(x: number, digits: number): string;
  /** A date at the precision given (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`): `December 2016`, `2016年12月`, `декабрь 2016 г.`. */
  date(date: string, short?: boolean): string;
  /** The message `key` when the catalogue has it (keys made from data, such as an event's id), else `undefined`. */
  lookup(key: string, values?: MessageValues): string | undefined;
  /** The name a reader sees for a place named `name` in the data (see `displayPlace`). */
  place(name: string): string;
}

/** Options of `locale`. */
export interface LocaleOptions {
  /** Language (default `en`). */
  readonly lang?: Lang;
  /** Naming convention for contested places (default `source`). */
  readonly naming?: Naming;
  /** Places to match names against (default: the embedded `PLACES`). */
  readonly places?: readonly Place[];
}

/** A message compiled for one language: fills in the values. */
type Compiled = (values?: MessageValues) => string;

// Each (language, key) is compiled once, on first use, and kept for the life of the process. Most messages
// are text with plain `{name}` arguments: those are split once and filled in directly, as intl-messageformat
// fills a plain argument (String(value), a missing value throws its MissingValueError), without a parse.
// Messages with plural/select choices, `#` or ICU quotes are parsed once and formatted by intl-messageformat,
// sharing one set of Intl formatters.
const compiled = new Map<string, Compiled>();
const PLAIN = /^[^'{}]*(?:\{\s*[A-Za-z_]\w*\s*\}[^'{}]*)*$/;

function cachedBy<A extends unknown[], R>(make: (...args: A) => R): (...args: A) => R {
  const cache = new Map<string, R>();
  return (...args) => {
    const key = JSON.stringify(args);
    let r = cache.get(key);
    if (r === undefined) cache.set(key, (r = make(...args)));
    return r;
  };
}

const FORMATTERS: Formatters = {
  getNumberFormat: cachedBy((...a: ConstructorParameters<typeof Intl.NumberFormat>) => new Intl.NumberFormat(...a)),
  getDateTimeFormat: cachedBy((...a: ConstructorParameters<typeof Intl.DateTimeFormat>) => new Intl.DateTimeFormat(...a)),
  getPluralRules: cachedBy((...a: ConstructorParameters<typeof Intl.PluralRules>) => new Intl.PluralRules(...a)),
};

function compile(message: string, lang: Lang): Compiled {
  if (PLAIN.test(message)) {
    // parts: text, name, text, name, …, text
    const parts = message.split(/\{\s*([A-Za-z_]\w*)\s*\}/);
    if (parts.length === 1) return () => message;
    return (values) => {
      let out = parts[0]!;
      for (let i = 1; i < parts.length; i += 2) {
        const name = parts[i]!;
        if (!values || !(name in values)) throw new MissingValueError(name, message);
        const v: unknown = values[name];
        out += (typeof v === 'string' || typeof v === 'number' ? String(v) : '') + parts[i + 1]!;
      }
      return out;
    };
  }
  // The parsed message is formatted with intl-messageformat's own formatToParts (what IntlMessageFormat#format
  // runs), without the instance, whose constructor resolves the locale through supportedLocalesOf (~20 ms).
  const ast = parse(message, { ignoreTag: true });
  const locales = BCP47[lang];
  return (values) =>
    formatToParts(ast, locales, FORMATTERS, IntlMessageFormat.formats, values, undefined, message)
      .map((p) => String(p.value))
      .join('');
}
const BCP47: Record<Lang, string> = { en: 'en-GB', ja: 'ja-JP', ru: 'ru-RU' };
const MONTHS_EN = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const defaultIndex = placeIndex(PLACES);

/**
 * A locale: the language's catalogue, its number and date forms, and place names in the naming asked for.
 * The default (`en`, `source`) words everything exactly as the charts and report always have.
 * @example locale({ lang: 'ru' }).num(20000, 0) // => "20\u202f000" (a narrow no-break space, U+202F)
 * @example locale({ lang: 'ja', naming: 'japanese' }).place('South Kuril Islands') // => "北方領土"
 */
export function locale(options: LocaleOptions = {}): Locale {
  const lang = options.lang ?? 'en';
  const naming = options.naming ?? 'source';
  const index: PlaceIndex = options.places ? placeIndex(options.places) : defaultIndex;
  const catalogue = CATALOGUES[lang];
  const numberFormats = new Map<number, Intl.NumberFormat>();
  return {
    lang,
    naming,
    lookup(key, values) {
      return Object.prototype.hasOwnProperty.call(catalogue, key) ? this.t(key as MessageKey, values) : undefined;
    },
    t(key, values) {
      const id = `${lang}\u0000${key}`;
      let f = compiled.get(id);
      if (!f) compiled.set(id, (f = compile(catalogue[key], lang)));
      return f(values);
    },
    num(x, digits) {
      if (lang === 'en') return formatDecimal(x, digits);
      // Rounded as formatDecimal rounds (toFixed), then worded by Intl, so every language shows the same digits.
      const fixed = Number(Math.abs(x) < 0.5 * 10 ** -digits ? 0 : x.toFixed(digits));
      let f = numberFormats.get(digits);
      if (!f) {
        f = new Intl.NumberFormat(BCP47[lang], { minimumFractionDigits: digits, maximumFractionDigits: digits, useGrouping: true });
        numberFormats.set(digits, f);
      }
      const text = f.format(fixed).replace(/\u2212/g, '-');
      // Russian typography groups thousands with a narrow no-break space (CLDR data gives U+00A0).
      return lang === 'ru' ? text.replace(/\u00a0/g, '\u202f') : text;
    },
    date(date, short = false) {
      const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(date);
      if (!m) return date;
      const month = m[2] ? Number(m[2]) : undefined;
      // A year alone: 1992 (en), 1992年 (ja), 1992 г. (ru).
      if (month === undefined || month < 1 || month > 12) return lang === 'ja' ? `${m[1]}年` : lang === 'ru' ? `${m[1]} г.` : m[1]!;
      if (lang === 'en') {
        const name = short ? MONTHS_EN[month - 1]!.slice(0, 3) : MONTHS_EN[month - 1]!;
        return m[3] ? `${Number(m[3])} ${name} ${m[1]}` : `${name} ${m[1]}`;
      }
      const at = new Date(Date.UTC(Number(m[1]), month - 1, m[3] ? Number(m[3]) : 1));
      const style: Intl.DateTimeFormatOptions = {
        timeZone: 'UTC',
        year: 'numeric',
        month: short ? 'short' : 'long',
        ...(m[3] ? { day: 'numeric' } : {}),
      };
      return new Intl.DateTimeFormat(BCP47[lang], style).format(at).replace(/\u00a0/g, ' ');
    },
    place: (name) => displayPlace(name, index, lang, naming),
  };
}

/** The default locale: English, the source's naming. */
export const ENGLISH: Locale = locale();
