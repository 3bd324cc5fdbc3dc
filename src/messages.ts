// Every user-facing message lives here, so tests can assert exact text.

export { help, type CommandHelp } from './messages/help.js';
export { reasons, reconcileReasons, reconcileText } from './messages/reasons.js';

/** Error kinds, named as Frictionless names them. */
export type ProblemKind =
  | 'source-error'
  | 'encoding-error'
  | 'missing-label'
  | 'extra-label'
  | 'duplicate-label'
  | 'blank-label'
  | 'incorrect-label'
  | 'blank-row'
  | 'missing-cell'
  | 'extra-cell'
  | 'type-error'
  | 'constraint-error'
  | 'unique-error'
  | 'foreign-key-error';

const q = (s: string): string => JSON.stringify(s);
const preview = (s: string): string => q(s.length > 40 ? `${s.slice(0, 37)}...` : s);
const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
const helpCommand = (command: string): string =>
  command === 'kuril-exchange' ? 'kuril-exchange --help' : `kuril-exchange ${command} --help`;
const hex4 = (c: number): string => c.toString(16).padStart(4, '0');
/** `preview`, with DEL and the C1 controls escaped too (JSON escapes only C0). */
const previewEscaped = (s: string): string => preview(s).replace(/[\u007f-\u009f]/g, (c) => `\\u${hex4(c.charCodeAt(0))}`);

