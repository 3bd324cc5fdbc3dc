import type { RowReducer } from '../dataset/row-reducer.js';
import type { Visit } from '../dataset/types.js';
import type { FlowExport } from './flow-export.js';
import { mergeFlowExports } from './flow-merge.js';
import { FlowAccumulator } from './flows.js';

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
