import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { cacheDir, writeCacheFile } from './cache-dir.js';
import { FontSubsetter } from './font-subset.js';
import { hbSubset } from './font-subset-hb.js';
import { FONT_COPY_PREFIX } from './leftovers.js';
import { sha256 } from '../util/hash.js';

// The font files a PNG is drawn with: copies of the fonts with only the glyphs the picture needs, written
// for one drawing and removed after it, and kept in the cache folder between runs (see `cache-dir.ts`).

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

  constructor(private readonly paths: readonly string[]) {}

  /** Fonts that draw every character of `text` (SVG text: character references count too). */
  acquire(text: string): FontFilesLease {
    let added = false;
    for (const cp of codePoints(text)) {
      if (cp < 0x100 || SubsetFontFiles.BASE_SET.has(cp) || this.extra.has(cp)) continue;
      this.extra.add(cp);
      added = true;
    }
    return leaseCopies(this.paths, '', () => {
      if (this.extra.size === 0) return (this.base ??= this.baseCopies());
      if (added || !this.copies)
        this.copies = this.paths.map((_, i) => this.font(i).subset(this.font(i).glyphsFor([...SubsetFontFiles.BASE, ...this.extra])));
      return this.copies;
    });
  }

  private font(i: number): FontSubsetter {
    this.fonts ??= this.paths.map(() => null);
    return (this.fonts[i] ??= new FontSubsetter(this.paths[i]!));
  }

  /** The copies with `BASE`: read from the cache folder, or made (and kept there). */
  private baseCopies(): Buffer[] {
    return this.paths.map((path, i) => cachedCopy(path, null, () => this.font(i).subset(this.font(i).glyphsFor(SubsetFontFiles.BASE))));
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

  constructor(private readonly paths: readonly string[]) {}

  /** Copies of the fonts with the glyphs of `codePoints`; the full fonts when a copy cannot be made. */
  acquire(codePoints: readonly number[]): FontFilesLease {
    // As for `SubsetFontFiles`, the full fonts when a copy cannot be made: they draw the same characters
    // (with Noto Sans JP's Latin letters on lines that mix scripts, see above).
    return leaseCopies(this.paths, 'f', () => {
      const key = [...codePoints].sort((a, b) => a - b).join(',');
      let bytes = this.made.get(key);
      if (!bytes) {
        bytes = this.paths.map((p) => cachedCopy(p, key, () => hbSubset(p, codePoints)));
        this.made.set(key, bytes);
        if (this.made.size > 8) this.made.delete(this.made.keys().next().value!);
      }
      return bytes;
    });
  }
}

/** How many copies of each fallback font the cache folder keeps (the most recently made). */
export const FALLBACK_CACHE_FILES = 32;

let written = 0;

/**
 * The lease of font copies written for one drawing to the temporary directory (`kuril-exchange-font-PID-…`,
 * mode 600, never over an existing file), made by `copies`; the full fonts at `paths` when a copy cannot be
 * made or written.
 */
function leaseCopies(paths: readonly string[], tag: string, copies: () => Buffer[]): FontFilesLease {
  const files: string[] = [];
  const release = () => files.forEach((f) => rmSync(f, { force: true }));
  try {
    for (const b of copies()) {
      const file = join(tmpdir(), `${FONT_COPY_PREFIX}${process.pid}-${tag}${written++}-${randomBytes(4).toString('hex')}.ttf`);
      writeFileSync(file, b, { flag: 'wx', mode: 0o600 });
      files.push(file);
    }
    return { files: [...files], release };
  } catch {
    release();
    return { files: [...paths], release: () => {} };
  }
}

/**
 * A copy of the font at `path`, read from the cache folder or made with `make` and kept there. `key` names
 * the code points of a fallback copy (sorted, comma-separated): the most recent `FALLBACK_CACHE_FILES` of
 * these are kept; the base copy (`key` null) replaces the older versions of itself.
 */
function cachedCopy(path: string, key: string | null, make: () => Buffer): Buffer {
  const dir = cacheDir();
  if (!dir) return make();
  const hash = (text: string) => sha256(text).slice(0, 16);
  const st = statSync(path);
  // One set of copies per installed font file: a newer version of it replaces the older.
  const stem = `font-${basename(path, '.ttf')}@${hash(path)}-`;
  const file = join(dir, `${stem}${hash(`${SUBSET_VERSION}\u0000${st.size}\u0000${st.mtimeMs}${key === null ? '' : `\u0000${key}`}`)}.bin`);
  try {
    return readFileSync(file);
  } catch {
    const bytes = make();
    if (key === null) {
      writeCacheFile(file, bytes, stem);
      return bytes;
    }
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
