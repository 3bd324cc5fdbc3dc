// The analysis tables, each once: its name, columns and description (the `TableSpec` of tables.ts), the
// function that computes its rows from flow pairs, and its CSV/JSON writers. `build`, `analyze` (and its
// pieces built by a task thread) and the charts' row selection all pick a table here, as charts/index.ts
// does for charts; nothing else chooses a table by its name. The reconciliation's two tables are listed
// here too (their rows come from `reconcile`, not from flow pairs), for `build` and the `reconcile` command.
import type { TableSpec } from '../dataset/schema.js';
import { csvChunks, jsonChunks, toCsv, toJson } from '../dataset/write.js';
import { changesFromPairs } from './changes.js';
import { cumulativeFromPairs } from './cumulative.js';
import type { FlowPair } from './flow-pair.js';
import type { EndRange } from './open-end.js';
import { ratiosFromPairs } from './ratios.js';
import { CONSISTENCY_TABLE, IMPLIED_TABLE, type ConsistencyRow, type ImpliedRow } from './reconcile-tables.js';
import { sharesFromPairs } from './shares.js';
import { ANALYSIS_TABLES, CHANGES_TABLE, CUMULATIVE_TABLE, RATIOS_TABLE, SHARES_TABLE } from './tables.js';
import type { ChangeRow, CumulativeRow, RatioRow, ShareRow } from './types.js';

/** The rows of each analysis table, by table name. */
export interface AnalysisTables {
  readonly ratios: readonly RatioRow[];
  readonly shares: readonly ShareRow[];
  readonly changes: readonly ChangeRow[];
  readonly cumulative: readonly CumulativeRow[];
}

/** Name of an analysis table: `ratios`, `shares`, `changes` or `cumulative`. */
export type AnalysisTableName = keyof AnalysisTables;

/** What a table's rows may depend on besides the flow pairs (only the cumulative table uses them). */
export interface TableComputeOptions {
  /** Last year an open-ended ("since") figure counts; default: the latest single year of the flow pairs given. */
  readonly endYear?: number;
  /** Years each source's open periods may end in (see `endRanges`). */
  readonly endRanges?: ReadonlyMap<string, EndRange>;
}

/** One analysis table: its columns and description, how its rows are computed, and how they are written. */
export interface AnalysisTable<N extends AnalysisTableName = AnalysisTableName> {
  readonly name: N;
  /** Columns (CSV header and JSON key order), title, file name and description. */
  readonly spec: TableSpec;
  /** Whether the rows depend on the sources' dates (`endRanges`), so a command reads the sources for it. */
  readonly usesEndRanges: boolean;
  /** The table's rows from flow pairs sorted by pair, period and source (see `pairFlows`). */
  compute(pairs: readonly FlowPair[], options?: TableComputeOptions): AnalysisTables[N];
}

const table = <N extends AnalysisTableName>(t: AnalysisTable<N>): AnalysisTable<N> => t;

/** The analysis tables by name. */
export const TABLES: { readonly [N in AnalysisTableName]: AnalysisTable<N> } = {
  ratios: table({ name: 'ratios', spec: RATIOS_TABLE, usesEndRanges: false, compute: (pairs) => ratiosFromPairs(pairs) }),
  shares: table({ name: 'shares', spec: SHARES_TABLE, usesEndRanges: false, compute: (pairs) => sharesFromPairs(pairs) }),
  changes: table({ name: 'changes', spec: CHANGES_TABLE, usesEndRanges: false, compute: (pairs) => changesFromPairs(pairs) }),
  cumulative: table({
    name: 'cumulative',
    spec: CUMULATIVE_TABLE,
    usesEndRanges: true,
    compute: (pairs, options = {}) => cumulativeFromPairs(pairs, { endYear: options.endYear, endRanges: options.endRanges }),
  }),
};

