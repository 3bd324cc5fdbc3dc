// What one reader of a whole file would have found, from what the readers of its two parts found: the
// problems in one reader's order (duplicates across the parts found from the parts' indexes of unique
// values), the cap on problems, and the reducer's results merged.
import { msg, type Problem } from '../messages.js';
import { sortProblems, visitRule } from '../dataset/read.js';
import { EXCHANGE_VISITS } from '../dataset/schema.js';
import { KeyIndex } from '../dataset/unique/key-index.js';
import { TupleIndex } from '../dataset/unique/tuple-index.js';
import { TableValidator } from '../dataset/validate.js';
import type { RowReducer } from '../dataset/row-reducer.js';
import type { PartResult } from './part.js';

/** Syntax failures whose message holds no line number of csv-parse's own (those lines would be off in the second part). */
/** The outcome of `reduceExchangeVisitsFile`. */
export interface ReduceResult<R> {
  /** Every problem, exactly as `validateExchangeVisitsFile` finds them. */
  problems: Problem[];
  /** Data rows seen, valid or not (as `validateExchangeVisitsFile` counts them). */
  rowCount: number;
  /** The reducer's result over every row; `null` when there are problems. */
  result: R | null;
  /** Whether the file was read in two parts. */
  parallel: boolean;
}

const PLACED_FAILURES = new Set([
  'encoding',
  'CSV_QUOTE_NOT_CLOSED',
  'CSV_INVALID_CLOSING_QUOTE',
  'INVALID_OPENING_QUOTE',
  'CSV_MAX_RECORD_SIZE',
]);

/** Data rows among `lines` (ascending) that start on or before `line`. */
function rowsUpTo(lines: Uint32Array, line: number): number {
  let lo = 0;
  let hi = lines.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (lines[mid]! <= line) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The answer when the first part settles it alone: a syntax error or too many problems there stops reading,
 * so the second part does not count; `null` when only reading in one go gives it (a bad header: rows past it
 * are only counted, on and on); `undefined` when the second part is needed.
 */
export function firstAlone<R>(first: PartResult<R>): ReduceResult<R> | null | undefined {
  if (first.failure) {
    return { problems: sortProblems([...first.problems, first.failure]), rowCount: first.rowCount, result: null, parallel: true };
  }
  // A header only the second part holds is not seen there.
  if (!first.sawHeader || !first.headerOk) return null;
  // Too many problems stop reading at the end of the row that made them too many; when that is the header,
  // at the end of the next row.
  if (first.full && first.rowCount === 0) return null;
  if (first.full) return { problems: sortProblems([...first.problems]), rowCount: first.rowCount, result: null, parallel: true };
  return undefined;
}

/**
 * What one reader of the whole file would have found, from what the readers of its two parts found (the
 * first part not settling it alone); `null` when that cannot be worked out exactly.
 */
export function combine<R>(
  first: PartResult<R>,
  second: PartResult<R>,
  file: string,
  max: number,
  reducer: RowReducer<unknown, R>,
): ReduceResult<R> | null {
  if (second.failureCode !== null && !PLACED_FAILURES.has(second.failureCode)) return null;

  // Values the second part first saw that the first part already holds: duplicates, first seen in the first part.
  const meta = new TableValidator(EXCHANGE_VISITS, { file, rowRule: visitRule }).uniqueIndexes();
  type Entry = { line: number; phase: number; problem: Problem };
  const inserted: Entry[] = [];
  const earlier = meta.map(() => new Map<number, number>()); // entry in the second part's index → line in the first part
  const twos = second.indexes.map((d) => ('width' in d ? TupleIndex.fromData(d) : KeyIndex.fromData(d)));
  meta.forEach((u, i) => {
    const d = first.indexes[i]!;
    const two = twos[i]!;
    const pairs = 'width' in d ? TupleIndex.fromData(d).shared(two as TupleIndex) : KeyIndex.fromData(d).shared(two as KeyIndex);
    for (const [k, line] of pairs) {
      earlier[i]!.set(k, line);
      const at = two.lineAt(k);
      const message = u.names ? msg.duplicateKey(line, u.names) : msg.duplicateId((two as KeyIndex).textAt(k), line);
      inserted.push({ line: at, phase: u.phase, problem: { kind: 'unique-error', file, line: at, column: u.column, message } });
    }
  });
  inserted.sort((a, b) => a.line - b.line || a.phase - b.phase);
  // The second part's own problems, duplicates renamed after their first line in the first part.
  const own: Entry[] = second.problems.map((p, j) => {
    const i = second.unique[j]!;
    const line = i >= 0 ? earlier[i]!.get(second.entry[j]!) : undefined;
    if (line === undefined) return { line: p.line, phase: second.phase[j]!, problem: p };
    const u = meta[i]!;
    const message = u.names ? msg.duplicateKey(line, u.names) : msg.duplicateId((twos[i] as KeyIndex).textAt(second.entry[j]!), line);
    return { line: p.line, phase: second.phase[j]!, problem: { ...p, message } };
  });
  // All problems in the order one reader reports them: the first part's, then the second's, a row's in check order.
  const seq: Problem[] = [...first.problems];
  for (let a = 0, b = 0; a < own.length || b < inserted.length;) {
    const x = own[a];
    const y = inserted[b];
    if (!y || (x && (x.line - y.line || x.phase - y.phase) < 0)) {
      seq.push(x!.problem);
      a++;
    } else {
      seq.push(y.problem);
      b++;
    }
  }
  if (seq.length > max) {
    // The cap: the problem after the last one kept stops reading, at the end of its row.
    const stop = seq[max]!.line;
    const problems = seq.slice(0, max);
    problems.push({ kind: 'source-error', file, line: stop, column: null, message: msg.tooManyProblems(max) });
    return { problems: sortProblems(problems), rowCount: first.rowCount + rowsUpTo(second.rowLines!, stop), result: null, parallel: true };
  }
  if (second.failure) seq.push(second.failure);
  const rowCount = first.rowCount + second.rowCount;
  if (seq.length > 0) return { problems: sortProblems(seq), rowCount, result: null, parallel: true };
  const result = reducer.merge(first.result!, second.result!);
  return result === null ? null : { problems: [], rowCount, result, parallel: true };
}
