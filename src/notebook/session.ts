import { richOutput, type DisplayOptions } from './bundle.js';
import type { CellRun, ErrorOutput, Output } from './nbformat.js';
import type { NotebookRuntime } from './runtime.js';
import type { ErrorReport } from './traceback.js';
import type { Lang, Naming } from '../dataset/places.js';

/** An error recorded in a cell. */
export interface CellFailure {
  /** Index of the cell (from 0, counting every cell). */
  readonly cell: number;
  /** Line in the notebook file where it was thrown, when known. */
  readonly line: number | null;
  readonly ename: string;
  readonly evalue: string;
}

/** How a session records a run. */
export interface SessionOptions {
  /** Keep running later cells after an error. */
  readonly allowErrors: boolean;
  /** Turns a thrown value into the error output (the runner knows the file and its source map). */
  readonly describe: (error: unknown) => ErrorReport;
  /** Line of each cell's marker, for errors whose stack never enters the notebook. */
  readonly cellLine: (cell: number) => number;
  /** Called as each cell starts (the live preview shows "running cell k of n"). */
  readonly onCell?: (cell: number) => void;
  /** The language and naming the notebook was asked for (`notebook --lang/--naming`). */
  readonly lang?: Lang;
  readonly naming?: Naming;
}

type Stream = 'stdout' | 'stderr';

/**
 * The runner's side of a running notebook: which cell is running, what each cell printed and
 * displayed, and the errors. Outputs are recorded in the cell that produced them, in call order
 * (a chart's slot is reserved when `display` is called and filled when it is drawn).
 */
export class NotebookSession implements NotebookRuntime {
  readonly runs = new Map<number, CellRun>();
  readonly failures: CellFailure[] = [];
  private current: number | null = null;
  private count = 0;
  private stopped = false;
  private cellFailed = false;
  private readonly pending = new Set<Promise<boolean>>();
  /** Errors of displays nobody awaited, by the cell that called display. */
  private readonly errorCells = new WeakMap<object, number>();
  private restore: (() => void) | null = null;

  /** The language the notebook was asked for. */
  readonly lang: Lang;
  /** The naming convention the notebook was asked for. */
  readonly naming: Naming;

  constructor(private readonly options: SessionOptions) {
    this.lang = options.lang ?? 'en';
    this.naming = options.naming ?? 'source';
  }

  /** Starts capturing stdout, stderr and stray errors into the current cell. */
  capture(): void {
    // The unbound originals are what `restore` puts back.
    // eslint-disable-next-line @typescript-eslint/unbound-method
    const out = process.stdout.write;
    // eslint-disable-next-line @typescript-eslint/unbound-method
    const err = process.stderr.write;
    process.stdout.write = this.writer('stdout', out.bind(process.stdout));
    process.stderr.write = this.writer('stderr', err.bind(process.stderr));
    const onRejection = (reason: unknown) => this.recordStray(reason);
    const onException = (error: unknown) => this.recordStray(error);
    process.on('unhandledRejection', onRejection);
    process.on('uncaughtException', onException);
    this.restore = () => {
      process.stdout.write = out;
      process.stderr.write = err;
      process.off('unhandledRejection', onRejection);
      process.off('uncaughtException', onException);
    };
  }

  /** Stops capturing (after `settle`). */
  release(): void {
    this.restore?.();
    this.restore = null;
  }

  async cell(index: number): Promise<void> {
    await this.settle();
    if (this.stopped) return;
    this.current = index;
    this.cellFailed = false;
    this.runs.set(index, { executionCount: ++this.count, outputs: [] });
    this.options.onCell?.(index);
  }

  go(): boolean {
    return !this.stopped && !this.cellFailed;
  }

  fail(error: unknown): void {
    if (this.current !== null) this.recordError(error, this.current);
  }

  /**
   * Records an error that escaped the cells' try blocks (a failed import, an `export` statement)
   * in the given cell, starting it if it had not started. Nothing runs after it.
   */
  failOutside(error: unknown, cell: number, line: number | null = null): void {
    if (!this.runs.has(cell)) this.runs.set(cell, { executionCount: ++this.count, outputs: [] });
    this.recordError(error, cell, line);
    this.stopped = true;
  }

  /** Records a problem found before running (a syntax error) in its cell, as an error output. */
  failBeforeRun(cell: number, report: ErrorReport): void {
    const run = this.runs.get(cell) ?? { executionCount: null, outputs: [] };
    this.runs.set(cell, run);
    run.outputs.push(errorOutput(report));
    this.failures.push({ cell, line: report.line, ename: report.ename, evalue: report.evalue });
    this.stopped = true;
  }

