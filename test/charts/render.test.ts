import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FIGURES, SOURCES } from '../../src/internals.js';
import type { Visit } from '../../src/index.js';
import { buildCharts } from '../../src/charts/index.js';
import { escapeXml } from '../../src/util/escape.js';
import { accessibleSvg, compileSpec, renderPng, renderSvg, specTitle, svgSize } from '../../src/charts/render.js';
import { fixture, ROOT, tempDir } from '../helpers.js';
import { bothDatasets, chartInput } from './setup.js';

const { embedded, user } = await bothDatasets();
const UPDATE = process.env.UPDATE_SNAPSHOTS === '1';

/** Numbers in an SVG rounded to one decimal, so snapshots survive floating-point noise (as Observable Plot's tests do). */
function roundNumbers(svg: string): string {
  return svg.replace(/-?[0-9]*\.[0-9]+(?:e-?[0-9]+)?/g, (n) => {
    const r = Math.round(Number(n) * 10) / 10;
    return String(Object.is(r, -0) ? 0 : r);
  });
}

/**
 * An SVG with each element on a line of its own, so that a snapshot's diff can be read. The renderer
 * writes no line break between tags, so this only adds some (checked: a snapshot loses nothing).
 */
function onePerLine(svg: string): string {
  expect(svg).not.toMatch(/>\n</);
  return `${svg.replaceAll('><', '>\n<')}\n`;
}

