// The parts of an OpenType (sfnt) file the font subsetter reads and writes, by the OpenType specification:
// the table directory, the cmap's Unicode subtables, the glyphs GSUB lookups may produce, and a file
// assembled again from tables with its checksums.

/** One entry of the table directory: tag, checksum, and where the table's bytes are. */
export interface Table {
  readonly tag: string;
  readonly checksum: number;
  readonly offset: number;
  readonly length: number;
}

/** The table directory of a font file (its tables in the file's order). */
export function readTables(b: Buffer): Table[] {
  const tables: Table[] = [];
  for (let i = 0, n = b.readUInt16BE(4); i < n; i++) {
    const r = 12 + 16 * i;
    tables.push({
      tag: b.toString('latin1', r, r + 4),
      checksum: b.readUInt32BE(r + 4),
      offset: b.readUInt32BE(r + 8),
      length: b.readUInt32BE(r + 12),
    });
  }
  return tables;
}

/** The Unicode subtables of a cmap (platform 0, or Windows with encoding 1 or 10) of format 4 or 12, in the cmap's order. */
function unicodeSubtables(b: Buffer, cmap: number): { format: 4 | 12; at: number }[] {
  const out: { format: 4 | 12; at: number }[] = [];
  for (let i = 0, n = b.readUInt16BE(cmap + 2); i < n; i++) {
    const platform = b.readUInt16BE(cmap + 4 + 8 * i);
    const encoding = b.readUInt16BE(cmap + 6 + 8 * i);
    if (!(platform === 0 || (platform === 3 && (encoding === 1 || encoding === 10)))) continue;
    const at = cmap + b.readUInt32BE(cmap + 8 + 8 * i);
    const format = b.readUInt16BE(at);
    if (format === 4 || format === 12) out.push({ format, at });
  }
  return out;
}

/** Where the arrays of a format 4 subtable start, and its segment count × 2. */
function format4(b: Buffer, at: number): { segX2: number; ends: number; starts: number; deltas: number; offsets: number } {
  const segX2 = b.readUInt16BE(at + 6);
  const ends = at + 14;
  const starts = ends + segX2 + 2;
  const deltas = starts + segX2;
  return { segX2, ends, starts, deltas, offsets: deltas + segX2 };
}

/** The glyph of `cp` in segment `s` (× 2) of a format 4 subtable, which holds it; 0 when none. */
function format4Glyph(b: Buffer, t: ReturnType<typeof format4>, s: number, cp: number): number {
  const delta = b.readInt16BE(t.deltas + s);
  const ro = b.readUInt16BE(t.offsets + s);
  if (ro === 0) return (cp + delta) & 0xffff;
  const g = b.readUInt16BE(t.offsets + s + ro + 2 * (cp - b.readUInt16BE(t.starts + s)));
  return g === 0 ? 0 : (g + delta) & 0xffff;
}

/** Unicode code point → glyph, every mapping of the cmap's format 4 and 12 subtables (the first subtable to map a code point wins). */
export function readCmap(b: Buffer, cmap: number): Map<number, number> {
  const out = new Map<number, number>();
  for (const { format, at } of unicodeSubtables(b, cmap)) {
    if (format === 4) {
      const t = format4(b, at);
      for (let s = 0; s < t.segX2; s += 2) {
        const end = b.readUInt16BE(t.ends + s);
        for (let cp = b.readUInt16BE(t.starts + s); cp <= end && cp !== 0xffff; cp++) {
          const g = format4Glyph(b, t, s, cp);
          if (g !== 0 && !out.has(cp)) out.set(cp, g);
        }
      }
    } else {
      for (let j = 0, groups = b.readUInt32BE(at + 12); j < groups; j++) {
        const r = at + 16 + 12 * j;
        const start = b.readUInt32BE(r);
        const end = b.readUInt32BE(r + 4);
        const glyph = b.readUInt32BE(r + 8);
        for (let cp = start; cp <= end; cp++) if (!out.has(cp)) out.set(cp, glyph + cp - start);
      }
    }
  }
  return out;
}

/**
 * The glyph of one code point (0 when none), looked up without reading the whole cmap: in the last
 * format 12 subtable, else the last format 4 one (Basic Multilingual Plane only).
 */
export function cmapLookup(b: Buffer, cmap: number): (cp: number) => number {
  const tables = unicodeSubtables(b, cmap);
  const f12 = tables.filter((t) => t.format === 12).pop();
  if (f12) {
    const groups = b.readUInt32BE(f12.at + 12);
    return (cp) => {
      let lo = 0;
      let hi = groups - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >>> 1;
        const r = f12.at + 16 + 12 * mid;
        if (cp < b.readUInt32BE(r)) hi = mid - 1;
        else if (cp > b.readUInt32BE(r + 4)) lo = mid + 1;
        else return b.readUInt32BE(r + 8) + (cp - b.readUInt32BE(r));
      }
      return 0;
    };
  }
  const f4 = tables.filter((t) => t.format === 4).pop();
  if (!f4) return () => 0;
  const t = format4(b, f4.at);
  return (cp) => {
    if (cp > 0xffff) return 0;
    for (let s = 0; s < t.segX2; s += 2) {
      if (b.readUInt16BE(t.ends + s) < cp) continue;
      return b.readUInt16BE(t.starts + s) > cp ? 0 : format4Glyph(b, t, s, cp);
    }
    return 0;
  };
}

