import { pairKey } from './pair-key.js';
// The figures `validate` prints about a valid file, folded row by row (a `RowReducer`, so each reader
// thread of a large file folds its part and the two parts merge).
import type { ReducerRef, RowReducer } from './row-reducer.js';
import type { Visit } from './types.js';

/** What `validate` says about a valid file. */
export interface VisitSummary {
  /** Valid rows. */
  rows: number;
  /** Distinct unordered place pairs, each as its two names (sorted) joined by U+0000. */
  pairs: string[];
  /** Earliest period start; `Infinity` with no rows. */
  minYear: number;
  /** Latest period end (or start, for an open period); `-Infinity` with no rows. */
  maxYear: number;
  /** Rows with an open-ended period. */
  open: number;
  /** Distinct source ids. */
  sources: string[];
  /** Rows that name an origin or destination not named before, in file order (for the note on unmatched places). */
  names: { origin: string; destination: string }[];
}

interface State {
  rows: number;
  pairs: Set<string>;
  minYear: number;
  maxYear: number;
  open: number;
  sources: Set<string>;
  seen: Set<string>;
  names: { origin: string; destination: string }[];
  // Rows come in runs of one pair and one source: the last ones are not looked up again.
  lastOrigin: string;
  lastDestination: string;
  lastSource: string;
}

/** Folds rows into a `VisitSummary`; two parts' summaries merge by union (sets) and sum (counts). */
export const visitSummary: RowReducer<State, VisitSummary> = {
  create: () => ({
    rows: 0,
    pairs: new Set(),
    minYear: Infinity,
    maxYear: -Infinity,
    open: 0,
    sources: new Set(),
    seen: new Set(),
    names: [],
    lastOrigin: '',
    lastDestination: '',
    lastSource: '',
  }),
  add(s, row: Visit) {
    s.rows++;
    if (!s.seen.has(row.origin) || !s.seen.has(row.destination)) {
      s.seen.add(row.origin);
      s.seen.add(row.destination);
      s.names.push({ origin: row.origin, destination: row.destination });
    }
    if (row.origin !== s.lastOrigin || row.destination !== s.lastDestination || s.pairs.size === 0) {
      s.pairs.add(pairKey(row.origin, row.destination));
      s.lastOrigin = row.origin;
      s.lastDestination = row.destination;
    }
    if (row.period_start < s.minYear) s.minYear = row.period_start;
    const end = row.period_end ?? row.period_start;
    if (end > s.maxYear) s.maxYear = end;
    if (row.period_end === null) s.open++;
    if (row.source_id !== s.lastSource || s.sources.size === 0) {
      s.sources.add(row.source_id);
      s.lastSource = row.source_id;
    }
  },
  finish: (s) => ({
    rows: s.rows,
    pairs: [...s.pairs],
    minYear: s.minYear,
    maxYear: s.maxYear,
    open: s.open,
    sources: [...s.sources],
    names: s.names,
  }),
  merge: (a, b) => ({
    rows: a.rows + b.rows,
    pairs: [...new Set([...a.pairs, ...b.pairs])],
    minYear: Math.min(a.minYear, b.minYear),
    maxYear: Math.max(a.maxYear, b.maxYear),
    open: a.open + b.open,
    sources: [...new Set([...a.sources, ...b.sources])],
    // File order: a name's first row is in the first part if the first part names it at all.
    names: [...a.names, ...b.names],
  }),
};

/** Where reader threads find `visitSummary`. */
export const VISIT_SUMMARY: ReducerRef = { module: new URL('./visit-summary.js', import.meta.url).href, name: 'visitSummary' };
