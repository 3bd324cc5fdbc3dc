import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FSWatcher } from 'chokidar';
import type { Lang, Naming } from '../dataset/places.js';
import { msg } from '../messages.js';
import { notebookMainHtml, notebookToHtml, type CellNote } from './html.js';
import { buildNotebook, serializeNotebook, type CellRun } from './nbformat.js';
import { parsePercent, type NotebookSource } from './parse.js';
import { PREVIEW_CSP, previewPage, type PreviewContent, type PreviewStatus } from './preview-page.js';
import { startPreviewServer, type PreviewServer } from './preview-server.js';
import { notebookTitle, type CellProgress } from './run.js';
import type { CellFailure } from './session.js';
import { onlyTextCellsChanged } from './text-only-change.js';
import { showPath } from './traceback.js';
import { WatchedFiles } from './watch-files.js';
import { runOnThread, spawnRunThread, type RunThread } from './watch-thread.js';
import type { WorkerInput, WorkerRun } from './watch-worker.js';

// `kuril-exchange notebook FILE.ts --watch`: runs the notebook, serves the page, and runs it again when
// the notebook, a file it read, or the package's built output changes.
//
// - Each run is a fresh worker thread (a fresh module scope, and the package as it is built now); a
//   change during a run terminates it, so the newest save wins. A worker is made ahead of time while the
//   page is idle, so a run does not wait for TypeScript to load.
// - Saves within `debounceMs` of each other make one run. A save that leaves the file's bytes as they
//   were (or a file the notebook wrote itself with the same bytes) makes none.
// - The whole notebook runs every time: cells share one module scope and may have side effects, so
//   re-running from the changed cell on would need the scope as it was before it, which a module cannot
//   give back. The one case run without code is an edit inside markdown or raw cells only (same code on
//   the same lines): the page takes the new text and keeps the outputs, which are what a run would give.

/** How to watch. */
export interface WatchOptions {
  /** The notebook, as the user gave it (shown in messages relative to `cwd`). */
  readonly file: string;
  readonly cwd?: string;
  /** Run the cells after one that throws. */
  readonly allowErrors?: boolean;
  /** Language of the page and of `notebookLanguage()` (`notebook --lang`; default `en`). */
  readonly lang?: Lang;
  /** Naming convention `notebookLanguage()` gives the notebook (`notebook --naming`; default `source`). */
  readonly naming?: Naming;
  /** Address to listen on (default 127.0.0.1). */
  readonly host?: string;
  /** Port (default: `DEFAULT_PREVIEW_PORT` or the next free one; 0: any free one). */
  readonly port?: number;
  /** Quiet time after a change before a run starts, in ms (default 150; 400 after a change in dist/). */
  readonly debounceMs?: number;
  /** Hears what happens, for the command to report. */
  readonly report: (event: WatchEvent) => void;
  /** Called after each run without errors with the notebook's files (the command writes them). */
  readonly onGoodRun?: (output: { readonly ipynb: string; readonly html: string }) => Promise<void>;
}

/** What the watcher tells the command. */
export type WatchEvent =
  | { readonly type: 'run'; readonly changed: readonly string[] }
  | { readonly type: 'cancelled' }
  | {
      readonly type: 'ran';
      readonly ran: number;
      readonly codeCells: number;
      readonly failures: readonly CellFailure[];
      readonly seconds: number;
    }
  | { readonly type: 'text-only' }
  | { readonly type: 'cannot-run'; readonly detail: string }
  | { readonly type: 'stopped'; readonly detail: string }
  | { readonly type: 'missing' }
  | { readonly type: 'write-failed'; readonly error: unknown };

/** A running preview. */
export interface NotebookPreview {
  /** `http://127.0.0.1:PORT/` */
  readonly url: string;
  readonly port: number;
  /** Stops the watcher, any run and the server; resolves when the last output has been written. */
  close(): Promise<void>;
}

/** The folder of this package's built output (`dist/`), watched so a rebuild re-runs the notebook. */
export const PACKAGE_DIST = resolve(fileURLToPath(new URL('..', import.meta.url)));
const DIST_REASON = '\0dist';