  result(value: unknown): void {
    if (value === undefined || this.current === null) return;
    const run = this.runs.get(this.current)!;
    const slot: Output = { output_type: 'execute_result', execution_count: run.executionCount, data: {}, metadata: {} };
    // A promise (say, `display(chart)` without await) shows what it resolves to: here, nothing.
    void this.fill(slot, value, {}, true).then((error) => {
      // eslint-disable-next-line @typescript-eslint/only-throw-error -- rethrows what the cell's code threw, as it was
      if (error !== null) throw error;
    });
  }

  display(value: unknown, options: DisplayOptions): Promise<void> {
    if (this.current === null) return Promise.resolve();
    const slot: Output = { output_type: 'display_data', data: {}, metadata: {} };
    return this.fill(slot, value, options).then((error) => {
      // eslint-disable-next-line @typescript-eslint/only-throw-error -- rethrows what the cell's code threw, as it was
      if (error !== null) throw error;
    });
  }

  /** Waits until every display started so far has been drawn (or failed). */
  async settle(): Promise<void> {
    let failed = false;
    while (this.pending.size > 0) {
      const results = await Promise.all([...this.pending]);
      failed ||= results.includes(false);
    }
    // Let Node report a failed display nobody awaited before the next cell starts.
    if (failed) await new Promise((resolve) => setImmediate(resolve));
  }

  /** Reserves the output's place now, fills it when drawn; resolves to the drawing error, or null. */
  private fill(slot: Output, value: unknown, options: DisplayOptions, isResult = false): Promise<unknown> {
    const cell = this.current!;
    const outputs = this.runs.get(cell)!.outputs;
    outputs.push(slot);
    let error: unknown = null;
    // A promise shows what it resolves to; a result of `undefined` shows nothing.
    const work = Promise.resolve(value)
      .then((v) => (isResult && v === undefined ? null : richOutput(v, options)))
      .then(
        (r) => {
          if (r === null) outputs.splice(outputs.indexOf(slot), 1);
          else if (slot.output_type === 'display_data' || slot.output_type === 'execute_result') {
            slot.data = r.data;
            slot.metadata = r.metadata;
          }
          return true;
        },
        (e: unknown) => {
          outputs.splice(outputs.indexOf(slot), 1);
          error = e;
          if (typeof e === 'object' && e !== null) this.errorCells.set(e, cell);
          return false;
        },
      );
    this.pending.add(work);
    return work.then(() => {
      this.pending.delete(work);
      return error;
    });
  }

  private recordError(error: unknown, cell: number, line: number | null = null): void {
    const report = this.options.describe(error);
    const run = this.runs.get(cell);
    if (!run) return;
    run.outputs.push(errorOutput(report));
    this.failures.push({ cell, line: report.line ?? line ?? this.options.cellLine(cell), ename: report.ename, evalue: report.evalue });
    if (cell === this.current) this.cellFailed = true;
    if (!this.options.allowErrors) this.stopped = true;
  }

  /** An error thrown outside the cells' flow (a callback, a display nobody awaited). */
  private recordStray(error: unknown): void {
    const cell = (typeof error === 'object' && error !== null ? this.errorCells.get(error) : undefined) ?? this.current;
    if (cell !== null && cell !== undefined) this.recordError(error, cell);
  }

  private writer(name: Stream, passThrough: (chunk: string | Uint8Array) => boolean): typeof process.stdout.write {
    return (
      chunk: string | Uint8Array,
      encoding?: BufferEncoding | ((e?: Error | null) => void),
      callback?: (e?: Error | null) => void,
    ): boolean => {
      const done = typeof encoding === 'function' ? encoding : callback;
      if (this.current === null) return passThrough(chunk);
      const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString(typeof encoding === 'string' ? encoding : 'utf8');
      this.stream(name, text);
      if (done) queueMicrotask(() => done(null));
      return true;
    };
  }

  private stream(name: Stream, text: string): void {
    const outputs = this.runs.get(this.current!)?.outputs;
    if (!outputs || text === '') return;
    const last = outputs[outputs.length - 1];
    if (last?.output_type === 'stream' && last.name === name) last.text += text;
    else outputs.push({ output_type: 'stream', name, text });
  }
}

function errorOutput(r: ErrorReport): ErrorOutput {
  return { output_type: 'error', ename: r.ename, evalue: r.evalue, traceback: [...r.traceback] };
}