/** Every glyph a GSUB lookup may put in the text (lookup types 1 to 4 and 8, through extensions). */
export function substitutionOutputs(b: Buffer, gsub: number): Set<number> {
  const out = new Set<number>();
  const lookups = gsub + b.readUInt16BE(gsub + 8);
  const coverage = (at: number): number[] => {
    const format = b.readUInt16BE(at);
    const n = b.readUInt16BE(at + 2);
    const glyphs: number[] = [];
    for (let i = 0; i < n; i++) {
      if (format === 1) glyphs.push(b.readUInt16BE(at + 4 + 2 * i));
      else for (let g = b.readUInt16BE(at + 4 + 6 * i), end = b.readUInt16BE(at + 6 + 6 * i); g <= end; g++) glyphs.push(g);
    }
    return glyphs;
  };
  const array = (at: number): void => {
    for (let i = 0, n = b.readUInt16BE(at); i < n; i++) out.add(b.readUInt16BE(at + 2 + 2 * i));
  };
  const subtable = (type: number, at: number): void => {
    switch (type) {
      case 1:
        if (b.readUInt16BE(at) === 1) {
          const delta = b.readInt16BE(at + 4);
          for (const g of coverage(at + b.readUInt16BE(at + 2))) out.add((g + delta) & 0xffff);
        } else array(at + 4);
        break;
      case 2:
      case 3:
        for (let i = 0, n = b.readUInt16BE(at + 4); i < n; i++) array(at + b.readUInt16BE(at + 6 + 2 * i));
        break;
      case 4:
        for (let i = 0, n = b.readUInt16BE(at + 4); i < n; i++) {
          const set = at + b.readUInt16BE(at + 6 + 2 * i);
          for (let j = 0, m = b.readUInt16BE(set); j < m; j++) out.add(b.readUInt16BE(set + b.readUInt16BE(set + 2 + 2 * j)));
        }
        break;
      case 7:
        subtable(b.readUInt16BE(at + 2), at + b.readUInt32BE(at + 4));
        break;
      case 8: {
        const backtrack = b.readUInt16BE(at + 4);
        const lookahead = b.readUInt16BE(at + 6 + 2 * backtrack);
        array(at + 8 + 2 * backtrack + 2 * lookahead);
        break;
      }
      default: // 5 and 6 (contextual) only call other lookups
    }
  };
  for (let i = 0, n = b.readUInt16BE(lookups); i < n; i++) {
    const lookup = lookups + b.readUInt16BE(lookups + 2 + 2 * i);
    const type = b.readUInt16BE(lookup);
    for (let j = 0, m = b.readUInt16BE(lookup + 4); j < m; j++) subtable(type, lookup + b.readUInt16BE(lookup + 6 + 2 * j));
  }
  return out;
}

/**
 * A font file from its tables (in the order given, which keeps the original's tag order). A table given
 * with its `checksum` (unchanged from the original) is not summed again.
 */
export function assemble(version: number, tables: readonly { tag: string; data: Buffer; checksum?: number }[]): Buffer {
  const n = tables.length;
  let pow = 1;
  while (pow * 2 <= n) pow *= 2;
  const headerSize = 12 + 16 * n;
  let size = headerSize;
  for (const t of tables) size += (t.data.length + 3) & ~3;
  const out = Buffer.alloc(size);
  out.writeUInt32BE(version, 0);
  out.writeUInt16BE(n, 4);
  out.writeUInt16BE(pow * 16, 6);
  out.writeUInt16BE(Math.log2(pow), 8);
  out.writeUInt16BE(n * 16 - pow * 16, 10);
  let offset = headerSize;
  let head = -1;
  let total = 0;
  tables.forEach((t, i) => {
    const r = 12 + 16 * i;
    t.data.copy(out, offset);
    // head's checksum is taken with checkSumAdjustment 0 (set below), as the original's was.
    if (t.tag === 'head') {
      head = offset;
      out.writeUInt32BE(0, offset + 8);
    }
    const sum = t.checksum ?? checksum(out, offset, t.data.length);
    total = (total + sum) >>> 0;
    out.write(t.tag, r, 4, 'latin1');
    out.writeUInt32BE(sum, r + 4);
    out.writeUInt32BE(offset, r + 8);
    out.writeUInt32BE(t.data.length, r + 12);
    offset += (t.data.length + 3) & ~3;
  });
  total = (total + checksum(out, 0, headerSize)) >>> 0;
  if (head >= 0) out.writeUInt32BE((0xb1b0afba - total) >>> 0, head + 8);
  return out;
}

function checksum(b: Buffer, offset: number, length: number): number {
  let sum = 0;
  const end = offset + ((length + 3) & ~3);
  for (let p = offset; p < end; p += 4) sum = (sum + b.readUInt32BE(p)) >>> 0;
  return sum;
}
