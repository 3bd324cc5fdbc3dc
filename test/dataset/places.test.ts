import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';
import { PLACES, displayPlace, placeIndex, unmatchedPlaces } from '../../src/dataset/places.js';
import { readPlaces } from '../../src/dataset/read.js';
import { InputError, msg } from '../../src/messages.js';
import { HEADER, ROOT, tempDir } from '../helpers.js';

const PLACES_HEADER =
  'id,kind,part_of,name_en,name_ja,name_ru,russian_en,russian_ja,russian_ru,japanese_en,japanese_ja,japanese_ru,neutral_en,neutral_ja,neutral_ru,aliases';

async function run(argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { stdout: (s) => out.push(s), stderr: (s) => err.push(s) });
  return { code, out, err };
}

describe('places', () => {
  const index = placeIndex();

  it('matches the group by any of its aliases, ignoring case, letter width and extra spaces', () => {
    for (const alias of [
      'South Kuril Islands',
      'Southern Kurils',
      'Kuril Islands',
      'south  kuril islands',
      'Ｓｏｕｔｈ Ｋｕｒｉｌ Ｉｓｌａｎｄｓ',
      '北方領土',
    ])
      expect({ alias, id: index.match(alias)?.id }).toEqual({ alias, id: 'south-kurils' });
    expect(index.match('Japan')?.id).toBe('japan');
    expect(index.match('Russia')?.id).toBe('russia');
    expect(index.match('Atlantis')).toBeUndefined();
  });

  it('names each island as a place of its own, part of the group', () => {
    expect(index.match('Etorofu')?.id).toBe('iturup');
    expect(index.match('Kunashiri')?.id).toBe('kunashir');
    expect(index.match('Shikotan')?.id).toBe('shikotan');
    expect(index.match('Habomai')?.id).toBe('habomai');
    expect(PLACES.filter((p) => p.part_of === 'south-kurils').map((p) => p.id)).toEqual(['iturup', 'kunashir', 'shikotan', 'habomai']);
  });

  it('shows the name of each naming convention, the source wording in English as written, unmatched names unchanged', () => {
    expect(displayPlace('Southern Kurils', index, 'en', 'source')).toBe('Southern Kurils');
    expect(displayPlace('Southern Kurils', index, 'en', 'japanese')).toBe('Northern Territories');
    expect(displayPlace('South Kuril Islands', index, 'ru', 'russian')).toBe('Южные Курилы');
    expect(displayPlace('South Kuril Islands', index, 'ja', 'russian')).toBe('南クリル諸島');
    expect(displayPlace('South Kuril Islands', index, 'en', 'neutral')).toBe('Southern Kurils / Northern Territories');
    expect(displayPlace('Iturup', index, 'en', 'japanese')).toBe('Etorofu');
    expect(displayPlace('Iturup', index, 'ja', 'source')).toBe('択捉島');
    expect(displayPlace('Kunashir', index, 'ru', 'neutral')).toBe('Кунашир / Кунасири');
    // A convention with no name of its own falls back to the plain name: Japan is 日本 under every naming.
    expect(displayPlace('Japan', index, 'ja', 'russian')).toBe('日本');
    expect(displayPlace('Atlantis', index, 'ru', 'neutral')).toBe('Atlantis');
  });

  it('lists the names no place matches once each, in order of first appearance', () => {
    const rows = [
      { origin: 'Japan', destination: 'Atlantis' },
      { origin: 'Atlantis', destination: 'Japan' },
      { origin: 'Lemuria', destination: 'South Kurils' },
    ];
    expect(unmatchedPlaces(rows, index)).toEqual(['Atlantis', 'Lemuria']);
  });

  it('data/places.csv is the embedded table, and reads back into it', async () => {
    expect(await readPlaces(join(ROOT, 'data', 'places.csv'))).toEqual(PLACES);
  });
});

