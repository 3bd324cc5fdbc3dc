import { fileURLToPath } from 'node:url';
import { EVENTS, FIGURES, SOURCES } from './figures.js';
import { PLACES, placeRow } from './places.js';
import { EVENTS_TABLE, EXCHANGE_VISITS, PLACES_TABLE, SOURCES_TABLE, inputDataPackage } from './schema.js';
import { toCsv } from './write.js';

/** Folder of the embedded dataset (`data/` in the package). */
export const DATA_DIR = fileURLToPath(new URL('../../data/', import.meta.url));
/** Path of the embedded exchange-visits CSV. */
export const EMBEDDED_VISITS = fileURLToPath(new URL('../../data/exchange-visits.csv', import.meta.url));
/** Path of the embedded sources CSV. */
export const EMBEDDED_SOURCES = fileURLToPath(new URL('../../data/sources.csv', import.meta.url));
/** Path of the embedded places CSV. */
export const EMBEDDED_PLACES = fileURLToPath(new URL('../../data/places.csv', import.meta.url));
/** Path of the embedded events CSV. */
export const EMBEDDED_EVENTS = fileURLToPath(new URL('../../data/events.csv', import.meta.url));

/**
 * The committed files of `data/`, generated from the figures and the one schema:
 * file name to exact contents. A test fails when a committed file differs.
 */
export function embeddedDataFiles(): Map<string, string> {
  return new Map([
    [EXCHANGE_VISITS.path, toCsv(EXCHANGE_VISITS, FIGURES)],
    [SOURCES_TABLE.path, toCsv(SOURCES_TABLE, SOURCES)],
    [EVENTS_TABLE.path, toCsv(EVENTS_TABLE, EVENTS)],
    [PLACES_TABLE.path, toCsv(PLACES_TABLE, PLACES.map(placeRow))],
    ['datapackage.json', `${JSON.stringify(inputDataPackage(), null, 2)}\n`],
  ]);
}
