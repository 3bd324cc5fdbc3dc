import { existsSync, readFileSync } from 'node:fs';
import * as hb from 'harfbuzzjs';
import { describe, expect, it } from 'vitest';
import { FONT_FILES } from '../../src/charts/font-metrics.js';
import { FontSubsetter } from '../../src/charts/font-subset.js';
import { SubsetFontFiles } from '../../src/charts/font-files.js';

// The subsetter's copies are read back with HarfBuzz (harfbuzzjs), a parser that shares no code with it:
// its cmap, and the outline of each glyph as an SVG path (composite glyphs resolved into their parts).

/** A font as HarfBuzz reads it: code point → glyph, and a glyph's outline as a path ('' when it has none). */
function harfBuzzFont(bytes: Uint8Array) {
  const font = new hb.Font(new hb.Face(new hb.Blob(bytes), 0));
  const face = font.face;
  return {
    unicodes: [...face.collectUnicodes()].sort((a, b) => a - b),
    glyph: (cp: number) => font.nominalGlyph(cp),
    outline: (cp: number) => font.glyphToPath(font.nominalGlyph(cp)!),
  };
}

const cps = (text: string) => [...text].map((c) => c.codePointAt(0)!);
/** The characters of `text` in code point order, each once. */
const sorted = (text: string) => [...new Set(text)].sort().join('');

/** The glyph ids a composite glyph is made of, read from `glyf`/`loca` here (none for a simple glyph). */
function components(font: Buffer, glyph: number): number[] {
  const table = (tag: string) => {
    for (let i = 0; i < font.readUInt16BE(4); i++)
      if (font.toString('latin1', 12 + 16 * i, 16 + 16 * i) === tag) return font.readUInt32BE(20 + 16 * i);
    throw new Error(tag);
  };
  const [head, loca, glyf] = [table('head'), table('loca'), table('glyf')];
  const at = glyf + (font.readInt16BE(head + 50) === 1 ? font.readUInt32BE(loca + 4 * glyph) : 2 * font.readUInt16BE(loca + 2 * glyph));
  if (font.readInt16BE(at) >= 0) return [];
  const out: number[] = [];
  for (let p = at + 10, more = true; more;) {
    const flags = font.readUInt16BE(p);
    out.push(font.readUInt16BE(p + 2));
    p += 4 + (flags & 1 ? 4 : 2) + (flags & 8 ? 2 : flags & 0x40 ? 4 : flags & 0x80 ? 8 : 0);
    more = (flags & 0x20) !== 0;
  }
  return out;
}
const ORIGINAL = readFileSync(FONT_FILES.regular);
const original = harfBuzzFont(ORIGINAL);
const subsetter = new FontSubsetter(FONT_FILES.regular);
const copyFor = (text: string) => subsetter.subset(subsetter.glyphsFor(cps(text)));
/** The printable ASCII characters whose glyph has an outline in `font`. */
const drawnAscii = (font: ReturnType<typeof harfBuzzFont>) =>
  cps('!"#$%&\'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~')
    .filter((cp) => font.outline(cp) !== '')
    .map((cp) => String.fromCodePoint(cp))
    .join('');

