import { msg, type Problem, type ProblemKind } from '../messages.js';
import type { FieldSpec, TableSpec } from './schema.js';
import { FORMULA_TRIGGER } from './format.js';
import type { Cell } from './types.js';
import { KeyIndex } from './unique/key-index.js';
import { TupleIndex } from './unique/tuple-index.js';

export type { Cell } from './types.js';

/** Extra checks on a parsed row that one table needs beyond its schema. */
export type RowRule = (
  values: readonly (Cell | undefined)[],
  raw: readonly string[],
  line: number,
  report: (kind: ProblemKind, column: number | null, message: string) => void,
) => void;

export interface ValidatorOptions {
  /** File name used in problems. */
  file: string;
  /** For each field with a foreign key: the allowed values and the file they come from. */
  foreign?: ReadonlyMap<string, { values: ReadonlySet<string>; file: string }>;
  rowRule?: RowRule;
  /** Stop collecting after this many problems. */
  maxProblems?: number;
  /** About how many rows will be checked, to size the indexes of unique values at once. */
  expectedRows?: number;
  /** Record, for each problem, where in its row it was found and which unique value it names (see `trace`). */
  trace?: boolean;
}

/** Where problems come from in a row, in the order `row` checks: cells, then per column unique and foreign key, then keys, then the row rule. */
export const PHASE = {
  cells: 0,
  unique: (column: number): number => 1 + 2 * column,
  foreign: (column: number): number => 2 + 2 * column,
  key: (key: number): number => 1_000_000 + key,
  rule: 2_000_000,
} as const;

/** A unique column or key of a validator: its index of values seen, and how its problems are reported. */
export interface UniqueIndex {
  /** A `KeyIndex` for a unique column, a `TupleIndex` for a unique key. */
  readonly index: KeyIndex | TupleIndex;
  /** Column number (1-based) its problems are reported at. */
  readonly column: number;
  /** Its place among a row's checks (see `PHASE`). */
  readonly phase: number;
  /** The columns of a unique key; `undefined` for a unique column. */
  readonly names?: readonly string[];
}

/** What a tracing validator records about each problem, in the order of `problems`. */
export interface ProblemTrace {
  /** The problem's `PHASE`. */
  phase: number[];
  /** For a duplicate-value problem: the number of its `UniqueIndex`, else -1. */
  unique: number[];
  /** For a duplicate-value problem: the value's number in that index. */
  entry: number[];
}

const WHOLE = /^[0-9]+$/;
const SIGNED_WHOLE = /^-[0-9]+$/;
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const TRIGGER = new RegExp(`^'+${FORMULA_TRIGGER}`);
/** C0 and C1 control characters and DEL, except tab, LF and CR (which reach a cell only from inside quotes). */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

