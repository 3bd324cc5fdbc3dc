import { mkdir, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { UsageError, msg } from '../messages.js';
import type { CommandContext } from './context.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import type { Lang, Naming } from '../dataset/places.js';

/** Options of `notebook`. */
export interface NotebookCommandOptions {
  /** Folder for NAME.ipynb and NAME.html (default `out/notebooks`). */
  out?: string;
  /** Run every cell even after one throws, and exit 0. */
  allowErrors: boolean;
  /** Serve a live preview and run again on every change, until Ctrl-C. */
  watch?: boolean;
  /** With `watch`: the port (default: 4178 or the next free one; 0: any free one). */
  port?: string;
  /** With `watch`: the address to listen on (default 127.0.0.1). */
  host?: string;
  /** With `watch`: open the page in the default browser. */
  open?: boolean;
  /** Language of the page around the cells and of `notebookLanguage()` (default `en`). */
  lang?: Lang;
  /** Naming convention `notebookLanguage()` gives the notebook (default `source`). */
  naming?: Naming;
}

/** Default folder of the executed notebooks, as in the output folder layout. */
export const NOTEBOOK_OUT_DIR = join('out', 'notebooks');

/**
 * `notebook FILE.ts [--out DIR] [--allow-errors]`: runs the notebook and writes NAME.ipynb and NAME.html.
 * With `--watch`, serves a live preview instead and runs the notebook again on every change (below).
 * Exit 0 when every cell ran cleanly (or with --allow-errors), 1 when a cell threw, 2 for bad usage.
 * The files are written either way, with the error in its cell.
 */
export async function notebookCommand(
  positionals: readonly string[],
  options: NotebookCommandOptions,
  ctx: CommandContext,
): Promise<number> {
  const file = positionals[0];
  if (file === undefined || positionals.length > 1) throw new UsageError(msg.notebookUsage());
  if (extname(file) !== '.ts') throw new UsageError(msg.notebookNotTypeScript(file));
  if (options.watch) return watchCommand(file, options, ctx);
  for (const [name, given] of [
    ['port', options.port !== undefined],
    ['host', options.host !== undefined],
    ['open', options.open === true],
  ] as const) {
    if (given) throw new UsageError(msg.previewNeedsWatch(name));
  }
  const { runNotebook } = await import('../notebook/run.js');
  const { showPath } = await import('../notebook/traceback.js');
  const result = await runNotebook(file, {
    allowErrors: options.allowErrors,
    ...(options.lang ? { lang: options.lang } : {}),
    ...(options.naming ? { naming: options.naming } : {}),
  });

  const shown = showPath(file, process.cwd());
  for (const f of result.failures) {
    const where = f.line === null ? shown : `${shown}:${f.line}`;
    ctx.stderr(msg.notebookCellError(where, f.cell + 1, f.ename, f.evalue));
  }
  const notRun = result.codeCells - result.ran;
  if (notRun > 0 && !options.allowErrors && result.failures.length > 0) ctx.stderr(msg.notebookNotRun(notRun));
  ctx.progress(msg.notebookRan(shown, result.ran, result.codeCells, result.failures.length));

  await writeNotebookFiles(options.out ?? NOTEBOOK_OUT_DIR, file, result, ctx);
  return result.failures.length > 0 && !options.allowErrors ? 1 : 0;
}

/** Writes NAME.ipynb and NAME.html into `dir`, each atomically. */
async function writeNotebookFiles(dir: string, file: string, files: { ipynb: string; html: string }, ctx: CommandContext): Promise<void> {
  const name = basename(file, '.ts');
  await mkdir(dir, { recursive: true });
  for (const [ext, text] of [
    ['ipynb', files.ipynb],
    ['html', files.html],
  ] as const) {
    const target = join(dir, `${name}.${ext}`);
    writeFileAtomic(target, text);
    ctx.progress(msg.notebookWrote(target));
  }
}

const STOP_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/**
 * `notebook FILE.ts --watch [--port N] [--host H] [--open] [--out DIR]`: the live preview, until
 * Ctrl-C, SIGTERM or SIGHUP, then exit 0. With `--out`, the files are written after each run without errors.
 */
async function watchCommand(file: string, options: NotebookCommandOptions, ctx: CommandContext): Promise<number> {
  const port = options.port === undefined ? undefined : parsePort(options.port);
  await stat(file); // a missing notebook is bad input now, not a page that waits for it
  const { watchNotebook } = await import('../notebook/watch.js');
  const { showPath } = await import('../notebook/traceback.js');
  const shown = showPath(file, process.cwd());
  // Signals that arrive while starting are kept, and stop the preview once it runs.
  let stop!: () => void;
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  for (const s of STOP_SIGNALS) process.on(s, stop);
  try {
    const preview = await watchNotebook({
      file,
      allowErrors: options.allowErrors,
      ...(options.lang ? { lang: options.lang } : {}),
      ...(options.naming ? { naming: options.naming } : {}),
      host: options.host,
      port,
      report: (e) => {
        switch (e.type) {
          case 'run':
            return ctx.progress(e.changed.length === 0 ? msg.previewFirstRun(shown) : msg.previewRunStarted(e.changed));
          case 'cancelled':
            return ctx.progress(msg.previewRunCancelled());
          case 'ran':
            for (const f of e.failures) {
              const where = f.line === null ? shown : `${shown}:${f.line}`;
              ctx.stderr(msg.notebookCellError(where, f.cell + 1, f.ename, f.evalue));
            }
            return ctx.progress(msg.previewRan(msg.notebookRan(shown, e.ran, e.codeCells, e.failures.length), e.seconds.toFixed(1)));
          case 'text-only':
            return ctx.progress(msg.previewTextOnly(shown));
          case 'cannot-run':
            return ctx.stderr(msg.previewCannotRun(shown, e.detail));
          case 'stopped':
            return ctx.stderr(msg.previewRunStopped(shown, e.detail));
          case 'missing':
            return ctx.stderr(msg.previewFileMissing(shown));
          case 'write-failed': {
            const err = e.error as NodeJS.ErrnoException;
            return ctx.stderr(msg.cannotWrite(err.path ?? null, err.message));
          }
        }
      },
      onGoodRun: options.out === undefined ? undefined : (files) => writeNotebookFiles(options.out!, file, files, ctx),
    });
    ctx.stderr(msg.previewServing(preview.url));
    if (options.host !== undefined && options.host !== '127.0.0.1' && options.host !== 'localhost')
      ctx.stderr(msg.previewHostWarning(options.host, preview.port));
    if (options.open) {
      const { openBrowser, browserOpener } = await import('../notebook/open-browser.js');
      const opener = browserOpener(preview.url).command;
      const opened = await openBrowser(preview.url, (why) => ctx.stderr(msg.previewOpenFailed(opener, preview.url, why)));
      if (!opened.ok)
        ctx.stderr(
          opened.missing ? msg.previewOpenerMissing(opener, preview.url) : msg.previewOpenFailed(opener, preview.url, opened.detail),
        );
    }
    await stopped;
    await preview.close();
    ctx.progress(msg.previewStopped());
    return 0;
  } finally {
    for (const s of STOP_SIGNALS) process.off(s, stop);
  }
}

/** `--port N`: a whole number from 0 to 65535. */
function parsePort(value: string): number {
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65535) throw new UsageError(msg.previewBadPort(value));
  return Number(value);
}
