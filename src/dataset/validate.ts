import { msg, type Problem, type ProblemKind } from '../messages.js';
import type { FieldSpec, TableSpec } from './schema.js';

/** A parsed cell: string, number or `null` for an empty optional cell. */
export type Cell = string | number | null;

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
const TRIGGER = /^'+[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;
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

const BLOCK_BYTES = 1 << 22;

const PAGE_BITS = 12;
const PAGE = 1 << PAGE_BITS;
const PAGE_MASK = PAGE - 1;

/** A growing list of whole numbers below 2^32, in pages of 4096 (growing never copies them). */
class Pages {
  readonly pages: Uint32Array<ArrayBuffer>[] = [];

  get(k: number): number {
    return this.pages[k >>> PAGE_BITS]![k & PAGE_MASK]!;
  }

  /** Sets number `k`; numbers are set in order (`k` is at most one past the last one set). */
  set(k: number, v: number): void {
    const p = k >>> PAGE_BITS;
    if (p === this.pages.length) this.pages.push(new Uint32Array(PAGE));
    this.pages[p]![k & PAGE_MASK] = v;
  }
}

/** Hash table slots for about `expected` values, at most 3/4 full. */
function tableSlots(expected: number): number {
  let slots = 2048;
  while (slots * 3 < Math.min(expected, 1 << 24) * 4) slots *= 2;
  return slots;
}

/**
 * A bit for each hash in a table of (value number + 1, hash) slot pairs holding `count` values, about 16 bits
 * a value: a clear bit rules a hash out without a look in the table (bit: the hash's bits from the sixth up).
 */
function hashBits(table: Int32Array, count: number): Int32Array {
  let bits = 1 << 16;
  while (bits < count * 16 && bits < 1 << 28) bits *= 2;
  const seen = new Int32Array(bits >> 5);
  const mask = bits - 1;
  for (let i = 0; i < table.length; i += 2) {
    if (table[i] === 0) continue;
    const b = (table[i + 1]! >>> 5) & mask;
    seen[b >> 5]! |= 1 << (b & 31);
  }
  return seen;
}

/** FNV-1a of bytes `start` to `end` of `b`. */
function hashBytes(b: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5 | 0;
  for (let i = start; i < end; i++) h = Math.imul(h ^ b[i]!, 0x01000193);
  return h;
}

/** A hash table of (value number + 1, hash) slot pairs with twice the slots, the same values in it. */
function rehashed(old: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const slots = old.length; // twice as many slots as now
  const table = new Int32Array(2 * slots);
  const mask = slots - 1;
  for (let i = 0; i < old.length; i += 2) {
    const k1 = old[i]!;
    if (k1 === 0) continue;
    const h = old[i + 1]!;
    let slot = h & mask;
    while (table[2 * slot] !== 0) slot = (slot + 1) & mask;
    table[2 * slot] = k1;
    table[2 * slot + 1] = h;
  }
  return table;
}

/** A `KeyIndex` as plain data (see `KeyIndex.toData`). */
export interface KeyIndexData {
  blocks: ArrayBuffer[];
  blockFirst: number[];
  used: number;
  count: number;
  offsets: Uint32Array<ArrayBuffer>[];
  lengths: Uint32Array<ArrayBuffer>[];
  lines: Uint32Array<ArrayBuffer>[];
  table: Int32Array<ArrayBuffer>;
}

/**
 * The values a unique column or key has had, each with the line it was first seen on.
 * Big files have millions of them, so they are kept as UTF-8 bytes in large blocks with an
 * open-addressing hash table on typed arrays: about 30 bytes per value besides its text,
 * against well over 100 for a `Map<string, number>`. Exact: equal hashes are confirmed byte by byte.
 * The hash (FNV-1a over the UTF-8 bytes) does not depend on what else the index holds, so two indexes
 * can be compared value by value (`lineOf`).
 */
export class KeyIndex {
  private readonly blocks: Buffer[] = [];
  /** Number of the first value stored in each block. */
  private readonly blockFirst: number[] = [];
  private used = 0; // bytes used in the last block
  private count = 0;
  // Per value, in pages (they grow without copying): where its bytes start in its block, their length, its line.
  private readonly offsets = new Pages();
  private readonly lengths = new Pages();
  private readonly lines = new Pages();
  // Slot pairs: value number + 1 (0 for an empty slot) and its hash, so a probe reads one place; at most 3/4 full.
  private table: Int32Array<ArrayBuffer>;

