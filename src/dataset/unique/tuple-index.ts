import type { Cell } from '../types.js';
import { finish, hashBits, mix, rehashed, tableSlots } from './hash-table.js';
import { KeyIndex, type KeyIndexData } from './key-index.js';
import { PAGE, PAGE_BITS, PAGE_MASK, Pages } from './pages.js';

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
