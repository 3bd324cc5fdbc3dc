import { parentPort, workerData } from 'node:worker_threads';
import type { Lang, Naming } from '../dataset/places.js';
import type { CellProgress, NotebookRun } from './run.js';

// One run of the live preview, in a worker thread of its own: a fresh module scope for the notebook and
// for the package it imports (so a rebuilt dist/ is what runs), and a run that can be cancelled by
// terminating the thread. The thread loads the runner and TypeScript as soon as it starts, so a worker
// made while the page is idle starts the next run without that second of loading.

/** What the worker is told when it is made. */
export interface WorkerInput {
  /** Absolute path of the notebook. */
  readonly file: string;
  /** Folder that paths are shown relative to. */
  readonly cwd: string;
  readonly allowErrors: boolean;
  /** Load vega ahead too (the notebook drew charts last time). */
  readonly preloadCharts: boolean;
  /** `notebook --lang` / `--naming`, as `runNotebook` takes them (absent: en / source). */
  readonly lang?: Lang;
  readonly naming?: Naming;
}

/** A run as the worker sends it to the main thread (a `NotebookRun` is structured-clonable). */
export type WorkerRun = NotebookRun;

/** Messages from the worker. */
export type WorkerMessage =
  | { readonly type: 'cell'; readonly progress: CellProgress }
  | { readonly type: 'done'; readonly run: WorkerRun; readonly reads: readonly string[] }
  | { readonly type: 'failed'; readonly message: string; readonly code: string | null };

/** The one message the worker takes: run now. */
export interface RunRequest {
  readonly type: 'run';
}

if (parentPort) {
  const port = parentPort;
  const input = workerData as WorkerInput;
  const loaded = Promise.all([
    import('./run.js'),
    import('./read-tracker.js'),
    import('./transform.js'),
    input.preloadCharts ? import('../charts/render.js') : null,
  ]);
  // Nothing may escape as an unhandled rejection before the run: it would end the thread.
  loaded.catch(() => {});
  port.once('message', (request: RunRequest) => {
    if (request.type !== 'run') return;
    void (async () => {
      try {
        const [{ runNotebook }, { trackFileReads }] = await loaded;
        // Reads from the first cell on are the notebook's own (before that: the runner reading the notebook).
        const reads = new Set<string>();
        let started = false;
        const stop = trackFileReads((p) => {
          if (started) reads.add(p);
        }, input.cwd);
        let r;
        try {
          r = await runNotebook(input.file, {
            cwd: input.cwd,
            allowErrors: input.allowErrors,
            ...(input.lang ? { lang: input.lang } : {}),
            ...(input.naming ? { naming: input.naming } : {}),
            onCell: (progress) => {
              started = true;
              port.postMessage({ type: 'cell', progress } satisfies WorkerMessage);
            },
          });
        } finally {
          stop();
        }
        port.postMessage({ type: 'done', run: r, reads: [...reads] } satisfies WorkerMessage);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException | undefined)?.code ?? null;
        port.postMessage({
          type: 'failed',
          message: e instanceof Error ? e.message : String(e),
          code: typeof code === 'string' ? code : null,
        } satisfies WorkerMessage);
      }
    })();
  });
}
