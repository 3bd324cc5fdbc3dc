import type { ReduceOptions, ReduceResult, RowReducer } from '../dataset/parallel.js';
import type { Visit } from '../dataset/types.js';
import { FlowAccumulator, mergeFlowExports, type FlowExport } from './flows.js';

// Flow pairs as a `RowReducer`, so reader threads can aggregate the rows they read: each thread fills a
// `FlowAccumulator` and sends back its compact export; the exports of the two parts of a file merge in
// file order (see `mergeFlowExports`).

/** A new accumulator. */
export function create(): FlowAccumulator {
  return new FlowAccumulator();
}

/** Adds one valid row. */
export function add(acc: FlowAccumulator, row: Visit): void {
  acc.add(row);
}

/** The accumulator's content, ready to be posted to another thread. */
export function finish(acc: FlowAccumulator): FlowExport {
  return acc.export();
}

/** The flows of a file from those of its two consecutive parts; `null` when a sum might differ from adding row by row. */
export function merge(first: FlowExport, second: FlowExport): FlowExport | null {
  return mergeFlowExports(first, second);
}

/** The buffers of an export, to transfer instead of copy. */
export function transfer(e: FlowExport): ArrayBuffer[] {
  return [e.index.buffer, e.values.buffer, e.flags.buffer] as ArrayBuffer[];
}

/** The flow-pair reducer, by name for `reduceExchangeVisitsFile`. */
export const flowReducer: RowReducer<FlowAccumulator, FlowExport> = { create, add, finish, merge, transfer };

/** Where reader threads find `flowReducer`. */
export const FLOW_REDUCER = { module: new URL('./flow-reducer.js', import.meta.url).href, name: 'flowReducer' } as const;

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
  // Imported here so the analysis modules do not load the reader (and worker threads) unless asked to.
  const { reduceExchangeVisitsFile } = await import('../dataset/parallel.js');
  const r = await reduceExchangeVisitsFile<FlowExport>(path, FLOW_REDUCER, options);
  return { problems: r.problems, rowCount: r.rowCount, flows: r.result, parallel: r.parallel };
}
