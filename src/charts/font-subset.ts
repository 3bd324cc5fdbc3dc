import { readFileSync } from 'node:fs';
import { assemble, readCmap, readTables, substitutionOutputs, type Table } from './sfnt.js';

// resvg-js 2.6 takes fonts only as file paths, and reads the whole file again for every glyph it draws
// (about 25 reads of 757 kB per label with DejaVu Sans): that was most of the time of a PNG. So the PNGs
// are drawn with a copy of each font that keeps only the outlines the charts use: same glyph ids, same
// metrics, kerning and substitution tables, so the same pixels, from a file a fifth of the size.
//
// The copy keeps every table but `glyf`, `loca` and `post`: `glyf` holds the outlines of the glyphs kept
// (the others become empty glyphs), `loca` points at them, and `post` loses its glyph names (format 3).
// Kept: the glyphs of the characters asked for, every glyph a substitution (GSUB) may produce, every glyph
// no character maps to (reachable only through substitutions), `.notdef`, and the parts of composite glyphs.

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
    this.tables = readTables(b);
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