/** Width and height from a PNG's IHDR chunk (bytes 16–23, big-endian), after checking the signature. */
function pngSize(png: Uint8Array): { width: number; height: number } {
  expect([...png.slice(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(Buffer.from(png.slice(12, 16)).toString('latin1')).toBe('IHDR');
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

const sha = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex');

describe('renderSvg: stored snapshots', () => {
  for (const [dataset, set] of [
    ['embedded', embedded],
    ['user', user],
  ] as const) {
    for (const { name, spec } of set.charts) {
      it(`${dataset} ${name} matches test/fixtures/charts/${dataset}-${name}.svg (numbers rounded to 1 decimal)`, async () => {
        const path = fixture('charts', `${dataset}-${name}.svg`);
        const svg = onePerLine(roundNumbers(await renderSvg(spec)));
        if (UPDATE) {
          mkdirSync(fixture('charts'), { recursive: true });
          writeFileSync(path, svg);
        }
        // A new or renamed chart has no snapshot yet: that fails until one is recorded and looked at.
        expect(existsSync(path), `${path} is missing: run with UPDATE_SNAPSHOTS=1 and look at it`).toBe(true);
        expect(svg).toBe(readFileSync(path, 'utf8'));
      });
    }
  }
});

describe('renderSvg', () => {
  it('starts with role, aria-label, <title> and <desc>', async () => {
    const { spec } = embedded.charts[0]!;
    const svg = await renderSvg(spec);
    expect(svg).toMatch(
      /^<svg role="img" aria-label="Travellers each way, 2015–2016" [^>]*><title>Travellers each way, 2015–2016<\/title><desc>Grouped bar chart/,
    );
    expect(svg).toContain('2015: 761 and 299; 2016: 802 and 281');
    expect(svg).toMatch(/<desc>[^<]*Source: Sputnik, 29 July 2021.<\/desc>/);
  });

  it('escapes title and description, and place names everywhere', async () => {
    const place = 'Port <script>alert("x")</script> & "Bay"';
    const visits: Visit[] = FIGURES.map((v) => ({
      ...v,
      origin: v.origin === 'Japan' ? place : v.origin,
      destination: v.destination === 'Japan' ? place : v.destination,
    }));
    const set = buildCharts(chartInput(visits, { sources: SOURCES }));
    for (const { spec } of set.charts) {
      const svg = await renderSvg({ ...spec, title: { text: `${specTitle(spec)} <script> & "quoted"` } });
      expect(svg).not.toContain('<script');
      expect(svg).toContain('aria-label="' + escapeXml(`${specTitle(spec)} <script> & "quoted"`) + '"');
      expect(svg).toContain('&lt;script&gt; &amp; &quot;quoted&quot;</title>');
      expect(svg).toContain('<desc>');
      expect(svg.slice(svg.indexOf('<desc>'), svg.indexOf('</desc>'))).toContain(
        'Port &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;Bay&quot;',
      );
    }
  });

  it('accessibleSvg escapes & < > " \' and keeps the rest of the SVG', () => {
    const out = accessibleSvg('<svg width="1" height="1"><g/></svg>', `a&b<c>"d"'e'`, 'x < y');
    expect(out).toBe(
      '<svg role="img" aria-label="a&amp;b&lt;c&gt;&quot;d&quot;&apos;e&apos;" width="1" height="1"><title>a&amp;b&lt;c&gt;&quot;d&quot;&apos;e&apos;</title><desc>x &lt; y</desc><g/></svg>',
    );
  });

  it('uses DejaVu Sans for every piece of text', async () => {
    for (const { spec } of [...embedded.charts, ...user.charts]) {
      const svg = await renderSvg(spec);
      const families = new Set([...svg.matchAll(/font-family="([^"]*)"/g)].map((m) => m[1]));
      expect([...families]).toEqual(['DejaVu Sans']);
    }
  });

  it('gives the same bytes for the same input (twice in one process), with stable definition ids', async () => {
    for (const { spec } of [...embedded.charts, ...user.charts]) {
      const a = await renderSvg(spec);
      const b = await renderSvg(JSON.parse(JSON.stringify(spec)));
      expect(b).toBe(a);
      expect(Buffer.from(renderPng(b)).equals(Buffer.from(renderPng(a)))).toBe(true);
      // No random ids or timestamps.
      expect(a).not.toMatch(/id="[^"]*[0-9]{5,}/);
    }
  });

  it('gives the same bytes in another process, with or without the cache folder (a fresh one, one not private, none)', async () => {
    const child = fileURLToPath(new URL('./render-child.ts', import.meta.url));
    const here: Record<string, { svg: string; png: string }> = {};
    for (const { name, spec } of embedded.charts) {
      const svg = await renderSvg(spec);
      here[name] = { svg: sha(svg), png: sha(renderPng(svg)) };
    }
    const { dir, cleanup } = tempDir();
    try {
      const uid = process.getuid?.() ?? 'user';
      const fresh = join(dir, 'fresh');
      const shared = join(dir, 'shared');
      mkdirSync(fresh);
      mkdirSync(join(shared, `kuril-exchange-code-cache-${uid}`), { recursive: true });
      chmodSync(join(shared, `kuril-exchange-code-cache-${uid}`), 0o777);
      for (const env of [{}, { TMPDIR: fresh }, { TMPDIR: fresh }, { TMPDIR: shared }, { KURIL_EXCHANGE_NO_CACHE: '1' }]) {
        const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', child], {
          cwd: ROOT,
          maxBuffer: 1 << 20,
          env: { ...process.env, ...env },
        });
        expect({ env, hashes: JSON.parse(stdout) }).toEqual({ env, hashes: here });
      }
      // A fresh cache folder is private to the user and holds the compiled code and the font copies;
      // a folder others can write to is not used.
      const cache = join(fresh, `kuril-exchange-code-cache-${uid}`);
      expect(statSync(cache).mode & 0o777).toBe(0o700);
      expect(
        readdirSync(cache)
          .map((f) => f.replace(/@.*$/, ''))
          .sort(),
      ).toEqual(['code-vega-interpreter.js', 'code-vega-lite.min.js', 'code-vega.js', 'font-DejaVuSans', 'font-DejaVuSans-Bold']);
      expect(readdirSync(join(shared, `kuril-exchange-code-cache-${uid}`))).toEqual([]);
    } finally {
      cleanup();
    }
  });
});

describe('renderPng', () => {
  it.each([
    ['embedded', embedded],
    ['user', user],
  ] as const)('%s: every PNG decodes to twice the SVG size', async (_name, set) => {
    for (const { spec } of set.charts) {
      const svg = await renderSvg(spec);
      const { width, height } = svgSize(svg);
      const size = pngSize(renderPng(svg));
      expect(size.width).toBe(Math.round(width * 2));
      expect(Math.abs(size.height - height * 2)).toBeLessThanOrEqual(1);
    }
  });

  it('scales to the width asked for', async () => {
    const svg = await renderSvg(embedded.charts[1]!.spec);
    const { width } = svgSize(svg);
    expect(pngSize(renderPng(svg, 1)).width).toBe(Math.round(width));
    expect(pngSize(renderPng(svg, 3)).width).toBe(Math.round(width * 3));
  });
});

describe('compileSpec', () => {
  it('returns the Vega spec and collects the compiler warnings instead of printing them', () => {
    const { vega, warnings } = compileSpec({
      data: { values: [{ a: 1 }] },
      mark: 'bar',
      encoding: { x: { field: 'a', type: 'quantitative' }, shape: { field: 'a', type: 'nominal' } },
    });
    expect(vega.marks?.length).toBeGreaterThan(0);
    expect(warnings.length).toBeGreaterThan(0);
  });
});
