// Open-addressing hash tables on typed arrays, shared by `KeyIndex` and `TupleIndex`: slot pairs of
// (value number + 1, hash), at most 3/4 full, and the hashes that fill them.

/** Hash table slots for about `expected` values, at most 3/4 full. */
export function tableSlots(expected: number): number {
  let slots = 2048;
  while (slots * 3 < Math.min(expected, 1 << 24) * 4) slots *= 2;
  return slots;
}

/**
 * A bit for each hash in a table of (value number + 1, hash) slot pairs holding `count` values, about 16 bits
 * a value: a clear bit rules a hash out without a look in the table (bit: the hash's bits from the sixth up).
 */
export function hashBits(table: Int32Array, count: number): Int32Array {
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
export function hashBytes(b: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5 | 0;
  for (let i = start; i < end; i++) h = Math.imul(h ^ b[i]!, 0x01000193);
  return h;
}

/** A hash table of (value number + 1, hash) slot pairs with twice the slots, the same values in it. */
export function rehashed(old: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
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

/** Mixes one more number into a hash (of a tuple of numbers; start from FNV's offset basis, end with `finish`). */
export function mix(h: number, x: number): number {
  h = Math.imul(h ^ x, 0x5bd1e995);
  return h ^ (h >>> 15);
}

/** The last mixing step, so the low bits (the table slot) depend on every part. */
export function finish(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}