export const msg = {
  chartNoSources: () => 'no multi-year figures reconciled, so there is nothing to set against the year they run to',
  // places (places.csv, --places)
  placeAliasEmpty: (aliases: string) =>
    `column "aliases": ${preview(aliases)} has an empty alias; expected names separated by "|" (remove the extra "|")`,
  placeAliasTaken: (alias: string, owner: string, line: number) =>
    `column "aliases": ${q(alias)} already names place ${q(owner)} (line ${line}); expected each alias to name one place only`,
  langUnknown: (command: string, got: string, langs: readonly string[]) =>
    `${command}: --lang must be one of ${langs.join(', ')}, got ${q(got)}`,
  namingUnknown: (command: string, got: string, namings: readonly string[]) =>
    `${command}: --naming must be one of ${namings.join(', ')}, got ${q(got)}`,
  // At most 10 names: a file of many regions would otherwise print every one of them on one line.
  placesUnmatched: (names: readonly string[]) =>
    `note: ${names.length} place name${names.length === 1 ? '' : 's'} not in the places table, shown as written: ${names
      .slice(0, 10)
      .map(q)
      .join(', ')}${names.length > 10 ? `, and ${names.length - 10} more (give your own with --places FILE)` : ''}`,

  // source and encoding
  emptyFile: () => 'the file is empty: expected a header row',
  onlyBlankLines: () => 'the file holds only blank lines: expected a header row',
  utf16: (endian: 'LE' | 'BE') => `the file is UTF-16 (${endian}); expected UTF-8 (save it as "CSV UTF-8")`,
  invalidUtf8: (byte: number) =>
    `byte 0x${byte.toString(16).padStart(2, '0').toUpperCase()} is not valid UTF-8; expected UTF-8 text (save it as "CSV UTF-8")`,
  unclosedQuote: () => 'a quoted field opens here and is never closed (add the closing ")',
  textAfterQuote: (got: string) =>
    `text ${got ? `${q(got)} ` : ''}after a closing quote; expected a comma or the end of the line (write "" for a quote inside a quoted field)`,
  strayQuote: () => 'a quote inside an unquoted field; expected the whole field in quotes with inner quotes doubled ("a ""b"" c")',
  recordTooLarge: (limit: number) => `a record longer than ${limit} characters; expected short rows (is a quote left open above?)`,
  csvSyntax: (detail: string) => `the CSV cannot be parsed here: ${detail}`,
  tooManyProblems: (shown: number) => `stopped after ${shown} problems; fix these and run again`,

  // header
  blankLabel: (hint: string) => `column header is blank${hint}`,
  duplicateLabel: (label: string, first: number) => `column header ${q(label)} repeats column ${first}`,
  missingLabel: (name: string) => `column ${q(name)} is missing from the header`,
  extraLabel: (label: string) => `unexpected column ${q(label)}; expected only the columns listed in the schema`,
  incorrectLabel: (label: string, expected: string, hint: string) => `column header ${q(label)}; expected ${q(expected)}${hint}`,
  hintPadded: (name: string) => ` (remove the spaces: ${q(name)})`,
  hintCase: (name: string) => ` (write ${q(name)})`,
  hintOrder: (columns: readonly string[]) => ` (columns must come in this order: ${columns.join(',')})`,
  hintDelimiter: (delimiter: string) => ` (the file looks ${delimiter}-delimited; use commas)`,
  hintTrailingComma: () => ' (remove the trailing comma)',
  hintTrailingCommas: (n: number) => ` (remove the ${n} trailing commas)`,
  expectedHeader: (columns: readonly string[]) => ` (expected ${columns.join(',')})`,

  // rows
  blankRow: () => 'blank row; expected a data row (delete it)',
  missingCell: (got: number, expected: number, missing: readonly string[]) =>
    `row has ${got} cell${got === 1 ? '' : 's'}, expected ${expected} (missing ${missing.map(q).join(', ')})`,
  extraCell: (got: number, expected: number, hint: string) => `row has ${got} cells, expected ${expected}${hint}`,

  // cells
  required: (field: string) => `column ${q(field)}: a value is required`,
  notWholeNumber: (field: string, value: string, hint: string) => `column ${q(field)}: ${preview(value)} is not a whole number${hint}`,
  hintWrite: (fixed: string) => ` (write ${fixed})`,
  hintSpaces: () => ' (remove the spaces)',
  hintDigits: () => ' (write the number with digits 0-9 only)',
  belowMinimum: (field: string, value: string, min: number) => `column ${q(field)}: ${preview(value)} is below the minimum ${min}`,
  aboveMaximum: (field: string, value: string, max: number) => `column ${q(field)}: ${preview(value)} is above the maximum ${max}`,
  tooLarge: (field: string, value: string) =>
    `column ${q(field)}: ${preview(value)} is too large to hold exactly (the limit is ${Number.MAX_SAFE_INTEGER})`,
  notInEnum: (field: string, value: string, allowed: readonly string[], hint: string) =>
    `column ${q(field)}: ${preview(value)} is not one of ${allowed.join(', ')}${hint}`,
  noSuchDate: (field: string, value: string) => `column ${q(field)}: ${preview(value)} is not a day of the calendar; expected a real date`,
  controlCharacter: (field: string, value: string, at: number) =>
    `column ${q(field)}: ${previewEscaped(value)} holds the control character U+${hex4(value.charCodeAt(at)).toUpperCase()} ` +
    `at character ${at + 1} (delete it; text may hold tabs, and line breaks inside a quoted field, but no other control characters)`,
  expectedSlug: () => 'a slug (letters, digits and -, _ or . between them)',
  expectedPattern: (pattern: string) => `in the form ${pattern}`,
  expectedSourceDate: () => 'a date: YYYY, YYYY-MM, YYYY-MM-DD or a date-time such as 2019-05-23T09:30:00Z',
  patternMismatch: (field: string, value: string, what: string) => `column ${q(field)}: ${preview(value)} is not ${what}`,
  notDatetime: (field: string, value: string) =>
    `column ${q(field)}: ${preview(value)} is not an ISO 8601 date-time (write 2021-07-29T00:23:00Z)`,
  periodReversed: (start: number, end: number) => `column "period_end": ${end} is before period_start ${start}`,
  quoteLacksCount: (count: string, forms: readonly string[]) =>
    `column "quote": the quote does not contain the count ${count} (looked for ${forms.map(q).join(' or ')})`,
  duplicateId: (id: string, firstLine: number) => `column "id": ${preview(id)} is already used on line ${firstLine}`,
  duplicateKey: (firstLine: number, columns: readonly string[]) =>
    `same ${columns.join(', ')} as line ${firstLine}; expected one row per figure and source`,
  cannotWrite: (path: string | null, detail: string) =>
    `cannot write${path ? ` ${JSON.stringify(path)}` : ''}: ${detail}; earlier outputs are unchanged`,
  unknownSource: (id: string, file: string) => `column "source_id": ${preview(id)} is not an id in ${file}`,

  // notebook
  notebookUsage: () => 'notebook: expected one FILE.ts (see kuril-exchange notebook --help)',
  notebookNotTypeScript: (file: string) =>
    `notebook: ${q(file)} is not a .ts file; expected a percent-format TypeScript notebook (cells start with "// %%")`,
  notebookCellError: (where: string, cell: number, ename: string, evalue: string) => `${where}: ${ename}: ${evalue} (cell ${cell})`,
  notebookNotRun: (count: number) =>
    `${count} later code cell${count === 1 ? '' : 's'} not run; use --allow-errors to run ${count === 1 ? 'it' : 'them'} anyway`,
  notebookRan: (file: string, ran: number, total: number, errors: number) =>
    `${file}: ran ${ran} of ${total} code cell${total === 1 ? '' : 's'}${errors ? `, ${errors} error${errors === 1 ? '' : 's'}` : ''}`,
  notebookWrote: (path: string) => `wrote ${path}`,
  notebookCodeOutsideCell: (cellType: string | null) =>
    `code outside a code cell (is a "// " missing in a ${cellType === null ? 'header' : `${cellType} cell`}?)`,
  notebookStatementAcrossCells: (from: number, to: number) =>
    `a statement runs from cell ${from} into cell ${to}; end it before the "// %%" line`,
  notebookChartFiles: (name: string, svg: string, png: string) => `chart ${name}: ${svg}, ${png}`,

  // notebook --watch: the live preview
  previewServing: (url: string) => `serving ${url}`,
  previewHostWarning: (host: string, port: number) =>
    `warning: --host ${host}: the preview (your notebook, its outputs and the data it shows) can be read by anyone who can reach ${host} on port ${port}, with no password; use it only on a network you trust`,
  previewPortInUse: (port: number) => `notebook: port ${port} is in use; choose another with --port N (--port 0 lets the system pick one)`,
  previewNoFreePort: (from: number, to: number) =>
    `notebook: ports ${from} to ${to} are all in use; choose a free one with --port N (--port 0 lets the system pick one)`,
  previewCannotListen: (host: string, port: number, why: string) =>
    `notebook: cannot listen on ${host} port ${port}: ${why} (check --host and --port)`,
  previewBadPort: (value: string) => `notebook: --port needs a whole number from 0 to 65535, got ${q(value)}`,
  previewNeedsWatch: (option: string) => `notebook: --${option} works only with --watch`,
  openerNotOnPath: (opener: string) => `${opener} is not on PATH`,
  previewOpenerMissing: (opener: string, url: string) => `no browser opener found (${opener}); open ${url} yourself`,
  previewOpenFailed: (opener: string, url: string, why: string) => `${opener} could not open the browser (${why}); open ${url} yourself`,
  previewRunStarted: (changed: readonly string[]) => `changed: ${changed.join(', ')}; running the notebook`,
  previewFirstRun: (file: string) => `running ${file}`,
  previewRunCancelled: () => 'run cancelled: a newer change came in',
  previewRan: (summary: string, seconds: string) => `${summary} in ${seconds} s`,
  previewTextOnly: (file: string) => `${file}: only markdown changed; page updated without running the code again`,
  previewCannotRun: (file: string, why: string) => `cannot run ${file}: ${why}; waiting for the next change`,
  previewRunStopped: (file: string, why: string) => `the run of ${file} stopped: ${why}; waiting for the next change`,
  previewFileMissing: (file: string) => `${file} is gone; waiting for it to come back`,
  previewStopped: () => 'stopped the preview',
  // the preview page's status line and cell notes
  statusStarting: (reason: string) => `Starting a run (${reason})\u2026`,
  statusRunning: (k: number, n: number) => `Running cell ${k} of ${n}\u2026`,
  statusLastRun: (time: string, seconds: string) => `Last run ${time} (${seconds} s)`,
  statusTextOnly: (time: string) => `Updated ${time}: only markdown changed, code not run again`,
  statusRan: (ran: number, total: number) => `ran ${ran} of ${total} code cell${total === 1 ? '' : 's'}`,
  statusErrors: (errors: number) => `${errors} error${errors === 1 ? '' : 's'}`,
  statusNoRunYet: () => 'No run yet',
  statusCannotRun: (time: string, why: string) => `${time}: cannot run: ${why}`,
  statusDisconnected: () => 'Disconnected from the preview server (is it still running?); reconnecting\u2026',
  cellUnchanged: () => 'unchanged since the last good run',
  cellChanged: () => 'changed since the last good run',
  // answers of the preview server to requests it refuses
  httpWrongHost: () =>
    'Refused: this preview server answers only requests for localhost or 127.0.0.1 with its port (Host header), against DNS rebinding.\n',
  httpTraversal: () => 'Refused: the path leaves the preview (".." or an encoded form of it); only / and /events are served.\n',
  httpNotFound: () => 'Not found: this preview server serves only the notebook page (/) and its update stream (/events).\n',
  httpMethod: () => 'Method not allowed: use GET.\n',
  httpTooManyClients: () => 'Too many open preview pages; close some and reload.\n',

  // build and verify
  formatsUnknown: (got: string, allowed: readonly string[]) =>
    `build: --formats: ${q(got)} is not a format; expected a comma-separated list of ${allowed.join(', ')}`,
  formatsEmpty: (allowed: readonly string[]) => `build: --formats needs at least one of ${allowed.join(', ')}`,
  buildUsage: () => 'build: expected at most one FILE (see kuril-exchange build --help)',
  outIsSymlink: (dir: string) =>
    `--out ${q(dir)} is a symbolic link; give the folder itself (a build replaces the folder, so it would replace the link)`,
  outNotFolder: (dir: string) => `--out ${q(dir)} exists and is not a folder`,
  outNotOurs: (dir: string) =>
    `--out ${q(dir)} is not empty and holds no manifest.json written by kuril-exchange; refusing to replace it (choose a new or empty folder)`,
  buildDone: (dir: string, files: number, report: string | null) => `${dir}: ${files} files written${report ? `; open ${report}` : ''}`,
  verifyUsage: () => 'verify: expected at most one DIR (see kuril-exchange verify --help)',
  manifestMissing: (dir: string) => `${dir}: no manifest.json; expected a folder written by kuril-exchange build`,
  manifestInvalid: (file: string, why: string) => `${file} is not a kuril-exchange manifest: ${why}`,
  verifyInputMissing: (path: string) =>
    `the input ${q(path)} recorded in the manifest cannot be read; run verify from the folder the build ran in`,
  verifyInputChanged: (path: string) => `input changed since the build: ${path} (its sha256 differs from the manifest)`,
  verifyVersion: (built: string, now: string) =>
    `built with kuril-exchange ${built}, verifying with ${now}: differences may come from the tool`,
  verifyDiffers: (path: string) => `differs: ${path}`,
  verifyMissing: (path: string) => `missing: ${path} (a fresh build writes it)`,
  verifyExtra: (path: string) => `extra: ${path} (a fresh build does not write it)`,
  verifyOk: (dir: string, files: number) => `${dir}: all ${files} files match a fresh build`,
  verifyFailed: (dir: string, count: number) => `${dir}: ${count} difference${count === 1 ? '' : 's'} from a fresh build`,
  unknownOutputTable: (file: string, names: readonly string[]) =>
    `${q(file)} is not a table a build writes; expected one of ${names.join(', ')}`,
  notNumber: (field: string, value: string) =>
    `column ${q(field)}: ${preview(value)} is not a number (write digits with a dot for decimals, as 2.85)`,
  notBoolean: (field: string, value: string) => `column ${q(field)}: ${preview(value)} is not true or false`,
  notJsonTable: (why: string) => `expected a JSON list of rows (objects): ${why}`,

  // command line
  unknownCommand: (name: string, commands: readonly string[]) => `unknown command ${q(name)}; commands: ${commands.join(', ')}`,
  unknownOption: (command: string, option: string) => `${command}: unknown option ${option} (see ${helpCommand(command)})`,
  optionNeedsValue: (command: string, option: string, value: string) => `${command}: --${option} needs a value ${value}`,
  optionTakesNoValue: (command: string, option: string) => `${command}: --${option} takes no value`,
  notYear: (command: string, option: string, got: string) => `${command}: --${option} needs a four-digit year, got ${q(got)}`,
  /** A message as the command line prints it to stderr. */
  fromCli: (message: string) => `kuril-exchange: ${message}`,
  /** A worker thread ended before it answered (`thread`: "the build thread", "the reader thread", …). */
  threadStopped: (thread: string, code: number) => `${thread} stopped (exit code ${code})`,
  threadClosed: (thread: string) => `${thread} was closed`,
  notebookFailed: (name: string, ename: string, evalue: string) => `notebook ${name} failed: ${ename}: ${evalue}`,
  internalError: (detail: string, debug: boolean) => `internal error: ${detail}${debug ? '' : ' (run with --debug for details)'}`,
  analyzeUsage: () => 'analyze: expected at most one FILE (see kuril-exchange analyze --help)',
  analyzeTableRequired: () => 'analyze: --table is required: ratios, shares, changes or cumulative',
  analyzeFormat: (got: string) => `analyze: --format must be csv or json, got ${q(got)}`,
  analyzeTable: (got: string, names: readonly string[]) => `analyze: --table must be one of ${names.join(', ')}, got ${q(got)}`,
  validateUsage: () => 'validate: expected one FILE (see kuril-exchange validate --help)',

  // progress and summaries
  reading: (file: string) => `reading ${file}`,
  reconciling: (file: string) => `reconciling ${file}`,
  noRows: (file: string) => `${file} has no rows: nothing to compare`,
  analysing: (figures: number) => `analysing ${plural(figures, 'figure')}`,
  drawing: (charts: number) => `drawing ${plural(charts, 'chart')}`,
  rendering: (charts: number) => `rendering ${plural(charts, 'chart')}`,
  writing: (what: string) => `writing ${what}`,
  runningNotebook: (name: string) => `running notebook ${name}`,
  buildCommitting: (dir: string) => `moving the new folder into place: ${dir}`,
  verifyReading: () => 'reading the inputs recorded in the manifest',
  verifyBuilding: () => 'building again into a temporary folder',
  verifyComparing: () => 'comparing',
  validateProblems: (file: string, problems: number, rows: number) => `${file}: ${plural(problems, 'problem')} in ${plural(rows, 'row')}`,
  validateEmpty: (file: string) => `${file}: valid, 0 rows (header only: nothing to compare)`,
  validateOk: (file: string, rows: number, pairs: number, minYear: number, maxYear: number, open: number, sources: number) =>
    `${file}: valid, ${plural(rows, 'row')}, ${plural(pairs, 'place pair')}, years ${minYear}-${maxYear}` +
    `${open ? ` (${open} open-ended)` : ''}, ${plural(sources, 'source')}`,

  // charts
  chartNoSingleYears: () => 'no single-year figures, so there are no yearly bars to draw',
  chartNoRatios: () => 'no period has figures in both directions, so there is no ratio to draw',
  chartNoMultiYear: () => 'no multi-year ("since") figures to draw',
  chartNoShares: () => 'no period has figures in both directions, so there is no share to draw',
  chartNoChanges: () => 'no place pair has two single years with figures to compare, so there is no change to draw',
  chartSkipped: (name: string, reason: string) => `chart ${name} skipped: ${reason}`,
  chartsUsage: () => 'charts: expected at most one FILE (see kuril-exchange charts --help)',
  chartsOutRequired: () => 'charts: --out DIR is required (the folder to write the charts to)',
  chartsFormatUnknown: (got: string, allowed: readonly string[]) =>
    `charts: --formats: ${q(got)} is not a format; expected a comma-separated list of ${allowed.join(', ')}`,
  chartsFormatsEmpty: (allowed: readonly string[]) => `charts: --formats needs at least one of ${allowed.join(', ')}`,
  chartsWrote: (files: readonly string[]) => `wrote ${files.join(', ')}`,
  chartsDone: (dir: string, charts: number, files: number, skipped: number) =>
    `${dir}: ${charts} chart${charts === 1 ? '' : 's'}, ${files} file${files === 1 ? '' : 's'} written${skipped ? `, ${skipped} skipped` : ''}`,

  // progress of long work (on a terminal only)
  progressLine: (label: string, share: number, totalBytes: number, rows: number, rowsPerSecond: number, secondsLeft: number | null) =>
    `${label}: ${Math.floor(share * 100)}% of ${megabytes(totalBytes)}, ${count(rows)} rows, ${count(rowsPerSecond)} rows/s${
      secondsLeft === null ? '' : `, ${duration(secondsLeft)} left`
    }`,
  progressDone: (label: string, rows: number, totalBytes: number, seconds: number) =>
    `${label}: ${count(rows)} rows, ${megabytes(totalBytes)} in ${seconds.toFixed(1)} s${
      seconds > 0 ? ` (${count(rows / seconds)} rows/s)` : ''
    }`,
} as const;

