import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { flowPairChunks, type FlowExport } from '../analysis/flow-export.js';
import { endRanges, type EndRange } from '../analysis/open-end.js';
import { findTable, TABLE_NAMES } from '../analysis/table-registry.js';
import { readSources } from '../dataset/read.js';
import { EMBEDDED_SOURCES, EMBEDDED_VISITS } from '../dataset/embedded.js';
import { InputError, msg, UsageError } from '../messages.js';
import { readFlowsFile } from '../stream/read-flows.js';
import { PARALLEL_MIN_BYTES } from '../stream/reduce.js';
import { PIECE_FLOWS, TABLE_PIECE_MODULE, writeTable } from '../stream/table-writer.js';
import { startProgress } from '../stream/progress.js';
import { startTaskThread } from '../stream/tasks.js';
import type { CommandContext } from './context.js';

export interface AnalyzeOptions {
  file?: string;
  sources?: string;
  table: string;
  format: 'csv' | 'json';
  endYear?: number;
  /** Files at least this large are read by two threads (see `reduceExchangeVisitsFile`). */
  parallelMinBytes?: number;
  /** With `false`, what two threads would do is done in this thread, the same way (for tests). */
  threads?: boolean;
  /** Flow pairs per piece when two threads build the table (for tests; default 32768). */
  pieceFlows?: number;
}

/**
 * `analyze [FILE] --table NAME`: reads FILE (default: the embedded dataset) while aggregating its
 * flows, so rows are never all held in memory (a large file is read, and its table built, by two
 * threads), and prints one analysis table on stdout as it is built.
 */
export async function analyzeCommand(opts: AnalyzeOptions, ctx: CommandContext): Promise<number> {
  const table = findTable(opts.table);
  if (!table) throw new UsageError(msg.analyzeTable(opts.table, TABLE_NAMES));
  const file = opts.file ?? EMBEDDED_VISITS;
  const sources = opts.sources ?? (opts.file === undefined ? EMBEDDED_SOURCES : undefined);
  // Only a file large enough to be read by two threads has enough rows to build its table with two: the second
  // thread is started now, so it is ready (its modules loaded) when the file has been read.
  const size = await stat(file).then(
    (s) => (s.isFile() ? s.size : 0),
    () => 0,
  );
  // On a terminal, a large file gets a live progress line instead of the one line saying it is read.
  const progress = startProgress({ label: msg.reading(basename(file)), totalBytes: size, stream: ctx.progressStream });
  if (!progress.enabled) ctx.progress(msg.reading(basename(file)));
  const thread = size >= Math.max(1, opts.parallelMinBytes ?? PARALLEL_MIN_BYTES) ? startTaskThread({ threads: opts.threads }) : null;
  try {
    void thread?.run({ module: TABLE_PIECE_MODULE, name: 'warmUp', args: [] }).catch(() => {});
    let result;
    try {
      result = await readFlowsFile(file, { sources, parallelMinBytes: opts.parallelMinBytes, threads: opts.threads, progress });
    } catch (e) {
      progress.stop();
      throw e;
    }
    if (result.problems.length > 0) {
      progress.stop();
      throw new InputError(result.problems);
    }
    progress.finish(result.rowCount);
    const flows = result.flows!;
    if (flows.count === 0) ctx.progress(msg.noRows(basename(file)));
    const split = result.parallel && thread ? { pieceFlows: opts.pieceFlows ?? PIECE_FLOWS, thread } : null;
    // Open periods end in a range of years per source (from the latest year it reports to its date): the
    // cumulative table averages over it. Only a table that uses them needs the sources' dates.
    const ranges =
      table.usesEndRanges && opts.endYear === undefined
        ? endRanges(flowPeriods(flows), sources ? await readSources(sources) : [])
        : new Map<string, EndRange>();
    await writeTable(table, flows, opts.format, opts.endYear, ranges, (s) => ctx.write(s), split);
  } finally {
    thread?.close();
  }
  return 0;
}

/** The source and period of every flow pair, for `endRanges`. */
function* flowPeriods(flows: FlowExport): Generator<{ source_id: string; period_start: number; period_end: number | null }> {
  for (const chunk of flowPairChunks(flows)) yield* chunk;
}