/**
 * Serves the notebook's live preview and keeps it current until `close()`.
 * @throws UsageError when the port is taken or the address cannot be listened on.
 */
export async function watchNotebook(options: WatchOptions): Promise<NotebookPreview> {
  const w = new NotebookWatch(options);
  await w.start();
  return { url: w.server!.url, port: w.server!.port, close: () => w.close() };
}

interface CurrentRun {
  readonly thread: RunThread;
  readonly changed: readonly string[];
  readonly source: NotebookSource;
}

interface Completed {
  readonly source: NotebookSource;
  readonly run: WorkerRun;
  /** The notebook's code read the notebook file itself: even a markdown edit may change what it does. */
  readonly readsItself: boolean;
}

class NotebookWatch {
  server: PreviewServer | null = null;
  private readonly path: string;
  private readonly cwd: string;
  private readonly shown: string;
  private readonly instance = randomBytes(4).toString('hex');
  private version = 0;
  private content: PreviewContent;
  private lastSummary: string | null = null;

  private readonly pending = new Set<string>();
  private generation = 0;
  private timer: NodeJS.Timeout | null = null;
  private current: CurrentRun | null = null;
  private warm: RunThread | null = null;
  private stopping: Promise<void> = Promise.resolve();
  private writing: Promise<void> = Promise.resolve();
  private closed = false;

  private last: Completed | null = null;
  private lastGood: Set<string> | null = null;
  private files: WatchedFiles | null = null;
  private fileWatcher: FSWatcher | null = null;
  private distWatcher: FSWatcher | null = null;

  constructor(private readonly options: WatchOptions) {
    this.cwd = options.cwd ?? process.cwd();
    this.path = resolve(this.cwd, options.file);
    this.shown = showPath(this.path, this.cwd);
    this.content = {
      key: `${this.instance}-0`,
      title: basename(this.path),
      main: '',
      status: { state: 'waiting', text: msg.statusNoRunYet() },
    };
  }

  async start(): Promise<void> {
    this.server = await startPreviewServer({
      host: this.options.host,
      port: this.options.port,
      csp: PREVIEW_CSP,
      page: () => previewPage(this.content, this.options.lang),
      hello: () => [['page', JSON.stringify(this.content)]],
    });
    const { watch } = await import('chokidar');
    this.fileWatcher = watch([this.path], { ignoreInitial: true });
    this.files = new WatchedFiles(this.path, this.fileWatcher, PACKAGE_DIST);
    this.fileWatcher.on('all', (event, p) => void this.onFileEvent(event, resolve(p)));
    this.fileWatcher.on('error', () => {});
    this.distWatcher = watch(PACKAGE_DIST, {
      ignoreInitial: true,
      ignored: (p, stats) => stats?.isFile() === true && !p.endsWith('.js'),
    });
    this.distWatcher.on('all', () => this.onDistChange());
    this.distWatcher.on('error', () => {});
    await Promise.all([ready(this.fileWatcher), ready(this.distWatcher)]);
    this.warm = this.spawn(false);
    this.schedule(null, 0);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    await Promise.all([this.fileWatcher?.close(), this.distWatcher?.close()]);
    const threads = [this.current?.thread, this.warm].filter((t): t is RunThread => t !== undefined && t !== null);
    this.current = null;
    this.warm = null;
    await this.stopping;
    await Promise.all(threads.map((t) => t.worker.terminate()));
    await removeLeftovers();
    await this.writing;
    await this.server?.close();
  }

  // ---- changes

  private async onFileEvent(event: string, path: string): Promise<void> {
    if (this.closed) return;
    if (event === 'unlink' && path === this.path) {
      this.files?.forget(path);
      this.options.report({ type: 'missing' });
      this.setStatus({ state: 'waiting', text: msg.previewFileMissing(this.shown) });
      return;
    }
    if ((event === 'add' || event === 'change') && this.files && !(await this.files.changed(path))) return;
    this.schedule(path);
  }

