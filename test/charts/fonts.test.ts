import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Resvg } from '@resvg/resvg-js';
import { DOMParser } from '@xmldom/xmldom';
import * as hb from 'harfbuzzjs';
import { describe, expect, it } from 'vitest';
import { readExchangeVisitsRows } from '../../src/index.js';
import { EVENTS, FIGURES, SOURCES } from '../../src/internals.js';
import { buildCharts, type ChartSet } from '../../src/charts/index.js';
import { fontsFor, withFallbackRuns, withFontFamilies } from '../../src/charts/font-chain.js';
import { embeddedFaces, fontFaceCss, unicodeRange } from '../../src/charts/font-face.js';
import { FALLBACK_FONT_FILES, FONT_FILES, textWidth } from '../../src/charts/font-metrics.js';
import { escapeXml } from '../../src/util/escape.js';
import { pngFonts, renderPng, renderSvg, textLayout } from '../../src/charts/render.js';
import { contentSecurityPolicy } from '../../src/report/csp.js';
import { fixture } from '../helpers.js';
import { chartInput } from './setup.js';
import { reconcile } from '../../src/analysis/reconcile.js';
import { NAMINGS } from '../../src/dataset/places.js';

// Every character a chart shows must be in a font the PNG renderer is given. The fonts are read here with
// HarfBuzz's own face reader (harfbuzzjs), not with the project's cmap code, so a fault in either shows.

const UPDATE = process.env.UPDATE_SNAPSHOTS === '1';

/** Test strings: what the charts show in each language (place names, numbers and dates as Intl writes them). */
const STRINGS: Record<'en' | 'ja' | 'ru', string[]> = {
  en: [
    'South Kuril Islands',
    'Southern Kurils / Northern Territories',
    'Iturup (Etorofu), Kunashir (Kunashiri), Shikotan, Habomai',
    'more than 2.10 · 20,000 · 9,500 – 45% — “quoted” ‘x’ … → ↔ − × ≤',
    '0123456789 !"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~',
    'December 2016 · 23 Sep 2017',
  ],
  ja: [
    '北方領土',
    '南クリル諸島',
    '択捉島',
    '国後島',
    '色丹島',
    '歯舞群島',
    '日本 → 北方領土（南クリル諸島）',
    '2016年12月 · 2017年9月23日',
    '20,000人以上 · 2.10倍超 · 約9,500人',
    '年月日、。「」・ー（）',
  ],
  ru: [
    'Южные Курилы',
    'Северные территории',
    'Итуруп',
    'Кунашир',
    'Шикотан',
    'Хабомаи',
    'более 20\u202f000 · 9\u202f500 · 2,10',
    'декабрь 2016 г. · 23 сентября 2017 г.',
    'Ёё «цитата» — №',
  ],
};

/** The code points a font file maps, read by HarfBuzz. */
function cmapOf(path: string): Set<number> {
  return new Set(new hb.Face(new hb.Blob(readFileSync(path))).collectUnicodes());
}
function cmapOfBytes(bytes: Uint8Array): Set<number> {
  return new Set(new hb.Face(new hb.Blob(bytes)).collectUnicodes());
}

/** The characters of `text` that none of the font files has (line breaks aside). */
function missingIn(text: string, files: readonly string[]): string[] {
  const cmaps = files.map(cmapOf);
  return [...new Set(text)].filter((ch) => ch !== '\n' && !cmaps.some((c) => c.has(ch.codePointAt(0)!)));
}

/** The text of every `<text>` element of an SVG, read with an XML parser (references decoded). */
function svgTexts(svg: string): string[] {
  const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
  return Array.from(doc.getElementsByTagName('text')).map((t) => t.textContent ?? '');
}