/** A whole number with thousands separators: 1234567.8 → "1,234,568". */
function count(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** Bytes as megabytes (10^6): 80733113 → "80.7 MB". */
function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(bytes < 1e7 ? 1 : 0)} MB`;
}

/** Seconds, rounded up, as "4 s" or "2 min 05 s". */
function duration(seconds: number): string {
  const s = Math.ceil(seconds);
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
}
/** One problem found in an input file. `column` is the 1-based field number; `null` when the problem is not in one field. */
export interface Problem {
  readonly kind: ProblemKind;
  readonly file: string;
  readonly line: number;
  readonly column: number | null;
  readonly message: string;
}

/** `file:line:column: kind: message`, the form every problem is printed in. */
export function formatProblem(p: Problem): string {
  const where = p.column === null ? `${p.file}:${p.line}` : `${p.file}:${p.line}:${p.column}`;
  return `${where}: ${p.kind}: ${p.message}`;
}

/** Thrown when an input file is invalid; carries every problem found. */
export class InputError extends Error {
  readonly problems: readonly Problem[];
  constructor(problems: readonly Problem[]) {
    super(problems.length === 1 ? formatProblem(problems[0]!) : `${problems.length} problems:\n${problems.map(formatProblem).join('\n')}`);
    this.name = 'InputError';
    this.problems = problems;
  }
}

/** Thrown for a bad command line or option value (exit code 2). */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
