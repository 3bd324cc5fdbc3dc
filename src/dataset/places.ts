// Places and their names. The islands have no neutral name: Russia calls them the South Kurils
// (Южные Курилы), Japan the Northern Territories (北方領土). A chart says what the reader asked for:
// the source's own wording, either side's name, or a form that names both.

/** Languages charts, report and notebooks are written in. */
export const LANGS = ['en', 'ja', 'ru'] as const;
/** `en`, `ja` or `ru`. */
export type Lang = (typeof LANGS)[number];

/** Naming conventions for contested places. */
export const NAMINGS = ['source', 'russian', 'japanese', 'neutral'] as const;
/**
 * `source`: the wording in the data (in English, exactly as written; in Japanese or Russian, the place's
 * plain name in that language); `russian` / `japanese`: that side's name; `neutral`: a form naming both.
 */
export type Naming = (typeof NAMINGS)[number];

/** A name in each language. */
export type Names = Readonly<Record<Lang, string>>;

/** One row of `places.csv`. */
export interface Place {
  /** Unique slug. */
  readonly id: string;
  /** `country`, `group` (of islands) or `island`. */
  readonly kind: string;
  /** Id of the place this one is part of (an island of a group); empty when none. */
  readonly part_of: string;
  /** The plain name in each language (what `source` naming shows in Japanese and Russian). */
  readonly name: Names;
  /** The name each convention uses, per language; an empty cell falls back to `name`. */
  readonly russian: Names;
  readonly japanese: Names;
  readonly neutral: Names;
  /** Names that identify the place in data (matched ignoring case, width and extra spaces). */
  readonly aliases: readonly string[];
}

const names = (en: string, ja: string, ru: string): Names => ({ en, ja, ru });
const SAME = names('', '', '');

/**
 * The embedded places: Japan, Russia, the disputed island group and its four parts one by one.
 * Written to `data/places.csv` by `npm run data`.
 */
export const PLACES: readonly Place[] = [
  {
    id: 'japan',
    kind: 'country',
    part_of: '',
    name: names('Japan', '日本', 'Япония'),
    russian: SAME,
    japanese: SAME,
    neutral: SAME,
    aliases: ['Japan', '日本', 'Япония'],
  },
  {
    id: 'russia',
    kind: 'country',
    part_of: '',
    name: names('Russia', 'ロシア', 'Россия'),
    russian: SAME,
    japanese: SAME,
    neutral: SAME,
    aliases: ['Russia', 'Russian Federation', 'ロシア', 'Россия'],
  },
  {
    id: 'south-kurils',
    kind: 'group',
    part_of: '',
    name: names('South Kuril Islands', '南クリル諸島', 'Южные Курильские острова'),
    russian: names('South Kuril Islands', '南クリル諸島', 'Южные Курилы'),
    japanese: names('Northern Territories', '北方領土', 'Северные территории'),
    neutral: names('Southern Kurils / Northern Territories', '南クリル諸島／北方領土', 'Южные Курилы / Северные территории'),
    aliases: [
      'South Kuril Islands',
      'Southern Kurils',
      'South Kurils',
      'Southern Kuril Islands',
      'Kuril Islands',
      'Northern Territories',
      '北方領土',
      '北方四島',
      '南クリル諸島',
      'Южные Курилы',
      'Южные Курильские острова',
      'Курильские острова',
    ],
  },
  {
    id: 'iturup',
    kind: 'island',
    part_of: 'south-kurils',
    name: names('Iturup', '択捉島', 'Итуруп'),
    russian: names('Iturup', 'イトゥルップ島', 'Итуруп'),
    japanese: names('Etorofu', '択捉島', 'Эторофу'),
    neutral: names('Iturup / Etorofu', 'イトゥルップ島／択捉島', 'Итуруп / Эторофу'),
    aliases: ['Iturup', 'Etorofu', 'Iturup Island', 'Etorofu Island', '択捉島', 'Итуруп'],
  },
  {
    id: 'kunashir',
    kind: 'island',
    part_of: 'south-kurils',
    name: names('Kunashir', '国後島', 'Кунашир'),
    russian: names('Kunashir', 'クナシル島', 'Кунашир'),
    japanese: names('Kunashiri', '国後島', 'Кунасири'),
    neutral: names('Kunashir / Kunashiri', 'クナシル島／国後島', 'Кунашир / Кунасири'),
    aliases: ['Kunashir', 'Kunashiri', 'Kunashir Island', 'Kunashiri Island', '国後島', 'Кунашир'],
  },
  {
    id: 'shikotan',
    kind: 'island',
    part_of: 'south-kurils',
    name: names('Shikotan', '色丹島', 'Шикотан'),
    russian: names('Shikotan', '色丹島', 'Шикотан'),
    japanese: names('Shikotan', '色丹島', 'Шикотан'),
    neutral: names('Shikotan', '色丹島', 'Шикотан'),
    aliases: ['Shikotan', 'Shikotan Island', '色丹島', 'Шикотан'],
  },
  {
    id: 'habomai',
    kind: 'island',
    part_of: 'south-kurils',
    name: names('Habomai Islands', '歯舞群島', 'острова Хабомаи'),
    russian: names('Habomai Islands', '歯舞群島', 'острова Хабомаи'),
    japanese: names('Habomai Islands', '歯舞群島', 'острова Хабомаи'),
    neutral: names('Habomai Islands', '歯舞群島', 'острова Хабомаи'),
    aliases: ['Habomai', 'Habomai Islands', 'Habomai islets', '歯舞群島', 'Хабомаи', 'острова Хабомаи'],
  },
];

