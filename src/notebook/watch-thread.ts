import { Worker } from 'node:worker_threads';
import { msg } from '../messages.js';
import type { CellProgress } from './run.js';
import type { RunRequest, WorkerInput, WorkerMessage, WorkerRun } from './watch-worker.js';

// The thread a preview runs its notebook on (see watch.ts): a worker made ahead of time, told to run once,
// and what that run comes to.

const WORKER_URL = new URL('./watch-worker.js', import.meta.url);

/** A worker thread for one run of the notebook, and whether it is still alive (or why it ended). */
export interface RunThread {
  readonly worker: Worker;
  alive: boolean;
  error: unknown;
}

/** What one run on a thread came to: done (with the files the notebook read), failed to start, or the thread ended. */
export type RunOutcome =
  { type: 'done'; run: WorkerRun; reads: readonly string[] } | { type: 'failed'; message: string } | { type: 'exit'; detail: string };

/** A new thread that loads the notebook runner and waits to be told to run. */
export function spawnRunThread(input: WorkerInput): RunThread {
  const worker = new Worker(WORKER_URL, { workerData: input });
  const thread: RunThread = { worker, alive: true, error: null };
  worker.on('error', (e) => {
    thread.error = e;
  });
  worker.once('exit', () => {
    thread.alive = false;
  });
  return thread;
}

/** Runs the notebook on `thread`, calling `onCell` as each code cell starts, until the run ends or the thread does. */
export function runOnThread(thread: RunThread, onCell: (progress: CellProgress) => void): Promise<RunOutcome> {
  const { worker } = thread;
  return new Promise((resolve) => {
    const onMessage = (m: WorkerMessage) => {
      if (m.type === 'cell') return onCell(m.progress);
      worker.off('message', onMessage);
      worker.off('exit', onExit);
      resolve(m.type === 'done' ? { type: 'done', run: m.run, reads: m.reads } : { type: 'failed', message: m.message });
    };
    const onExit = (code: number) => {
      worker.off('message', onMessage);
      const error = thread.error;
      resolve({ type: 'exit', detail: error instanceof Error ? error.message : msg.threadStopped('the run thread', code) });
    };
    worker.on('message', onMessage);
    if (!thread.alive) return onExit(1);
    worker.once('exit', onExit);
    worker.postMessage({ type: 'run' } satisfies RunRequest);
  });
}
