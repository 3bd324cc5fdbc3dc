import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EVENTS, FIGURES, SOURCES, quoteContainsCount } from '../../src/internals.js';
import { ROOT } from '../helpers.js';

// The article's sentences, typed here from the article (no-break spaces written as \u00a0).
const SINCE_1992 =
  'Since 1992, over\u00a020,000 Japanese citizens have visited Kunashir, Shikotan, Iturup and islands of\u00a0the Lesser Kuril Ridge, with\u00a09,500 South Kuril residents going to\u00a0Japan.';
const IN_2016 = 'In 2016, 802 Japanese citizens visited Russia, and 281 South Kurils residents traveled to\u00a0Japan.';
const IN_2015 = 'The respective 2015 statistics totaled 761 and 299 people.';

const byId = (id: string) => {
  const f = FIGURES.find((x) => x.id === id);
  if (!f) throw new Error(`no figure ${id}`);
  return f;
};

describe('the six figures', () => {
  it('has exactly six, with unique ids', () => {
    expect(FIGURES).toHaveLength(6);
    expect(new Set(FIGURES.map((f) => f.id)).size).toBe(6);
  });

  it.each([
    ['japan-to-kurils-since-1992', 'Japan', 'South Kuril Islands', 1992, null, 20000, 'more_than', SINCE_1992],
    ['kurils-to-japan-since-1992', 'South Kuril Islands', 'Japan', 1992, null, 9500, 'exact', SINCE_1992],
    ['japan-to-kurils-2016', 'Japan', 'South Kuril Islands', 2016, 2016, 802, 'exact', IN_2016],
    ['kurils-to-japan-2016', 'South Kuril Islands', 'Japan', 2016, 2016, 281, 'exact', IN_2016],
    ['japan-to-kurils-2015', 'Japan', 'South Kuril Islands', 2015, 2015, 761, 'exact', IN_2015],
    ['kurils-to-japan-2015', 'South Kuril Islands', 'Japan', 2015, 2015, 299, 'exact', IN_2015],
  ] as const)('%s: %s to %s, %i-%s, %i, %s', (id, origin, destination, start, end, count, qualifier, quote) => {
    const f = byId(id);
    expect(f).toMatchObject({
      origin,
      destination,
      period_start: start,
      period_end: end,
      count,
      qualifier,
      quote,
      source_id: SOURCES[0]!.id,
    });
    expect(quoteContainsCount(f.quote, f.count)).toBe(true);
  });

  it('marks "over 20,000" as more_than because the article says "over"', () => {
    expect(SINCE_1992).toContain('over\u00a020,000');
    expect(byId('japan-to-kurils-since-1992').qualifier).toBe('more_than');
  });

  it('records the source: Sputnik, MOSCOW, 29 July 2021 00:23 GMT, talks of January 2019', () => {
    expect(SOURCES).toHaveLength(1);
    const s = SOURCES[0]!;
    expect(s).toMatchObject({ publisher: 'Sputnik', dateline: 'MOSCOW', published: '2021-07-29T00:23:00Z' });
    expect(s.note).toContain('January 2019');
    expect(s.note).toContain('Northern Territories');
  });

  it('gives the dated events: 1992 launch, December 2016 visit, 23 September 2017 first charter flight', () => {
    expect(EVENTS.map((e) => [e.date, e.year])).toEqual([
      ['1992', 1992],
      ['2016-12', 2016],
      ['2017-09-23', 2017],
    ]);
    expect(EVENTS[2]!.quote).toContain('only sea transport was used');
  });

  const article = join(ROOT, '..', 'shared', 'seed', '000_dfed624381405f4d.txt');
  it.runIf(existsSync(article))('quotes every sentence verbatim from the stored article', () => {
    const text = readFileSync(article, 'utf8');
    for (const f of FIGURES) expect(text).toContain(f.quote);
    for (const e of EVENTS) expect(text).toContain(e.quote);
    expect(text).toContain('00:23 GMT29 July 2021');
    expect(text).toContain('MOSCOW (Sputnik)');
  });
});
