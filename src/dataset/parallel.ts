import { open, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { Worker } from 'node:worker_threads';
import { msg, type Problem } from '../messages.js';
import {
  loadReducer,
  moduleHref,
  readPart,
  type PartRange,
  type PartResult,
  type PartSetup,
  type ReducerRef,
  type RowReducer,
} from './parallel-part.js';
import { sortProblems, sourceIdsFor, validateExchangeVisitsFile, visitRule, type ReadOptions } from './read.js';
import { EXCHANGE_VISITS } from './schema.js';
import { KeyIndex, TableValidator, TupleIndex } from './validate.js';

export type { ReducerRef, RowReducer } from './parallel-part.js';

/** Options of `reduceExchangeVisitsFile`. */
export interface ReduceOptions extends Omit<ReadOptions, 'onRow'> {
  /** Files at least this large are read by two worker threads (default 16 MiB); smaller ones in this thread. */
  parallelMinBytes?: number;
  /** Where to start looking for the record boundary the file is split at (default: half its size). For tests. */
  splitAt?: number;
  /** With `false`, the two parts are read one after the other in this thread, by the same code (for tests). */
  threads?: boolean;
}

/** The outcome of `reduceExchangeVisitsFile`. */
export interface ReduceResult<R> {
  /** Every problem, exactly as `validateExchangeVisitsFile` finds them. */
  problems: Problem[];
  /** Data rows seen, valid or not (as `validateExchangeVisitsFile` counts them). */
  rowCount: number;
  /** The reducer's result over every row; `null` when there are problems. */
  result: R | null;
  /** Whether the file was read in two parts. */
  parallel: boolean;
}

/** Files from this size up are read by two threads unless told otherwise. */
export const PARALLEL_MIN_BYTES = 16 * 2 ** 20;

/** Syntax failures whose message holds no line number of csv-parse's own (those lines would be off in the second part). */
const PLACED_FAILURES = new Set([
  'encoding',
  'CSV_QUOTE_NOT_CLOSED',
  'CSV_INVALID_CLOSING_QUOTE',
  'INVALID_OPENING_QUOTE',
  'CSV_MAX_RECORD_SIZE',
]);

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
  };
  // Workers load their modules while this thread looks for the split.
  const start = options.threads === false ? startHere : startWorker;
  const workers = [start<R>(setup), start<R>(setup)];
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
  const { parallelMinBytes: _min, splitAt: _at, threads: _threads, ...read } = options;
  const r = await validateExchangeVisitsFile(path, { ...read, onRow: (row) => reducer.add(state, row) });
  return { problems: r.problems, rowCount: r.rowCount, result: r.problems.length === 0 ? reducer.finish(state) : null, parallel: false };
}

interface Split {
  /** Byte the second part starts at. */
  at: number;
  /** Line the second part starts on. */
  firstLine: number;
}

/**
 * The first record boundary at or after byte `from`: the end of the first line break there (CRLF, LF or CR)
 * after an even number of `"` bytes, so it is not inside a quoted field. Also counts the line breaks
 * before it, as the reader counts them. `null` when there is none.
 */
export async function findSplit(path: string, size: number, from: number): Promise<Split | null> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(1 << 20);
    let quotes = 0;
    let breaks = 0;
    let pos = 0; // file position of buf[0]
    let prevCr = false; // the byte before buf[0] was a CR
    // Before `from`, only counts matter: quotes, and line breaks (LF, CR, less the CR LF pairs), found with indexOf.
    while (pos < from) {
      const { bytesRead } = await fh.read(buf, 0, Math.min(buf.length, from - pos), pos);
      if (bytesRead === 0) return null;
      const b = buf.subarray(0, bytesRead);
      for (let i = b.indexOf(10); i >= 0; i = b.indexOf(10, i + 1)) {
        if (!(i === 0 ? prevCr : b[i - 1] === 13)) breaks++;
      }
      for (let i = b.indexOf(13); i >= 0; i = b.indexOf(13, i + 1)) breaks++;
      for (let i = b.indexOf(34); i >= 0; i = b.indexOf(34, i + 1)) quotes++;
      prevCr = b[bytesRead - 1] === 13;
      pos += bytesRead;
    }
    // From `from`, byte by byte to the first line break after an even number of quotes.
    let found = -1; // file position of a CR that may be followed by LF
    while (pos < size) {
      const { bytesRead } = await fh.read(buf, 0, Math.min(buf.length, size - pos), pos);
      if (bytesRead === 0) break;
      for (let i = 0; i < bytesRead; i++) {
        const c = buf[i]!;
        if (c > 34) {
          if (found >= 0) return { at: found + 1, firstLine: breaks + 1 };
          prevCr = false;
          continue;
        }
        if (found >= 0) {
          // A CR at the boundary: the boundary is after the LF that follows it, if one does.
          return c === 10 ? { at: found + 2, firstLine: breaks + 1 } : { at: found + 1, firstLine: breaks + 1 };
        }
        if (c === 34) {
          quotes++;
          prevCr = false;
        } else if (c === 10) {
          if (!prevCr) breaks++;
          prevCr = false;
          if ((quotes & 1) === 0) return { at: pos + i + 1, firstLine: breaks + 1 };
        } else if (c === 13) {
          breaks++;
          prevCr = true;
          if ((quotes & 1) === 0) found = pos + i;
        } else {
          prevCr = false;
        }
      }
      pos += bytesRead;
    }
    return found >= 0 ? { at: found + 1, firstLine: breaks + 1 } : null;
  } finally {
    await fh.close();
  }
}

