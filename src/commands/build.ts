import type { Lang, Naming } from '../dataset/places.js';
import { join } from 'node:path';
import { build } from '../build/build.js';
import { resolveInputs } from '../build/inputs.js';
import { FORMATS, parseFormats } from '../build/options.js';
import { REPORT_FILE, type BuildProgress, type BuildStep } from '../build/pipeline.js';
import { msg } from '../messages.js';
import type { CommandContext } from './context.js';

/** Options of `kuril-exchange build`, as the CLI read them. */
export interface BuildCommandOptions {
  /** The exchange-visits CSV; the embedded dataset (with its sources and events) when absent. */
  file?: string;
  sources?: string;
  events?: string;
  /** Output folder (default `out`). */
  out?: string;
  /** Comma-separated formats (default: all of them). */
  formats?: string;
  endYear?: number;
  notebooks?: boolean;
  /** `--lang`, `--naming` and `--places`. */
  lang?: Lang;
  naming?: Naming;
  places?: string;
}

/**
 * `build [FILE] [--out DIR] ...`: validates the input and writes every output into DIR atomically;
 * progress on stderr, one summary line on stdout.
 */
export async function buildCommand(opts: BuildCommandOptions, ctx: CommandContext): Promise<number> {
  const formats = opts.formats === undefined ? [...FORMATS] : parseFormats(opts.formats);
  const outDir = opts.out ?? 'out';
  const timer = stepTimer();
  const progress: BuildProgress = (line, step) => {
    timer.step(step);
    ctx.progress(line);
  };
  const manifest = await build(
    {
      inputs: resolveInputs(opts.file, opts.sources, opts.events, opts.places),
      formats,
      endYear: opts.endYear ?? null,
      notebooks: opts.notebooks ?? false,
      ...(opts.lang ? { lang: opts.lang } : {}),
      ...(opts.naming ? { naming: opts.naming } : {}),
      outDir,
    },
    progress,
    { progressStream: ctx.progressStream },
  );
  timer.done();
  ctx.stdout(msg.buildDone(outDir, manifest.files.length + 1, formats.includes('html') ? join(outDir, REPORT_FILE) : null));
  return 0;
}

/**
 * Milliseconds spent in each build step. With `KURIL_PHASES` set (the benchmark sets it) they are left
 * in `globalThis.__kurilPhases`, where bench/rss.cjs reads them at exit.
 */
function stepTimer(): { step(name: BuildStep): void; done(): void } {
  const phases: Partial<Record<BuildStep | 'start', number>> = {};
  let current: BuildStep | 'start' = 'start';
  let since = performance.now();
  const close = (): void => {
    const now = performance.now();
    phases[current] = Math.round((phases[current] ?? 0) + now - since);
    since = now;
  };
  return {
    step(name) {
      close();
      current = name;
    },
    done() {
      close();
      if (process.env.KURIL_PHASES) (globalThis as { __kurilPhases?: unknown }).__kurilPhases = phases;
    },
  };
}
