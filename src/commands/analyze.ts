import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { changesFromPairs } from '../analysis/changes.js';
import { cumulativeFromPairs } from '../analysis/cumulative.js';
import { readFlowsFile } from '../analysis/flow-reducer.js';
import { flowPairChunks, latestSingleYearOf, sliceFlows, type FlowExport } from '../analysis/flows.js';
import { ratiosFromPairs } from '../analysis/ratios.js';
import { sharesFromPairs } from '../analysis/shares.js';
import { ANALYSIS_TABLES } from '../analysis/tables.js';
import { endRanges, type EndRange } from '../analysis/open-end.js';
import { readSources } from '../dataset/read.js';
import type { TaskThread } from '../dataset/parallel.js';
import type { TableSpec } from '../dataset/schema.js';
import { EMBEDDED_SOURCES, EMBEDDED_VISITS } from '../dataset/embedded.js';
import { csvChunks, csvHeader, jsonChunks } from '../dataset/write.js';
import { InputError, UsageError, msg } from '../messages.js';
import type { CommandContext } from './context.js';

/** Names of the tables `analyze` can print. */
export const TABLE_NAMES = ANALYSIS_TABLES.map((t) => t.name);

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
 * The rows of one analysis table, built a few thousand flow pairs at a time, so the whole table is never
 * held: the same rows, in the same order, as the table built from all flow pairs at once.
 */
export function* analysisRows(
  table: TableSpec,
  flows: FlowExport,
  options: { endYear?: number; endRanges?: ReadonlyMap<string, EndRange> } = {},
): Generator<object> {
  // The cumulative table's default end year is the latest single year over all flow pairs, not a chunk's.
  const endYear = options.endYear ?? latestSingleYearOf(flows) ?? undefined;
  for (const chunk of flowPairChunks(flows)) {
    const rows: readonly object[] =
      table.name === 'ratios'
        ? ratiosFromPairs(chunk)
        : table.name === 'shares'
          ? sharesFromPairs(chunk)
          : table.name === 'changes'
            ? changesFromPairs(chunk)
            : cumulativeFromPairs(chunk, { endYear, endRanges: options.endRanges });
    yield* rows;
  }
}

/** The text of one analysis table for some flow pairs, without the table's header (CSV) or brackets (JSON). */
function* pieceChunks(
  flows: FlowExport,
  table: TableSpec,
  format: 'csv' | 'json',
  endYear: number | undefined,
  ranges?: ReadonlyMap<string, EndRange>,
): Generator<string> {
  const rows = analysisRows(table, flows, { endYear, endRanges: ranges });
  yield* format === 'json' ? jsonChunks(table, rows, { frame: false }) : csvChunks(table, rows, { header: false });
}

/**
 * The text of one analysis table for some of the flow pairs, without the table's header (CSV) or brackets
 * (JSON): a piece of a table written in parts, built by another thread (see `writeTable`).
 */
export function tablePiece(
  flows: FlowExport,
  tableName: string,
  format: 'csv' | 'json',
  endYear: number | undefined,
  ranges: [string, EndRange][] = [],
): string[] {
  return [
    ...pieceChunks(
      flows,
      ANALYSIS_TABLES.find((t) => t.name === tableName)!,
      format,
      endYear,
      new Map(ranges),
    ),
  ];
}

/**
 * Flow pairs `from` to `to` (whole pairs) for another thread: with only their pairs' places, renumbered from 0
 * (pair numbers only order and group flow pairs), so a piece does not carry every place of the file.
 */
function pieceOf(flows: FlowExport, from: number, to: number): FlowExport {
  const piece = sliceFlows(flows, from, to);
  const first = flows.index[2 * from]!;
  const last = flows.index[2 * (to - 1)]!;
  for (let i = 0; i < piece.count; i++) piece.index[2 * i]! -= first;
  return { ...piece, places: flows.places.slice(2 * first, 2 * last + 2) };
}

/** Flow pairs per piece when a table is built by two threads. */
const PIECE_FLOWS = 1 << 14;

/**
 * Writes one analysis table. With many flow pairs (`split`), this thread and a task thread build it a piece
 * at a time, pieces alternating between them, and this thread writes them in order as they come.
 */
