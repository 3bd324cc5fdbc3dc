import { IntlMessageFormat } from 'intl-messageformat';
import { describe, expect, it } from 'vitest';
import { CATALOGUES, locale } from '../../src/i18n/locale.js';
import type { MessageKey } from '../../src/i18n/en.js';
import { LANGS } from '../../src/dataset/places.js';

// locale().t fills plain messages without intl-messageformat (speed); it must word every message exactly
// as intl-messageformat does, in every language.
const BCP47 = { en: 'en-GB', ja: 'ja-JP', ru: 'ru-RU' } as const;

describe('compiled messages', () => {
  it.each(LANGS)('%s: every message reads as intl-messageformat words it, for several counts', (lang) => {
    const l = locale({ lang });
    for (const [key, message] of Object.entries(CATALOGUES[lang])) {
      const reference = new IntlMessageFormat(message, BCP47[lang], undefined, { ignoreTag: true });
      for (const count of [0, 1, 2, 5, 21, 1.5]) {
        // Every argument a message may use gets a value: text arguments a name, numeric ones the count.
        const values = new Proxy(
          {},
          {
            has: () => true,
            get: (_t, name: string) => (['count', 'pairs', 'panels', 'n'].includes(name) ? count : `«${name}»`),
          },
        );
        expect({ key, count, text: l.t(key as MessageKey, values) }).toEqual({ key, count, text: String(reference.format(values)) });
      }
    }
  });

  it('a plain message missing a value fails as intl-messageformat does', () => {
    expect(() => locale().t('report.title', {})).toThrow(/"pairs" was not provided/);
  });
});
