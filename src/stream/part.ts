// One part of a file read by `reduceExchangeVisitsFile`: a byte range read through the same scanner and
// validator as the one-thread reader, its valid rows folded with the reducer. Runs in a reader thread
// (worker.ts), or in the calling thread when threads are turned off (tests).
import { createReadStream, existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Problem } from '../messages.js';
import { scanTable, visitRule } from '../dataset/read.js';
import { visitBuilder } from '../dataset/visit-row.js';
import type { ReducerRef, RowReducer } from '../dataset/row-reducer.js';
import { EXCHANGE_VISITS } from '../dataset/schema.js';
import { KeyIndex, type KeyIndexData } from '../dataset/unique/key-index.js';
import { TupleIndex, type TupleIndexData } from '../dataset/unique/tuple-index.js';
import type { Visit } from '../dataset/types.js';
import { TableValidator } from '../dataset/validate.js';
import { countedChunks } from './progress.js';

/** What a part reader is told at start. */
export interface PartSetup {
  path: string;
  file: string;
  foreign: { values: string[]; file: string } | null;
  maxProblems: number | undefined;
  reducer: { module: string; name: string };
  /** `Progress.counters` (shared with the main thread) to add this part's bytes and rows to, or `null`. */
  progress?: Float64Array | null;
}

/** The byte range a part reader reads; `null` to stop without reading. */
export type PartRange = { start: number; end: number; firstLine: number; midFile: boolean; expectedRows?: number } | null;

/** What a part reader found. */
export interface PartResult<R> {
  problems: Problem[];
  /** For each problem: where in its row it was found, and the unique value it names (see `ProblemTrace`). */
  phase: number[];
  unique: number[];
  entry: number[];
  full: boolean;
  failure: Problem | null;
  /** csv-parse's code for a syntax failure, `encoding` for an encoding one. */
  failureCode: string | null;
  sawHeader: boolean;
  headerOk: boolean;
  sawAny: boolean;
  rowCount: number;
  /** The second part's: the line each data row starts on. */
  rowLines: Uint32Array | null;
  /** The values of each unique column and key (in `TableValidator.uniqueIndexes` order). */
  indexes: (KeyIndexData | TupleIndexData)[];
  /** The reducer's result, when the part has no problem. */
  result: R | null;
}

/** A module URL as a string; running from the TypeScript sources, `x.js` stands for `x.ts`. */
export function moduleHref(module: string | URL): string {
  const href = module instanceof URL ? module.href : /^[a-z][a-z0-9+.-]+:/i.test(module) ? module : pathToFileURL(module).href;
  if (href.startsWith('file:') && href.endsWith('.js') && !existsSync(fileURLToPath(href))) {
    const ts = `${href.slice(0, -3)}.ts`;
    if (existsSync(fileURLToPath(ts))) return ts;
  }
  return href;
}

/** Loads the reducer a `ReducerRef` names. */
export async function loadReducer<S, R>(ref: ReducerRef): Promise<RowReducer<S, R>> {
  const mod = (await import(moduleHref(ref.module))) as Record<string, unknown>;
  const reducer = mod[ref.name] as RowReducer<S, R> | undefined;
  if (
    !reducer ||
    typeof reducer.create !== 'function' ||
    typeof reducer.add !== 'function' ||
    typeof reducer.finish !== 'function' ||
    typeof reducer.merge !== 'function'
  ) {
    throw new TypeError(`${String(ref.module)} exports no reducer named ${ref.name}`);
  }
  return reducer;
}

/** Reads one part; also returns the buffers of the result to transfer. */
export async function readPart(
  setup: PartSetup,
  range: NonNullable<PartRange>,
): Promise<{ part: PartResult<unknown>; transfer: ArrayBuffer[] }> {
  const reducer = await loadReducer<unknown, unknown>(setup.reducer);
  const foreign = setup.foreign ? new Map([['source_id', { values: new Set(setup.foreign.values), file: setup.foreign.file }]]) : undefined;
  const validator = new TableValidator(EXCHANGE_VISITS, {
    file: setup.file,
    rowRule: visitRule,
    foreign,
    maxProblems: setup.maxProblems,
    trace: true,
    expectedRows: range.expectedRows,
  });
  const state = reducer.create();
  let failureCode: string | null = null;
  const input = createReadStream(setup.path, { start: range.start, end: range.end - 1, highWaterMark: 1 << 20 });
  // Progress: this part's bytes and valid rows so far, in its own slot of the shared counters.
  const counters = setup.progress ?? null;
  const slot = range.midFile ? 2 : 0;
  let rows = 0;
  const onRow = counters
    ? (row: Visit) => {
        rows++;
        reducer.add(state, row);
      }
    : (row: Visit) => reducer.add(state, row);
  const source = counters
    ? countedChunks(input, (bytes) => {
        counters[slot] = bytes;
        counters[slot + 1] = rows;
      })
    : input;
  // Rows are folded, not kept: no need to share their repeated texts.
  const scan = await scanTable(source, setup.file, validator, visitBuilder({ intern: false }), onRow, {
    firstLine: range.firstLine,
    midFile: range.midFile,
    rowLines: range.midFile,
    onFailure: (code) => (failureCode = code),
    headerFields: EXCHANGE_VISITS.fields.length,
  });
  input.destroy();
  if (counters) counters[slot + 1] = rows; // the rows of the last chunk
  const clean = validator.problems.length === 0 && !scan.failure;
  const result = clean ? reducer.finish(state) : null;
  const indexes = validator.uniqueIndexes().map((u) => u.index.toData());
  const transfer: ArrayBuffer[] = indexes.flatMap((d) => ('width' in d ? TupleIndex.transferList(d) : KeyIndex.transferList(d)));
  if (result !== null && reducer.transfer) transfer.push(...reducer.transfer(result));
  if (scan.rowLines) transfer.push(scan.rowLines.buffer as ArrayBuffer);
  const trace = validator.trace!;
  const part: PartResult<unknown> = {
    problems: validator.problems,
    phase: trace.phase,
    unique: trace.unique,
    entry: trace.entry,
    full: validator.full,
    failure: scan.failure,
    failureCode,
    sawHeader: scan.sawHeader,
    headerOk: scan.headerOk,
    sawAny: scan.sawAny,
    rowCount: scan.rowCount,
    rowLines: scan.rowLines,
    indexes,
    result,
  };
  return { part, transfer };
}
