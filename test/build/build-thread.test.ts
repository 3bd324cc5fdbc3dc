import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { reconcile } from '../../src/analysis/reconcile.js';
import { build } from '../../src/build/build.js';
import { BuildThread } from '../../src/build/build-thread.js';
import { resolveInputs } from '../../src/build/inputs.js';
import { renderPng } from '../../src/charts/png.js';
import { FIGURES, SOURCES } from '../../src/dataset/figures.js';
import { tempDir } from '../helpers.js';

// The build thread runs the same functions as the main thread, on data it is sent: the answers must be the
// same values and bytes as computing them here.
describe('the build thread', () => {
  const thread = new BuildThread({ reconcile: true, png: true });
  afterAll(() => thread.close());

  it('reconciles as reconcile() does here', async () => {
    const there = await thread.reconcile(FIGURES, SOURCES, undefined);
    const here = await reconcile(FIGURES, { sources: SOURCES });
    expect(there).toEqual(here);
    const pinned = await thread.reconcile(FIGURES, SOURCES, 2017);
    expect(pinned).toEqual(await reconcile(FIGURES, { sources: SOURCES, endYear: 2017 }));
    expect(pinned.endRanges.get(SOURCES[0]!.id)).toMatchObject({ from: 2017, to: 2017 });
  });

  it('draws PNGs with the same bytes as renderPng() here, answering each request with its own', async () => {
    const svg = (w: number, fill: string) =>
      `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="20"><rect width="${w}" height="20" fill="${fill}"/><text x="2" y="15" font-size="12">Kunashir 761</text></svg>`;
    const [a, b] = await Promise.all([thread.png(svg(40, 'teal')), thread.png(svg(30, 'orange'), 1)]);
    expect(Buffer.from(a).equals(Buffer.from(renderPng(svg(40, 'teal'))))).toBe(true);
    expect(Buffer.from(b).equals(Buffer.from(renderPng(svg(30, 'orange'), 1)))).toBe(true);
    // The PNG header's width: 40 × 2 and 30 × 1 pixels.
    expect(new DataView(a.buffer, a.byteOffset).getUint32(16)).toBe(80);
    expect(new DataView(b.buffer, b.byteOffset).getUint32(16)).toBe(30);
  });

  it('rejects a request that fails with the error, and goes on answering the next', async () => {
    await expect(thread.png('<svg xmlns="http://www.w3.org/2000/svg"/>')).rejects.toThrow('renderPng: the SVG has no width and height');
    const png = await thread.png('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="5"/>');
    expect([...png.subarray(16, 24)]).toEqual([0, 0, 0, 20, 0, 0, 0, 10]);
  });

  it('rejects everything once closed', async () => {
    const other = new BuildThread({ reconcile: false, png: false });
    await other.close();
    await expect(other.png('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="5"/>')).rejects.toThrow('closed');
  });
});

describe('a build with the build thread', () => {
  const { dir, cleanup } = tempDir('kuril-build-thread-');
  afterAll(cleanup);

  it('lists every file it wrote in the report, the PNGs drawn on the thread included, and records them in the manifest', async () => {
    const out = join(dir, 'out');
    const manifest = await build({
      inputs: resolveInputs(undefined, undefined, undefined),
      formats: ['csv', 'svg', 'png', 'html'],
      endYear: null,
      notebooks: false,
      outDir: out,
    });
    const written = manifest.files.map((f) => f.path);
    // Six charts, each as a spec, an SVG and a PNG.
    expect(written.filter((p) => p.startsWith('charts/') && p.endsWith('.png'))).toHaveLength(6);
    const report = readFileSync(join(out, 'report.html'), 'utf8');
    // The report's list of files: each file linked under its own path.
    for (const path of written) expect(report).toContain(`<a href="${path}">${path}</a>`);
    for (const f of manifest.files.filter((f) => f.path.endsWith('.png'))) {
      const png = readFileSync(join(out, f.path));
      expect(png.length).toBe(f.size);
      expect([...png.subarray(1, 4)]).toEqual([0x50, 0x4e, 0x47]); // "PNG"
    }
  });
});
