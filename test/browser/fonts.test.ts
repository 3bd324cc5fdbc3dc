import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { textWidth } from '../../src/charts/font-metrics.js';
import { fixture, ROOT, tempDir } from '../helpers.js';
import { ensureDist, runCli } from '../build/cli.js';

// A report with Japanese place names, opened in headless Chromium on a machine with no Japanese system
// font: the place names must be drawn with the fonts the report embeds. The same report with its
// @font-face block removed is the control (it has no font for kanji). A screenshot is kept in docs/.

const CHROMIUM = '/usr/bin/chromium';
// The kept screenshot is written again with UPDATE_SNAPSHOTS=1; other runs write theirs to /tmp.
const SCREENSHOT =
  process.env.UPDATE_SNAPSHOTS === '1'
    ? join(ROOT, 'docs', 'report-ja-embedded-fonts.png')
    : '/tmp/report-review/report-ja-embedded-fonts.png';
const hasChromium = existsSync(CHROMIUM);
const LABEL = '国後島 → 択捉島';

describe.skipIf(!hasChromium)('a report with Japanese text, on a machine without Japanese fonts', () => {
  let tmp: { dir: string; cleanup: () => void };
  let browser: Browser;
  let withFonts: string;
  let withoutFonts: string;

  beforeAll(async () => {
    await ensureDist();
    tmp = tempDir('kuril-fonts-browser-');
    const r = await runCli(['build', fixture('fonts', 'names-ja.csv'), '--out', 'out', '--quiet'], tmp.dir);
    expect(r.code, r.stderr).toBe(0);
    const report = join(tmp.dir, 'out', 'report.html');
    withFonts = pathToFileURL(report).href;
    const html = readFileSync(report, 'utf8');
    const stripped = html.replace(/<style>\/\* Fonts cut[^<]*<\/style>\n/, '');
    expect(stripped.length).toBeLessThan(html.length);
    writeFileSync(join(tmp.dir, 'out', 'no-fonts.html'), stripped);
    withoutFonts = pathToFileURL(join(tmp.dir, 'out', 'no-fonts.html')).href;
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
  });

  afterAll(async () => {
    await browser?.close();
    tmp?.cleanup();
  });

  /** Opens a page with JavaScript off (the static SVG charts), every request but the page itself aborted. */
  async function open(url: string): Promise<{ page: Page; requests: string[] }> {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1100, height: 900 } });
    const page = await context.newPage();
    const requests: string[] = [];
    await page.route('**/*', (route) => {
      if (route.request().url() === url) return route.continue();
      requests.push(route.request().url());
      return route.abort();
    });
    await page.goto(url, { waitUntil: 'load' });
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    return { page, requests };
  }

  /** Width of the legend label in the static annual-flows chart (SVG text length), and of kanji measured on a canvas. */
  async function widths(page: Page): Promise<{ label: number; kanji: number; fontsLoaded: boolean; faces: number }> {
    return page.evaluate((label) => {
      const text = Array.from(document.querySelectorAll('#chart-annual-flows .chart-static text')).find((t) => t.textContent === label) as
        SVGTextElement | undefined;
      const ctx = document.createElement('canvas').getContext('2d')!;
      ctx.font = '11px "DejaVu Sans"';
      return {
        label: text ? text.getComputedTextLength() : -1,
        kanji: ctx.measureText('択捉島国後島').width,
        fontsLoaded: document.fonts.check('11px "DejaVu Sans"', '択捉島国後島色丹島歯舞群島'),
        faces: (document.fonts as unknown as { size: number }).size,
      };
    }, LABEL);
  }

  it('the machine has no Japanese system font (else this test could not tell)', () => {
    expect(execFileSync('fc-list', [':lang=ja'], { encoding: 'utf8' }).trim()).toBe('');
  });

  it('draws the place names with the embedded fonts: kanji one em wide, labels as wide as the layout measured', async () => {
    const { page, requests } = await open(withFonts);
    expect(requests).toEqual([]);
    const w = await widths(page);
    expect(w.fontsLoaded).toBe(true);
    expect(w.faces).toBe(4);
    // Noto Sans JP's kanji are 1000 units of a 1000-unit em: six of them at 11 px are 66 px.
    expect(w.kanji).toBeCloseTo(66, 3);
    // The chart was laid out with the same widths (kerning in " → " may narrow it by a fraction of a pixel).
    expect(Math.abs(w.label - textWidth(LABEL, 11))).toBeLessThan(0.75);
    // (An iterator, not forEach: with JavaScript off the page cannot run a callback.)
    const faces = await page.evaluate(() =>
      Array.from(document.fonts as unknown as Iterable<FontFace>).map((f) => `${f.family} ${f.weight} ${f.status}`),
    );
    // Both weights of both fonts are drawn with (bold: the chart titles) and loaded.
    expect(faces).toEqual(['DejaVu Sans 400 loaded', 'DejaVu Sans 700 loaded', 'DejaVu Sans 400 loaded', 'DejaVu Sans 700 loaded']);
    const figure = page.locator('#chart-annual-flows');
    mkdirSync(dirname(SCREENSHOT), { recursive: true });
    await figure.screenshot({ path: SCREENSHOT });
    await page.context().close();
  });

  it('control: without the @font-face block the same labels have no Japanese font and other widths', async () => {
    const { page } = await open(withoutFonts);
    const w = await widths(page);
    // No font face at all (document.fonts.check would say true: it only asks whether faces are loaded).
    expect(w.faces).toBe(0);
    expect(Math.abs(w.kanji - 66)).toBeGreaterThan(1);
    expect(Math.abs(w.label - textWidth(LABEL, 11))).toBeGreaterThan(1);
    await page.locator('#chart-annual-flows').screenshot({ path: join(tmp.dir, 'no-fonts.png') });
    writeFileSync('/tmp/kuril-report-ja-no-embedded-fonts.png', readFileSync(join(tmp.dir, 'no-fonts.png')));
    await page.context().close();
  });
});
