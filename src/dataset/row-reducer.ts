// How rows read from a file are folded into a result without keeping them (see src/stream/reduce.ts).
import type { Visit } from './types.js';

/**
 * Folds valid rows into a result, in a worker thread or in the main one: `create` a state, `add` each
 * row in file order, `finish` into a result that can be posted between threads (`transfer` names its
 * buffers), and `merge` the results of two consecutive parts of a file into the whole file's, or `null`
 * when that cannot be done exactly (the file is then read again in one go).
 */
export interface RowReducer<S, R> {
  create(): S;
  add(state: S, row: Visit): void;
  finish(state: S): R;
  merge(first: R, second: R): R | null;
  transfer?(result: R): ArrayBuffer[];
}

/** Where a worker finds a `RowReducer`: a module URL (or path) and the name it is exported under. */
export interface ReducerRef {
  module: string | URL;
  name: string;
}
