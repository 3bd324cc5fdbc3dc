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
  private readonly uniqueSeen: (KeyIndex | undefined)[];
  private readonly keySeen: { columns: number[]; names: readonly string[]; seen: KeyIndex; parts: (KeyIndex | undefined)[] }[];
  private readonly foreign: ({ values: ReadonlySet<string>; file: string } | undefined)[];
  private readonly max: number;

  constructor(spec: TableSpec, opts: ValidatorOptions) {
    this.spec = spec;
    this.opts = opts;
    this.names = spec.fields.map((f) => f.name);
    this.max = opts.maxProblems ?? 1000;
    this.uniqueSeen = spec.fields.map((f) => (f.unique ? new KeyIndex() : undefined));
    this.keySeen = (spec.uniqueKeys ?? []).map((names) => {
      const columns = names.map((n) => this.names.indexOf(n));
      // Text parts of a key (places, who, source) repeat from row to row: each distinct text is kept once.
      const parts = columns.map((c) => (spec.fields[c]?.type === 'integer' || spec.fields[c]?.type === 'number' ? undefined : new KeyIndex()));
      return { names, columns, seen: new KeyIndex(), parts };
    });
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
    // No cell holds anything but spaces (a line of commas, or of spaces): a blank row, whatever its length.
    if (raw.every((c) => c === '' || c.trim() === '')) {
      this.report('blank-row', line, null, msg.blankRow());
      return null;
    }
    if (raw.length !== n) {
      if (raw.length < n) {
        this.report('missing-cell', line, raw.length + 1, msg.missingCell(raw.length, n, this.names.slice(raw.length)));
      } else {
        const extra = raw.slice(n);
        const trailing = extra.every((c) => c === '') ? (extra.length === 1 ? msg.hintTrailingComma() : msg.hintTrailingCommas(extra.length)) : '';
        this.report('extra-cell', line, n + 1, msg.extraCell(raw.length, n, trailing));
      }
      return null;
    }
    const before = this.problems.length;
    // A cell that fails its own check is `undefined` in `values`, so later checks skip it but still run on the rest.
    const values: (Cell | undefined)[] = new Array(n);
    const fields = this.spec.fields;
    for (let i = 0; i < n; i++) {
      values[i] = this.cell(fields[i]!, raw[i]!, line, i + 1);
    }
    for (let i = 0; i < n; i++) {
      const v = values[i];
      if (v === null || v === undefined) continue;
      const seen = this.uniqueSeen[i];
      if (seen) {
        const key = String(v);
        const first = seen.firstOrAdd(key, line);
        if (first >= 0) this.report('unique-error', line, i + 1, msg.duplicateId(key, first));
      }
      const fk = this.foreign[i];
      if (fk && !fk.values.has(String(v))) this.report('foreign-key-error', line, i + 1, msg.unknownSource(String(v), fk.file));
    }
    for (const key of this.keySeen) {
      if (key.columns.some((c) => values[c] === undefined)) continue;
      // A key is stored as the numbers of its text parts and its numbers, e.g. "3,0,12,2001,2001,0": short, and
      // unambiguous since no part holds a comma. An empty cell (null) counts as an empty string: both are written as nothing.
      let k = '';
      for (let j = 0; j < key.columns.length; j++) {
        const v = values[key.columns[j]!];
        const part = key.parts[j];
        k += `${part ? part.numberOf(String(v ?? '')) : v === null ? '' : String(v)},`;
      }
      const first = key.seen.firstOrAdd(k, line);
      if (first >= 0) this.report('unique-error', line, (key.columns[0] ?? 0) + 1, msg.duplicateKey(first, key.names));
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

const BLOCK_BYTES = 1 << 22;

/** A copy of `a` with room for `n` items. */
function grown<A extends Uint32Array | Int32Array>(a: A, n: number): A {
  const b = new (a.constructor as new (n: number) => A)(n);
  b.set(a);
  return b;
}

/**
 * The values a unique column or key has had, each with the line it was first seen on.
 * Big files have millions of them, so they are kept as UTF-8 bytes in large blocks with an
 * open-addressing hash table on typed arrays: about 25 bytes per value besides its text,
 * against well over 100 for a `Map<string, number>`. Exact: equal hashes are confirmed byte by byte.
 */
export class KeyIndex {
  private readonly blocks: Buffer[] = [];
  /** Number of the first value stored in each block. */
  private readonly blockFirst: number[] = [];
  private used = 0; // bytes used in the last block
  private count = 0;
  private offsets = new Uint32Array(1024); // where each value's bytes start in its block
  private lengths = new Uint32Array(1024);
  private lines = new Uint32Array(1024);
  private hashes = new Int32Array(1024);
  private table = new Int32Array(2048); // value number + 1, or 0 for an empty slot

  get size(): number {
    return this.count;
  }

  /** The line `key` was first seen on, or -1 after recording it as seen on `line`. */
  firstOrAdd(key: string, line: number): number {
    const k = this.find(key, line);
    return this.added ? -1 : this.lines[k]!;
  }

  /** A small number standing for `key`: 0 for the first key seen, 1 for the next new one, and so on. */
  numberOf(key: string): number {
    // Most parts are a few texts repeated on every row: a small Map answers those faster than the table.
    const cached = this.recent.get(key);
    if (cached !== undefined) return cached;
    const k = this.find(key, 0);
    if (this.recent.size < 10_000) this.recent.set(key, k);
    return k;
  }

  private readonly recent = new Map<string, number>();

  private added = false;

  /** The number of `key`, storing it (seen on `line`) when it is new; sets `added`. */
  private find(key: string, line: number): number {
    // Write the key's bytes at the end of the last block; they are kept only if the key is new.
    const most = key.length * 3;
    let block = this.blocks[this.blocks.length - 1];
    if (!block || this.used + most > block.length) {
      // Blocks start small (most tables are small) and grow to BLOCK_BYTES.
      block = Buffer.allocUnsafe(Math.max(most, Math.min(BLOCK_BYTES, 0x10000 << this.blocks.length)));
      this.blocks.push(block);
      this.blockFirst.push(this.count);
      this.used = 0;
    }
    const start = this.used;
    const length = block.write(key, start, 'utf8');
    let h = 0x811c9dc5 | 0;
    for (let i = start, end = start + length; i < end; i++) h = Math.imul(h ^ block[i]!, 0x01000193);
    const mask = this.table.length - 1;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const found = this.table[slot]!;
      if (found === 0) {
        this.added = true;
        return this.add(slot, h, start, length, line);
      }
      const k = found - 1;
      if (this.hashes[k] === h && this.lengths[k] === length) {
        const offset = this.offsets[k]!;
        if (this.blockOf(k).compare(block, start, start + length, offset, offset + length) === 0) {
          this.added = false;
          return k;
        }
      }
    }
  }

  private blockOf(k: number): Buffer {
    let lo = 0;
    let hi = this.blockFirst.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.blockFirst[mid]! <= k) lo = mid;
      else hi = mid - 1;
    }
    return this.blocks[lo]!;
  }

  private add(slot: number, hash: number, start: number, length: number, line: number): number {
    const k = this.count++;
    if (k >= this.offsets.length) {
      const n = Math.ceil(this.offsets.length * 1.5);
      this.offsets = grown(this.offsets, n);
      this.lengths = grown(this.lengths, n);
      this.lines = grown(this.lines, n);
      this.hashes = grown(this.hashes, n);
    }
    this.offsets[k] = start;
    this.lengths[k] = length;
    this.lines[k] = Math.min(line, 0xffffffff);
    this.hashes[k] = hash;
    this.used = start + length;
    this.table[slot] = k + 1;
    if (this.count * 4 > this.table.length * 3) this.rehash();
    return k;
  }

  private rehash(): void {
    const table = new Int32Array(this.table.length * 2);
    const mask = table.length - 1;
    for (let k = 0; k < this.count; k++) {
      let slot = this.hashes[k]! & mask;
      while (table[slot] !== 0) slot = (slot + 1) & mask;
      table[slot] = k + 1;
    }
    this.table = table;
  }
}
