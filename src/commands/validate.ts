import { basename } from 'node:path';
import { InputError, formatProblem, msg } from '../messages.js';
import { validateExchangeVisitsFile } from '../dataset/read.js';
import type { CommandContext } from './context.js';

/** `validate FILE [--sources FILE]`: one summary line and exit 0, or every problem on stderr and exit 2. */
export async function validateCommand(file: string, sources: string | undefined, ctx: CommandContext): Promise<number> {
  let result;
  try {
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
  return 0;
}

// validate keeps no rows: it only needs a few running figures for its summary line.
const stats = { rows: 0, pairs: new Set<string>(), minYear: Infinity, maxYear: -Infinity, open: 0, sources: new Set<string>() };
function countRow(row: { origin: string; destination: string; period_start: number; period_end: number | null; source_id: string }): void {
  stats.rows++;
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