/** The analysis tables, in the order outputs list them (the order of `ANALYSIS_TABLES`). */
export const TABLE_LIST: readonly AnalysisTable[] = ANALYSIS_TABLES.map((spec) => TABLES[spec.name as AnalysisTableName]);

/** Names of the analysis tables, in order: what `analyze --table` accepts. */
export const TABLE_NAMES: readonly AnalysisTableName[] = TABLE_LIST.map((t) => t.name);

/**
 * The analysis table called `name`, or `undefined` when there is none.
 * @example findTable('shares')?.spec.path // => 'shares.csv'
 * @example findTable('totals') // => undefined
 */
export function findTable(name: string): AnalysisTable | undefined {
  return TABLE_LIST.find((t) => t.name === name);
}

/**
 * Every analysis table's rows from the same flow pairs.
 * @example computeTables(pairFlows(FIGURES)).ratios.length // => 6 (3 periods, 2015, 2016 and since 1992, × 2 directions)
 */
export function computeTables(pairs: readonly FlowPair[], options: TableComputeOptions = {}): AnalysisTables {
  return {
    ratios: TABLES.ratios.compute(pairs, options),
    shares: TABLES.shares.compute(pairs, options),
    changes: TABLES.changes.compute(pairs, options),
    cumulative: TABLES.cumulative.compute(pairs, options),
  };
}

/** Output formats of an analysis table. */
export type TableFormat = 'csv' | 'json';

/**
 * A table's rows as text a piece at a time; with `whole: false`, without the CSV header or the JSON
 * brackets, for a piece of a table written in parts (see `writeTable`).
 * @example [...tableChunks(TABLES.ratios, [], 'csv', { whole: false })] // => []
 */
export function tableChunks(t: AnalysisTable, rows: Iterable<object>, format: TableFormat, options: { whole: boolean }): Generator<string> {
  return format === 'json' ? jsonChunks(t.spec, rows, { frame: options.whole }) : csvChunks(t.spec, rows, { header: options.whole });
}

/** The rows of each reconciliation table, by table name (the fields of a `Reconciliation` they come from). */
export interface ReconcileTables {
  readonly consistency: readonly ConsistencyRow[];
  readonly implied: readonly ImpliedRow[];
}

/** One reconciliation table: its columns and description, and its rows out of a reconciliation. */
export interface ReconcileTable {
  readonly name: keyof ReconcileTables;
  /** Columns (CSV header and JSON key order), title, file name and description. */
  readonly spec: TableSpec;
  /** The table's rows out of a reconciliation (see `reconcile`). */
  rows(r: ReconcileTables): readonly object[];
}

/** The reconciliation tables, in the order outputs list them (the order of `RECONCILE_TABLES`). */
export const RECONCILE_TABLE_LIST: readonly ReconcileTable[] = [
  { name: 'consistency', spec: CONSISTENCY_TABLE, rows: (r) => r.consistency },
  { name: 'implied', spec: IMPLIED_TABLE, rows: (r) => r.implied },
];

/**
 * The reconciliation table called `name`, or `undefined` when there is none.
 * @example findReconcileTable('implied')?.spec.path // => 'implied.csv'
 * @example findReconcileTable('ratios') // => undefined
 */
export function findReconcileTable(name: string): ReconcileTable | undefined {
  return RECONCILE_TABLE_LIST.find((t) => t.name === name);
}

/**
 * A table's rows as the text of a whole file, for a table of either list: CSV with its header (RFC 4180,
 * CRLF) or a JSON list of objects with keys in column order (see `toCsv` and `toJson`).
 * @example tableFileText(TABLES.shares.spec, [], 'json') // => '[]\n'
 * @example tableFileText(CONSISTENCY_TABLE, [], 'csv').startsWith('id,') // => true
 */
export function tableFileText(spec: TableSpec, rows: Iterable<object>, format: TableFormat): string {
  return format === 'json' ? toJson(spec, rows) : toCsv(spec, rows);
}