/** Whether `s` is one or more digits 0-9 (as `WHOLE` tests, without a regular expression). */
function digitsOnly(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** Undo the writer's formula neutralisation: `'=x` reads as `=x`. */
export function restoreText(s: string): string {
  return s.charCodeAt(0) === 39 && TRIGGER.test(s) ? s.slice(1) : s;
}

/** Why a string is not a whole number, as a hint. */
function integerHint(s: string): string {
  const t = s.trim();
  if (t !== s && (WHOLE.test(t) || SIGNED_WHOLE.test(t))) return msg.hintSpaces();
  if (/^[0-9]{1,3}([,.\u00a0\u202f' _])[0-9]{3}(\1[0-9]{3})*$/.test(t)) return msg.hintWrite(t.replace(/[^0-9]/g, ''));
  const n = Number(t);
  if (t !== '' && /^[0-9.]+e[+]?[0-9]+$/i.test(t) && Number.isSafeInteger(n)) return msg.hintWrite(String(n));
  if (/^[0-9]+\.0+$/.test(t)) return msg.hintWrite(t.replace(/\.0+$/, ''));
  return msg.hintDigits();
}

const QUALIFIER_HINTS = new Map<string, string>([
  ['over', 'more_than'],
  ['more than', 'more_than'],
  ['morethan', 'more_than'],
  ['more-than', 'more_than'],
  ['>', 'more_than'],
  ['gt', 'more_than'],
  ['at least', 'at_least'],
  ['atleast', 'at_least'],
  ['at-least', 'at_least'],
  ['>=', 'at_least'],
  ['min', 'at_least'],
  ['about', 'approximately'],
  ['approx', 'approximately'],
  ['approx.', 'approximately'],
  ['around', 'approximately'],
  ['~', 'approximately'],
  ['circa', 'approximately'],
  ['ca.', 'approximately'],
  ['', 'exact'],
  ['exactly', 'exact'],
  ['=', 'exact'],
]);

function enumHint(value: string, allowed: readonly string[]): string {
  const lower = value.trim().toLowerCase();
  const direct = allowed.find((a) => a === lower || a === lower.replace(/[\s-]+/g, '_'));
  if (direct) return msg.hintWrite(direct);
  const mapped = QUALIFIER_HINTS.get(lower);
  return mapped && allowed.includes(mapped) ? msg.hintWrite(mapped) : '';
}

/**
 * Checks rows of one table against its `TableSpec`, collecting every problem with its line and column.
 * Feed it the header, then each record with the line it starts on; read `problems` at the end.
 */
export class TableValidator {
  readonly problems: Problem[] = [];
  /** True once `maxProblems` is reached: stop feeding. */
  full = false;
  private readonly spec: TableSpec;
  private readonly opts: ValidatorOptions;
  private readonly names: string[];
  private headerOk = false;
  private readonly uniqueSeen: (KeyIndex | undefined)[];
  private readonly keySeen: { columns: number[]; names: readonly string[]; seen: TupleIndex }[];
  private readonly foreign: ({ values: ReadonlySet<string>; file: string } | undefined)[];
  private readonly max: number;
  /** See `ValidatorOptions.trace`; `null` when not tracing. */
  readonly trace: ProblemTrace | null;
  private phase = 0;
  // The row rule's report function, made once: it reports at `ruleLine`.
  private ruleLine = 0;
  private readonly ruleReport = (kind: ProblemKind, column: number | null, message: string): void =>
    this.report(kind, this.ruleLine, column, message);
  private uniqueRef = -1;
  private uniqueEntry = 0;

  constructor(spec: TableSpec, opts: ValidatorOptions) {
    this.spec = spec;
    this.opts = opts;
    this.names = spec.fields.map((f) => f.name);
    this.max = opts.maxProblems ?? 1000;
    this.uniqueSeen = spec.fields.map((f) => (f.unique ? new KeyIndex(opts.expectedRows) : undefined));
    this.keySeen = (spec.uniqueKeys ?? []).map((names) => {
      const columns = names.map((n) => this.names.indexOf(n));
      // Text parts of a key (places, who, source) repeat from row to row: each distinct text is kept once.
      return {
        names,
        columns,
        seen: new TupleIndex(
          columns.map((c) => spec.fields[c]?.type === 'integer'),
          opts.expectedRows,
        ),
      };
    });
    this.foreign = spec.fields.map((f) => opts.foreign?.get(f.name));
    this.trace = opts.trace ? { phase: [], unique: [], entry: [] } : null;
  }

  /** The unique columns (in column order), then the unique keys: their indexes of values seen so far. */
  uniqueIndexes(): UniqueIndex[] {
    const out: UniqueIndex[] = [];
    this.uniqueSeen.forEach((index, i) => {
      if (index) out.push({ index, column: i + 1, phase: PHASE.unique(i) });
    });
    this.keySeen.forEach((key, j) =>
      out.push({ index: key.seen, column: (key.columns[0] ?? 0) + 1, phase: PHASE.key(j), names: key.names }),
    );
    return out;
  }

  /** Checks rows without a header row (they come from the middle of a file whose header was checked elsewhere). */
  assumeHeader(): void {
    this.headerOk = true;
  }

  /** Whether the header matched, so rows can be checked. */
  get ready(): boolean {
    return this.headerOk;
  }

  report(kind: ProblemKind, line: number, column: number | null, message: string): void {
    if (this.full) return;
    if (this.trace) {
      this.trace.phase.push(this.phase);
      this.trace.unique.push(this.problems.length >= this.max ? -1 : this.uniqueRef);
      this.trace.entry.push(this.uniqueEntry);
    }
    if (this.problems.length >= this.max) {
      this.full = true;
      this.problems.push({ kind: 'source-error', file: this.opts.file, line, column: null, message: msg.tooManyProblems(this.max) });
      return;
    }
    this.problems.push({ kind, file: this.opts.file, line, column, message });
  }

  /** Checks the header row; returns whether rows can be checked against it. */
  header(labels: readonly string[], line: number): boolean {
    const expected = this.names;
    const before = this.problems.length;
    const trailingBlank = labels.length === expected.length + 1 && labels[labels.length - 1] === '';
    if (labels.length === 1 && expected.length > 1) {
      const only = labels[0] ?? '';
      const delimiter = [';', '\t', '|'].find((d) => only.includes(d));
      if (delimiter) {
        const name = delimiter === ';' ? 'semicolon' : delimiter === '\t' ? 'tab' : 'pipe';
        this.report('incorrect-label', line, 1, msg.incorrectLabel(only, expected[0]!, msg.hintDelimiter(name)));
        return false;
      }
    }
    const firstAt = new Map<string, number>();
    labels.forEach((label, i) => {
      const col = i + 1;
      const want = expected[i];
      if (label === '') {
        this.report(
          'blank-label',
          line,
          col,
          msg.blankLabel(
            trailingBlank && i === labels.length - 1 ? msg.hintTrailingComma() : want ? msg.hintWrite(JSON.stringify(want)) : '',
          ),
        );
        return;
      }
      const seen = firstAt.get(label);
      if (seen !== undefined) {
        this.report('duplicate-label', line, col, msg.duplicateLabel(label, seen));
        return;
      }
      firstAt.set(label, col);
      if (want === undefined) {
        this.report('extra-label', line, col, msg.extraLabel(label));
        return;
      }
      if (label === want) return;
      let hint = '';
      if (label.trim() === want) hint = msg.hintPadded(want);
      else if (label.trim().toLowerCase() === want.toLowerCase()) hint = msg.hintCase(want);
      else if (expected.includes(label.trim())) hint = msg.hintOrder(expected);
      this.report('incorrect-label', line, col, msg.incorrectLabel(label, want, hint));
    });
    for (let i = labels.length; i < expected.length; i++) {
      this.report('missing-label', line, i + 1, msg.missingLabel(expected[i]!));
    }
    this.headerOk = this.problems.length === before;
    return this.headerOk;
  }

  /**
   * Checks one data record that starts on `line`; returns its parsed cells, or `null` when the
   * row has a problem (problems are recorded).
   */
  row(raw: readonly string[], line: number): Cell[] | null {
    const n = this.names.length;
    // No cell holds anything but spaces (a line of commas, or of spaces): a blank row, whatever its length.
    this.phase = PHASE.cells;
    let blank = true;
    for (let i = 0; i < raw.length && blank; i++) blank = raw[i] === '' || raw[i]!.trim() === '';
    if (blank) {
      this.report('blank-row', line, null, msg.blankRow());
      return null;
    }
    if (raw.length !== n) {
      if (raw.length < n) {
        this.report('missing-cell', line, raw.length + 1, msg.missingCell(raw.length, n, this.names.slice(raw.length)));
      } else {
        const extra = raw.slice(n);
        const trailing = extra.every((c) => c === '')
          ? extra.length === 1
            ? msg.hintTrailingComma()
            : msg.hintTrailingCommas(extra.length)
          : '';
        this.report('extra-cell', line, n + 1, msg.extraCell(raw.length, n, trailing));
      }
      return null;
    }
    const before = this.problems.length;
    // A cell that fails its own check is `undefined` in `values`, so later checks skip it but still run on the rest.
    const values = new Array<Cell | undefined>(n);
    const fields = this.spec.fields;
    this.phase = PHASE.cells;
    for (let i = 0; i < n; i++) {
      values[i] = this.cell(fields[i]!, raw[i]!, line, i + 1);
    }
    let ref = 0; // number of the next UniqueIndex, in `uniqueIndexes` order
    for (let i = 0; i < n; i++) {
      const v = values[i];
      const seen = this.uniqueSeen[i];
      if (seen) ref++;
      if (v === null || v === undefined) continue;
      if (seen) {
        const key = String(v);
        const first = seen.firstOrAdd(key, line);
        if (first >= 0) {
          this.phase = PHASE.unique(i);
          this.uniqueRef = ref - 1;
          this.uniqueEntry = seen.lastEntry;
          this.report('unique-error', line, i + 1, msg.duplicateId(key, first));
          this.uniqueRef = -1;
        }
      }
      const fk = this.foreign[i];
      if (fk && !fk.values.has(String(v))) {
        this.phase = PHASE.foreign(i);
        this.report('foreign-key-error', line, i + 1, msg.unknownSource(String(v), fk.file));
      }
    }
    for (let j = 0; j < this.keySeen.length; j++) {
      const key = this.keySeen[j]!;
      let complete = true;
      for (let c = 0; c < key.columns.length && complete; c++) complete = values[key.columns[c]!] !== undefined;
      if (!complete) continue;
      const first = key.seen.firstOrAdd(values, key.columns, line);
      if (first >= 0) {
        this.phase = PHASE.key(j);
        this.uniqueRef = ref + j;
        this.uniqueEntry = key.seen.lastEntry;
        this.report('unique-error', line, (key.columns[0] ?? 0) + 1, msg.duplicateKey(first, key.names));
        this.uniqueRef = -1;
      }
    }
    if (this.opts.rowRule) {
      this.phase = PHASE.rule;
      this.ruleLine = line;
      this.opts.rowRule(values, raw, line, this.ruleReport);
    }
    return this.problems.length === before ? (values as Cell[]) : null;
  }

  /** A cell's value: `null` when empty and allowed, `undefined` when it has a problem. */
  private cell(field: FieldSpec, raw: string, line: number, col: number): Cell | undefined {
    if (raw === '') {
      if (field.required) {
        this.report('constraint-error', line, col, msg.required(field.name));
        return undefined;
      }
      return null;
    }
    switch (field.type) {
      case 'integer': {
        if (!digitsOnly(raw)) {
          if (SIGNED_WHOLE.test(raw) && field.minimum !== undefined && field.minimum >= 0) {
            this.report('constraint-error', line, col, msg.belowMinimum(field.name, raw, field.minimum));
          } else {
            this.report('type-error', line, col, msg.notWholeNumber(field.name, raw, integerHint(raw)));
          }
          return undefined;
        }
        const n = Number(raw);
        if (!Number.isSafeInteger(n)) {
          this.report('constraint-error', line, col, msg.tooLarge(field.name, raw));
          return undefined;
        }
        if (field.minimum !== undefined && n < field.minimum) {
          this.report('constraint-error', line, col, msg.belowMinimum(field.name, raw, field.minimum));
          return undefined;
        }
        if (field.maximum !== undefined && n > field.maximum) {
          this.report('constraint-error', line, col, msg.aboveMaximum(field.name, raw, field.maximum));
          return undefined;
        }
        return n;
      }
      case 'datetime':
        if (!DATETIME.test(raw) || Number.isNaN(Date.parse(raw))) {
          this.report('type-error', line, col, msg.notDatetime(field.name, raw));
          return undefined;
        }
        return raw;
      default: {
        const s = restoreText(raw);
        const control = CONTROL.exec(s);
        if (control) {
          this.report('constraint-error', line, col, msg.controlCharacter(field.name, s, control.index));
          return undefined;
        }
        if (field.enum && !field.enum.includes(s)) {
          this.report('constraint-error', line, col, msg.notInEnum(field.name, s, field.enum, enumHint(s, field.enum)));
          return undefined;
        }
        if (field.pattern && !patternOf(field.pattern).test(s)) {
          this.report(
            'constraint-error',
            line,
            col,
            msg.patternMismatch(
              field.name,
              s,
              field.name === 'id' || field.name.endsWith('_id')
                ? msg.expectedSlug()
                : field.patternHint
                  ? msg.expectedSourceDate()
                  : msg.expectedPattern(field.pattern),
            ),
          );
          return undefined;
        }
        return s;
      }
    }
  }
}

const patterns = new Map<string, RegExp>();
function patternOf(source: string): RegExp {
  let re = patterns.get(source);
  if (!re) patterns.set(source, (re = new RegExp(source)));
  return re;
}