/** An SVG with each string as a regular and a bold line, as vega writes text. */
function linesSvg(strings: readonly string[]): string {
  const lines = strings.flatMap((s, i) => [
    `<text x="4" y="${24 + 44 * i}" font-family="DejaVu Sans" font-size="16px" fill="#222">${escapeXml(s)}</text>`,
    `<text x="4" y="${44 + 44 * i}" font-family="DejaVu Sans" font-size="16px" font-weight="bold" fill="#222">${escapeXml(s)}</text>`,
  ]);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="620" height="${8 + 44 * strings.length}">${lines.join('')}</svg>`;
}

/** Charts of a fixture whose place names are Japanese or Russian. */
async function namedCharts(lang: 'ja' | 'ru'): Promise<ChartSet> {
  return buildCharts(chartInput(await readExchangeVisitsRows(fixture('fonts', `names-${lang}.csv`)), { sources: SOURCES }));
}

describe('no glyph is missing: each label against the cmap of the fonts given to the renderer', () => {
  for (const lang of ['en', 'ja', 'ru'] as const) {
    it(`${lang}: test strings (place names, digits, punctuation, U+202F, 年 and 月)`, () => {
      const svg = linesSvg(STRINGS[lang]);
      const fonts = pngFonts(svg);
      try {
        for (const s of STRINGS[lang]) expect({ s, missing: missingIn(s, fonts.files) }).toEqual({ s, missing: [] });
        // Each weight draws every character: DejaVu Sans regular and bold, Noto Sans JP regular and bold.
        const [dejaVuR, dejaVuB, notoR, notoB] = fonts.files.map(cmapOf);
        const { byFont } = fontsFor(STRINGS[lang].join(''));
        for (const cp of byFont[0]!) expect([cp, dejaVuR!.has(cp), dejaVuB!.has(cp)]).toEqual([cp, true, true]);
        for (const cp of byFont[1]!) expect([cp, notoR?.has(cp), notoB?.has(cp)]).toEqual([cp, true, true]);
        // Noto Sans JP is given only when needed, and then with none of DejaVu Sans's characters (see font-chain.ts).
        expect(fonts.files.length).toBe(lang === 'ja' ? 4 : 2);
        if (lang === 'ja') for (const cp of notoR!) expect(dejaVuR!.has(cp) && cp > 0x20 ? cp : null).toBeNull();
      } finally {
        fonts.release();
      }
    });
  }

  it('the check fails on a font that lacks the characters (control)', () => {
    expect(missingIn('択捉島 Итуруп 2016年', [FONT_FILES.regular, FONT_FILES.bold])).toEqual(['択', '捉', '島', '年']);
    expect(missingIn('Итуруп\u202f', [FALLBACK_FONT_FILES.regular])).toEqual(['\u202f']);
  });

  for (const lang of ['ja', 'ru'] as const) {
    it(`${lang}: every label of every chart of a fixture with ${lang} place names`, async () => {
      const set = await namedCharts(lang);
      expect(set.charts.length).toBe(5);
      const all: string[] = [];
      for (const { name, spec } of set.charts) {
        const svg = await renderSvg(spec);
        const texts = svgTexts(svg);
        all.push(...texts);
        const fonts = pngFonts(svg);
        try {
          const missing = texts.flatMap((t) => missingIn(t, fonts.files));
          expect({ name, missing }).toEqual({ name, missing: [] });
        } finally {
          fonts.release();
        }
      }
      for (const name of lang === 'ja'
        ? ['北方領土（南クリル諸島）', '択捉島', '国後島', '色丹島', '歯舞群島']
        : ['Южные Курилы', 'Итуруп', 'Кунашир', 'Шикотан', 'Хабомаи'])
        expect(all.join(' ')).toContain(name);
    });
  }
});

describe('font-family of the SVG files', () => {
  it('lists Noto Sans JP after DejaVu Sans only when a label needs it (an English chart with Japanese place names too)', async () => {
    const named = await namedCharts('ja');
    const svg = await renderSvg(named.charts[0]!.spec);
    expect(svg.startsWith('<svg role="img"')).toBe(true);
    expect(svg).toContain('font-family="DejaVu Sans, Noto Sans JP"');
    expect(svg).not.toContain('font-family="DejaVu Sans"');
    expect(withFontFamilies('<text font-family="DejaVu Sans">Итуруп 2016</text>')).toBe(
      '<text font-family="DejaVu Sans">Итуруп 2016</text>',
    );
    expect(withFontFamilies('<g font-family="DejaVu Sans"><text font-family="DejaVu Sans">択捉島</text></g>')).toBe(
      '<g font-family="DejaVu Sans, Noto Sans JP"><text font-family="DejaVu Sans, Noto Sans JP">択捉島</text></g>',
    );
  });
});

describe('no glyph is missing in the translated charts, the sources chart included', () => {
  for (const lang of ['ja', 'ru'] as const) {
    it(`${lang}: every label of all six charts of the embedded data, in every naming`, async () => {
      const input = {
        ...chartInput(FIGURES, { sources: SOURCES, events: EVENTS }),
        reconciliation: await reconcile(FIGURES, { sources: SOURCES }),
      };
      for (const naming of NAMINGS) {
        const set = buildCharts(input, { lang, naming });
        expect(set.charts.map((c) => c.name)).toEqual(['annual-flows', 'ratios', 'cumulative', 'shares', 'changes', 'sources']);
        for (const { name, spec } of set.charts) {
          const svg = await renderSvg(spec);
          const fonts = pngFonts(svg);
          try {
            const missing = svgTexts(svg).flatMap((t) => missingIn(t, fonts.files));
            expect({ naming, name, missing }).toEqual({ naming, name, missing: [] });
          } finally {
            fonts.release();
          }
        }
      }
    });
  }
});

describe('text widths from the fonts drawn with', () => {
  /** Width of a text shaped by HarfBuzz with a font file, in pixels (kerning applied). */
  function shapedWidth(path: string, text: string, size: number): number {
    const face = new hb.Face(new hb.Blob(readFileSync(path)));
    const font = new hb.Font(face);
    const buffer = new hb.Buffer();
    buffer.addText(text);
    buffer.guessSegmentProperties();
    hb.shape(font, buffer);
    return (buffer.getGlyphPositions().reduce((w, p) => w + p.xAdvance, 0) / face.upem) * size;
  }

  it('Japanese: a kanji or kana is one em wide, in both weights', () => {
    // Noto Sans JP: 1000 units per em, full-width advance 1000.
    expect(textWidth('択捉島', 11)).toBe(33);
    expect(textWidth('南クリル諸島', 10)).toBe(60);
    expect(textWidth('北方領土', 12, true)).toBe(48);
    expect(textWidth('歯舞群島', 13)).toBeCloseTo(shapedWidth(FALLBACK_FONT_FILES.regular, '歯舞群島', 13), 6);
  });

  it('Russian and mixed text: DejaVu Sans for what it has, Noto Sans JP for the rest', () => {
    for (const [text, bold] of [
      ['Итуруп', false],
      ['Южные Курилы', true],
      ['более 20\u202f000', false],
    ] as const) {
      const path = bold ? FONT_FILES.bold : FONT_FILES.regular;
      // Kerning only narrows: the measure may be wider than the shaped text, by little.
      const shaped = shapedWidth(path, text, 11);
      expect(textWidth(text, 11, bold)).toBeGreaterThanOrEqual(shaped - 1e-9);
      expect(textWidth(text, 11, bold)).toBeLessThan(shaped * 1.03);
    }
    // 'Итуруп' in DejaVu Sans: advances 1532 + 1193 + 1212 + 1300 + 1212 + 1339 = 7788 units of 2048.
    expect(textWidth('Итуруп', 11)).toBeCloseTo((7788 / 2048) * 11, 9);
    expect(textWidth('Japan → 択捉島', 11)).toBeCloseTo(textWidth('Japan → ', 11) + 33, 9);
  });

  for (const lang of ['ja', 'ru'] as const) {
    it(`${lang}: long place names lay out with no two pieces of text overlapping`, async () => {
      for (const { name, spec } of (await namedCharts(lang)).charts) {
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
      }
    });
  }
});

describe('PNG: Japanese runs and snapshots', () => {
  it('puts the Japanese runs of a text in Noto Sans JP tspans, keeping references and markup', () => {
    expect(withFallbackRuns('<svg><text font-weight="bold">Jp &amp; 択捉島 (2016年)</text><title>択捉島</title></svg>')).toBe(
      '<svg><text font-weight="bold">Jp &amp; <tspan font-family="Noto Sans JP">択捉島</tspan> (2016<tspan font-family="Noto Sans JP">年</tspan>)</text><title>択捉島</title></svg>',
    );
    expect(withFallbackRuns('<text><tspan x="0">a&#25246;</tspan><tspan>Итуруп</tspan></text>')).toBe(
      '<text><tspan x="0">a<tspan font-family="Noto Sans JP">&#25246;</tspan></tspan><tspan>Итуруп</tspan></text>',
    );
  });

  it('draws kanji, not empty boxes: the PNG changes when the Japanese font is left out, and with the weight', () => {
    const svg = linesSvg(['択捉島']);
    const withoutJapanese = (text: string) =>
      Buffer.from(
        new Resvg(text, {
          font: { fontFiles: [FONT_FILES.regular, FONT_FILES.bold], loadSystemFonts: false, defaultFontFamily: 'DejaVu Sans' },
          background: 'white',
        })
          .render()
          .asPng(),
      );
    const png = Buffer.from(renderPng(svg, 1));
    expect(png.equals(withoutJapanese(svg))).toBe(false);
    // The regular and the bold line differ (the bold line is not drawn with the regular font).
    const regularOnly = Buffer.from(renderPng(svg.replace('font-weight="bold"', 'font-weight="normal"'), 1));
    expect(png.equals(regularOnly)).toBe(false);
    // Control: text DejaVu Sans draws alone gives the same PNG whether or not it passes through pngFonts.
    const latin = linesSvg(['Iturup']);
    expect(Buffer.from(renderPng(latin, 1)).equals(withoutJapanese(latin))).toBe(true);
  });

  for (const lang of ['en', 'ja', 'ru'] as const) {
    it(`${lang}: matches test/fixtures/fonts/${lang}.png byte for byte`, async () => {
      let svg: string;
      if (lang === 'en') {
        svg = await renderSvg(buildCharts(chartInput(FIGURES, { sources: SOURCES, events: EVENTS })).charts[0]!.spec);
      } else {
        // A chart of the fixture with a title in the language, drawn bold, as titles are.
        const { spec } = (await namedCharts(lang)).charts.find((c) => c.name === 'annual-flows')!;
        const title =
          lang === 'ja'
            ? '択捉島・国後島・色丹島・歯舞群島の往来（2016年12月）'
            : 'Поездки: Итуруп, Кунашир, Шикотан, Хабомаи — 20\u202f000';
        svg = await renderSvg({ ...spec, title: { text: title } });
      }
      const png = Buffer.from(renderPng(svg));
      const path = fixture('fonts', `${lang}.png`);
      if (UPDATE) {
        mkdirSync(fixture('fonts'), { recursive: true });
        writeFileSync(path, png);
      }
      expect(existsSync(path), `${path} is missing: run with UPDATE_SNAPSHOTS=1 and look at it`).toBe(true);
      if (!png.equals(readFileSync(path))) writeFileSync(`/tmp/kuril-fonts-${lang}.png`, png);
      expect(png.equals(readFileSync(path)), `differs from ${path}; this run's PNG is /tmp/kuril-fonts-${lang}.png`).toBe(true);
    });
  }
});

