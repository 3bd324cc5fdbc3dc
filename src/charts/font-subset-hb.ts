import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// HarfBuzz's subsetter (hb-subset), as the WebAssembly build the harfbuzzjs package ships (harfbuzz-subset.wasm:
// no imports, no JavaScript glue, loaded synchronously). Used for the fallback (Japanese) fonts and for the
// fonts the report embeds: it renumbers glyphs and rewrites cmap, hmtx, GSUB and GPOS to the glyphs kept, so
// a copy of the 5.5 MB Noto Sans JP with the characters of a chart is about 10 to 30 kB. The hand-written
// subsetter (`font-subset.ts`) keeps glyph ids and every other table, which for Noto Sans JP leaves about
// 880 kB (its GSUB alone reaches 1,800 glyphs); it stays for DejaVu Sans, whose PNGs it keeps byte for byte.

interface HbExports {
  readonly memory: WebAssembly.Memory;
  malloc(size: number): number;
  free(ptr: number): void;
  hb_blob_create(data: number, length: number, mode: number, userData: number, destroy: number): number;
  hb_blob_destroy(blob: number): void;
  hb_blob_get_data(blob: number, length: number): number;
  hb_blob_get_length(blob: number): number;
  hb_face_create(blob: number, index: number): number;
  hb_face_destroy(face: number): void;
  hb_face_reference_blob(face: number): number;
  hb_set_add(set: number, value: number): void;
  hb_subset_input_create_or_fail(): number;
  hb_subset_input_destroy(input: number): void;
  hb_subset_input_unicode_set(input: number): number;
  hb_subset_input_set_flags(input: number, flags: number): void;
  hb_subset_or_fail(face: number, input: number): number;
}

/** `HB_MEMORY_MODE_READONLY`: HarfBuzz reads the font where it lies in the module's memory. */
const READONLY = 1;
/** `HB_SUBSET_FLAGS_NO_HINTING`: no hinting instructions (resvg does not hint; browsers draw well without). */
const NO_HINTING = 0x1;

let hb: HbExports | undefined;
/** Fonts copied into the module's memory once per process (a face keeps pointing at its bytes). */
const faces = new Map<string, number>();

function harfBuzz(): HbExports {
  if (!hb) {
    const bytes = readFileSync(fileURLToPath(import.meta.resolve('harfbuzzjs/dist/harfbuzz-subset.wasm')));
    hb = new WebAssembly.Instance(new WebAssembly.Module(bytes), {}).exports as unknown as HbExports;
  }
  return hb;
}

function face(path: string): number {
  let f = faces.get(path);
  if (f === undefined) {
    const h = harfBuzz();
    const bytes = readFileSync(path);
    const ptr = h.malloc(bytes.length);
    if (ptr === 0) throw new Error(`hb-subset: no memory for ${path}`);
    new Uint8Array(h.memory.buffer, ptr, bytes.length).set(bytes);
    const blob = h.hb_blob_create(ptr, bytes.length, READONLY, 0, 0);
    f = h.hb_face_create(blob, 0);
    h.hb_blob_destroy(blob);
    faces.set(path, f);
  }
  return f;
}

/**
 * A copy of the TrueType font at `path` with only the glyphs for `codePoints` (and those its substitutions
 * may put in their place, and `.notdef`), made by HarfBuzz's hb-subset without hinting: glyph ids renumbered,
 * names, metrics and layout tables cut to the glyphs kept. Code points the font lacks are left out.
 * Deterministic: the same font and code points give the same bytes.
 * @throws Error when hb-subset cannot subset the font.
 * @example hbSubset(FALLBACK_FONT_FILES.regular, [0x629e]).length // => 1800 (Noto Sans JP with .notdef and 択)
 */
export function hbSubset(path: string, codePoints: Iterable<number>): Buffer {
  const h = harfBuzz();
  const input = h.hb_subset_input_create_or_fail();
  if (input === 0) throw new Error('hb-subset: out of memory');
  try {
    const set = h.hb_subset_input_unicode_set(input);
    for (const cp of codePoints) h.hb_set_add(set, cp);
    h.hb_subset_input_set_flags(input, NO_HINTING);
    const out = h.hb_subset_or_fail(face(path), input);
    if (out === 0) throw new Error(`hb-subset could not subset ${path}`);
    const blob = h.hb_face_reference_blob(out);
    try {
      const data = h.hb_blob_get_data(blob, 0);
      const length = h.hb_blob_get_length(blob);
      return Buffer.from(new Uint8Array(h.memory.buffer, data, length));
    } finally {
      h.hb_blob_destroy(blob);
      h.hb_face_destroy(out);
    }
  } finally {
    h.hb_subset_input_destroy(input);
  }
}
