// A progress line for long work on a terminal: percent of bytes read, rows per second and time left,
// redrawn in place on stderr, and one summary line at the end. Silent when the stream is not a terminal
// (or is not given, as under --quiet), and for inputs too small to be worth it.
import { msg } from '../messages.js';

/** Where the line is drawn: `process.stderr`, or a test's stand-in. */
export interface ProgressStream {
  /** Only a terminal gets a progress line. */
  isTTY?: boolean;
  /** Width of the terminal, to keep the line on one row. */
  columns?: number;
  write(text: string): unknown;
}

/** Options of `startProgress`. */
export interface ProgressOptions {
  /** What is being done, e.g. `reading visits.csv`. */
  label: string;
  /** Bytes the work will read in all. */
  totalBytes: number;
  /** The stream for the line; `null` or `undefined` (as under --quiet) for none. */
  stream?: ProgressStream | null;
  /** No line for fewer bytes than this (default 4 MiB): short work ends before a line helps. */
  minBytes?: number;
  /** Milliseconds between redraws (default 200). */
  intervalMs?: number;
  /** The clock, in milliseconds (for tests). */
  now?: () => number;
}

/**
 * A running progress line. Work in this thread calls `update` as it goes (redraws are rate-limited, so
 * calling it per chunk costs a clock read); work in other threads adds to `counters`, a shared array of
 * [bytes, rows] per reader, which is drawn on a timer. `finish` draws the summary line; `stop` clears the
 * line without one (for an error). All of it does nothing when the line is off (`enabled` false).
 * @example
 * let t = 0; // the clock, in ms
 * let text = ''; // what a terminal would show
 * const p = startProgress({ label: 'reading big.csv', totalBytes: 80e6, stream: { isTTY: true, write: (s) => (text += s) }, now: () => t });
 * t = 2000;
 * p.update(40e6, 500_000);
 * text // => '\rreading big.csv: 50% of 80 MB, 500,000 rows, 250,000 rows/s, 2 s left\x1b[K'
 */
export interface Progress {
  readonly enabled: boolean;
  /** [bytes, rows] for each of up to four readers, in a SharedArrayBuffer that worker threads can be given. */
  readonly counters: Float64Array;
  /** Work in this thread: `bytes` read and `rows` seen so far in all. */
  update(bytes: number, rows: number): void;
  /** Draws from `counters` every interval until `finish` or `stop` (for work done by other threads). */
  watch(): void;
  /** Ends with the summary line: `rows` read in all (default: the last count). */
  finish(rows?: number): void;
  /** Ends and clears the line, without a summary. */
  stop(): void;
}

/** Passes chunks on as they come, calling `onBytes` with the bytes passed so far before each. */
export async function* countedChunks<T extends Uint8Array | string>(
  input: AsyncIterable<T>,
  onBytes: (total: number) => void,
): AsyncGenerator<T> {
  let total = 0;
  for await (const chunk of input) {
    total += chunk.length;
    onBytes(total);
    yield chunk;
  }
}

/** Readers that can add to `Progress.counters`. */
export const PROGRESS_SLOTS = 4;

/** A progress line, or one that does nothing when `stream` is not a terminal or the input is small. */
export function startProgress(options: ProgressOptions): Progress {
  const stream = options.stream;
  const enabled = !!stream && stream.isTTY === true && options.totalBytes >= (options.minBytes ?? 4 * 2 ** 20);
  const counters = new Float64Array(enabled ? new SharedArrayBuffer(8 * 2 * PROGRESS_SLOTS) : new ArrayBuffer(8 * 2 * PROGRESS_SLOTS));
  if (!enabled) return { enabled, counters, update() {}, watch() {}, finish() {}, stop() {} };
  const out = stream;
  const now = options.now ?? (() => performance.now());
  const interval = options.intervalMs ?? 200;
  const started = now();
  let last = started;
  let bytes = 0;
  let rows = 0;
  let shown = false;
  let ended = false;
  let timer: ReturnType<typeof setInterval> | null = null;
  const fit = (line: string): string => {
    const width = (out.columns ?? 80) - 1;
    return line.length > width ? line.slice(0, Math.max(0, width)) : line;
  };
  const draw = (): void => {
    const elapsed = (now() - started) / 1000;
    const share = options.totalBytes > 0 ? Math.min(1, bytes / options.totalBytes) : 0;
    const left = share > 0 && elapsed > 0 ? (elapsed * (1 - share)) / share : null;
    out.write(`\r${fit(msg.progressLine(options.label, share, options.totalBytes, rows, elapsed > 0 ? rows / elapsed : 0, left))}\x1b[K`);
    shown = true;
  };
  const fromCounters = (): void => {
    let b = 0;
    let r = 0;
    for (let i = 0; i < PROGRESS_SLOTS; i++) {
      b += counters[2 * i]!;
      r += counters[2 * i + 1]!;
    }
    bytes = b;
    rows = r;
  };
  const end = (): void => {
    ended = true;
    if (timer) clearInterval(timer);
    timer = null;
  };
  return {
    enabled,
    counters,
    update(b, r) {
      bytes = b;
      rows = r;
      const t = now();
      if (t - last < interval || ended) return;
      last = t;
      draw();
    },
    watch() {
      if (timer || ended) return;
      timer = setInterval(() => {
        fromCounters();
        draw();
      }, interval);
      timer.unref();
    },
    finish(total) {
      if (ended) return;
      if (timer) fromCounters();
      end();
      const seconds = (now() - started) / 1000;
      const n = total ?? rows;
      out.write(`${shown ? '\r' : ''}${msg.progressDone(options.label, n, options.totalBytes, seconds)}\x1b[K\n`);
    },
    stop() {
      if (ended) return;
      end();
      if (shown) out.write('\r\x1b[K');
    },
  };
}
