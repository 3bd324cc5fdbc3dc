import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { UsageError, msg } from '../messages.js';
import type { CommandContext } from './context.js';

/** Options of `notebook`. */
export interface NotebookCommandOptions {
  /** Folder for NAME.ipynb and NAME.html (default `out/notebooks`). */
  out?: string;
  /** Run every cell even after one throws, and exit 0. */
  allowErrors: boolean;
}

/** Default folder of the executed notebooks, as in the output folder layout. */
export const NOTEBOOK_OUT_DIR = join('out', 'notebooks');

/**
 * `notebook FILE.ts [--out DIR] [--allow-errors]`: runs the notebook and writes NAME.ipynb and NAME.html.
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
  const { runNotebook } = await import('../notebook/run.js');
  const { showPath } = await import('../notebook/traceback.js');
  const result = await runNotebook(file, { allowErrors: options.allowErrors });

  const shown = showPath(file, process.cwd());
  for (const f of result.failures) {
    const where = f.line === null ? shown : `${shown}:${f.line}`;
    ctx.stderr(msg.notebookCellError(where, f.cell + 1, f.ename, f.evalue));
  }
  const notRun = result.codeCells - result.ran;
  if (notRun > 0 && !options.allowErrors && result.failures.length > 0) ctx.stderr(msg.notebookNotRun(notRun));
  ctx.progress(msg.notebookRan(shown, result.ran, result.codeCells, result.failures.length));

  const dir = options.out ?? NOTEBOOK_OUT_DIR;
  const name = basename(file, '.ts');
  await mkdir(dir, { recursive: true });
  for (const [ext, text] of [
    ['ipynb', result.ipynb],
    ['html', result.html],
  ] as const) {
    const target = join(dir, `${name}.${ext}`);
    await writeAtomically(target, text);
    ctx.progress(msg.notebookWrote(target));
  }
  return result.failures.length > 0 && !options.allowErrors ? 1 : 0;
}

/** Writes beside the target and renames, so a reader never sees half a file. */
async function writeAtomically(target: string, text: string): Promise<void> {
  const temp = `${target}.${process.pid}.tmp`;
  try {
    await writeFile(temp, text);
    await rename(temp, target);
  } catch (e) {
    await rm(temp, { force: true });
    throw e;
  }
}
