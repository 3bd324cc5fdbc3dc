import { Worker } from 'node:worker_threads';
import type { Reconciliation } from '../analysis/reconcile.js';
import type { Source, Visit } from '../dataset/types.js';
import { msg } from '../messages.js';
import type { BuildReply, BuildRequestMessage, BuildThreadSetup } from './build-worker.js';

/** A request as `BuildThread` sends it (the id is added). */
type Request = BuildRequestMessage extends infer M ? (M extends { id: number } ? Omit<M, 'id'> : never) : never;

/**
 * A worker thread that does a build's two long pieces of work beside the main thread: reconciling the
 * figures (HiGHS) and drawing the PNGs (resvg). The main thread meanwhile writes the tables and draws the
 * SVGs. The thread runs the same functions the main thread would (`reconcile`, `renderPng`), on data it is
 * sent, so the results are the same bytes. It starts loading what `setup` names as soon as it is made,
 * answers requests in the order they are sent, and keeps the process alive only while an answer is awaited.
 * Call `close()` when done (or on failure).
 * @example
 * const thread = new BuildThread({ reconcile: false, png: true });
 * const png = await thread.png('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="5"/>');
 * [...png.subarray(16, 24)] // => [0, 0, 0, 20, 0, 0, 0, 10]
 * await thread.close();
 */
export class BuildThread {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, { resolve: (value: unknown) => void; reject: (e: Error) => void }>();
  private next = 1;
  private gone: Error | null = null;

  constructor(setup: BuildThreadSetup) {
    this.worker = startWorker(setup);
    this.worker.unref();
    this.worker.on('message', (reply: BuildReply) => {
      const w = this.waiting.get(reply.id);
      if (!w) return;
      this.waiting.delete(reply.id);
      if (this.waiting.size === 0) this.worker.unref();
      if ('error' in reply) w.reject(new Error(reply.error));
      else w.resolve(reply.value);
    });
    const fail = (e: Error): void => {
      this.gone ??= e;
      for (const w of this.waiting.values()) w.reject(this.gone);
      this.waiting.clear();
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => fail(new Error(msg.threadStopped('the build thread', code))));
  }

  /**
   * `reconcile(rows, { sources, endYear })`, computed on the thread.
   * @throws Error when reconciling fails, or the thread has stopped.
   */
  reconcile(rows: readonly Visit[], sources: readonly Source[], endYear: number | undefined): Promise<Reconciliation> {
    return this.send({ kind: 'reconcile', rows, sources, endYear }) as Promise<Reconciliation>;
  }

  /**
   * The PNG `renderPng(svg, scale)` draws, drawn on the thread.
   * @throws Error when drawing fails, or the thread has stopped.
   */
  png(svg: string, scale = 2): Promise<Uint8Array> {
    return this.send({ kind: 'png', svg, scale }) as Promise<Uint8Array>;
  }

  /** Stops the thread; answers not yet given are rejected. */
  async close(): Promise<void> {
    this.gone ??= new Error(msg.threadClosed('the build thread'));
    await this.worker.terminate();
  }

  private send(request: Request): Promise<unknown> {
    if (this.gone) return Promise.reject(this.gone);
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.ref();
      this.worker.postMessage({ ...request, id });
    });
  }
}

function startWorker(setup: BuildThreadSetup): Worker {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    // Running from the TypeScript sources (tests): the thread compiles them with tsx.
    const entry = new URL('./build-worker.ts', here).href;
    return new Worker(`import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`, {
      eval: true,
      workerData: setup,
    });
  }
  return new Worker(new URL('./build-worker.js', here), { workerData: setup });
}
