import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { cacheDir, writeCacheFile } from './cache-dir.js';
import { hbSubset } from './font-subset-hb.js';
import { sha256 } from '../util/hash.js';
import { FONT_COPY_PREFIX } from './leftovers.js';

// resvg-js 2.6 takes fonts only as file paths, and reads the whole file again for every glyph it draws
// (about 25 reads of 757 kB per label with DejaVu Sans): that was most of the time of a PNG. So the PNGs
// are drawn with a copy of each font that keeps only the outlines the charts use: same glyph ids, same
// metrics, kerning and substitution tables, so the same pixels, from a file a fifth of the size.
//
// The copy keeps every table but `glyf`, `loca` and `post`: `glyf` holds the outlines of the glyphs kept
// (the others become empty glyphs), `loca` points at them, and `post` loses its glyph names (format 3).
// Kept: the glyphs of the characters asked for, every glyph a substitution (GSUB) may produce, every glyph
// no character maps to (reachable only through substitutions), `.notdef`, and the parts of composite glyphs.

interface Table {
  readonly tag: string;
  readonly checksum: number;
  readonly offset: number;
  readonly length: number;
}

/** A TrueType font read once, that can write copies of itself with fewer outlines. */
export class FontSubsetter {
  private readonly buf: Buffer;
  private readonly tables: Table[];
  private readonly numGlyphs: number;
  private readonly longLoca: boolean;
  private readonly glyf: number;
  private readonly loca: number;
  private readonly cmap: Map<number, number>;
  /** Glyphs every copy keeps (see the top of this file), with their composite parts. */
  readonly always: ReadonlySet<number>;

  constructor(readonly path: string) {
    this.buf = readFileSync(path);
    const b = this.buf;
    const n = b.readUInt16BE(4);
    this.tables = [];
    for (let i = 0; i < n; i++) {
      const r = 12 + 16 * i;
      this.tables.push({
        tag: b.toString('latin1', r, r + 4),
        checksum: b.readUInt32BE(r + 4),
        offset: b.readUInt32BE(r + 8),
        length: b.readUInt32BE(r + 12),
      });
    }
    const at = (tag: string): number => {
      const t = this.tables.find((x) => x.tag === tag);
      if (!t) throw new Error(`font ${path} has no ${tag} table`);
      return t.offset;
    };
    this.numGlyphs = b.readUInt16BE(at('maxp') + 4);
    this.longLoca = b.readInt16BE(at('head') + 50) === 1;
    this.glyf = at('glyf');
    this.loca = at('loca');
    this.cmap = readCmap(b, at('cmap'));
    const always = new Set<number>([0]);
    const mapped = new Set(this.cmap.values());
    for (let g = 0; g < this.numGlyphs; g++) if (!mapped.has(g)) always.add(g);
    const gsub = this.tables.find((t) => t.tag === 'GSUB');
    if (gsub) for (const g of substitutionOutputs(b, gsub.offset)) if (g < this.numGlyphs) always.add(g);
    this.always = this.withParts(always);
  }

  /** The glyphs a copy needs to draw `codePoints` (with `always`). */
  glyphsFor(codePoints: Iterable<number>): Set<number> {
    const out = new Set(this.always);
    const extra = new Set<number>();
    for (const cp of codePoints) {
      const g = this.cmap.get(cp);
      if (g !== undefined && !out.has(g)) extra.add(g);
    }
    for (const g of this.withParts(extra)) out.add(g);
    return out;
  }

