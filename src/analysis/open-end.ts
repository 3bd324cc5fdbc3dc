import type { Source } from '../dataset/types.js';

/** Where the end year range of a source's open periods comes from. */
export type EndRangeBasis = 'as_of' | 'published' | 'undated' | 'pinned';

/**
 * The years an open period ("since 1992") of one source may end in, inclusive: from the latest year the
 * source reports (`from`) to the year of its `as_of` date, else of its `published` date (`to`).
 * `basis` says where `to` comes from: `as_of`, `published`, `undated` (the source has no date, so the
 * end is assumed to be `from`) or `pinned` (`--end-year` gave one year).
 */
export interface EndRange {
  from: number;
  to: number;
  basis: EndRangeBasis;
}

/** What `endRanges` needs of a figure. */
export interface PeriodOfSource {
  source_id: string;
  period_start: number;
  period_end: number | null;
}

/** The year of a source date (`2019`, `2019-01`, `2019-01-15`, `2019-01-15T10:00:00Z`): its first four digits, as written. */
export function dateYear(date: string): number | null {
  const m = /^(\d{4})/.exec(date);
  return m ? Number(m[1]) : null;
}

/**
 * The end year range of every source that reports an open period, by source id.
 * - `from` = the latest year the source reports: the largest `period_end` of its closed periods and
 *   `period_start` of its open ones (so at least the open period's own start).
 * - `to` = the year of the source's `as_of`, else of `published`; never before `from`. A source without
 *   a date (or not in `sources`) gets `to = from`, basis `undated`.
 * - With `endYear` (`--end-year`), every open period ends in that year: `from = to = endYear`.
 *
 * @example
 * endRanges(FIGURES, SOURCES).get('sputnik-2021-07-29') // => { from: 2016, to: 2019, basis: 'as_of' }
 */
export function endRanges(rows: Iterable<PeriodOfSource>, sources: readonly Source[], endYear?: number): Map<string, EndRange> {
  const latest = new Map<string, number>();
  const open = new Set<string>();
  for (const r of rows) {
    const year = r.period_end ?? r.period_start;
    if (r.period_end === null) open.add(r.source_id);
    const seen = latest.get(r.source_id);
    if (seen === undefined || year > seen) latest.set(r.source_id, year);
  }
  const byId = new Map(sources.map((s) => [s.id, s]));
  const out = new Map<string, EndRange>();
  for (const id of open) {
    if (endYear !== undefined) {
      out.set(id, { from: endYear, to: endYear, basis: 'pinned' });
      continue;
    }
    const from = latest.get(id)!;
    const s = byId.get(id);
    const asOf = s?.as_of ? dateYear(s.as_of) : null;
    const published = s?.published ? dateYear(s.published) : null;
    const year = asOf ?? published;
    if (year === null) out.set(id, { from, to: from, basis: 'undated' });
    else out.set(id, { from, to: Math.max(from, year), basis: asOf !== null ? 'as_of' : 'published' });
  }
  return out;
}
