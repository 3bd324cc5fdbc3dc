import type { DisplayOptions } from './bundle.js';
import type { Lang, Naming } from '../dataset/places.js';

// The link between a running notebook and the runner. The runner puts its session on `globalThis`
// under RUNTIME; `display` looks there, so a notebook shows rich outputs under the runner and prints
// in a terminal, whichever copy of this package it imported.

/** Name of the global the runner's session sits on while a notebook runs. */
export const RUNTIME = '__kuril_notebook__';

/** What the compiled notebook and `display` call on the runner's session. */
export interface NotebookRuntime {
  /** Cell boundary: waits for the previous cell's displays, then starts cell `index` (unless stopped). */
  cell(index: number): Promise<void>;
  /** Whether the current cell's next statements should run (no error so far, not stopped). */
  go(): boolean;
  /** Records an error thrown by the current cell. */
  fail(error: unknown): void;
  /** Shows the value of a cell's last expression (nothing for `undefined`). */
  result(value: unknown): void;
  /** Records a rich output in the current cell. */
  display(value: unknown, options: DisplayOptions): Promise<void>;
  /** The language and naming the notebook was asked for (`notebook --lang/--naming`). */
  readonly lang?: Lang;
  readonly naming?: Naming;
}

/** The runner's session, when a notebook is being run by it. */
export function activeRuntime(): NotebookRuntime | undefined {
  return (globalThis as Record<string, unknown>)[RUNTIME] as NotebookRuntime | undefined;
}

/**
 * The language and naming a notebook was run with (`notebook --lang ja --naming neutral`, or
 * `runNotebook(file, { lang, naming })`); `en` and `source` outside the runner. Pass it on to the
 * toolkit: `buildCharts(input, notebookLanguage())`, `agreeSentences(r, visits, sources, locale(notebookLanguage()))`.
 * @example notebookLanguage() // => { lang: 'en', naming: 'source' }
 */
export function notebookLanguage(): { lang: Lang; naming: Naming } {
  const r = activeRuntime();
  return { lang: r?.lang ?? 'en', naming: r?.naming ?? 'source' };
}