  /** The font with only the outlines of `glyphs` (ids unchanged), as file bytes. */
  subset(glyphs: ReadonlySet<number>): Buffer {
    const b = this.buf;
    // glyf and loca
    const parts: Buffer[] = [];
    const offsets = new Array<number>(this.numGlyphs + 1);
    let size = 0;
    for (let g = 0; g < this.numGlyphs; g++) {
      offsets[g] = size;
      if (!glyphs.has(g)) continue;
      const [from, to] = this.range(g);
      if (to > from) {
        parts.push(b.subarray(this.glyf + from, this.glyf + to));
        size += to - from;
      }
    }
    offsets[this.numGlyphs] = size;
    const glyf = Buffer.concat(parts, size);
    const loca = Buffer.alloc((this.numGlyphs + 1) * (this.longLoca ? 4 : 2));
    for (let g = 0; g <= this.numGlyphs; g++) {
      if (this.longLoca) loca.writeUInt32BE(offsets[g]!, 4 * g);
      else loca.writeUInt16BE(offsets[g]! / 2, 2 * g);
    }
    const replaced = new Map<string, Buffer>([
      ['glyf', glyf],
      ['loca', loca],
    ]);
    const post = this.tables.find((t) => t.tag === 'post');
    if (post && post.length >= 32) {
      const p = Buffer.from(b.subarray(post.offset, post.offset + 32));
      p.writeUInt32BE(0x00030000, 0);
      replaced.set('post', p);
    }
    return assemble(
      b.readUInt32BE(0),
      this.tables.map((t) => {
        const data = replaced.get(t.tag);
        return data ? { tag: t.tag, data } : { tag: t.tag, data: b.subarray(t.offset, t.offset + t.length), checksum: t.checksum };
      }),
    );
  }

  /** Start and end of a glyph's outline in `glyf`. */
  private range(g: number): [number, number] {
    const b = this.buf;
    if (this.longLoca) return [b.readUInt32BE(this.loca + 4 * g), b.readUInt32BE(this.loca + 4 * g + 4)];
    return [2 * b.readUInt16BE(this.loca + 2 * g), 2 * b.readUInt16BE(this.loca + 2 * g + 2)];
  }

  /** `glyphs` and, for composite glyphs, their parts (recursively). */
  private withParts(glyphs: Iterable<number>): Set<number> {
    const out = new Set<number>();
    const todo = [...glyphs];
    while (todo.length > 0) {
      const g = todo.pop()!;
      if (out.has(g) || g >= this.numGlyphs) continue;
      out.add(g);
      for (const part of this.components(g)) if (!out.has(part)) todo.push(part);
    }
    return out;
  }

  /** The glyphs a composite glyph is made of (none for a simple glyph). */
  private components(g: number): number[] {
    const b = this.buf;
    const [from, to] = this.range(g);
    if (to - from < 10 || b.readInt16BE(this.glyf + from) >= 0) return [];
    const out: number[] = [];
    let p = this.glyf + from + 10;
    const end = this.glyf + to;
    for (;;) {
      if (p + 4 > end) break;
      const flags = b.readUInt16BE(p);
      out.push(b.readUInt16BE(p + 2));
      p += 4 + (flags & 0x0001 ? 4 : 2); // ARG_1_AND_2_ARE_WORDS
      if (flags & 0x0008)
        p += 2; // WE_HAVE_A_SCALE
      else if (flags & 0x0040)
        p += 4; // WE_HAVE_AN_X_AND_Y_SCALE
      else if (flags & 0x0080) p += 8; // WE_HAVE_A_TWO_BY_TWO
      if (!(flags & 0x0020)) break; // MORE_COMPONENTS
    }
    return out;
  }
}

