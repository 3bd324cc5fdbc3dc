import { FLOW_REDUCER } from '../analysis/flow-reducer.js';
import type { FlowExport } from '../analysis/flow-export.js';
import { reduceExchangeVisitsFile, type ReduceOptions, type ReduceResult } from './reduce.js';

/**
 * Reads and validates an exchange-visits file, aggregating its flow pairs as it goes, with two threads
 * for a large file (see `reduceExchangeVisitsFile`). `flows` is `null` when there are problems.
 * @example
 * const { problems, flows } = await readFlowsFile('visits.csv');
 * if (problems.length === 0) for (const chunk of flowPairChunks(flows!)) console.log(ratiosFromPairs(chunk));
 */
export async function readFlowsFile(
  path: string,
  options: ReduceOptions = {},
): Promise<{ problems: ReduceResult<FlowExport>['problems']; rowCount: number; flows: FlowExport | null; parallel: boolean }> {
  const r = await reduceExchangeVisitsFile<FlowExport>(path, FLOW_REDUCER, options);
  return { problems: r.problems, rowCount: r.rowCount, flows: r.result, parallel: r.parallel };
}