  /** `expected`: about how many values it will hold, to allocate room for them at once. */
  constructor(expected = 0) {
    this.table = new Int32Array(2 * tableSlots(expected));
  }

  get size(): number {
    return this.count;
  }

  /** The number of the value the last `firstOrAdd` or `numberOf` found or added. */
  lastEntry = 0;

  /** The line `key` was first seen on, or -1 after recording it as seen on `line`. */
  firstOrAdd(key: string, line: number): number {
    const k = this.find(key, line);
    this.lastEntry = k;
    return this.added ? -1 : this.lines.get(k);
  }

  /** A small number standing for `key`: 0 for the first key seen, 1 for the next new one, and so on. */
  numberOf(key: string): number {
    // Most parts are a few texts repeated on every row: a small Map answers those faster than the table.
    const cached = this.recent.get(key);
    if (cached !== undefined) return cached;
    const k = this.find(key, 0);
    this.lastEntry = k;
    if (this.recent.size < 65_536) this.recent.set(key, k);
    return k;
  }

  private readonly recent = new Map<string, number>();

  private added = false;

  /** The line value number `k` was first seen on. */
  lineAt(k: number): number {
    return this.lines.get(k);
  }

  /** Value number `k`. */
  textAt(k: number): string {
    const offset = this.offsets.get(k);
    return this.blockOf(k).toString('utf8', offset, offset + this.lengths.get(k));
  }

  /** The line `other`'s value number `k` was first seen on here, or -1 when this index does not hold it. */
  lineOf(other: KeyIndex, k: number): number {
    const m = this.entryOf(other, k);
    return m < 0 ? -1 : this.lines.get(m);
  }

