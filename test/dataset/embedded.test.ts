import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseExchangeVisits, readEvents, readExchangeVisits, readSources, toCsv } from '../../src/index.js';
import { DATA_DIR, FIGURES, embeddedDataFiles, EXCHANGE_VISITS, EVENTS, SOURCES } from '../../src/internals.js';

describe('committed data files', () => {
  it.each([...embeddedDataFiles().keys()])('data/%s is what the code generates (run `npm run data` after changing src/dataset)', (name) => {
    const committed = readFileSync(join(DATA_DIR, name), 'utf8');
    expect(committed).toBe(embeddedDataFiles().get(name));
  });

  it('has the columns in the contract order', () => {
    const header = readFileSync(join(DATA_DIR, 'exchange-visits.csv'), 'utf8').split('\n')[0];
    expect(header).toBe('id,origin,destination,travelers,period_start,period_end,count,qualifier,source_id,quote');
  });

  it('reads back to the figures (generate, write, read, compare)', async () => {
    const rows = await readExchangeVisits(join(DATA_DIR, 'exchange-visits.csv'), { sources: join(DATA_DIR, 'sources.csv') });
    expect(rows).toEqual(FIGURES);
    const again = await parseExchangeVisits(toCsv(EXCHANGE_VISITS, rows));
    expect(again.problems).toEqual([]);
    expect(again.rows).toEqual(FIGURES);
  });

  it('reads sources and events back', async () => {
    expect(await readSources(join(DATA_DIR, 'sources.csv'))).toEqual(SOURCES);
    expect(await readEvents(join(DATA_DIR, 'events.csv'), new Set(SOURCES.map((s) => s.id)))).toEqual(EVENTS);
  });

  it('describes every file in datapackage.json with keys and the Northern Territories alias', () => {
    const pkg = JSON.parse(readFileSync(join(DATA_DIR, 'datapackage.json'), 'utf8'));
    expect(pkg.resources.map((r: { path: string }) => r.path)).toEqual(['exchange-visits.csv', 'sources.csv', 'events.csv', 'places.csv']);
    const visits = pkg.resources[0].schema;
    expect(visits.primaryKey).toEqual(['id']);
    expect(visits.foreignKeys).toEqual([{ fields: 'source_id', reference: { resource: 'sources', fields: 'id' } }]);
    expect(visits.fields.find((f: { name: string }) => f.name === 'qualifier').constraints.enum).toEqual([
      'exact',
      'more_than',
      'at_least',
      'approximately',
    ]);
    expect(JSON.stringify(pkg)).toContain('Northern Territories');
  });
});