describe('a places file of your own (--places)', () => {
  it('is read and used: a chart names a user place as the file says', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const places = join(dir, 'places.csv');
      writeFileSync(places, `${PLACES_HEADER}\nharbour,place,,Harbour Town,港町,Портовый,,,,,,,,,,Harbour Town|Harbourtown\n`);
      const visits = join(dir, 'visits.csv');
      writeFileSync(
        visits,
        `${HEADER}\na,Harbourtown,Lake City,residents,2016,2016,10,exact,s,\nb,Lake City,Harbourtown,residents,2016,2016,5,exact,s,\n`,
      );
      const r = await run(['charts', visits, '--out', dir, '--formats', 'vl', '--lang', 'ja', '--places', places, '--quiet']);
      expect(r.code).toBe(0);
      const spec = readFileSync(join(dir, 'annual-flows.vl.json'), 'utf8');
      expect(spec).toContain('港町 → Lake City');
      expect(spec).not.toContain('Harbourtown');
    } finally {
      cleanup();
    }
  });

  it('refuses an alias claimed by two places, and a bad kind, with file, line and column', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const places = join(dir, 'my-places.csv');
      writeFileSync(places, `${PLACES_HEADER}\na,place,,A,,,,,,,,,,,,One|Two\nb,town,,B,,,,,,,,,,,,two\n`);
      await expect(readPlaces(places)).rejects.toBeInstanceOf(InputError);
      const r = await run(['validate', join(ROOT, 'data', 'exchange-visits.csv'), '--places', places]);
      expect(r.code).toBe(2);
      // Line 3, column 2 (kind) and column 16 (aliases): "two" is "Two" of line 2 in another case.
      expect(r.err.some((l) => l.startsWith('my-places.csv:3:2: constraint-error:'))).toBe(true);
      expect(r.err).toContain(
        'my-places.csv:3:16: unique-error: column "aliases": "two" already names place "a" (line 2); expected each alias to name one place only',
      );
    } finally {
      cleanup();
    }
  });
});

describe('validate: place names no place matches', () => {
  it('are listed once, as a note, and the file is still valid (exit 0)', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const visits = join(dir, 'visits.csv');
      writeFileSync(
        visits,
        `${HEADER}\na,Japan,Atlantis,x,2016,2016,10,exact,s,\nb,Atlantis,Japan,x,2016,2016,5,exact,s,\nc,Southern Kurils,Lemuria,x,2016,2016,5,exact,s,\n`,
      );
      const r = await run(['validate', visits]);
      expect(r.code).toBe(0);
      expect(r.err).toEqual(['note: 2 place names not in the places table, shown as written: "Atlantis", "Lemuria"']);
      const clean = await run(['validate', join(ROOT, 'data', 'exchange-visits.csv')]);
      expect(clean.err).toEqual([]);
    } finally {
      cleanup();
    }
  });

  it('an unknown --lang or --naming is a usage error (exit 2)', async () => {
    const r = await run(['charts', '--out', 'x', '--lang', 'fr']);
    expect(r.code).toBe(2);
    expect(r.err).toEqual(['kuril-exchange: charts: --lang must be one of en, ja, ru, got "fr"']);
    const n = await run(['build', '--naming', 'chinese']);
    expect(n.code).toBe(2);
    expect(n.err).toEqual(['kuril-exchange: build: --naming must be one of source, russian, japanese, neutral, got "chinese"']);
  });
});

describe('the note on unmatched place names', () => {
  it('names at most 10 of them, and says how many more there are', () => {
    expect(msg.placesUnmatched(['Atlantis'])).toBe('note: 1 place name not in the places table, shown as written: "Atlantis"');
    const names = Array.from({ length: 12 }, (_, i) => `P${i}`);
    expect(msg.placesUnmatched(names)).toBe(
      'note: 12 place names not in the places table, shown as written: "P0", "P1", "P2", "P3", "P4", "P5", "P6", "P7", "P8", "P9", ' +
        'and 2 more (give your own with --places FILE)',
    );
  });
});
