import { msg, type Problem, type ProblemKind } from '../messages.js';
import type { FieldSpec, TableSpec } from './schema.js';

/** A parsed cell: string, number or `null` for an empty optional cell. */
export type Cell = string | number | null;

/** Extra checks on a parsed row that one table needs beyond its schema. */
export type RowRule = (values: readonly (Cell | undefined)[], raw: readonly string[], line: number, report: (kind: ProblemKind, column: number | null, message: string) => void) => void;

export interface ValidatorOptions {
  /** File name used in problems. */
  file: string;
  /** For each field with a foreign key: the allowed values and the file they come from. */
  foreign?: ReadonlyMap<string, { values: ReadonlySet<string>; file: string }>;
  rowRule?: RowRule;
  /** Stop collecting after this many problems. */
  maxProblems?: number;
}

const WHOLE = /^[0-9]+$/;
const SIGNED_WHOLE = /^-[0-9]+$/;
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const TRIGGER = /^'+[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

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
  ['over', 'more_than'], ['more than', 'more_than'], ['morethan', 'more_than'], ['more-than', 'more_than'], ['>', 'more_than'], ['gt', 'more_than'],
  ['at least', 'at_least'], ['atleast', 'at_least'], ['at-least', 'at_least'], ['>=', 'at_least'], ['min', 'at_least'],
  ['about', 'approximately'], ['approx', 'approximately'], ['approx.', 'approximately'], ['around', 'approximately'], ['~', 'approximately'], ['circa', 'approximately'], ['ca.', 'approximately'],
  ['', 'exact'], ['exactly', 'exact'], ['=', 'exact'],
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
  private readonly uniqueSeen: Map<string, number>[];
  private readonly keySeen: { columns: number[]; names: readonly string[]; seen: Map<string, number> }[];
  private readonly foreign: ({ values: ReadonlySet<string>; file: string } | undefined)[];
  private readonly max: number;

  constructor(spec: TableSpec, opts: ValidatorOptions) {
    this.spec = spec;
    this.opts = opts;
    this.names = spec.fields.map((f) => f.name);
    this.max = opts.maxProblems ?? 1000;
    this.uniqueSeen = spec.fields.map(() => new Map());
    this.keySeen = (spec.uniqueKeys ?? []).map((names) => ({ names, columns: names.map((n) => this.names.indexOf(n)), seen: new Map() }));
    this.foreign = spec.fields.map((f) => opts.foreign?.get(f.name));
  }

  /** Whether the header matched, so rows can be checked. */
  get ready(): boolean {
    return this.headerOk;
  }

  report(kind: ProblemKind, line: number, column: number | null, message: string): void {
    if (this.full) return;
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
        this.report('blank-label', line, col, msg.blankLabel(trailingBlank && i === labels.length - 1 ? msg.hintTrailingComma() : want ? msg.hintWrite(JSON.stringify(want)) : ''));
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
    if (raw.length === 1 && raw[0] === '') {
      this.report('blank-row', line, null, msg.blankRow());
      return null;
    }
    if (raw.length !== n) {
      if (raw.every((c) => c === '')) {
        this.report('blank-row', line, null, msg.blankRow());
      } else if (raw.length < n) {
        this.report('missing-cell', line, raw.length + 1, msg.missingCell(raw.length, n, this.names.slice(raw.length)));
      } else {
        const trailing = raw.length === n + 1 && raw[n] === '';
        this.report('extra-cell', line, n + 1, msg.extraCell(raw.length, n, trailing ? msg.hintTrailingComma() : ''));
      }
      return null;
    }
    const before = this.problems.length;
    if (raw.every((c) => c === '')) {
      this.report('blank-row', line, null, msg.blankRow());
      return null;
    }
    // A cell that fails its own check is `undefined` in `values`, so later checks skip it but still run on the rest.
    const values: (Cell | undefined)[] = new Array(n);
    const fields = this.spec.fields;
    for (let i = 0; i < n; i++) {
      values[i] = this.cell(fields[i]!, raw[i]!, line, i + 1);
    }
    for (let i = 0; i < n; i++) {
      const v = values[i];
      if (v === null || v === undefined) continue;
      if (fields[i]!.unique) {
        const seen = this.uniqueSeen[i]!;
        const key = String(v);
        const first = seen.get(key);
        if (first !== undefined) this.report('unique-error', line, i + 1, msg.duplicateId(key, first));
        else seen.set(key, line);
      }
      const fk = this.foreign[i];
      if (fk && !fk.values.has(String(v))) this.report('foreign-key-error', line, i + 1, msg.unknownSource(String(v), fk.file));
    }
    for (const key of this.keySeen) {
      if (key.columns.some((c) => values[c] === undefined)) continue;
      // \u0000 cannot appear in a parsed UTF-8 cell we accept, so it separates key parts safely.
      const k = key.columns.map((c) => String(values[c] ?? '')).join('\u0000');
      const first = key.seen.get(k);
      if (first !== undefined) this.report('unique-error', line, (key.columns[0] ?? 0) + 1, msg.duplicateKey(first, key.names));
      else key.seen.set(k, line);
    }
    if (this.opts.rowRule) {
      this.opts.rowRule(values, raw, line, (kind, column, message) => this.report(kind, line, column, message));
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
        if (!WHOLE.test(raw)) {
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
        if (field.enum && !field.enum.includes(s)) {
          this.report('constraint-error', line, col, msg.notInEnum(field.name, s, field.enum, enumHint(s, field.enum)));
          return undefined;
        }
        if (field.pattern && !patternOf(field.pattern).test(s)) {
          this.report('constraint-error', line, col, msg.patternMismatch(field.name, s, field.name === 'id' || field.name.endsWith('_id') ? 'a slug (letters, digits and -, _ or . between them)' : `in the form ${field.pattern}`));
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
