import type { DataFrame } from 'danfojs-node';
import { dataFrameToVisits, isDataFrame, toDataFrame } from '../dataset/dataframe.js';
import type { TableSpec } from '../dataset/schema.js';
import type { Visit } from '../dataset/types.js';

/** Input every analysis accepts: validated rows, or a danfojs-node DataFrame with the input file's columns. */
export type AnalysisInput = readonly Visit[] | DataFrame;

/**
 * Runs an analysis on rows, or on a DataFrame (validated like a CSV, converted to rows and the
 * result back to a DataFrame with the output table's columns). The computing core works on plain
 * rows, so the command line never loads danfojs-node.
 */
export function runOn<R extends object>(input: AnalysisInput, table: TableSpec, compute: (rows: readonly Visit[]) => R[]): R[] | DataFrame {
  if (isDataFrame(input)) {
    const rows = compute(dataFrameToVisits(input));
    return toDataFrame(
      table.fields.map((f) => f.name),
      rows,
    );
  }
  return compute(input);
}
