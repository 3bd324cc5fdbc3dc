// Pieces of an analysis table: its rows built a few thousand flow pairs at a time, and their text. This
// module is also what a task thread loads (by URL) to build pieces beside the main thread (see table-writer.ts).
import { flowPairChunks, type FlowExport } from '../analysis/flow-export.js';
import { latestSingleYear } from '../analysis/flows.js';
import type { EndRange } from '../analysis/open-end.js';
import { findTable, tableChunks, type AnalysisTable, type TableFormat } from '../analysis/table-registry.js';

/**
 * The rows of one analysis table, built a few thousand flow pairs at a time, so the whole table is never
 * held: the same rows, in the same order, as the table built from all flow pairs at once.
 */
export function* analysisRows(
  table: AnalysisTable,
  flows: FlowExport,
  options: { endYear?: number; endRanges?: ReadonlyMap<string, EndRange> } = {},
): Generator<object> {
  // The cumulative table's default end year is the latest single year over all flow pairs, not a chunk's.
  const endYear = options.endYear ?? latestSingleYear(flows) ?? undefined;
  for (const chunk of flowPairChunks(flows)) yield* table.compute(chunk, { endYear, endRanges: options.endRanges });
}

/** The text of one analysis table for some flow pairs, without the table's header (CSV) or brackets (JSON). */
export function* pieceChunks(
  flows: FlowExport,
  table: AnalysisTable,
  format: TableFormat,
  endYear: number | undefined,
  ranges?: ReadonlyMap<string, EndRange>,
): Generator<string> {
  yield* tableChunks(table, analysisRows(table, flows, { endYear, endRanges: ranges }), format, { whole: false });
}

/**
 * The text of one analysis table for some of the flow pairs, without the table's header (CSV) or brackets
 * (JSON): a piece of a table written in parts, built by another thread (see `writeTable` in table-writer.ts).
 */
export function tablePiece(
  flows: FlowExport,
  tableName: string,
  format: TableFormat,
  endYear: number | undefined,
  ranges: [string, EndRange][] = [],
): string[] {
  return [...pieceChunks(flows, findTable(tableName)!, format, endYear, new Map(ranges))];
}

/** Loads this module (and the analyses) in a task thread before it is given pieces to build. */
export function warmUp(): void {}
