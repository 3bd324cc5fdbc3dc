import type { Lang, Naming } from '../dataset/places.js';
import { msg, UsageError } from '../messages.js';

/** What a build can write: CSV tables and data (`csv`), JSON twins of the tables (`json`), chart pictures (`svg`, `png`) and the report (`html`). */
export const FORMATS = ['csv', 'json', 'svg', 'png', 'html'] as const;

/** One output format. */
export type Format = (typeof FORMATS)[number];

/** One input file of a build. */
export interface InputFile {
  /** Where to read it (absolute, or relative to the working folder). */
  readonly path: string;
  /** The path written to the manifest (relative to the working folder, `/`-separated), or `null` for the embedded dataset. */
  readonly recorded: string | null;
}

/** The inputs of a build: the exchange-visits CSV, and optionally its sources and events. */
export interface BuildInputs {
  readonly visits: InputFile;
  readonly sources: InputFile | null;
  readonly events: InputFile | null;
  /** A places file (`--places`); absent or `null`: the embedded places table. */
  readonly places?: InputFile | null;
}

/** What to build, apart from where: everything the manifest records so `verify` can build it again. */
export interface BuildPlan {
  readonly inputs: BuildInputs;
  /** Formats to write, in `FORMATS` order. */
  readonly formats: readonly Format[];
  /** Last year an open-ended ("since") figure counts; `null` for the default (the latest single year). */
  readonly endYear: number | null;
  /** Whether to run the package's notebooks into `notebooks/`. */
  readonly notebooks: boolean;
  /** Language of the charts and the report (default `en`). */
  readonly lang?: Lang;
  /** Naming convention for contested places (default `source`). */
  readonly naming?: Naming;
}

/**
 * Reads a `--formats` value: a comma-separated list of `FORMATS`, in any order, repeats ignored;
 * returned in `FORMATS` order so the same set always gives the same manifest.
 * @throws UsageError naming the first unknown format.
 * @example parseFormats('html,csv') // => ['csv', 'html']
 */
export function parseFormats(text: string): Format[] {
  const wanted = new Set<string>();
  for (const part of text.split(',')) {
    const f = part.trim().toLowerCase();
    if (f === '') continue;
    if (!(FORMATS as readonly string[]).includes(f)) throw new UsageError(msg.formatsUnknown(part.trim(), FORMATS));
    wanted.add(f);
  }
  if (wanted.size === 0) throw new UsageError(msg.formatsEmpty(FORMATS));
  return FORMATS.filter((f) => wanted.has(f));
}

/** Whether a plan draws charts: for their own files, or for the report. */
export function wantsCharts(formats: readonly Format[]): boolean {
  return formats.includes('svg') || formats.includes('png') || formats.includes('html');
}
