import { createReadStream } from 'node:fs';
import type { DataFrame } from 'danfojs-node';
import { basename } from 'node:path';
import { InputError, msg, type Problem } from '../messages.js';
import { scanCsv, type CsvInput, type ScanOptions } from './csv-scan.js';
import { placeKey, type Names, type Place } from './places.js';
import { EVENTS_TABLE, EXCHANGE_VISITS, PLACES_TABLE, SOURCES_TABLE, SOURCES_TABLE_WITHOUT_AS_OF, type TableSpec } from './schema.js';
import type { ExchangeEvent, Source, Visit } from './types.js';
import { TableValidator, type Cell, type RowRule } from './validate.js';
import { visitBuilder } from './visit-row.js';

/** Options for reading an exchange-visits file. */
export interface ReadOptions {
  /** Name used for the file in problems; defaults to the path's base name, or `input.csv` for text. */
  file?: string;
  /** Path of a sources file: `source_id` values must be ids in it. Without it ids are not checked. */
  sources?: string;
  /** Allowed source ids, when the caller has already read them. */
  sourceIds?: ReadonlySet<string>;
  /** Called with each valid row instead of collecting rows (for streaming very large files). */
  onRow?: (row: Visit) => void;
  /** Stop after this many problems (default 1000). */
  maxProblems?: number;
}

/** The result of reading: rows and every problem found (rows are only trustworthy when `problems` is empty). */
export interface ReadResult<T> {
  rows: T[];
  problems: Problem[];
  /** Data rows seen, valid or not. */
  rowCount: number;
}

const COUNT_COL = EXCHANGE_VISITS.fields.findIndex((f) => f.name === 'count');
const START_COL = EXCHANGE_VISITS.fields.findIndex((f) => f.name === 'period_start');
const END_COL = EXCHANGE_VISITS.fields.findIndex((f) => f.name === 'period_end');
const QUOTE_COL = EXCHANGE_VISITS.fields.findIndex((f) => f.name === 'quote');