  /** The number here of `other`'s value number `k`, or -1 when this index does not hold it. */
  entryOf(other: KeyIndex, k: number): number {
    const length = other.lengths.get(k);
    const block = other.blockOf(k);
    const start = other.offsets.get(k);
    const h = hashBytes(block, start, start + length);
    const table = this.table;
    const mask = (table.length >> 1) - 1;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const found = table[2 * slot]!;
      if (found === 0) return -1;
      const m = found - 1;
      if (table[2 * slot + 1] === h && this.lengths.get(m) === length) {
        const offset = this.offsets.get(m);
        if (this.blockOf(m).compare(block, start, start + length, offset, offset + length) === 0) return m;
      }
    }
  }

  /** The index as plain data whose buffers can be transferred to another thread (see `KeyIndex.fromData`). */
  toData(): KeyIndexData {
    const n = this.count;
    return {
      blocks: this.blocks.map(
        (b) =>
          (b.byteOffset === 0 && b.byteLength === b.buffer.byteLength
            ? b.buffer
            : Uint8Array.prototype.slice.call(b).buffer) as ArrayBuffer,
      ),
      blockFirst: [...this.blockFirst],
      used: this.used,
      count: n,
      offsets: this.offsets.pages,
      lengths: this.lengths.pages,
      lines: this.lines.pages,
      table: this.table,
    };
  }

  /** An index from `toData`'s output (it takes over the buffers). */
  static fromData(d: KeyIndexData): KeyIndex {
    const x = new KeyIndex();
    for (const b of d.blocks) x.blocks.push(Buffer.from(b));
    x.blockFirst.push(...d.blockFirst);
    x.used = d.used;
    x.count = d.count;
    x.offsets.pages.push(...d.offsets);
    x.lengths.pages.push(...d.lengths);
    x.lines.pages.push(...d.lines);
    x.table = d.table;
    return x;
  }

  /** The buffers of `toData`'s output, to transfer. */
  static transferList(d: KeyIndexData): ArrayBuffer[] {
    return [...d.blocks, ...[...d.offsets, ...d.lengths, ...d.lines].map((p) => p.buffer), d.table.buffer] as ArrayBuffer[];
  }

  /** The last block, with room for `bytes` more. */
  private room(bytes: number): Buffer {
    let block = this.blocks[this.blocks.length - 1];
    if (!block || this.used + bytes > block.length) {
      // Blocks start small (most tables are small) and grow to BLOCK_BYTES.
      block = Buffer.allocUnsafe(Math.max(bytes, Math.min(BLOCK_BYTES, 0x10000 << this.blocks.length)));
      this.blocks.push(block);
      this.blockFirst.push(this.count);
      this.used = 0;
    }
    return block;
  }

  /** The number of `key`, storing it (seen on `line`) when it is new; sets `added`. */
  private find(key: string, line: number): number {
    // Most keys are ASCII: hash and compare their characters as they are (the same as their UTF-8 bytes).
    const n = key.length;
    let h = 0x811c9dc5 | 0;
    let all = 0;
    for (let i = 0; i < n; i++) {
      const c = key.charCodeAt(i);
      all |= c;
      h = Math.imul(h ^ c, 0x01000193);
    }
    if (all >= 0x80) return this.findBytes(key, line);
    const table = this.table;
    const mask = (table.length >> 1) - 1;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const found = table[2 * slot]!;
      if (found === 0) {
        const block = this.room(n);
        const start = this.used;
        for (let i = 0; i < n; i++) block[start + i] = key.charCodeAt(i);
        this.added = true;
        return this.add(slot, h, start, n, line);
      }
      const k = found - 1;
      if (table[2 * slot + 1] === h && this.lengths.get(k) === n) {
        const block = this.blockOf(k);
        const offset = this.offsets.get(k);
        let i = 0;
        while (i < n && block[offset + i] === key.charCodeAt(i)) i++;
        if (i === n) {
          this.added = false;
          return k;
        }
      }
    }
  }

  /** `find` for a key with characters beyond ASCII: its UTF-8 bytes are written first, and kept only if it is new. */
  private findBytes(key: string, line: number): number {
    const block = this.room(key.length * 3);
    const start = this.used;
    const length = block.write(key, start, 'utf8');
    const h = hashBytes(block, start, start + length);
    const table = this.table;
    const mask = (table.length >> 1) - 1;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const found = table[2 * slot]!;
      if (found === 0) {
        this.added = true;
        return this.add(slot, h, start, length, line);
      }
      const k = found - 1;
      if (table[2 * slot + 1] === h && this.lengths.get(k) === length) {
        const offset = this.offsets.get(k);
        if (this.blockOf(k).compare(block, start, start + length, offset, offset + length) === 0) {
          this.added = false;
          return k;
        }
      }
    }
  }

  private blockOf(k: number): Buffer {
    const first = this.blockFirst;
    let lo = first.length - 1;
    if (first[lo]! <= k) return this.blocks[lo]!;
    lo = 0;
    let hi = first.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (first[mid]! <= k) lo = mid;
      else hi = mid - 1;
    }
    return this.blocks[lo]!;
  }

  private add(slot: number, hash: number, start: number, length: number, line: number): number {
    const k = this.count++;
    this.offsets.set(k, start);
    this.lengths.set(k, length);
    this.lines.set(k, Math.min(line, 0xffffffff));
    this.used = start + length;
    this.table[2 * slot] = k + 1;
    this.table[2 * slot + 1] = hash;
    if (this.count * 8 > this.table.length * 3) this.rehash();
    return k;
  }

  private rehash(): void {
    this.table = rehashed(this.table);
  }

  /**
   * The values of `other` this index also holds, as [value number in `other`, line first seen here] pairs.
   * A bit per hash, set for this index's values, rules out almost every other value without a probe.
   */
  shared(other: KeyIndex): [number, number][] {
    const found: [number, number][] = [];
    if (this.count === 0 || other.count === 0) return found;
    const seen = hashBits(this.table, this.count);
    const mask = seen.length * 32 - 1;
    for (let k = 0; k < other.count; k++) {
      const start = other.offsets.get(k);
      const b = (hashBytes(other.blockOf(k), start, start + other.lengths.get(k)) >>> 5) & mask;
      if ((seen[b >> 5]! & (1 << (b & 31))) === 0) continue;
      const line = this.lineOf(other, k);
      if (line >= 0) found.push([k, line]);
    }
    return found;
  }
}

/** A `TupleIndex` as plain data (see `TupleIndex.toData`). */
export interface TupleIndexData {
  width: number;
  count: number;
  tuples: Int32Array<ArrayBuffer>[];
  lines: Uint32Array<ArrayBuffer>[];
  table: Int32Array<ArrayBuffer>;
  /** Per part: its texts (a text part) or its numbers in order (a number part). */
  parts: (KeyIndexData | Float64Array<ArrayBuffer>)[];
}

/** Mixes one more number into a hash. */
function mix(h: number, x: number): number {
  h = Math.imul(h ^ x, 0x5bd1e995);
  return h ^ (h >>> 15);
}

