import { hashBits, hashBytes, rehashed, tableSlots } from './hash-table.js';
import { Pages } from './pages.js';

const BLOCK_BYTES = 1 << 22;

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