  private onDistChange(): void {
    if (this.closed) return;
    // The warm worker loaded the old build.
    if (this.warm) {
      const old = this.warm;
      this.warm = null;
      this.stopping = this.stopping.then(() => old.worker.terminate()).then(() => undefined);
    }
    this.schedule(DIST_REASON);
  }

  /** Starts a run after a quiet time; a run going now is cancelled (the newest change wins). */
  private schedule(reason: string | null, delay?: number): void {
    if (this.closed) return;
    if (reason !== null) this.pending.add(reason);
    this.generation++;
    if (this.current) this.cancel();
    if (this.timer) clearTimeout(this.timer);
    const quiet = delay ?? (this.pending.has(DIST_REASON) ? 400 : (this.options.debounceMs ?? 150));
    this.timer = setTimeout(() => void this.run(this.generation), quiet);
  }

  private cancel(): void {
    const run = this.current!;
    this.current = null;
    for (const c of run.changed) this.pending.add(c);
    this.options.report({ type: 'cancelled' });
    this.stopping = this.stopping.then(() => run.thread.worker.terminate()).then(removeLeftovers);
  }

  // ---- runs

  private async run(generation: number): Promise<void> {
    this.timer = null;
    await this.stopping;
    if (this.closed || generation !== this.generation) return;
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (e) {
      if (this.closed || generation !== this.generation) return;
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
        this.options.report({ type: 'missing' });
        this.setStatus({ state: 'waiting', text: msg.previewFileMissing(this.shown) });
      } else this.cannotRun((e as Error).message);
      return;
    }
    if (this.closed || generation !== this.generation) return;
    this.files?.seen(this.path, text);
    const changed = [...this.pending];
    this.pending.clear();
    const source = parsePercent(text, this.options.file);

    if (this.last && !this.last.readsItself && changed.length > 0 && changed.every((c) => c === this.path)) {
      if (onlyTextCellsChanged(this.last.source, source)) return this.textOnly(source);
    }

