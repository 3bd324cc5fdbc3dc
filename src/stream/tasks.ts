// Worker threads: a reader thread reads one part of a file (see part.ts); a task thread runs the
// functions it is given, named by module URL and export (such as table pieces, see table-piece.ts).
// With `threads: false` the same code runs in this thread instead (for tests).
import { Worker } from 'node:worker_threads';
import { msg } from '../messages.js';
import { moduleHref, readPart, type PartRange, type PartResult, type PartSetup } from './part.js';

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

/** A reader or task thread, as the reader and `startTaskThread` drive it. */
export interface RunningWorker<R> {
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
export function startHere<R>(setup: PartSetup | null): RunningWorker<R> {
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
export function startWorker<R>(setup: PartSetup | null): RunningWorker<R> {
  const here = import.meta.url;
  let worker: Worker;
  if (here.endsWith('.ts')) {
    // Running from the TypeScript sources (tests): the worker compiles them with tsx.
    const entry = new URL('./worker.ts', here).href;
    worker = new Worker(`import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`, {
      eval: true,
      workerData: setup,
    });
  } else {
    worker = new Worker(new URL('./worker.js', here), { workerData: setup });
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
  worker.once('exit', (code) => fail(new Error(msg.threadStopped('the reader thread', code))));
  return {
    run: (range) => worker.postMessage(range),
    stop: () => {
      result.catch(() => {});
      if (stopped) return;
      stopped = true;
      for (const w of waiting.values()) w.reject(new Error(msg.threadClosed('the reader thread')));
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
