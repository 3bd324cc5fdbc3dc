import { describe, expect, it } from 'vitest';
import { finish, hashBytes, mix } from '../../src/dataset/unique/hash-table.js';
import { KeyIndex } from '../../src/dataset/unique/key-index.js';
import { TupleIndex } from '../../src/dataset/unique/tuple-index.js';

// The hashes, written out again here (32-bit FNV-1a over UTF-8 bytes; murmur-style mixing of part numbers),
// to search for values whose hashes are equal: the indexes must still tell them apart.
function fnv1a(s: string): number {
  let h = 0x811c9dc5 | 0;
  for (const b of Buffer.from(s, 'utf8')) h = Math.imul(h ^ b, 0x01000193);
  return h;
}
function tupleHash(parts: readonly number[]): number {
  let h = 0x811c9dc5 | 0;
  for (const x of parts) {
    h = Math.imul(h ^ x, 0x5bd1e995);
    h ^= h >>> 15;
  }
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** Two different strings `make(i)`, `make(j)` with the same 32-bit FNV-1a hash (a birthday search). */
function collidingStrings(make: (i: number) => string): [string, string] {
  const seen = new Map<number, string>();
  for (let i = 0; ; i++) {
    const s = make(i);
    const h = fnv1a(s);
    const other = seen.get(h);
    if (other !== undefined) return [other, s];
    seen.set(h, s);
  }
}

/**
 * Two different triples of part numbers below 256 with the same tuple hash. Each part enters the hash as
 * h' = m(h ^ x) with m a bijection, so (x, y, 0) and (x', y', z') collide when the hashes after two parts,
 * h2 and h2', agree above their low 6 bits and z' = h2 ^ h2' (a birthday search over 65,536 pairs).
 */
function collidingTriples(): [number[], number[]] {
  const m = (h: number, x: number): number => {
    const y = Math.imul(h ^ x, 0x5bd1e995);
    return y ^ (y >>> 15);
  };
  const seen = new Map<number, number[]>();
  for (let x = 0; x < 256; x++) {
    for (let y = 0; y < 256; y++) {
      const h2 = m(m(0x811c9dc5 | 0, x), y);
      const other = seen.get(h2 >>> 6);
      if (other !== undefined)
        return [
          [other[0]!, other[1]!, 0],
          [x, y, (other[2]! ^ h2) >>> 0],
        ];
      seen.set(h2 >>> 6, [x, y, h2]);
    }
  }
  throw new Error('no collision found');
}

describe('the test hashes are the indexes’ hashes', () => {
  it('FNV-1a over UTF-8 bytes and the tuple mix agree', () => {
    for (const s of ['', 'a', 'Region 000001', 'Habomai — 歯舞']) {
      const b = Buffer.from(s, 'utf8');
      expect(hashBytes(b, 0, b.length)).toBe(fnv1a(s));
    }
    for (const t of [[0], [1, 2], [7, -1, 3]]) expect(finish(t.reduce((h, x) => mix(h, x), 0x811c9dc5 | 0))).toBe(tupleHash(t));
    // FNV-1a of "a": (0x811c9dc5 ^ 0x61) * 0x01000193 mod 2^32 = 0xe40c292c.
    expect(fnv1a('a') >>> 0).toBe(0xe40c292c);
  });
});

describe('KeyIndex', () => {
  it('gives -1 for a new value and the first line for a repeated one', () => {
    const ix = new KeyIndex();
    expect(ix.firstOrAdd('r1', 2)).toBe(-1);
    expect(ix.firstOrAdd('r2', 3)).toBe(-1);
    expect(ix.firstOrAdd('r1', 9)).toBe(2);
    expect(ix.firstOrAdd('r2', 10)).toBe(3);
    expect(ix.size).toBe(2);
    expect(ix.textAt(1)).toBe('r2');
    expect(ix.lineAt(0)).toBe(2);
  });

  it('tells apart ASCII values whose hashes are equal', () => {
    const [a, b] = collidingStrings((i) => `id-${i}`);
    expect(a).not.toBe(b);
    expect(fnv1a(a)).toBe(fnv1a(b));
    const ix = new KeyIndex();
    expect(ix.firstOrAdd(a, 5)).toBe(-1);
    expect(ix.firstOrAdd(b, 6)).toBe(-1);
    expect(ix.firstOrAdd(a, 7)).toBe(5);
    expect(ix.firstOrAdd(b, 8)).toBe(6);
    expect(ix.size).toBe(2);
  });

  it('tells apart values beyond ASCII whose hashes are equal', () => {
    const [a, b] = collidingStrings((i) => `Шикотан ${i}`);
    const ix = new KeyIndex();
    expect(ix.firstOrAdd(a, 2)).toBe(-1);
    expect(ix.firstOrAdd(b, 3)).toBe(-1);
    expect(ix.firstOrAdd(b, 4)).toBe(3);
    expect(ix.firstOrAdd(a, 5)).toBe(2);
    expect([ix.textAt(0), ix.textAt(1)]).toEqual([a, b]);
  });

  it('keeps every value through many rehashes and block changes', () => {
    const ix = new KeyIndex();
    const n = 50_000;
    for (let i = 0; i < n; i++) expect(ix.firstOrAdd(`value-${i}-${'x'.repeat(i % 40)}`, i + 2)).toBe(-1);
    for (let i = n - 1; i >= 0; i -= 997) expect(ix.firstOrAdd(`value-${i}-${'x'.repeat(i % 40)}`, 0)).toBe(i + 2);
    expect(ix.size).toBe(n);
  });

  it('numbers values in order of first appearance', () => {
    const ix = new KeyIndex();
    expect(['b', 'a', 'b', 'c', 'a'].map((s) => ix.numberOf(s))).toEqual([0, 1, 0, 2, 1]);
  });

  it('survives a trip to another thread, and finds the values two indexes share, colliding ones apart', () => {
    const [a, b] = collidingStrings((i) => `k${i}`);
    const one = new KeyIndex();
    one.firstOrAdd('x', 2);
    one.firstOrAdd(a, 3);
    one.firstOrAdd('é', 4);
    const two = new KeyIndex();
    two.firstOrAdd(b, 10); // same hash as `a`, not the same value
    two.firstOrAdd('é', 11);
    two.firstOrAdd('x', 12);
    const data = one.toData();
    const moved = structuredClone(data, { transfer: KeyIndex.transferList(data) });
    const back = KeyIndex.fromData(moved);
    // Pairs of [value number in `two`, line first seen in `one`].
    expect(back.shared(two)).toEqual([
      [1, 4],
      [2, 2],
    ]);
    expect(back.lineOf(two, 0)).toBe(-1);
    expect(back.entryOf(two, 2)).toBe(0);
    expect(back.textAt(1)).toBe(a);
  });
});

describe('TupleIndex', () => {
  it('keys of text and number parts, empty cells included', () => {
    const ix = new TupleIndex([false, true, true]);
    const cols = [0, 1, 2];
    expect(ix.firstOrAdd(['A', 1992, null], cols, 2)).toBe(-1);
    expect(ix.firstOrAdd(['A', 1992, 1992], cols, 3)).toBe(-1);
    expect(ix.firstOrAdd([null, 1992, null], cols, 4)).toBe(-1);
    expect(ix.firstOrAdd(['', 1992, null], cols, 5)).toBe(4); // an empty text cell is the empty text
    expect(ix.firstOrAdd(['A', 1992, null], cols, 6)).toBe(2);
    expect(ix.firstOrAdd(['A', 1992, 1992], cols, 7)).toBe(3);
    expect(ix.size).toBe(3);
  });

  it('tells apart keys whose hashes are equal', () => {
    const [p, q] = collidingTriples();
    expect(p).not.toEqual(q);
    expect(tupleHash(p)).toBe(tupleHash(q));
    const ix = new TupleIndex([true, true, true]);
    const cols = [0, 1, 2];
    // Number values 0..255 become part numbers 0..255 in each column (first seen in that order).
    for (let i = 0; i < 256; i++) ix.firstOrAdd([i, i, i], cols, i + 2);
    const line = (t: number[], at: number): number => (t[0] === t[1] && t[1] === t[2] ? t[0]! + 2 : at);
    expect(ix.firstOrAdd(p, cols, 1000)).toBe(line(p, -1));
    expect(ix.firstOrAdd(q, cols, 1001)).toBe(line(q, -1));
    expect(ix.firstOrAdd(p, cols, 1002)).toBe(line(p, 1000));
    expect(ix.firstOrAdd(q, cols, 1003)).toBe(line(q, 1001));
    expect(ix.size).toBe(256 + (line(p, -1) === -1 ? 1 : 0) + (line(q, -1) === -1 ? 1 : 0));
  });

  it('finds the keys two indexes share though they number their parts differently', () => {
    const cols = [0, 1];
    const one = new TupleIndex([false, true]);
    one.firstOrAdd(['Kunashir', 1999], cols, 2);
    one.firstOrAdd(['Etorofu', 2000], cols, 3);
    one.firstOrAdd(['Etorofu', 1999], cols, 4);
    const two = new TupleIndex([false, true]);
    two.firstOrAdd(['Etorofu', 1999], cols, 20);
    two.firstOrAdd(['Shikotan', 1999], cols, 21);
    two.firstOrAdd(['Kunashir', 1999], cols, 22);
    two.firstOrAdd(['Kunashir', 2000], cols, 23);
    const data = one.toData();
    const back = TupleIndex.fromData(structuredClone(data, { transfer: TupleIndex.transferList(data) }));
    expect(back.shared(two)).toEqual([
      [0, 4],
      [2, 2],
    ]);
  });
});