/** A task for a `TaskThread`: call export `name` of `module` with `args`. */
export interface ThreadTask {
  module: string | URL;
  name: string;
  args: unknown[];
  /** Buffers among `args` to transfer instead of copy. */
  transfer?: ArrayBuffer[];
}

/** A worker thread that runs tasks one after the other; `close` ends it. */
export interface TaskThread {
  run<T>(task: ThreadTask): Promise<T>;
  close(): void;
}

interface RunningWorker<R> {
  run(range: PartRange): void;
  /** Ends the thread once it is idle. */
  stop(): void;
  /** Ends the thread now, whatever it is doing. */
  cancel(): void;
  result: Promise<PartResult<R>>;
  task<T>(task: ThreadTask): Promise<T>;
}

/** Runs a task's function. */
export async function runTask(task: { module: string | URL; name: string; args: unknown[] }): Promise<unknown> {
  const mod = (await import(moduleHref(task.module))) as Record<string, unknown>;
  const fn = mod[task.name];
  if (typeof fn !== 'function') throw new TypeError(`${String(task.module)} exports no function named ${task.name}`);
  return (fn as (...args: unknown[]) => unknown)(...task.args);
}

/**
 * A new worker thread for tasks (or, with `threads: false`, this thread): work to run beside this thread,
 * such as building half of a large table. Tasks wait for the thread to start; it does not keep the
 * process alive while no task is running.
 */
export function startTaskThread(options: { threads?: boolean } = {}): TaskThread {
  const w = options.threads === false ? startHere<never>(null) : startWorker<never>(null);
  return { run: (task) => w.task(task), close: () => w.stop() };
}

/** A part reader in this thread: the same code as a worker's, run when told its range. */
function startHere<R>(setup: PartSetup | null): RunningWorker<R> {
  let go: (range: PartRange) => void = () => {};
  const range = new Promise<PartRange>((resolve) => (go = resolve));
  const result = range.then(async (r) =>
    r === null || setup === null ? new Promise<never>(() => {}) : ((await readPart(setup, r)).part as PartResult<R>),
  );
  let queue: Promise<unknown> = Promise.resolve();
  return {
    run: go,
    stop: () => go(null),
    cancel: () => go(null), // a part being read here runs to its end: only its answer is dropped
    result,
    task: <T>(t: ThreadTask) => (queue = queue.then(() => runTask({ ...t, module: moduleHref(t.module) }))) as Promise<T>,
  };
}

type WorkerReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string };

/** A reader thread (`setup`), or a task thread (`null`). */
function startWorker<R>(setup: PartSetup | null): RunningWorker<R> {
  const here = import.meta.url;
  let worker: Worker;
  if (here.endsWith('.ts')) {
    // Running from the TypeScript sources (tests): the worker compiles them with tsx.
    const entry = new URL('./parallel-worker.ts', here).href;
    worker = new Worker(`import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`, {
      eval: true,
      workerData: setup,
    });
  } else {
    worker = new Worker(new URL('./parallel-worker.js', here), { workerData: setup });
  }
  // Reply 0 is the part read; the others answer tasks.
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let next = 1;
  let stopped = false;
  let gone: Error | null = null;
  const fail = (e: Error): void => {
    gone ??= e;
    for (const w of waiting.values()) w.reject(e);
    waiting.clear();
  };
  const result = new Promise<PartResult<R>>((resolve, reject) => waiting.set(0, { resolve: (v) => resolve(v as PartResult<R>), reject }));
  if (setup === null) {
    // A task thread reads nothing: no reply 0 will come.
    result.catch(() => {});
    waiting.delete(0);
    worker.unref();
  }
  worker.on('message', (m: WorkerReply) => {
    const w = waiting.get(m.id);
    if (!w) return;
    waiting.delete(m.id);
    // The thread keeps the process alive only while an answer is awaited.
    if (waiting.size === 0) worker.unref();
    if (m.ok) w.resolve(m.value);
    else w.reject(new Error(m.error));
  });
  worker.once('error', (e) => fail(e));
  worker.once('exit', (code) => fail(new Error(`reader thread stopped (exit code ${code})`)));
  return {
    run: (range) => worker.postMessage(range),
    stop: () => {
      result.catch(() => {});
      if (stopped) return;
      stopped = true;
      for (const w of waiting.values()) w.reject(new Error('the thread was closed'));
      waiting.clear();
      worker.postMessage(null);
      worker.unref();
    },
    cancel: () => {
      result.catch(() => {});
      stopped = true;
      waiting.clear();
      void worker.terminate();
    },
    result,
    task: <T>(t: ThreadTask): Promise<T> => {
      if (gone) return Promise.reject(gone);
      const id = next++;
      const reply = new Promise<T>((resolve, reject) => waiting.set(id, { resolve: (v) => resolve(v as T), reject }));
      worker.ref();
      worker.postMessage({ id, module: moduleHref(t.module), name: t.name, args: t.args }, t.transfer ?? []);
      return reply;
    },
  };
}

