import { msg } from '../messages.js';
import { basename, resolve } from 'node:path';
import { loadInputs } from './inputs.js';
import type { Manifest } from './manifest.js';
import { faultPoint } from './fault.js';
import { cleanStale, checkOutDir, StagingDir } from './out-dir.js';
import { wantsCharts, type BuildPlan } from './options.js';
import { preloadCharts, writeOutputs, type BuildProgress } from './pipeline.js';
import { BuildThread } from './build-thread.js';
import type { ProgressStream } from '../stream/progress.js';

/** A build: what to build (recorded in the manifest) and where. */
export interface BuildRequest extends BuildPlan {
  /** The output folder, replaced as a whole when the build is complete. */
  readonly outDir: string;
}

/**
 * Builds every output into `outDir` atomically: the inputs are validated first, everything is written
 * into a temporary folder beside `outDir`, and that folder replaces `outDir` only when complete. A build
 * that fails (bad input, a failing step, SIGINT, SIGTERM or SIGHUP) leaves the previous folder exactly as it was
 * and no temporary folder behind. Two builds of the same inputs and plan give byte-identical folders.
 * @throws UsageError when `outDir` is a symbolic link, not a folder, or a non-empty folder this tool did not write.
 * @throws InputError when an input is invalid (every problem, with file, line and column).
 * @example await build({ inputs: resolveInputs(undefined, undefined, undefined), formats: ['csv'], endYear: null, notebooks: false, outDir: 'out' }, () => {})
 */
export async function build(
  request: BuildRequest,
  report: BuildProgress = () => {},
  options: { progressStream?: ProgressStream | null } = {},
): Promise<Manifest> {
  const progress: BuildProgress = (line, step) => {
    report(line, step);
    faultPoint(step); // test-only (KURIL_FAULT): a no-op otherwise
  };
  const target = resolve(request.outDir);
  cleanStale(target);
  checkOutDir(target, request.outDir);
  const charts = wantsCharts(request.formats) ? preloadCharts() : null;
  // Started now, so that it loads HiGHS (and resvg) while the inputs are read.
  const thread = new BuildThread({ reconcile: true, png: request.formats.includes('png') });
  try {
    progress(msg.reading(basename(request.inputs.visits.path)), 'read');
    const loaded = await loadInputs(request.inputs, options.progressStream);
    const stage = new StagingDir(target);
    try {
      const manifest = await writeOutputs(stage.path, request, loaded, progress, charts, thread);
      // Checked again: another program may have filled the folder while this build ran.
      checkOutDir(target, request.outDir);
      progress(msg.buildCommitting(request.outDir), 'commit');
      stage.commit();
      return manifest;
    } catch (e) {
      stage.discard();
      throw e;
    }
  } finally {
    await thread.close();
  }
}