const GROUPED = /(?<![0-9])[0-9]{1,3}([,.\u00a0\u202f' ])[0-9]{3}(?:\1[0-9]{3})*(?![0-9])/g;
const RUN = /[0-9]+/g;

/** The ways a count may be written in a quote: `20000`, `20,000`. */
export function countForms(count: number): string[] {
  const digits = String(count);
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return grouped === digits ? [digits] : [digits, grouped];
}

/**
 * Whether a quote states a count, written with or without thousands separators
 * (`,`, `.`, space, no-break space, `'`), as a whole number and not part of a longer one:
 * count 802 is not in "1802 people", "1,802 people" or "802.5".
 */
export function quoteContainsCount(quote: string, count: number): boolean {
  const digits = String(count);
  if (!quote.includes(digits.slice(0, 1))) return false;
  const grouped: [number, number][] = [];
  for (const m of quote.matchAll(GROUPED)) {
    if (m[0].replace(/[^0-9]/g, '') === digits) return true;
    grouped.push([m.index, m.index + m[0].length]);
  }
  for (const m of quote.matchAll(RUN)) {
    if (m[0] !== digits) continue;
    const start = m.index;
    const end = start + m[0].length;
    if (grouped.some(([a, b]) => start >= a && end <= b)) continue; // a digit group of a larger number
    if (/[0-9][.,]$/.test(quote.slice(Math.max(0, start - 2), start))) continue; // after "1." or "1,"
    if (/^[.,][0-9]/.test(quote.slice(end, end + 2))) continue; // before ".5" or ",5"
    return true;
  }
  return false;
}

/** The checks of an exchange-visits row beyond its schema: period order, and the count in the quote. */
export const visitRule: RowRule = (values, _raw, _line, report) => {
  // `undefined` marks a cell that already failed its own check.
  const start = values[START_COL];
  const end = values[END_COL];
  if (typeof start === 'number' && typeof end === 'number' && end < start)
    report('constraint-error', END_COL + 1, msg.periodReversed(start, end));
  const quote = values[QUOTE_COL];
  const count = values[COUNT_COL];
  if (typeof quote === 'string' && typeof count === 'number' && !quoteContainsCount(quote, count)) {
    report('constraint-error', QUOTE_COL + 1, msg.quoteLacksCount(String(count), countForms(count)));
  }
};

/** Reads and validates any table described by a `TableSpec`. */
export async function readTable<T>(
  spec: TableSpec,
  input: CsvInput,
  file: string,
  toRow: (values: Cell[]) => T,
  options: {
    rowRule?: RowRule;
    foreign?: ConstructorParameters<typeof TableValidator>[1]['foreign'];
    onRow?: (row: T) => void;
    maxProblems?: number;
  } = {},
): Promise<ReadResult<T>> {
  const validator = new TableValidator(spec, {
    file,
    rowRule: options.rowRule,
    foreign: options.foreign,
    maxProblems: options.maxProblems,
  });
  const rows: T[] = [];
  const onRow = options.onRow ?? ((row: T) => void rows.push(row));
  const scan = await scanTable(input, file, validator, toRow, onRow);
  return { rows, problems: tableProblems(validator.problems, scan, file), rowCount: scan.rowCount };
}

/** What `scanTable` saw. */
export interface TableScan {
  /** The encoding or CSV syntax problem reading stopped at, if any. */
  failure: Problem | null;
  sawHeader: boolean;
  headerOk: boolean;
  /** Whether there was any record at all. */
  sawAny: boolean;
  /** Data rows seen, valid or not. */
  rowCount: number;
  /** With `rowLines`: the line each data row starts on, in order (`rowCount` of them). */
  rowLines: Uint32Array | null;
}

/**
 * Feeds the records of `input` to `validator` (header first, then rows) and each valid row to `onRow`.
 * With `part.midFile`, `input` is the part of a file after its header: rows are checked from its first record.
 */
export async function scanTable<T>(
  input: CsvInput,
  file: string,
  validator: TableValidator,
  toRow: (values: Cell[]) => T,
  onRow: (row: T) => void,
  part: ScanOptions & { rowLines?: boolean } = {},
): Promise<TableScan> {
  let sawHeader = false;
  let headerOk = false;
  if (part.midFile) {
    sawHeader = true;
    headerOk = true;
    validator.assumeHeader();
  }
  let leadingBlank: number[] = [];
  let rowCount = 0;
  let sawAny = false;
  let rowLines = part.rowLines ? new Uint32Array(1 << 16) : null;
  const failure = await scanCsv(
    input,
    file,
    (fields, line) => {
      sawAny = true;
      if (!sawHeader) {
        if (fields.length === 1 && fields[0] === '') {
          leadingBlank.push(line);
          return true;
        }
        sawHeader = true;
        for (const l of leadingBlank) validator.report('blank-row', l, null, msg.blankRow());
        leadingBlank = [];
        headerOk = validator.header(fields, line);
        return true;
      }
      if (rowLines) {
        if (rowCount === rowLines.length) {
          const grown = new Uint32Array(rowLines.length * 2);
          grown.set(rowLines);
          rowLines = grown;
        }
        rowLines[rowCount] = line;
      }
      rowCount++;
      if (!headerOk) return true; // rows cannot be checked against a wrong header; count them only
      const values = validator.row(fields, line);
      if (values) onRow(toRow(values));
      return !validator.full;
    },
    { firstLine: part.firstLine, midFile: part.midFile, onFailure: part.onFailure, headerFields: part.headerFields },
  );
  return { failure, sawHeader, headerOk, sawAny, rowCount, rowLines: rowLines ? rowLines.subarray(0, rowCount) : null };
}

/** The problems of a table read in one go: the validator's and the reading failure, in line order. */
function tableProblems(found: readonly Problem[], scan: TableScan, file: string): Problem[] {
  const problems = [...found];
  if (scan.failure) problems.push(scan.failure);
  else if (!scan.sawHeader) {
    problems.push({ kind: 'source-error', file, line: 1, column: null, message: scan.sawAny ? msg.onlyBlankLines() : msg.emptyFile() });
  }
  return sortProblems(problems);
}

/** Problems in line order, then column order (a problem of the whole row first); stable. */
export function sortProblems(problems: Problem[]): Problem[] {
  return problems.sort((a, b) => a.line - b.line || (a.column ?? 0) - (b.column ?? 0));
}

/** The allowed source ids the options name, and the file they come from. */
export async function sourceIdsFor(options: ReadOptions): Promise<{ values: ReadonlySet<string>; file: string } | undefined> {
  if (options.sourceIds) return { values: options.sourceIds, file: 'the sources' };
  if (!options.sources) return undefined;
  const sources = await readSources(options.sources);
  return { values: new Set(sources.map((s) => s.id)), file: basename(options.sources) };
}

/**
 * Reads an exchange-visits CSV from text or bytes and validates it, collecting every problem.
 * @example
 * const { rows } = await parseExchangeVisits('id,origin,...\n');
 */
export async function parseExchangeVisits(input: CsvInput, options: ReadOptions = {}): Promise<ReadResult<Visit>> {
  const fk = await sourceIdsFor(options);
  return readTable(EXCHANGE_VISITS, input, options.file ?? 'input.csv', visitBuilder(), {
    rowRule: visitRule,
    foreign: fk ? new Map([['source_id', fk]]) : undefined,
    onRow: options.onRow,
    maxProblems: options.maxProblems,
  });
}

/** Streams a file from disk through `parseExchangeVisits`. */
export async function validateExchangeVisitsFile(path: string, options: ReadOptions = {}): Promise<ReadResult<Visit>> {
  return parseExchangeVisits(createReadStream(path, { highWaterMark: 1 << 20 }), { file: basename(path), ...options });
}

/**
 * Reads an exchange-visits CSV file and returns its validated rows.
 * @throws InputError with every problem found, each with file, line and column.
 */
export async function readExchangeVisitsRows(path: string, options: ReadOptions = {}): Promise<Visit[]> {
  const result = await validateExchangeVisitsFile(path, options);
  if (result.problems.length > 0) throw new InputError(result.problems);
  return result.rows;
}

/** Whether a sources file's header names the optional `as_of` column (files written before it existed do not). */
async function headerHasAsOf(input: CsvInput, file: string): Promise<boolean> {
  let found = false;
  await scanCsv(input, file, (fields) => {
    if (fields.length === 1 && fields[0] === '') return true; // leading blank lines: the validator reports them
    found = fields.includes('as_of');
    return false;
  });
  return found;
}

/** A real calendar date: `2019-02-30` matches the pattern but is no day. */
const sourceDateRule: RowRule = (values, _raw, _line, report) => {
  for (const col of [PUBLISHED_COL, AS_OF_COL]) {
    const v = values[col];
    if (typeof v !== 'string' || v.length < 10) continue;
    const [y, m, d] = [Number(v.slice(0, 4)), Number(v.slice(5, 7)), Number(v.slice(8, 10))];
    const day = new Date(Date.UTC(y, m - 1, d));
    if (day.getUTCMonth() !== m - 1 || day.getUTCDate() !== d)
      report('constraint-error', col + 1, msg.noSuchDate(SOURCES_TABLE.fields[col]!.name, v));
  }
};
const PUBLISHED_COL = SOURCES_TABLE.fields.findIndex((f) => f.name === 'published');
const AS_OF_COL = SOURCES_TABLE.fields.findIndex((f) => f.name === 'as_of');

/**
 * Reads and validates a sources CSV. The `as_of` column is optional: a file without it reads as if
 * every `as_of` were empty.
 * @throws InputError
 */
export async function readSources(path: string): Promise<Source[]> {
  const withAsOf = await headerHasAsOf(createReadStream(path), basename(path));
  const spec = withAsOf ? SOURCES_TABLE : SOURCES_TABLE_WITHOUT_AS_OF;
  const at = (v: Cell[], name: string): string => {
    const i = spec.fields.findIndex((f) => f.name === name);
    return i < 0 ? '' : ((v[i] as string | null) ?? '');
  };
  const result = await readTable(
    spec,
    createReadStream(path),
    basename(path),
    (v) => ({
      id: v[0] as string,
      publisher: v[1] as string,
      dateline: at(v, 'dateline'),
      published: at(v, 'published'),
      as_of: at(v, 'as_of'),
      document: at(v, 'document'),
      note: at(v, 'note'),
    }),
    // The date check reads columns by their place in the full table; without as_of they are the same up to published.
    {
      rowRule: withAsOf
        ? sourceDateRule
        : (values, raw, line, report) => sourceDateRule([...values.slice(0, AS_OF_COL), null], raw, line, report),
    },
  );
  if (result.problems.length > 0) throw new InputError(result.problems);
  return result.rows;
}

/** Reads and validates an events CSV. @throws InputError */
export async function readEvents(path: string, sourceIds?: ReadonlySet<string>): Promise<ExchangeEvent[]> {
  const result = await readTable(
    EVENTS_TABLE,
    createReadStream(path),
    basename(path),
    (v) => ({
      id: v[0] as string,
      date: v[1] as string,
      year: v[2] as number,
      label: v[3] as string,
      quote: (v[4] as string | null) ?? '',
      source_id: v[5] as string,
    }),
    { foreign: sourceIds ? new Map([['source_id', { values: sourceIds, file: 'sources.csv' }]]) : undefined },
  );
  if (result.problems.length > 0) throw new InputError(result.problems);
  return result.rows;
}

const ALIASES_COL = PLACES_TABLE.fields.findIndex((f) => f.name === 'aliases');

/**
 * Reads and validates a places CSV (the columns of `PLACES_TABLE`): besides the schema, every alias
 * must be non-empty and name one place only (compared as `placeKey` compares them).
 * @throws InputError with file, line and column of every problem.
 */
export async function readPlaces(path: string): Promise<Place[]> {
  const owners = new Map<string, { id: string; line: number }>();
  const rowRule: RowRule = (values, _raw, line, report) => {
    const id = values[0];
    const aliases = values[ALIASES_COL];
    if (typeof aliases !== 'string' || typeof id !== 'string') return;
    for (const alias of aliases.split('|')) {
      const key = placeKey(alias);
      if (key === '') {
        report('constraint-error', ALIASES_COL + 1, msg.placeAliasEmpty(aliases));
        continue;
      }
      const owner = owners.get(key);
      if (owner && owner.id !== id) report('unique-error', ALIASES_COL + 1, msg.placeAliasTaken(alias, owner.id, owner.line));
      else if (!owner) owners.set(key, { id, line });
    }
  };
  const text = (v: Cell | undefined): string => (typeof v === 'string' ? v : '');
  const names = (v: readonly Cell[], at: number): Names => ({ en: text(v[at]), ja: text(v[at + 1]), ru: text(v[at + 2]) });
  const result = await readTable(
    PLACES_TABLE,
    createReadStream(path),
    basename(path),
    (v): Place => ({
      id: v[0] as string,
      kind: v[1] as string,
      part_of: text(v[2]),
      name: names(v, 3),
      russian: names(v, 6),
      japanese: names(v, 9),
      neutral: names(v, 12),
      aliases: text(v[ALIASES_COL]).split('|'),
    }),
    { rowRule },
  );
  if (result.problems.length > 0) throw new InputError(result.problems);
  return result.rows;
}

/**
 * Reads an exchange-visits CSV file: validated rows by default, or a danfojs-node DataFrame with
 * `{ as: 'dataframe' }` (danfojs-node is loaded only then).
 * @throws InputError with every problem found, each with file, line and column.
 * @example
 * const df = await readExchangeVisits('data/exchange-visits.csv', { as: 'dataframe' });
 * df.shape // => [6, 10]
 */
export async function readExchangeVisits(path: string, options?: ReadOptions & { as?: 'rows' }): Promise<Visit[]>;
export async function readExchangeVisits(path: string, options: ReadOptions & { as: 'dataframe' }): Promise<DataFrame>;
export async function readExchangeVisits(
  path: string,
  options: ReadOptions & { as?: 'rows' | 'dataframe' } = {},
): Promise<Visit[] | DataFrame> {
  const rows = await readExchangeVisitsRows(path, options);
  if (options.as === 'dataframe') {
    const { visitsToDataFrame } = await import('./dataframe.js');
    return visitsToDataFrame(rows);
  }
  return rows;
}