/** How a name is compared with aliases: Unicode NFKC (full-width letters fold), lower case, spaces collapsed. */
export function placeKey(name: string): string {
  return name.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** Places found by name or alias. */
export interface PlaceIndex {
  /** The place a name in the data stands for, or `undefined` when no place has it as an alias. */
  match(name: string): Place | undefined;
}

/**
 * An index of places by alias (and by id), for matching origins and destinations.
 * @example placeIndex(PLACES).match('Southern Kurils')?.id // => "south-kurils"
 */
export function placeIndex(places: readonly Place[] = PLACES): PlaceIndex {
  const byKey = new Map<string, Place>();
  for (const p of places) for (const a of p.aliases) if (!byKey.has(placeKey(a))) byKey.set(placeKey(a), p);
  return { match: (name) => byKey.get(placeKey(name)) };
}

/**
 * The name a reader sees for `name` from the data: with `source` naming in English, `name` as it stands;
 * otherwise the matched place's name in that convention and language (its plain name when the convention
 * has none). Names no place matches pass through unchanged.
 * @example displayPlace('South Kuril Islands', placeIndex(), 'ja', 'japanese') // => "北方領土"
 * @example displayPlace('Atlantis', placeIndex(), 'ru', 'neutral') // => "Atlantis"
 */
export function displayPlace(name: string, index: PlaceIndex, lang: Lang, naming: Naming): string {
  if (lang === 'en' && naming === 'source') return name;
  const place = index.match(name);
  if (!place) return name;
  const conventional = naming === 'source' ? '' : place[naming][lang];
  return conventional || place.name[lang] || place.name.en;
}

/**
 * The distinct origins and destinations that no place matches, in order of first appearance,
 * for the note `validate` prints.
 * @example unmatchedPlaces([{ origin: 'Japan', destination: 'Atlantis' }], placeIndex()) // => ["Atlantis"]
 */
export function unmatchedPlaces(rows: Iterable<{ origin: string; destination: string }>, index: PlaceIndex): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const r of rows) {
    for (const name of [r.origin, r.destination]) {
      if (seen.has(name)) continue;
      seen.add(name);
      if (!index.match(name)) out.push(name);
    }
  }
  return out;
}

/** A place as a flat row of `places.csv` (aliases joined with `|`). */
export function placeRow(p: Place): Record<string, string> {
  const row: Record<string, string> = { id: p.id, kind: p.kind, part_of: p.part_of };
  for (const l of LANGS) row[`name_${l}`] = p.name[l];
  for (const n of ['russian', 'japanese', 'neutral'] as const) for (const l of LANGS) row[`${n}_${l}`] = p[n][l];
  row.aliases = p.aliases.join('|');
  return row;
}
