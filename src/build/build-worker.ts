import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import type { ReconcileOptions } from '../analysis/reconcile.js';
import type { Source, Visit } from '../dataset/types.js';

// The thread `BuildThread` starts (see build-thread.ts). It loads at once what it was started for (HiGHS,
// resvg and the fonts), then answers each request in the order they come: a reconciliation, or a PNG drawn
// with `renderPng`. Each answer goes back under the request's id.

/** What the thread is started for: it loads these at once, before the first request. */
export interface BuildThreadSetup {
  readonly reconcile: boolean;
  readonly png: boolean;
}

/** A request to the thread. */
export type BuildRequestMessage =
  | { readonly id: number; readonly kind: 'png'; readonly svg: string; readonly scale: number }
  | {
      readonly id: number;
      readonly kind: 'reconcile';
      readonly rows: readonly Visit[];
      readonly sources: readonly Source[];
      readonly endYear: number | undefined;
    };

/** The thread's answer to one request: its value, or the error's text. */
export type BuildReply = { readonly id: number; readonly value: unknown } | { readonly id: number; readonly error: string };

const failure = (e: unknown): string => (e instanceof Error ? (e.stack ?? e.message) : String(e));

/** Loads what `setup` names at once (so that loading overlaps with the main thread's reading), then answers requests in order. */
function serve(port: MessagePort, setup: BuildThreadSetup): void {
  const reconcileModule = setup.reconcile ? import('../analysis/reconcile.js') : null;
  const lpModule = setup.reconcile ? import('../analysis/lp-solver.js').then((m) => m.lpSolver()) : null;
  const pngModule = setup.png ? import('../charts/png.js') : null;
  for (const p of [reconcileModule, lpModule, pngModule]) p?.catch(() => {}); // reported with the first request that needs them
  let queue: Promise<void> = Promise.resolve();
  port.on('message', (m: BuildRequestMessage) => {
    queue = queue.then(async () => {
      try {
        if (m.kind === 'png') {
          const { renderPng } = await (pngModule ?? import('../charts/png.js'));
          // A copy this thread owns, so its memory moves to the main thread instead of being copied again.
          const png = new Uint8Array(renderPng(m.svg, m.scale));
          port.postMessage({ id: m.id, value: png } satisfies BuildReply, [png.buffer]);
        } else {
          const { reconcile } = await (reconcileModule ?? import('../analysis/reconcile.js'));
          const options: ReconcileOptions = { sources: m.sources, ...(m.endYear !== undefined ? { endYear: m.endYear } : {}) };
          port.postMessage({ id: m.id, value: await reconcile(m.rows, options) } satisfies BuildReply);
        }
      } catch (e) {
        port.postMessage({ id: m.id, error: failure(e) } satisfies BuildReply);
      }
    });
  });
}

// Only on the thread `BuildThread` starts: imported anywhere else (the types above), this module does nothing.
if (parentPort && workerData) serve(parentPort, workerData as BuildThreadSetup);
