import { readFile } from 'node:fs/promises';
import { SourceMap, register, type SourceMapPayload, type SourceMapping } from 'node:module';
import { basename, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildNotebook, serializeNotebook, type Notebook } from './nbformat.js';
import { parsePercent, type NotebookSource } from './parse.js';
import { RUNTIME } from './runtime.js';
import { NotebookSession, type CellFailure } from './session.js';
import { describeError, showPath, type TraceContext } from './traceback.js';
import type { Lang, Naming } from '../dataset/places.js';

/** How to run a notebook. */
export interface RunOptions {
  /** Run the cells after one that throws (default false: stop at the first error). */
  allowErrors?: boolean;
  /** Folder that paths in tracebacks and the page are shown relative to (default: the working folder). */
  cwd?: string;
  /** Called as each code cell starts: its index among all cells, its number among the code cells (from 1), and how many there are. */
  onCell?: (progress: CellProgress) => void;
  /** Language of the page the runner writes around the cells, and what `notebookLanguage()` gives the notebook (default `en`). */
  lang?: Lang;
  /** Naming convention `notebookLanguage()` gives the notebook (default `source`). */
  naming?: Naming;
}

/** Which cell a running notebook is at. */
export interface CellProgress {
  /** Index of the cell (from 0, counting every cell). */
  readonly cell: number;
  /** Its number among the code cells, from 1: "running cell `codeCell` of `codeCells`". */
  readonly codeCell: number;
  readonly codeCells: number;
}

/** An executed notebook: the notebook, its `.ipynb` and HTML texts, and what went wrong. */
export interface NotebookRun {
  readonly notebook: Notebook;
  /** The `.ipynb` file's text (nbformat 4.5). */
  readonly ipynb: string;
  /** The standalone HTML page. */
  readonly html: string;
  /** Errors recorded in cells, in the order they happened; empty when every cell ran cleanly. */
  readonly failures: readonly CellFailure[];
  /** Code cells in the notebook, and how many of them ran. */
  readonly codeCells: number;
  readonly ran: number;
}

let runs = 0;
let running = false;

// The loader hook that serves the compiled notebook under its own file URL (plus a query), so that
// `import.meta.url`, relative imports and the package's self-reference resolve as they would for the
// file itself. A data: URL, so it works from the compiled package and under tsx alike.
const HOOK = `let served;
export function initialize(data) { served = data; }
export async function load(url, context, next) {
  if (url === served.url) return { format: 'module', source: served.source, shortCircuit: true };
  return next(url, context);
}`;

/**
 * Runs a percent-format TypeScript notebook: every code cell in order, in one module scope, recording
 * what each prints and displays and any error (with the notebook's own line numbers). Stops at the
 * first error unless `allowErrors`; cells not run keep no outputs and a `null` execution count.
 * Rerunning gives the same `.ipynb` and HTML, byte for byte, as long as the notebook's code does.
 * @throws when the file cannot be read, or another notebook is running in this process.
 */
