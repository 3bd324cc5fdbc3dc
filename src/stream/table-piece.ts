// Pieces of an analysis table: its rows built a few thousand flow pairs at a time, and their text. This
// module is also what a task thread loads (by URL) to build pieces beside the main thread (see table-writer.ts).
import { changesFromPairs } from '../analysis/changes.js';
import { cumulativeFromPairs } from '../analysis/cumulative.js';
import { flowPairChunks, latestSingleYearOf, type FlowExport } from '../analysis/flow-export.js';
import { ratiosFromPairs } from '../analysis/ratios.js';
import { sharesFromPairs } from '../analysis/shares.js';
import type { EndRange } from '../analysis/open-end.js';
import { ANALYSIS_TABLES } from '../analysis/tables.js';
import type { TableSpec } from '../dataset/schema.js';
import { csvChunks, jsonChunks } from '../dataset/write.js';

/**
 * The rows of one analysis table, built a few thousand flow pairs at a time, so the whole table is never
 * held: the same rows, in the same order, as the table built from all flow pairs at once.
 */
export function* analysisRows(
  table: TableSpec,
  flows: FlowExport,
  options: { endYear?: number; endRanges?: ReadonlyMap<string, EndRange> } = {},
): Generator<object> {
  // The cumulative table's default end year is the latest single year over all flow pairs, not a chunk's.
  const endYear = options.endYear ?? latestSingleYearOf(flows) ?? undefined;
  for (const chunk of flowPairChunks(flows)) {
    const rows: readonly object[] =
      table.name === 'ratios'
        ? ratiosFromPairs(chunk)
        : table.name === 'shares'
          ? sharesFromPairs(chunk)
          : table.name === 'changes'
            ? changesFromPairs(chunk)
            : cumulativeFromPairs(chunk, { endYear, endRanges: options.endRanges });
    yield* rows;
  }
}

/** The text of one analysis table for some flow pairs, without the table's header (CSV) or brackets (JSON). */
export function* pieceChunks(
  flows: FlowExport,
  table: TableSpec,
  format: 'csv' | 'json',
  endYear: number | undefined,
  ranges?: ReadonlyMap<string, EndRange>,
): Generator<string> {
  const rows = analysisRows(table, flows, { endYear, endRanges: ranges });
  yield* format === 'json' ? jsonChunks(table, rows, { frame: false }) : csvChunks(table, rows, { header: false });
}

/**
 * The text of one analysis table for some of the flow pairs, without the table's header (CSV) or brackets
 * (JSON): a piece of a table written in parts, built by another thread (see `writeTable` in table-writer.ts).
 */
export function tablePiece(
  flows: FlowExport,
  tableName: string,
  format: 'csv' | 'json',
  endYear: number | undefined,
  ranges: [string, EndRange][] = [],
): string[] {
  return [
    ...pieceChunks(
      flows,
      ANALYSIS_TABLES.find((t) => t.name === tableName)!,
      format,
      endYear,
      new Map(ranges),
    ),
  ];
}

/** Loads this module (and the analyses) in a task thread before it is given pieces to build. */
export function warmUp(): void {}
