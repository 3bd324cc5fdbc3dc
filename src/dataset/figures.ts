import type { ExchangeEvent, Source, Visit } from './types.js';

// The sentences below are copied byte for byte from the article, including its
// no-break spaces (U+00A0) and typographic apostrophe (U+2019).
const CUMULATIVE =
  'Since 1992, over\u00a020,000 Japanese citizens have visited Kunashir, Shikotan, Iturup and islands of\u00a0the Lesser Kuril Ridge, with\u00a09,500 South Kuril residents going to\u00a0Japan.';
const YEAR_2016 = 'In 2016, 802 Japanese citizens visited Russia, and 281 South Kurils residents traveled to\u00a0Japan.';
const YEAR_2015 = 'The respective 2015 statistics totaled 761 and 299 people.';

/** Identifier of the one article the embedded figures come from. */
export const SPUTNIK_SOURCE_ID = 'sputnik-2021-07-29';

const JAPAN = 'Japan';
const KURILS = 'South Kuril Islands';
const JAPANESE = 'Japanese citizens';
const RESIDENTS = 'South Kuril residents';

/**
 * The six figures the article gives, each with the sentence that states it.
 * "Since 1992" leaves the period open (`period_end: null`); "over 20,000" is `more_than`.
 */
export const FIGURES: readonly Visit[] = [
  {
    id: 'japan-to-kurils-since-1992',
    origin: JAPAN,
    destination: KURILS,
    travelers: JAPANESE,
    period_start: 1992,
    period_end: null,
    count: 20000,
    qualifier: 'more_than',
    source_id: SPUTNIK_SOURCE_ID,
    quote: CUMULATIVE,
  },
  {
    id: 'kurils-to-japan-since-1992',
    origin: KURILS,
    destination: JAPAN,
    travelers: RESIDENTS,
    period_start: 1992,
    period_end: null,
    count: 9500,
    qualifier: 'exact',
    source_id: SPUTNIK_SOURCE_ID,
    quote: CUMULATIVE,
  },
  {
    id: 'japan-to-kurils-2015',
    origin: JAPAN,
    destination: KURILS,
    travelers: JAPANESE,
    period_start: 2015,
    period_end: 2015,
    count: 761,
    qualifier: 'exact',
    source_id: SPUTNIK_SOURCE_ID,
    quote: YEAR_2015,
  },
  {
    id: 'kurils-to-japan-2015',
    origin: KURILS,
    destination: JAPAN,
    travelers: RESIDENTS,
    period_start: 2015,
    period_end: 2015,
    count: 299,
    qualifier: 'exact',
    source_id: SPUTNIK_SOURCE_ID,
    quote: YEAR_2015,
  },
  {
    id: 'japan-to-kurils-2016',
    origin: JAPAN,
    destination: KURILS,
    travelers: JAPANESE,
    period_start: 2016,
    period_end: 2016,
    count: 802,
    qualifier: 'exact',
    source_id: SPUTNIK_SOURCE_ID,
    quote: YEAR_2016,
  },
  {
    id: 'kurils-to-japan-2016',
    origin: KURILS,
    destination: JAPAN,
    travelers: RESIDENTS,
    period_start: 2016,
    period_end: 2016,
    count: 281,
    qualifier: 'exact',
    source_id: SPUTNIK_SOURCE_ID,
    quote: YEAR_2016,
  },
];

/** The article behind the embedded figures. */
export const SOURCES: readonly Source[] = [
  {
    id: SPUTNIK_SOURCE_ID,
    publisher: 'Sputnik',
    dateline: 'MOSCOW',
    published: '2021-07-29T00:23:00Z',
    // Its own note: the text reports the January 2019 talks, so the totals are those of early 2019.
    as_of: '2019-01',
    document: '000_dfed624381405f4d.txt',
    note:
      'The timestamp is the one the page shows (00:23 GMT, 29 July 2021). The text reports the peace-treaty talks held in January 2019, ' +
      'so its "since 1992" totals run to the time of writing (early 2019), not to 2021. ' +
      'The South Kuril Islands (Iturup, Kunashir, Shikotan and the Habomai islets of the Lesser Kuril Ridge) are called the Northern Territories in Japan.',
  },
];

/** Dated events the article gives, for chart annotations. */
export const EVENTS: readonly ExchangeEvent[] = [
  {
    id: 'visa-free-launch',
    date: '1992',
    year: 1992,
    label: 'Visa-free exchange launched',
    quote:
      'Visa-free traffic was launched between\u00a0Russia\u2019s south Kuril Islands and Japan in\u00a01992 under\u00a0an inter-governmental agreement to\u00a0improve mutual understanding between\u00a0the peoples of\u00a0both countries.',
    source_id: SPUTNIK_SOURCE_ID,
  },
  {
    id: 'president-visit-japan',
    date: '2016-12',
    year: 2016,
    label: 'Russian president visits Japan',
    quote:
      "Since Russian president's visit to\u00a0Japan in\u00a0December 2016, the relations between\u00a0the two nations have been improving, with\u00a0the two sides agreeing to\u00a0develop joint projects on\u00a0the disputed islands.",
    source_id: SPUTNIK_SOURCE_ID,
  },
  {
    id: 'first-charter-flight',
    date: '2017-09-23',
    year: 2017,
    label: 'First charter flight',
    quote:
      'On 23 September 2017, the first charter flight brought the former Kuril Islands residents from\u00a0Japan to\u00a0the islands. Before this date, only sea transport was used.',
    source_id: SPUTNIK_SOURCE_ID,
  },
];
