import { isAbsolute, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inspect } from 'node:util';

/** An error as a notebook records it. */
export interface ErrorReport {
  /** The error's name (`TypeError`), as nbformat's `ename`. */
  readonly ename: string;
  /** Its message, as nbformat's `evalue`. */
  readonly evalue: string;
  /** Lines: `Name: message`, then the stack frames down to the notebook's last one, paths relative to the working folder. */
  readonly traceback: readonly string[];
  /** Line (1-based) in the notebook of the innermost frame there, or `null` when the stack never enters it. */
  readonly line: number | null;
}

const FRAME = /^\s+at /;

/** Where a notebook's code ran from, to show stack frames as the notebook's own lines. */
export interface TraceContext {
  /** Absolute path of the notebook file. */
  readonly notebookPath: string;
  /** Folder that paths are shown relative to. */
  readonly cwd: string;
  /** URL the compiled notebook ran under; its frames are mapped back with `map`. */
  readonly moduleUrl?: string;
  /** Position in the compiled module (1-based) to position in the notebook file, from the source map. */
  readonly map?: (line: number, column: number) => { line: number; column: number } | null;
}

/**
 * Describes a thrown value for a notebook: frames in the compiled notebook are mapped back to the
 * notebook file, and frames pointing into the runner and Node's module loader are dropped, so the
 * traceback ends at the notebook's own line (`at notebooks/x.ts:42:7`).
 */
export function describeError(thrown: unknown, ctx: TraceContext): ErrorReport {
  const { notebookPath, cwd } = ctx;
  if (!(thrown instanceof Error)) {
    const shown = inspect(thrown, { depth: 2 });
    return { ename: 'Error', evalue: `uncaught ${shown}`, traceback: [`Uncaught ${shown}`], line: null };
  }
  const ename = errorName(thrown);
  const evalue = thrown.message;
  const frames = (thrown.stack ?? '')
    .split('\n')
    .filter((l) => FRAME.test(l))
    .map((l) => showPaths(mapFrame(l, ctx, showPath(notebookPath, cwd)), cwd));
  const shownNotebook = showPath(notebookPath, cwd);
  const inNotebook = (f: string) => f.includes(`${shownNotebook}:`);
  const last = findLastIndex(frames, inNotebook);
  const kept = last >= 0 ? frames.slice(0, last + 1) : frames.filter((f) => !f.includes('node:internal/'));
  const first = frames.find(inNotebook);
  const line = first ? Number(new RegExp(`${escapeRegExp(shownNotebook)}:(\\d+)`).exec(first)?.[1]) : null;
  const traceback = [...`${ename}: ${evalue}`.split('\n'), ...kept];
  let cause = thrown.cause;
  for (let depth = 0; cause !== undefined && depth < 5; depth++) {
    traceback.push(
      cause instanceof Error ? `Caused by: ${errorName(cause)}: ${cause.message}` : `Caused by: ${inspect(cause, { depth: 2 })}`,
    );
    cause = cause instanceof Error ? cause.cause : undefined;
  }
  return { ename, evalue, traceback, line: Number.isFinite(line) ? line : null };
}

function errorName(e: Error): string {
  return e.name && e.name !== 'Error' ? e.name : (e.constructor?.name ?? 'Error');
}

/** A path as shown in messages: relative to `cwd` when inside it, with `/` separators. */
export function showPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  const shown = rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
  return shown.split(sep).join('/');
}

/** Replaces positions in the compiled notebook (`file:///…/x.ts?notebook-run=1:12:3`) with the notebook's own. */
function mapFrame(frame: string, ctx: TraceContext, shownNotebook: string): string {
  const { moduleUrl, map } = ctx;
  if (!moduleUrl || !frame.includes(moduleUrl)) return frame;
  return frame.replace(new RegExp(`${escapeRegExp(moduleUrl)}:(\\d+):(\\d+)`, 'g'), (_, l: string, c: string) => {
    const to = map?.(Number(l), Number(c));
    return to ? `${shownNotebook}:${to.line}:${to.column}` : `${shownNotebook}:?`;
  });
}

/** Rewrites `file://` URLs and absolute paths inside a stack frame; drops the runner's `?notebook-run=N`. */
function showPaths(frame: string, cwd: string): string {
  return frame
    .replace(/file:\/\/[^\s):]+/g, (url) => {
      try {
        return fileURLToPath(url.replace(/\?.*$/, ''));
      } catch {
        return url;
      }
    })
    .replace(/\?notebook-run=\d+/g, '')
    .replace(/(\(|at )(\/[^\s):]+)/g, (_, before: string, path: string) => `${before}${showPath(path, cwd)}`);
}

function findLastIndex<T>(xs: readonly T[], p: (x: T) => boolean): number {
  for (let i = xs.length - 1; i >= 0; i--) if (p(xs[i]!)) return i;
  return -1;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
