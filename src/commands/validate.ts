import { basename } from 'node:path';
import { InputError, formatProblem, msg } from '../messages.js';
import { placeIndex, unmatchedPlaces, PLACES, type Place } from '../dataset/places.js';
import { readPlaces, validateExchangeVisitsFile } from '../dataset/read.js';
import type { CommandContext } from './context.js';

/** `validate FILE [--sources FILE]`: one summary line and exit 0, or every problem on stderr and exit 2. */
export async function validateCommand(
  file: string,
  sources: string | undefined,
  ctx: CommandContext,
  placesFile?: string,
): Promise<number> {
  let result;
  let places: readonly Place[] = PLACES;
  stats = newStats(); // one command, one count (the CLI may run several in one process, as tests do)
  try {
    if (placesFile) places = await readPlaces(placesFile);
    result = await validateExchangeVisitsFile(file, { sources, onRow: countRow });
  } catch (e) {
    if (e instanceof InputError) {
      for (const p of e.problems) ctx.stderr(formatProblem(p));
      return 2;
    }
    throw e;
  }
  if (result.problems.length > 0) {
    for (const p of result.problems) ctx.stderr(formatProblem(p));
    ctx.stderr(msg.validateProblems(basename(file), result.problems.length, result.rowCount));
    return 2;
  }
  ctx.stdout(summary(basename(file), stats));
  // Names no place matches are shown as written in every language and naming: a note, not an error.
  const unmatched = unmatchedPlaces(stats.names, placeIndex(places));
  if (unmatched.length > 0) ctx.stderr(msg.placesUnmatched(unmatched));
  return 0;
}

// validate keeps no rows: it only needs a few running figures for its summary line.
const newStats = () => ({
  rows: 0,
  pairs: new Set<string>(),
  minYear: Infinity,
  maxYear: -Infinity,
  open: 0,
  sources: new Set<string>(),
  // Each origin and destination once, in order of first appearance (for the note on unmatched places).
  names: [] as { origin: string; destination: string }[],
  seen: new Set<string>(),
});
let stats = newStats();
function countRow(row: { origin: string; destination: string; period_start: number; period_end: number | null; source_id: string }): void {
  stats.rows++;
  if (!stats.seen.has(row.origin) || !stats.seen.has(row.destination)) {
    stats.seen.add(row.origin);
    stats.seen.add(row.destination);
    stats.names.push({ origin: row.origin, destination: row.destination });
  }
  stats.pairs.add(row.origin < row.destination ? `${row.origin}\u0000${row.destination}` : `${row.destination}\u0000${row.origin}`);
  stats.minYear = Math.min(stats.minYear, row.period_start);
  stats.maxYear = Math.max(stats.maxYear, row.period_end ?? row.period_start);
  if (row.period_end === null) stats.open++;
  stats.sources.add(row.source_id);
}

function summary(file: string, s: typeof stats): string {
  if (s.rows === 0) return msg.validateEmpty(file);
  return msg.validateOk(file, s.rows, s.pairs.size, s.minYear, s.maxYear, s.open, s.sources.size);
}
