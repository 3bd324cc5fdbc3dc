import { basename } from 'node:path';
import { changesFromPairs } from '../analysis/changes.js';
import { cumulativeFromPairs } from '../analysis/cumulative.js';
import { FlowAccumulator } from '../analysis/flows.js';
import { ratiosFromPairs } from '../analysis/ratios.js';
import { sharesFromPairs } from '../analysis/shares.js';
import { ANALYSIS_TABLES } from '../analysis/tables.js';
import { EMBEDDED_SOURCES, EMBEDDED_VISITS } from '../dataset/embedded.js';
import { validateExchangeVisitsFile } from '../dataset/read.js';
import { csvChunks, toJson } from '../dataset/write.js';
import { InputError, UsageError } from '../messages.js';
import type { CommandContext } from './context.js';

/** Names of the tables `analyze` can print. */
export const TABLE_NAMES = ANALYSIS_TABLES.map((t) => t.name);

export interface AnalyzeOptions {
  file?: string;
  sources?: string;
  table: string;
  format: 'csv' | 'json';
  endYear?: number;
}

/**
 * `analyze [FILE] --table NAME`: reads FILE (default: the embedded dataset) while aggregating its
 * flows, so rows are never all held in memory, and prints one analysis table on stdout.
 */
export async function analyzeCommand(opts: AnalyzeOptions, ctx: CommandContext): Promise<number> {
  const table = ANALYSIS_TABLES.find((t) => t.name === opts.table);
  if (!table) throw new UsageError(`analyze: --table must be one of ${TABLE_NAMES.join(', ')}, got ${JSON.stringify(opts.table)}`);
  const file = opts.file ?? EMBEDDED_VISITS;
  const sources = opts.sources ?? (opts.file === undefined ? EMBEDDED_SOURCES : undefined);
  const acc = new FlowAccumulator();
  ctx.progress(`reading ${basename(file)}`);
  const result = await validateExchangeVisitsFile(file, { sources, onRow: (row) => acc.add(row) });
  if (result.problems.length > 0) throw new InputError(result.problems);
  const pairs = acc.pairs();
  if (pairs.length === 0) ctx.progress(`${basename(file)} has no rows: nothing to compare`);
  const rows: readonly object[] =
    table.name === 'ratios' ? ratiosFromPairs(pairs)
    : table.name === 'shares' ? sharesFromPairs(pairs)
    : table.name === 'changes' ? changesFromPairs(pairs)
    : cumulativeFromPairs(pairs, { endYear: opts.endYear });
  if (opts.format === 'json') ctx.write(toJson(table, rows));
  else for (const chunk of csvChunks(table, rows)) ctx.write(chunk);
  return 0;
}