/** Unicode code point → glyph, from the cmap's format 4 and format 12 subtables. */
function readCmap(b: Buffer, cmap: number): Map<number, number> {
  const out = new Map<number, number>();
  for (let i = 0, n = b.readUInt16BE(cmap + 2); i < n; i++) {
    const platform = b.readUInt16BE(cmap + 4 + 8 * i);
    const encoding = b.readUInt16BE(cmap + 6 + 8 * i);
    if (!(platform === 0 || (platform === 3 && (encoding === 1 || encoding === 10)))) continue;
    const at = cmap + b.readUInt32BE(cmap + 8 + 8 * i);
    const format = b.readUInt16BE(at);
    if (format === 4) {
      const segX2 = b.readUInt16BE(at + 6);
      const ends = at + 14;
      const starts = ends + segX2 + 2;
      const deltas = starts + segX2;
      const offsets = deltas + segX2;
      for (let s = 0; s < segX2; s += 2) {
        const start = b.readUInt16BE(starts + s);
        const end = b.readUInt16BE(ends + s);
        const delta = b.readInt16BE(deltas + s);
        const ro = b.readUInt16BE(offsets + s);
        for (let cp = start; cp <= end && cp !== 0xffff; cp++) {
          let g = ro === 0 ? (cp + delta) & 0xffff : b.readUInt16BE(offsets + s + ro + 2 * (cp - start));
          if (ro !== 0 && g !== 0) g = (g + delta) & 0xffff;
          if (g !== 0 && !out.has(cp)) out.set(cp, g);
        }
      }
    } else if (format === 12) {
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

/** Every glyph a GSUB lookup may put in the text (lookup types 1 to 4 and 8, through extensions). */
function substitutionOutputs(b: Buffer, gsub: number): Set<number> {
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
function assemble(version: number, tables: readonly { tag: string; data: Buffer; checksum?: number }[]): Buffer {
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

/** Bump when the copies change, so that copies kept in the cache folder are made again. */
const SUBSET_VERSION = 1;

/** Font files to draw one picture with; `release` removes those made for it alone. */
export interface FontFilesLease {
  readonly files: string[];
  release(): void;
}

/**
 * Font files for drawing, copies of fonts with only some outlines (see `FontSubsetter`), written for one
 * drawing to the temporary directory and removed by `release` (resvg reads fonts only while it lays text
 * out, in its constructor), so that no other process can change or remove them meanwhile. Text whose
 * characters are all in `BASE` (printable ASCII, Latin-1, the punctuation the charts use) gets copies of
 * `BASE`, made once and kept in the cache folder (see `cache-dir.ts`), so a run usually reads them and
 * parses no font. Other text gets copies with `BASE` and every character drawn so far (made again only
 * when a drawing needs a character they lack). Falls back to the full fonts when a copy cannot be made.
 */
export class SubsetFontFiles {
  static readonly BASE: readonly number[] = [
    ...range(0x20, 0x7e),
    ...range(0xa0, 0xff),
    0x2013,
    0x2014,
    0x2018,
    0x2019,
    0x201c,
    0x201d,
    0x2026,
    0x2190,
    0x2192,
    0x2194,
    0x2212,
    0x2022,
  ];
  private static readonly BASE_SET = new Set(SubsetFontFiles.BASE);

  private fonts: (FontSubsetter | null)[] | undefined;
  private base: Buffer[] | undefined;
  /** Characters beyond `BASE` drawn so far, and copies of the fonts that have them. */
  private readonly extra = new Set<number>();
  private copies: Buffer[] | undefined;
  private written = 0;

  constructor(private readonly paths: readonly string[]) {}

  /** Fonts that draw every character of `text` (SVG text: character references count too). */
  acquire(text: string): FontFilesLease {
    let added = false;
    for (const cp of codePoints(text)) {
      if (cp < 0x100 || SubsetFontFiles.BASE_SET.has(cp) || this.extra.has(cp)) continue;
      this.extra.add(cp);
      added = true;
    }
    const files: string[] = [];
    const release = () => files.forEach((f) => rmSync(f, { force: true }));
    try {
      let bytes: Buffer[];
      if (this.extra.size === 0) bytes = this.base ??= this.baseCopies();
      else {
        if (added || !this.copies)
          this.copies = this.paths.map((_, i) => this.font(i).subset(this.font(i).glyphsFor([...SubsetFontFiles.BASE, ...this.extra])));
        bytes = this.copies;
      }
      for (const b of bytes) {
        const file = join(tmpdir(), `${FONT_COPY_PREFIX}${process.pid}-${this.written++}-${randomBytes(4).toString('hex')}.ttf`);
        writeFileSync(file, b, { flag: 'wx', mode: 0o600 });
        files.push(file);
      }
      return { files: [...files], release };
    } catch {
      release();
      return { files: [...this.paths], release: () => {} };
    }
  }

  private font(i: number): FontSubsetter {
    this.fonts ??= this.paths.map(() => null);
    return (this.fonts[i] ??= new FontSubsetter(this.paths[i]!));
  }

  /** The copies with `BASE`: read from the cache folder, or made (and kept there). */
  private baseCopies(): Buffer[] {
    const dir = cacheDir();
    return this.paths.map((path, i) => {
      const make = () => this.font(i).subset(this.font(i).glyphsFor(SubsetFontFiles.BASE));
      if (!dir) return make();
      const st = statSync(path);
      const hash = (text: string) => sha256(text).slice(0, 16);
      // One copy per installed font file: a newer version of it replaces the older.
      const stem = `font-${basename(path, '.ttf')}@${hash(path)}-`;
      const file = join(dir, `${stem}${hash(`${SUBSET_VERSION}\u0000${st.size}\u0000${st.mtimeMs}`)}.bin`);
      try {
        return readFileSync(file);
      } catch {
        const bytes = make();
        writeCacheFile(file, bytes, stem);
        return bytes;
      }
    });
  }
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

/**
 * The code points of a text beyond Latin-1 (which `BASE` has), with those of numeric character
 * references (`&#8594;`, `&#x2192;`).
 */
function codePoints(text: string): Set<number> {
  const out = new Set<number>();
  for (const m of text.matchAll(/[^\u0000-\u00ff]/gu)) out.add(m[0].codePointAt(0)!);
  for (const m of text.matchAll(/&#(x[0-9a-fA-F]+|[0-9]+);/g)) {
    const v = m[1]!.startsWith('x') ? parseInt(m[1]!.slice(1), 16) : Number(m[1]);
    if (Number.isFinite(v)) out.add(v);
  }
  return out;
}

/**
 * Font files for the characters DejaVu Sans lacks (Noto Sans JP): for each font, a copy with only the code
 * points asked for, made by hb-subset (see `font-subset-hb.ts`), written for one drawing to the temporary
 * directory and removed by `release`. The copies for the last few sets of code points are kept in memory,
 * since the charts of one run share most of their characters, and the last `FALLBACK_CACHE_FILES` in the
 * cache folder, so that a run drawing text drawn before loads no HarfBuzz (its first subset of a 5.5 MB font
 * takes about 0.2 s). Only the characters DejaVu Sans lacks may be
 * in a copy: resvg draws a whole line with a fallback font that has all of its characters.
 */
export class FallbackFontFiles {
  private readonly made = new Map<string, Buffer[]>();
  private written = 0;

  constructor(private readonly paths: readonly string[]) {}

  /** Copies of the fonts with the glyphs of `codePoints`; the full fonts when a copy cannot be made. */
  acquire(codePoints: readonly number[]): FontFilesLease {
    const files: string[] = [];
    const release = () => files.forEach((f) => rmSync(f, { force: true }));
    try {
      const key = [...codePoints].sort((a, b) => a - b).join(',');
      let bytes = this.made.get(key);
      if (!bytes) {
        bytes = this.paths.map((p) => cachedSubset(p, key, () => hbSubset(p, codePoints)));
        this.made.set(key, bytes);
        if (this.made.size > 8) this.made.delete(this.made.keys().next().value!);
      }
      for (const b of bytes) {
        const file = join(tmpdir(), `${FONT_COPY_PREFIX}${process.pid}-f${this.written++}-${randomBytes(4).toString('hex')}.ttf`);
        writeFileSync(file, b, { flag: 'wx', mode: 0o600 });
        files.push(file);
      }
      return { files: [...files], release };
    } catch {
      // As `SubsetFontFiles` does: the full fonts draw the same characters (with Noto Sans JP's Latin
      // letters on lines that mix scripts, see above).
      release();
      return { files: [...this.paths], release: () => {} };
    }
  }
}

/** How many copies of each fallback font the cache folder keeps (the most recently made). */
export const FALLBACK_CACHE_FILES = 32;

/**
 * A copy of the font at `path` for the code points `key` (sorted, comma-separated): read from the cache
 * folder, or made with `make` and kept there, the oldest copies beyond `FALLBACK_CACHE_FILES` removed.
 */
function cachedSubset(path: string, key: string, make: () => Buffer): Buffer {
  const dir = cacheDir();
  if (!dir) return make();
  const hash = (text: string) => sha256(text).slice(0, 16);
  const st = statSync(path);
  const stem = `font-${basename(path, '.ttf')}@${hash(path)}-`;
  const file = join(dir, `${stem}${hash(`${SUBSET_VERSION}\u0000${st.size}\u0000${st.mtimeMs}\u0000${key}`)}.bin`);
  try {
    return readFileSync(file);
  } catch {
    const bytes = make();
    writeCacheFile(file, bytes);
    try {
      const copies = readdirSync(dir)
        .filter((name) => name.startsWith(stem) && name.endsWith('.bin'))
        .map((name) => ({ name, time: statSync(join(dir, name)).mtimeMs }))
        .sort((a, b) => b.time - a.time || (a.name < b.name ? -1 : 1));
      for (const old of copies.slice(FALLBACK_CACHE_FILES)) rmSync(join(dir, old.name), { force: true });
    } catch {
      // trimmed next time
    }
    return bytes;
  }
}
