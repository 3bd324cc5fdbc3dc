import type { Cell, Qualifier, Visit } from './types.js';

// A checked row of exchange-visits cells as a `Visit`: one builder for the CSV reader, the parallel
// reader's parts and DataFrames.

// Place names, travellers and source ids repeat on every row: keep one copy of each string.
function interner(): (s: string) => string {
  const seen = new Map<string, string>();
  return (s) => {
    const found = seen.get(s);
    if (found !== undefined) return found;
    if (seen.size < 100_000) seen.set(s, s);
    return s;
  };
}

/**
 * Turns checked cells into `Visit` rows, keeping one copy of each repeated text (unless `intern` is
 * false: rows that are folded and dropped at once gain nothing from it).
 */
export function visitBuilder(options: { intern?: boolean } = {}): (v: Cell[]) => Visit {
  const keep = options.intern === false ? (s: string) => s : interner();
  return (v) => ({
    id: v[0] as string,
    origin: keep(v[1] as string),
    destination: keep(v[2] as string),
    travelers: keep(v[3] as string),
    period_start: v[4] as number,
    period_end: v[5] as number | null,
    count: v[6] as number,
    qualifier: v[7] as Qualifier,
    source_id: keep(v[8] as string),
    quote: keep((v[9] as string | null) ?? ''),
  });
}