describe('fonts for HTML pages', () => {
  it('embeds nothing when DejaVu Sans draws every character (English, Russian)', () => {
    expect(fontFaceCss(STRINGS.en.join(' '))).toBe('');
    expect(fontFaceCss(STRINGS.ru.join(' '))).toBe('');
  });

  it('embeds DejaVu Sans and, for the Japanese characters only, Noto Sans JP, in both weights, as one family', () => {
    const text = 'Итуруп 択捉島';
    const faces = embeddedFaces(text);
    expect(faces.map((f) => [f.family, f.weight, f.unicodeRange && unicodeRange(f.unicodeRange)])).toEqual([
      ['DejaVu Sans', 400, null],
      ['DejaVu Sans', 700, null],
      // 島 U+5CF6, 択 U+629E, 捉 U+6349
      ['DejaVu Sans', 400, 'U+5CF6, U+629E, U+6349'],
      ['DejaVu Sans', 700, 'U+5CF6, U+629E, U+6349'],
    ]);
    const cmaps = faces.map((f) => cmapOfBytes(f.bytes));
    for (const ch of 'Итуруп0123456789,.\u202f')
      for (const c of cmaps.slice(0, 2)) expect([ch, c.has(ch.codePointAt(0)!)]).toEqual([ch, true]);
    for (const c of cmaps.slice(2)) expect([...c].sort((a, b) => a - b)).toEqual([0x5cf6, 0x629e, 0x6349]);
    const css = fontFaceCss(text);
    expect(css.match(/@font-face \{/g)?.length).toBe(4);
    expect(css).toContain('src: url(data:font/ttf;base64,');
    expect(css).toContain('unicode-range: U+5CF6, U+629E, U+6349; }');
    expect(css.startsWith('/* Fonts cut to the characters of this page: DejaVu Sans')).toBe(true);
    expect(fontFaceCss(text)).toBe(css);
  });

  it('unicodeRange merges runs of code points', () => {
    expect(unicodeRange([0x65bb, 0x5317, 0x65b9, 0x65ba, 0x5317])).toBe('U+5317, U+65B9-65BB');
  });

  it('the CSP gains font-src data: and nothing else', () => {
    const blocks = { scripts: ['a'], styles: ['b', 'c'] };
    const without = contentSecurityPolicy(blocks);
    expect(without).not.toContain('font-src');
    expect(contentSecurityPolicy({ ...blocks, fonts: true })).toBe(without.replace('img-src data:; ', 'img-src data:; font-src data:; '));
  });
});