async function writeTable(
  table: TableSpec,
  flows: FlowExport,
  format: 'csv' | 'json',
  endYear: number | undefined,
  ranges: ReadonlyMap<string, EndRange>,
  write: (s: string) => void,
  split: { pieceFlows: number; thread: TaskThread } | null,
): Promise<void> {
  const size = split?.pieceFlows ?? PIECE_FLOWS;
  if (!split || flows.count < 4 * size) {
    const rows = analysisRows(table, flows, { endYear, endRanges: ranges });
    for (const chunk of format === 'json' ? jsonChunks(table, rows) : csvChunks(table, rows)) write(chunk);
    return;
  }
  const year = endYear ?? latestSingleYearOf(flows) ?? undefined;
  // Pieces end with whole pairs: a pair's changes and cumulative rows need all its flow pairs.
  const bounds: [number, number][] = [];
  for (let i = 0; i < flows.count;) {
    let end = Math.min(flows.count, i + size);
    while (end < flows.count && flows.index[2 * end] === flows.index[2 * end - 2]) end++;
    bounds.push([i, end]);
    i = end;
  }
  const thread = split.thread;
  // Odd pieces go to the other thread, two ahead of the one being written, so it builds one while this
  // thread builds an even one, and finished pieces do not pile up here.
  const theirs: (Promise<string[]> | undefined)[] = [];
  const send = (n: number): void => {
    if (n >= bounds.length || theirs[n] !== undefined) return;
    const piece = pieceOf(flows, bounds[n]![0], bounds[n]![1]);
    const done = thread.run<string[]>({
      module: new URL('./analyze.js', import.meta.url),
      name: 'tablePiece',
      args: [piece, table.name, format, year, [...ranges]],
      transfer: [piece.index.buffer, piece.values.buffer, piece.flags.buffer] as ArrayBuffer[],
    });
    done.catch(() => {}); // awaited below, in order
    theirs[n] = done;
  };
  send(1);
  send(3);
  if (format === 'csv') write(csvHeader(table));
  let any = false;
  for (let n = 0; n < bounds.length; n++) {
    const [from, to] = bounds[n]!;
    let chunks: Iterable<string>;
    if (n % 2 === 0) {
      chunks = pieceChunks(sliceFlows(flows, from, to), table, format, year, ranges);
    } else {
      chunks = await theirs[n]!;
      theirs[n] = undefined;
      send(n + 4);
    }
    let first = true;
    for (const chunk of chunks) {
      if (first && format === 'json') write(any ? ',\n' : '[\n');
      first = false;
      any = true;
      write(chunk);
    }
  }
  if (format === 'json') write(any ? '\n]\n' : '[]\n');
}

/** The source and period of every flow pair, for `endRanges`. */
function* flowPeriods(flows: FlowExport): Generator<{ source_id: string; period_start: number; period_end: number | null }> {
  for (const chunk of flowPairChunks(flows)) yield* chunk;
}

/** Loads this module (and the analyses) in a task thread before it is given pieces to build. */
export function warmUp(): void {}

/**
 * `analyze [FILE] --table NAME`: reads FILE (default: the embedded dataset) while aggregating its
 * flows, so rows are never all held in memory (a large file is read, and its table built, by two
 * threads), and prints one analysis table on stdout as it is built.
 */
export async function analyzeCommand(opts: AnalyzeOptions, ctx: CommandContext): Promise<number> {
  const table = ANALYSIS_TABLES.find((t) => t.name === opts.table);
  if (!table) throw new UsageError(msg.analyzeTable(opts.table, TABLE_NAMES));
  const file = opts.file ?? EMBEDDED_VISITS;
  const sources = opts.sources ?? (opts.file === undefined ? EMBEDDED_SOURCES : undefined);
  ctx.progress(msg.reading(basename(file)));
  // Only a file large enough to be read by two threads has enough rows to build its table with two: the second
  // thread is started now, so it is ready (its modules loaded) when the file has been read.
  const { PARALLEL_MIN_BYTES, startTaskThread } = await import('../dataset/parallel.js');
  const size = await stat(file).then(
    (s) => (s.isFile() ? s.size : 0),
    () => 0,
  );
  const thread = size >= Math.max(1, opts.parallelMinBytes ?? PARALLEL_MIN_BYTES) ? startTaskThread({ threads: opts.threads }) : null;
  try {
    void thread?.run({ module: new URL('./analyze.js', import.meta.url), name: 'warmUp', args: [] }).catch(() => {});
    const result = await readFlowsFile(file, { sources, parallelMinBytes: opts.parallelMinBytes, threads: opts.threads });
    if (result.problems.length > 0) throw new InputError(result.problems);
    const flows = result.flows!;
    if (flows.count === 0) ctx.progress(msg.noRows(basename(file)));
    const split = result.parallel && thread ? { pieceFlows: opts.pieceFlows ?? PIECE_FLOWS, thread } : null;
    // Open periods end in a range of years per source (from the latest year it reports to its date): the
    // cumulative table averages over it. Only that table needs the sources' dates.
    const ranges =
      table.name === 'cumulative' && opts.endYear === undefined
        ? endRanges(flowPeriods(flows), sources ? await readSources(sources) : [])
        : new Map<string, EndRange>();
    await writeTable(table, flows, opts.format, opts.endYear, ranges, (s) => ctx.write(s), split);
  } finally {
    thread?.close();
  }
  return 0;
}