export async function runNotebook(file: string, options: RunOptions = {}): Promise<NotebookRun> {
  if (running) throw new Error('runNotebook: a notebook is already running in this process');
  const cwd = options.cwd ?? process.cwd();
  const path = resolve(cwd, file);
  const text = await readFile(path, 'utf8');
  const source = parsePercent(text, file);
  const { compileNotebook } = await import('./transform.js');
  const compiled = compileNotebook(source, path);

  const moduleUrl = `${pathToFileURL(path).href}?notebook-run=${++runs}`;
  const map = sourceMapOf(compiled.code);
  const trace: TraceContext = {
    notebookPath: path,
    cwd,
    moduleUrl,
    map: (line, column) => {
      const e: Partial<SourceMapping> | undefined = map?.findEntry(line - 1, column - 1);
      return e?.originalLine === undefined ? null : { line: e.originalLine + 1, column: (e.originalColumn ?? 0) + 1 };
    },
  };
  const firstCode = source.cells.find((c) => c.type === 'code');
  const codeIndexes = source.cells.filter((c) => c.type === 'code').map((c) => c.index);
  const onCell = options.onCell;
  const session = new NotebookSession({
    allowErrors: options.allowErrors ?? false,
    lang: options.lang ?? 'en',
    naming: options.naming ?? 'source',
    describe: (e) => describeError(e, trace),
    cellLine: (i) => source.cells[i]?.markerLine ?? source.cells[i]?.firstLine ?? 1,
    onCell: onCell && ((cell) => onCell({ cell, codeCell: codeIndexes.indexOf(cell) + 1, codeCells: codeIndexes.length })),
  });

  if (compiled.problems.length > 0) {
    const shown = showPath(path, cwd);
    for (const p of compiled.problems) {
      const cell = p.cell ?? firstCode?.index ?? 0;
      session.failBeforeRun(cell, {
        ename: 'SyntaxError',
        evalue: p.message,
        traceback: [`${shown}:${p.line}:${p.column}`, `SyntaxError: ${p.message}`],
        line: p.line,
      });
    }
  } else if (firstCode) {
    // Once a loader hook is registered, every import goes through the hooks thread (slower): load
    // first what the notebook imports from this package, and vega when the notebook may draw a chart.
    await preloadOwnImports(compiled.imports.map((i) => i.specifier));
    if (/\bdisplay\s*\(/.test(text)) await import('../charts/render.js');
    running = true;
    const g = globalThis as Record<string, unknown>;
    g[RUNTIME] = session;
    session.capture();
    try {
      register(`data:text/javascript,${encodeURIComponent(HOOK)}`, { data: { url: moduleUrl, source: compiled.code } });
      await import(moduleUrl);
    } catch (e) {
      // An error outside the cells' try blocks: a failed import, or an `export` statement that threw.
      // Node names a bare specifier as written ('pkg') and a relative one by its resolved path.
      const message = e instanceof Error ? e.message : '';
      const site = compiled.imports.find(
        (i) =>
          message.includes(`'${i.specifier}'`) ||
          (/^\.\.?\//.test(i.specifier) && message.includes(i.specifier.replace(/^(\.\.?\/)+/, ''))),
      );
      session.failOutside(e, site?.cell ?? (session.runs.size > 0 ? lastStarted(session) : firstCode.index), site?.line ?? null);
    } finally {
      await session.settle();
      session.release();
      delete g[RUNTIME];
      running = false;
    }
  }

  const title = notebookTitle(source) ?? basename(file);
  const notebook = buildNotebook(source, session.runs, title);
  const { notebookToHtml } = await import('./html.js');
  const codeCells = source.cells.filter((c) => c.type === 'code').length;
  const ran = [...session.runs.values()].filter((r) => r.executionCount !== null).length;
  return {
    notebook,
    ipynb: serializeNotebook(notebook),
    html: notebookToHtml(notebook, { title, source: showPath(path, cwd), ...(options.lang ? { lang: options.lang } : {}) }),
    failures: session.failures,
    codeCells,
    ran,
  };
}

/** This package's root folder (the one holding `src/` or `dist/`). */
const PACKAGE_ROOT = new URL('../../', import.meta.url).href;

/**
 * Imports the notebook's bare specifiers that resolve into this package (its name, as a self-reference,
 * or a subpath), without running the notebook. Other packages are left to the notebook, so that what
 * they print on import lands in its cell. A specifier that fails here is left for the notebook to report.
 */
async function preloadOwnImports(specifiers: readonly string[]): Promise<void> {
  for (const specifier of new Set(specifiers)) {
    if (/^(\.|\/|[a-z]+:)/i.test(specifier)) continue;
    let url: string;
    try {
      url = import.meta.resolve(specifier);
    } catch {
      continue;
    }
    if (url.startsWith(PACKAGE_ROOT) && !url.slice(PACKAGE_ROOT.length).includes('node_modules/')) await import(url);
  }
}

function lastStarted(session: NotebookSession): number {
  return Math.max(...session.runs.keys());
}

/** The source map TypeScript inlined in the compiled module. */
function sourceMapOf(code: string): SourceMap | null {
  const m = /\/\/# sourceMappingURL=data:application\/json;base64,([A-Za-z0-9+/=]+)\s*$/.exec(code);
  return m ? new SourceMap(JSON.parse(Buffer.from(m[1]!, 'base64').toString('utf8')) as SourceMapPayload) : null;
}

/** The first `# heading` of the first markdown cell, if it has one: the page's title. */
export function notebookTitle(source: NotebookSource): string | null {
  const first = source.cells.find((c) => c.type === 'markdown');
  const heading = first?.source.split('\n').find((l) => /^#\s+\S/.test(l));
  return heading ? heading.replace(/^#\s+/, '').trim() : null;
}