    const thread = this.warm?.alive ? this.warm : this.spawn(/display\s*\(/.test(text));
    this.warm = null;
    const current: CurrentRun = { thread, changed, source };
    this.current = current;
    this.options.report({
      type: 'run',
      changed: changed.map((c) => (c === DIST_REASON ? showPath(PACKAGE_DIST, this.cwd) : showPath(c, this.cwd))),
    });
    this.setStatus(this.runningStatus(msg.statusStarting(changed.length === 0 ? this.shown : this.changedLabel(changed))));
    const started = Date.now();
    const outcome = await runOnThread(thread, (progress) => this.onCell(current, progress));
    if (this.current !== current) return;
    this.current = null;
    this.stopping = this.stopping.then(() => thread.worker.terminate()).then(removeLeftovers);
    this.warm ??= this.spawn(/display\s*\(/.test(text));

    if (outcome.type === 'failed') return this.cannotRun(outcome.message);
    if (outcome.type === 'exit') {
      const detail = outcome.detail;
      this.options.report({ type: 'stopped', detail });
      this.setStatus({ state: 'error', text: msg.previewRunStopped(this.shown, detail) });
      return;
    }
    const seconds = (Date.now() - started) / 1000;
    await this.files?.update(outcome.reads);
    this.finish(source, outcome.run, outcome.reads.includes(this.path), msg.statusLastRun(clock(), seconds.toFixed(1)));
    this.options.report({ type: 'ran', ran: outcome.run.ran, codeCells: outcome.run.codeCells, failures: outcome.run.failures, seconds });
  }

  /** The page's language as the notebook files are given it (nothing for the default, as `notebook` without `--lang`). */
  private language(): { lang?: Lang } {
    return this.options.lang ? { lang: this.options.lang } : {};
  }

  /** Markdown only: the last run's outputs with the new text, as a run would give them. */
  private textOnly(source: NotebookSource): void {
    const prev = this.last!;
    const runs = new Map<number, CellRun>();
    prev.run.notebook.cells.forEach((c, i) => {
      if (c.cell_type === 'code') runs.set(i, { executionCount: c.execution_count, outputs: c.outputs });
    });
    const title = notebookTitle(source) ?? basename(this.options.file);
    const notebook = buildNotebook(source, runs, title);
    const run: WorkerRun = {
      ...prev.run,
      notebook,
      ipynb: serializeNotebook(notebook),
      html: notebookToHtml(notebook, { title, source: this.shown, ...this.language() }),
    };
    this.finish(source, run, false, msg.statusTextOnly(clock()));
    this.options.report({ type: 'text-only' });
  }

  /** Shows a finished run, and writes its files when it is good. */
  private finish(source: NotebookSource, run: WorkerRun, readsItself: boolean, when: string): void {
    const good = run.failures.length === 0;
    const notes = new Map<string, CellNote>();
    if (this.lastGood) {
      for (const c of run.notebook.cells) {
        const same = this.lastGood.has(contentHash(c.id));
        notes.set(c.id, same ? { kind: 'unchanged', text: msg.cellUnchanged() } : { kind: 'changed', text: msg.cellChanged() });
      }
    }
    if (good) this.lastGood = new Set(run.notebook.cells.map((c) => contentHash(c.id)));
    this.last = { source, run, readsItself };
    this.lastSummary = [when, msg.statusRan(run.ran, run.codeCells), msg.statusErrors(run.failures.length)].join(' \u00b7 ');
    const title = notebookTitle(source) ?? basename(this.options.file);
    this.content = {
      key: `${this.instance}-${++this.version}`,
      title,
      main: notebookMainHtml(run.notebook, { title, source: this.shown, cellNotes: notes, ...this.language() }),
      status: { state: good ? 'ok' : 'error', text: this.lastSummary },
    };
    this.server?.broadcast('page', JSON.stringify(this.content));
    if (good && this.options.onGoodRun) {
      const write = this.options.onGoodRun;
      const files = { ipynb: run.ipynb, html: run.html };
      this.writing = this.writing.then(() => write(files)).catch((error: unknown) => this.options.report({ type: 'write-failed', error }));
    }
  }

  private cannotRun(detail: string): void {
    this.options.report({ type: 'cannot-run', detail });
    this.setStatus({ state: 'error', text: msg.statusCannotRun(clock(), detail) });
  }

  private onCell(run: CurrentRun, progress: CellProgress): void {
    if (this.current !== run) return;
    this.setStatus(this.runningStatus(msg.statusRunning(progress.codeCell, progress.codeCells)));
  }

  private runningStatus(doing: string): PreviewStatus {
    return { state: 'running', text: this.lastSummary ? `${doing} \u00b7 ${this.lastSummary}` : doing };
  }

  private setStatus(status: PreviewStatus): void {
    this.content = { ...this.content, status };
    this.server?.broadcast('status', JSON.stringify(status));
  }

  private changedLabel(changed: readonly string[]): string {
    return changed.map((c) => (c === DIST_REASON ? showPath(PACKAGE_DIST, this.cwd) : showPath(c, this.cwd))).join(', ');
  }

  private spawn(preloadCharts: boolean): RunThread {
    const input: WorkerInput = {
      file: this.path,
      cwd: this.cwd,
      allowErrors: this.options.allowErrors ?? false,
      preloadCharts,
      ...this.language(),
      ...(this.options.naming ? { naming: this.options.naming } : {}),
    };
    return spawnRunThread(input);
  }
}

function ready(watcher: FSWatcher): Promise<void> {
  return new Promise((resolve) => watcher.once('ready', () => resolve()));
}

/** `c3-1a2b3c4d` → `1a2b3c4d`: the hash of a cell's type and text, whatever its position. */
function contentHash(cellId: string): string {
  return cellId.slice(cellId.indexOf('-') + 1);
}

/** Local time as `21:58:03`. */
function clock(): string {
  return new Date().toTimeString().slice(0, 8);
}

async function removeLeftovers(): Promise<void> {
  const { removeRenderLeftovers } = await import('../charts/leftovers.js');
  removeRenderLeftovers();
}