/** The last mixing step, so the low bits (the table slot) depend on every part. */
function finish(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/**
 * The values a unique key (several columns) has had, each with the line it was first seen on. A key is kept
 * as a tuple of small numbers: each text part is numbered by the texts of its column (kept once each in a
 * `KeyIndex`), each number part by the numbers of its column, an empty number cell is -1 and an empty text
 * cell the empty text. About 45 bytes a key, whatever its texts. Two indexes of the same key can be compared
 * (`shared`) by renumbering one's parts as the other's.
 */
export class TupleIndex {
  readonly width: number;
  private readonly texts: (KeyIndex | null)[];
  private readonly numbers: (Map<number, number> | null)[];
  private readonly numberValues: (number[] | null)[];
  // The last two values of each part and their numbers: rows come in runs that share them.
  private readonly last1: (string | number | null)[];
  private readonly num1: number[];
  private readonly last2: (string | number | null)[];
  private readonly num2: number[];
  private readonly tuple: Int32Array;
  private count = 0;
  // Per key, in pages: its parts' numbers (`width` of them), and its line.
  private readonly tuples: Int32Array<ArrayBuffer>[] = [];
  private readonly lines = new Pages();
  // Slot pairs: value number + 1 (0 for an empty slot) and its hash; at most 3/4 full.
  private table: Int32Array<ArrayBuffer>;
  private added = false;

  /** The number of the key the last `firstOrAdd` found or added. */
  lastEntry = 0;

  /** `numeric[i]`: whether part `i` is a number column. `expected`: about how many keys it will hold. */
  constructor(numeric: readonly boolean[], expected = 0) {
    this.width = numeric.length;
    this.texts = numeric.map((n) => (n ? null : new KeyIndex()));
    this.numbers = numeric.map((n) => (n ? new Map() : null));
    this.numberValues = numeric.map((n) => (n ? [] : null));
    this.last1 = numeric.map(() => null);
    this.last2 = numeric.map(() => null);
    this.num1 = numeric.map(() => -2);
    this.num2 = numeric.map(() => -2);
    this.tuple = new Int32Array(this.width);
    this.table = new Int32Array(2 * tableSlots(expected));
  }

  get size(): number {
    return this.count;
  }

  /** The line key number `k` was first seen on. */
  lineAt(k: number): number {
    return this.lines.get(k);
  }

  /** The number of part `i`'s value `v` (a cell: text, number or null), numbering it when new. */
  private partNumber(i: number, v: Cell | undefined): number {
    const texts = this.texts[i];
    const value: string | number | null = texts ? (v === null || v === undefined ? '' : String(v)) : typeof v === 'number' ? v : null;
    if (value === this.last1[i] && this.num1[i]! >= -1) return this.num1[i]!;
    if (value === this.last2[i] && this.num2[i]! >= -1) return this.num2[i]!;
    let k: number;
    if (texts) {
      k = texts.numberOf(value as string);
    } else if (value === null) {
      k = -1;
    } else {
      const known = this.numbers[i]!.get(value as number);
      if (known === undefined) {
        k = this.numberValues[i]!.length;
        this.numbers[i]!.set(value as number, k);
        this.numberValues[i]!.push(value as number);
      } else {
        k = known;
      }
    }
    this.last2[i] = this.last1[i]!;
    this.num2[i] = this.num1[i]!;
    this.last1[i] = value;
    this.num1[i] = k;
    return k;
  }

  /**
   * The line the key made of `values` at `columns` was first seen on, or -1 after recording it as seen on
   * `line`. (An empty text cell counts as an empty text; an empty number cell as no number.)
   */
  firstOrAdd(values: readonly (Cell | undefined)[], columns: readonly number[], line: number): number {
    const t = this.tuple;
    let h = 0x811c9dc5 | 0;
    for (let i = 0; i < this.width; i++) {
      const x = this.partNumber(i, values[columns[i]!]);
      t[i] = x;
      h = mix(h, x);
    }
    const k = this.find(t, finish(h), line);
    this.lastEntry = k;
    return this.added ? -1 : this.lines.get(k);
  }

  private find(t: Int32Array, h: number, line: number): number {
    const w = this.width;
    const table = this.table;
    const mask = (table.length >> 1) - 1;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const found = table[2 * slot]!;
      if (found === 0) {
        this.added = true;
        return this.add(slot, h, t, line);
      }
      if (table[2 * slot + 1] === h) {
        const k = found - 1;
        const page = this.tuples[k >>> PAGE_BITS]!;
        const at = (k & PAGE_MASK) * w;
        let i = 0;
        while (i < w && page[at + i] === t[i]) i++;
        if (i === w) {
          this.added = false;
          return k;
        }
      }
    }
  }

  private add(slot: number, hash: number, t: Int32Array, line: number): number {
    const k = this.count++;
    if (k >>> PAGE_BITS === this.tuples.length) this.tuples.push(new Int32Array(PAGE * this.width));
    this.tuples[k >>> PAGE_BITS]!.set(t, (k & PAGE_MASK) * this.width);
    this.lines.set(k, Math.min(line, 0xffffffff));
    this.table[2 * slot] = k + 1;
    this.table[2 * slot + 1] = hash;
    if (this.count * 8 > this.table.length * 3) this.table = rehashed(this.table);
    return k;
  }

  /**
   * The keys of `other` (an index of the same key) this index also holds, as [key number in `other`, line first
   * seen here] pairs: `other`'s parts are renumbered as this index numbers them, then looked up.
   */
  shared(other: TupleIndex): [number, number][] {
    const found: [number, number][] = [];
    if (this.count === 0 || other.count === 0) return found;
    const w = this.width;
    // Part numbers of `other` → part numbers here (-2: a value this index never saw, so no key of it is here).
    const renumber = other.texts.map((texts, i) => {
      if (texts) {
        const mine = this.texts[i]!;
        return Int32Array.from({ length: texts.size }, (_, k) => {
          const e = mine.entryOf(texts, k);
          return e < 0 ? -2 : e;
        });
      }
      const mine = this.numbers[i]!;
      return Int32Array.from(other.numberValues[i]!, (v) => mine.get(v) ?? -2);
    });
    const t = new Int32Array(w);
    const table = this.table;
    const mask = (table.length >> 1) - 1;
    const seen = hashBits(table, this.count);
    const bitMask = seen.length * 32 - 1;
    next: for (let k = 0; k < other.count; k++) {
      let h = 0x811c9dc5 | 0;
      const page = other.tuples[k >>> PAGE_BITS]!;
      const at = (k & PAGE_MASK) * w;
      for (let i = 0; i < w; i++) {
        const x = page[at + i]!;
        const y = x === -1 ? -1 : renumber[i]![x]!;
        if (y === -2) continue next;
        t[i] = y;
        h = mix(h, y);
      }
      h = finish(h);
      const b = (h >>> 5) & bitMask;
      if ((seen[b >> 5]! & (1 << (b & 31))) === 0) continue;
      for (let slot = h & mask; ; slot = (slot + 1) & mask) {
        const entry = table[2 * slot]!;
        if (entry === 0) continue next;
        if (table[2 * slot + 1] !== h) continue;
        const m = entry - 1;
        const mine = this.tuples[m >>> PAGE_BITS]!;
        const from = (m & PAGE_MASK) * w;
        let i = 0;
        while (i < w && mine[from + i] === t[i]) i++;
        if (i === w) {
          found.push([k, this.lines.get(m)]);
          continue next;
        }
      }
    }
    return found;
  }

  /** The index as plain data whose buffers can be transferred to another thread (see `TupleIndex.fromData`). */
  toData(): TupleIndexData {
    return {
      width: this.width,
      count: this.count,
      tuples: this.tuples,
      lines: this.lines.pages,
      table: this.table,
      parts: this.texts.map((texts, i) => (texts ? texts.toData() : Float64Array.from(this.numberValues[i]!))),
    };
  }

  /** An index from `toData`'s output (it takes over the buffers); it can be compared, not added to. */
  static fromData(d: TupleIndexData): TupleIndex {
    const x = new TupleIndex(d.parts.map((p) => p instanceof Float64Array));
    d.parts.forEach((p, i) => {
      if (p instanceof Float64Array) {
        x.numberValues[i] = [...p];
        p.forEach((v, k) => x.numbers[i]!.set(v, k));
      } else {
        x.texts[i] = KeyIndex.fromData(p);
      }
    });
    x.count = d.count;
    x.tuples.push(...d.tuples);
    x.lines.pages.push(...d.lines);
    x.table = d.table;
    return x;
  }

  /** The buffers of `toData`'s output, to transfer. */
  static transferList(d: TupleIndexData): ArrayBuffer[] {
    const parts = d.parts.flatMap((p) => (p instanceof Float64Array ? [p.buffer] : KeyIndex.transferList(p)));
    return [...d.tuples.map((p) => p.buffer), ...d.lines.map((p) => p.buffer), d.table.buffer, ...parts] as ArrayBuffer[];
  }
}
