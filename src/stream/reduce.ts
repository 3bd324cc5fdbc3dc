// Reading a large file with two threads, each folding the rows of one half (see part.ts); the halves'
// problems and results are then merged into what one reader would have found (see problems.ts).
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseExchangeVisits, sourceIdsFor, validateExchangeVisitsFile, type ReadOptions } from '../dataset/read.js';
import type { ReducerRef, RowReducer } from '../dataset/row-reducer.js';
import { loadReducer, moduleHref, type PartSetup } from './part.js';
import { combine, firstAlone, type ReduceResult } from './problems.js';
import { findSplit, type Split } from './split.js';
import { countedChunks, type Progress } from './progress.js';
import { startHere, startWorker } from './tasks.js';

/** Options of `reduceExchangeVisitsFile`. */
export interface ReduceOptions extends Omit<ReadOptions, 'onRow'> {
  /** Files at least this large are read by two worker threads (default 16 MiB); smaller ones in this thread. */
  parallelMinBytes?: number;
  /** Where to start looking for the record boundary the file is split at (default: half its size). For tests. */
  splitAt?: number;
  /** With `false`, the two parts are read one after the other in this thread, by the same code (for tests). */
  threads?: boolean;
  /** A progress line to keep up to date (see `startProgress`); the caller finishes it. */
  progress?: Progress;
}

/** Files from this size up are read by two threads unless told otherwise. */
export const PARALLEL_MIN_BYTES = 16 * 2 ** 20;

/**
 * Reads and validates an exchange-visits file like `validateExchangeVisitsFile`, folding its valid rows with
 * a reducer instead of collecting them. A file of `parallelMinBytes` or more is split at a record boundary
 * near its middle and the two parts are read by two worker threads; the problems (lines, columns, messages,
 * order, the `maxProblems` cap and stopping at the first syntax error) are exactly those of one reader,
 * and the result is the reducer's over the whole file. When an exact merge is not possible (a bad header,
 * a failure only one reader can place), the file is read again in this thread.
 * The reducer is named by module and export (`ref`), since a worker thread has to load it itself.
 */
export async function reduceExchangeVisitsFile<R>(path: string, ref: ReducerRef, options: ReduceOptions = {}): Promise<ReduceResult<R>> {
  const reducer = await loadReducer<unknown, R>(ref);
  const file = options.file ?? basename(path);
  // A path that cannot be read fails in the one-thread reader, with the error it gives for it.
  const info = await stat(path).catch(() => null);
  const minBytes = options.parallelMinBytes ?? PARALLEL_MIN_BYTES;
  if (!info || !info.isFile() || info.size < Math.max(minBytes, 1)) return reduceHere(path, reducer, options);

  const fk = await sourceIdsFor(options);
  const setup: PartSetup = {
    path,
    file,
    foreign: fk ? { values: [...fk.values], file: fk.file } : null,
    maxProblems: options.maxProblems,
    reducer: { module: moduleHref(ref.module), name: ref.name },
    progress: options.progress?.enabled ? options.progress.counters : null,
  };
  // Workers load their modules while this thread looks for the split.
  const start = options.threads === false ? startHere : startWorker;
  const workers = [start<R>(setup), start<R>(setup)];
  options.progress?.watch();
  let split: Split | null;
  try {
    split = await findSplit(path, info.size, Math.max(0, Math.min(info.size, options.splitAt ?? Math.floor(info.size / 2))));
  } catch (e) {
    for (const w of workers) w.stop();
    throw e;
  }
  if (!split || split.at >= info.size) {
    for (const w of workers) w.stop();
    return reduceHere(path, reducer, options);
  }
  // About as many rows as lines, in proportion to bytes: room in the indexes of unique values is made at once.
  const perByte = (split.firstLine - 1) / split.at;
  workers[0]!.run({ start: 0, end: split.at, firstLine: 1, midFile: false, expectedRows: split.firstLine });
  workers[1]!.run({
    start: split.at,
    end: info.size,
    firstLine: split.firstLine,
    midFile: true,
    expectedRows: Math.ceil(perByte * (info.size - split.at) * 1.05) + 16,
  });
  let merged: ReduceResult<R> | null;
  try {
    const first = await workers[0]!.result;
    // The first part alone may settle it (a syntax error, too many problems, a bad header): the second
    // reader is then stopped at once.
    const alone = firstAlone(first);
    if (alone !== undefined) {
      workers[1]!.cancel();
      merged = alone;
    } else {
      const second = await workers[1]!.result;
      // The readers are done: ending them now frees their memory before anything else is built.
      for (const w of workers) w.stop();
      merged = combine(first, second, file, options.maxProblems ?? 1000, reducer);
    }
  } finally {
    for (const w of workers) w.stop();
  }
  return merged ?? reduceHere(path, reducer, options);
}

/** The one-thread path: `validateExchangeVisitsFile` with the reducer as `onRow`. */
async function reduceHere<R>(path: string, reducer: RowReducer<unknown, R>, options: ReduceOptions): Promise<ReduceResult<R>> {
  const state = reducer.create();
  const { parallelMinBytes: _min, splitAt: _at, threads: _threads, progress, ...read } = options;
  if (progress?.enabled) {
    // The same reading as `validateExchangeVisitsFile`, its chunks counted for the progress line.
    let rows = 0;
    const input = countedChunks(createReadStream(path, { highWaterMark: 1 << 20 }), (bytes) => progress.update(bytes, rows));
    const r = await parseExchangeVisits(input, {
      file: basename(path),
      ...read,
      onRow: (row) => {
        rows++;
        reducer.add(state, row);
      },
    });
    return { problems: r.problems, rowCount: r.rowCount, result: r.problems.length === 0 ? reducer.finish(state) : null, parallel: false };
  }
  const r = await validateExchangeVisitsFile(path, { ...read, onRow: (row) => reducer.add(state, row) });
  return { problems: r.problems, rowCount: r.rowCount, result: r.problems.length === 0 ? reducer.finish(state) : null, parallel: false };
}

export type { ReducerRef, RowReducer } from '../dataset/row-reducer.js';
export type { ReduceResult } from './problems.js';