/** Data rows among `lines` (ascending) that start on or before `line`. */
function rowsUpTo(lines: Uint32Array, line: number): number {
  let lo = 0;
  let hi = lines.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (lines[mid]! <= line) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The answer when the first part settles it alone: a syntax error or too many problems there stops reading,
 * so the second part does not count; `null` when only reading in one go gives it (a bad header: rows past it
 * are only counted, on and on); `undefined` when the second part is needed.
 */
function firstAlone<R>(first: PartResult<R>): ReduceResult<R> | null | undefined {
  if (first.failure) {
    return { problems: sortProblems([...first.problems, first.failure]), rowCount: first.rowCount, result: null, parallel: true };
  }
  // A header only the second part holds is not seen there.
  if (!first.sawHeader || !first.headerOk) return null;
  // Too many problems stop reading at the end of the row that made them too many; when that is the header,
  // at the end of the next row.
  if (first.full && first.rowCount === 0) return null;
  if (first.full) return { problems: sortProblems([...first.problems]), rowCount: first.rowCount, result: null, parallel: true };
  return undefined;
}

/**
 * What one reader of the whole file would have found, from what the readers of its two parts found (the
 * first part not settling it alone); `null` when that cannot be worked out exactly.
 */
function combine<R>(
  first: PartResult<R>,
  second: PartResult<R>,
  file: string,
  max: number,
  reducer: RowReducer<unknown, R>,
): ReduceResult<R> | null {
  if (second.failureCode !== null && !PLACED_FAILURES.has(second.failureCode)) return null;

  // Values the second part first saw that the first part already holds: duplicates, first seen in the first part.
  const meta = new TableValidator(EXCHANGE_VISITS, { file, rowRule: visitRule }).uniqueIndexes();
  type Entry = { line: number; phase: number; problem: Problem };
  const inserted: Entry[] = [];
  const earlier = meta.map(() => new Map<number, number>()); // entry in the second part's index → line in the first part
  const twos = second.indexes.map((d) => ('width' in d ? TupleIndex.fromData(d) : KeyIndex.fromData(d)));
  meta.forEach((u, i) => {
    const d = first.indexes[i]!;
    const two = twos[i]!;
    const pairs = 'width' in d ? TupleIndex.fromData(d).shared(two as TupleIndex) : KeyIndex.fromData(d).shared(two as KeyIndex);
    for (const [k, line] of pairs) {
      earlier[i]!.set(k, line);
      const at = two.lineAt(k);
      const message = u.names ? msg.duplicateKey(line, u.names) : msg.duplicateId((two as KeyIndex).textAt(k), line);
      inserted.push({ line: at, phase: u.phase, problem: { kind: 'unique-error', file, line: at, column: u.column, message } });
    }
  });
  inserted.sort((a, b) => a.line - b.line || a.phase - b.phase);
  // The second part's own problems, duplicates renamed after their first line in the first part.
  const own: Entry[] = second.problems.map((p, j) => {
    const i = second.unique[j]!;
    const line = i >= 0 ? earlier[i]!.get(second.entry[j]!) : undefined;
    if (line === undefined) return { line: p.line, phase: second.phase[j]!, problem: p };
    const u = meta[i]!;
    const message = u.names ? msg.duplicateKey(line, u.names) : msg.duplicateId((twos[i] as KeyIndex).textAt(second.entry[j]!), line);
    return { line: p.line, phase: second.phase[j]!, problem: { ...p, message } };
  });
  // All problems in the order one reader reports them: the first part's, then the second's, a row's in check order.
  const seq: Problem[] = [...first.problems];
  for (let a = 0, b = 0; a < own.length || b < inserted.length;) {
    const x = own[a];
    const y = inserted[b];
    if (!y || (x && (x.line - y.line || x.phase - y.phase) < 0)) {
      seq.push(x!.problem);
      a++;
    } else {
      seq.push(y.problem);
      b++;
    }
  }
  if (seq.length > max) {
    // The cap: the problem after the last one kept stops reading, at the end of its row.
    const stop = seq[max]!.line;
    const problems = seq.slice(0, max);
    problems.push({ kind: 'source-error', file, line: stop, column: null, message: msg.tooManyProblems(max) });
    return { problems: sortProblems(problems), rowCount: first.rowCount + rowsUpTo(second.rowLines!, stop), result: null, parallel: true };
  }
  if (second.failure) seq.push(second.failure);
  const rowCount = first.rowCount + second.rowCount;
  if (seq.length > 0) return { problems: sortProblems(seq), rowCount, result: null, parallel: true };
  const result = reducer.merge(first.result!, second.result!);
  return result === null ? null : { problems: [], rowCount, result, parallel: true };
}
