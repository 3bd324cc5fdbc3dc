import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { InputError, formatProblem, msg } from '../messages.js';
import { placeIndex, unmatchedPlaces, PLACES, type Place } from '../dataset/places.js';
import { readPlaces } from '../dataset/read.js';
import { VISIT_SUMMARY, type VisitSummary } from '../dataset/visit-summary.js';
import { startProgress } from '../stream/progress.js';
import { reduceExchangeVisitsFile } from '../stream/reduce.js';
import type { CommandContext } from './context.js';

/** `validate FILE [--sources FILE]`: one summary line and exit 0, or every problem on stderr and exit 2. */
export async function validateCommand(
  file: string,
  sources: string | undefined,
  ctx: CommandContext,
  placesFile?: string,
): Promise<number> {
  const size = await stat(file).then(
    (s) => (s.isFile() ? s.size : 0),
    () => 0,
  );
  // On a terminal, a large file gets a progress line while it is read.
  const progress = startProgress({ label: msg.reading(basename(file)), totalBytes: size, stream: ctx.progressStream });
  let result;
  let places: readonly Place[] = PLACES;
  try {
    if (placesFile) places = await readPlaces(placesFile);
    // A large file is read by two threads (see `reduceExchangeVisitsFile`), with the same problems as one.
    result = await reduceExchangeVisitsFile<VisitSummary>(file, VISIT_SUMMARY, { sources, progress });
  } catch (e) {
    progress.stop();
    if (e instanceof InputError) {
      for (const p of e.problems) ctx.stderr(formatProblem(p));
      return 2;
    }
    throw e;
  }
  if (result.problems.length > 0) {
    progress.stop();
    for (const p of result.problems) ctx.stderr(formatProblem(p));
    ctx.stderr(msg.validateProblems(basename(file), result.problems.length, result.rowCount));
    return 2;
  }
  progress.finish(result.rowCount);
  const stats = result.result!;
  ctx.stdout(summary(basename(file), stats));
  // Names no place matches are shown as written in every language and naming: a note, not an error.
  const unmatched = unmatchedPlaces(stats.names, placeIndex(places));
  if (unmatched.length > 0) ctx.stderr(msg.placesUnmatched(unmatched));
  return 0;
}

function summary(file: string, s: VisitSummary): string {
  if (s.rows === 0) return msg.validateEmpty(file);
  return msg.validateOk(file, s.rows, s.pairs.length, s.minYear, s.maxYear, s.open, s.sources.length);
}
