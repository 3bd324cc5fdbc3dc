// Writing an analysis table as it is built, never holding it whole; with many flow pairs, built by this
// thread and a task thread in alternate pieces.
import { sliceFlows, type FlowExport } from '../analysis/flow-export.js';
import { latestSingleYear } from '../analysis/flows.js';
import type { EndRange } from '../analysis/open-end.js';
import { tableChunks, type AnalysisTable, type TableFormat } from '../analysis/table-registry.js';
import { csvHeader } from '../dataset/write.js';
import { analysisRows, pieceChunks } from './table-piece.js';
import type { TaskThread } from './tasks.js';

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

/** Where a task thread finds `tablePiece` and `warmUp`. */
export const TABLE_PIECE_MODULE = new URL('./table-piece.js', import.meta.url);

/** Flow pairs per piece when a table is built by two threads. */
export const PIECE_FLOWS = 1 << 14;

/**
 * Writes one analysis table. With many flow pairs (`split`), this thread and a task thread build it a piece
 * at a time, pieces alternating between them, and this thread writes them in order as they come.
 */
export async function writeTable(
  table: AnalysisTable,
  flows: FlowExport,
  format: TableFormat,
  endYear: number | undefined,
  ranges: ReadonlyMap<string, EndRange>,
  write: (s: string) => void,
  split: { pieceFlows: number; thread: TaskThread } | null,
): Promise<void> {
  const size = split?.pieceFlows ?? PIECE_FLOWS;
  if (!split || flows.count < 4 * size) {
    const rows = analysisRows(table, flows, { endYear, endRanges: ranges });
    for (const chunk of tableChunks(table, rows, format, { whole: true })) write(chunk);
    return;
  }
  const year = endYear ?? latestSingleYear(flows) ?? undefined;
  // Pieces end with whole pairs: a pair's changes and cumulative rows need all its flow pairs.
  const bounds: [number, number][] = [];
  for (let i = 0; i < flows.count;) {
    let end = Math.min(flows.count, i + size);
    while (end < flows.count && flows.index[2 * end] === flows.index[2 * end - 2]) end++;
    bounds.push([i, end]);
    i = end;
  }
  const thread = split.thread;
  // Odd pieces go to the other thread, one ahead of the one being written, so it builds one while this
  // thread builds an even one, and finished pieces do not pile up here (two ahead peaked ~30 MB higher
  // on 10^6 rows of changes, for no gain in time).
  const theirs: (Promise<string[]> | undefined)[] = [];
  const send = (n: number): void => {
    if (n >= bounds.length || theirs[n] !== undefined) return;
    const piece = pieceOf(flows, bounds[n]![0], bounds[n]![1]);
    const done = thread.run<string[]>({
      module: TABLE_PIECE_MODULE,
      name: 'tablePiece',
      args: [piece, table.name, format, year, [...ranges]],
      transfer: [piece.index.buffer, piece.values.buffer, piece.flags.buffer] as ArrayBuffer[],
    });
    done.catch(() => {}); // awaited below, in order
    theirs[n] = done;
  };
  send(1);
  if (format === 'csv') write(csvHeader(table.spec));
  let any = false;
  for (let n = 0; n < bounds.length; n++) {
    const [from, to] = bounds[n]!;
    let chunks: Iterable<string>;
    if (n % 2 === 0) {
      chunks = pieceChunks(sliceFlows(flows, from, to), table, format, year, ranges);
    } else {
      chunks = await theirs[n]!;
      theirs[n] = undefined;
      send(n + 2);
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