describe('FontSubsetter (DejaVu Sans), read back with HarfBuzz', () => {
  it('keeps the cmap and glyph ids, and the outlines of exactly the characters asked for', () => {
    const copy = harfBuzzFont(copyFor('Kuril 2016'));
    expect(copy.unicodes).toEqual(original.unicodes);
    for (const cp of cps('Kuril 2016QZ')) expect(copy.glyph(cp)).toBe(original.glyph(cp));
    // Of printable ASCII, the characters asked for are drawn, and those every copy keeps (the parts of
    // glyphs only substitutions reach: a copy for no characters draws them, and no letter or digit).
    expect(drawnAscii(original)).toHaveLength(94);
    const always = drawnAscii(harfBuzzFont(copyFor('')));
    expect(always).not.toMatch(/[0-9A-Za-z]/);
    expect(drawnAscii(copy)).toBe(sorted(`${always}0126Kilru`));
    for (const cp of cps('Kuril2016')) expect(copy.outline(cp)).toBe(original.outline(cp));
  });

  it('keeps the parts of a composite glyph', () => {
    // à is made of the glyphs of a and ` (read from glyf here): they are kept though only à was asked for.
    expect(components(ORIGINAL, original.glyph(0xe0)!)).toEqual([original.glyph(0x61), original.glyph(0x60)]);
    const copy = harfBuzzFont(copyFor('à'));
    expect(copy.outline(0xe0)).not.toBe('');
    expect(copy.outline(0xe0)).toBe(original.outline(0xe0));
    expect(drawnAscii(copy)).toBe(sorted(`${drawnAscii(harfBuzzFont(copyFor('')))}\`a`));
    expect(copy.outline(0x61)).toBe(original.outline(0x61));
  });

  it('leaves out a character the font lacks: the copy is the one made for no characters', () => {
    expect(original.glyph(0x3042)).toBeUndefined(); // あ: DejaVu Sans has no kana
    expect(subsetter.glyphsFor(cps('あ'))).toEqual(subsetter.glyphsFor([]));
    expect(copyFor('あ').equals(copyFor(''))).toBe(true);
    expect(harfBuzzFont(copyFor('')).outline(0x41)).toBe('');
  });

  it('is deterministic: the same bytes from another reader of the font and another order of characters', () => {
    const again = new FontSubsetter(FONT_FILES.regular);
    expect(again.subset(again.glyphsFor(cps('lirug')))).toEqual(copyFor('guril'));
    expect(copyFor('gu').equals(copyFor('guril'))).toBe(false);
  });

  it('writes a valid table directory: every checksum, and the whole file summing to 0xB1B0AFBA', () => {
    const copy = copyFor('Kuril');
    expect(copy.length).toBeLessThan(ORIGINAL.length / 3);
    const sum = (from: number, length: number) => {
      let s = 0;
      for (let p = from; p < from + length; p += 4) s = (s + copy.readUInt32BE(p)) >>> 0;
      return s;
    };
    expect(sum(0, copy.length)).toBe(0xb1b0afba);
    const n = copy.readUInt16BE(4);
    for (let i = 0; i < n; i++) {
      const r = 12 + 16 * i;
      const tag = copy.toString('latin1', r, r + 4);
      const [checksum, offset, length] = [copy.readUInt32BE(r + 4), copy.readUInt32BE(r + 8), copy.readUInt32BE(r + 12)];
      expect(offset % 4).toBe(0);
      const padded = (length + 3) & ~3;
      // head is summed with its checkSumAdjustment (bytes 8-11) taken as 0.
      const own = tag === 'head' ? (sum(offset, padded) - copy.readUInt32BE(offset + 8)) >>> 0 : sum(offset, padded);
      expect([tag, own]).toEqual([tag, checksum]);
    }
  });
});

describe('SubsetFontFiles', () => {
  it('lends a copy in the temporary directory, removed on release', () => {
    const lease = new SubsetFontFiles([FONT_FILES.regular]).acquire('Kuril → 2016');
    expect(lease.files).toHaveLength(1);
    expect(lease.files[0]).not.toBe(FONT_FILES.regular);
    const copy = harfBuzzFont(readFileSync(lease.files[0]!));
    expect(copy.outline(0x2192)).toBe(original.outline(0x2192));
    lease.release();
    expect(existsSync(lease.files[0]!)).toBe(false);
  });

  it('lends the font itself when no copy can be made', () => {
    const missing = '/nonexistent/font.ttf';
    const lease = new SubsetFontFiles([missing]).acquire('Kuril');
    expect(lease.files).toEqual([missing]);
    lease.release();
  });
});
