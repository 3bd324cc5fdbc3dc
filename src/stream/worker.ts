// A reader thread of `reduceExchangeVisitsFile` (see part.ts): told its byte range, it reads it
// and posts back what it found (reply 0), transferring its buffers. A task thread (`startTaskThread`, no
// workerData) runs the tasks it is given instead. Both stop when told `null`.
import { parentPort, workerData } from 'node:worker_threads';
import { readPart, type PartRange, type PartSetup } from './part.js';
import { runTask } from './tasks.js';

const port = parentPort!;
let started = workerData === null; // a task thread has no part to read
let queue: Promise<void> = Promise.resolve();

const failure = (e: unknown): string => (e instanceof Error ? (e.stack ?? e.message) : String(e));

port.on('message', (m: PartRange | { id: number; module: string; name: string; args: unknown[] }) => {
  if (m === null) {
    port.close();
    return;
  }
  if (!started) {
    started = true;
    const range = m as NonNullable<PartRange>;
    queue = readPart(workerData as PartSetup, range).then(
      ({ part, transfer }) => port.postMessage({ id: 0, ok: true, value: part }, transfer),
      (e: unknown) => port.postMessage({ id: 0, ok: false, error: failure(e) }),
    );
    return;
  }
  const task = m as { id: number; module: string; name: string; args: unknown[] };
  queue = queue.then(async () => {
    try {
      port.postMessage({ id: task.id, ok: true, value: await runTask(task) });
    } catch (e) {
      port.postMessage({ id: task.id, ok: false, error: failure(e) });
    }
  });
});
