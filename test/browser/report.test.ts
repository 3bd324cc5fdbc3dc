import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers.js';
import { ensureDist, runCli } from '../build/cli.js';

// Opens the built report in headless Chromium (Debian's /usr/bin/chromium; never a downloaded
// browser) straight from file://, with every request other than the page itself aborted and counted.

const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOTS = '/tmp/report-review';
const CHARTS = ['annual-flows', 'ratios', 'cumulative', 'shares', 'changes', 'sources'];
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium)
  console.warn(`test/browser: skipped: ${CHROMIUM} is missing (install Debian's chromium package: apt-get install chromium)`);

interface Opened {
  page: Page;
  requests: string[];
  errors: string[];
}

describe.skipIf(!hasChromium)('report.html in a browser', () => {
  let tmp: { dir: string; cleanup: () => void };
  let reportUrl: string;
  let browser: Browser;

  beforeAll(async () => {
    await ensureDist();
    tmp = tempDir('kuril-browser-');
    const r = await runCli(['build', '--out', 'out', '--quiet'], tmp.dir);
    expect(r.code, r.stderr).toBe(0);
    reportUrl = pathToFileURL(join(tmp.dir, 'out', 'report.html')).href;
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    mkdirSync(SCREENSHOTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    tmp?.cleanup();
  });

  async function open(javaScriptEnabled: boolean): Promise<Opened> {
    const context = await browser.newContext({ javaScriptEnabled, viewport: { width: 1200, height: 900 } });
    const page = await context.newPage();
    const requests: string[] = [];
    const errors: string[] = [];
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url === reportUrl) return route.continue();
      requests.push(url);
      return route.abort();
    });
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    await page.goto(reportUrl, { waitUntil: 'load' });
    return { page, requests, errors };
  }

  it('with JavaScript on: loads nothing, logs no error, draws every chart with vega-embed, shows tooltips', async () => {
    const { page, requests, errors } = await open(true);
    await page.waitForFunction((n) => document.querySelectorAll('figure.chart.is-interactive').length === n, CHARTS.length, {
      timeout: 20_000,
    });
    for (const name of CHARTS) {
      const view = page.locator(`#chart-${name} .chart-view svg`).first();
      const box = await view.boundingBox();
      expect(box?.width, name).toBeGreaterThan(200);
      expect(box?.height, name).toBeGreaterThan(100);
      expect(await page.locator(`#chart-${name} .chart-static`).isHidden(), name).toBe(true);
    }

    // Hover the first bar of the interactive annual-flows chart: vega-tooltip shows its element.
    const bar = page
      .locator('#chart-annual-flows .chart-view path[role="graphics-symbol"], #chart-annual-flows .chart-view g.mark-rect path')
      .first();
    await bar.scrollIntoViewIfNeeded();
    const box = await bar.boundingBox();
    expect(box).not.toBeNull();
    await page.mouse.move(box!.x + box!.width / 2, box!.y + box!.height / 2);
    const tooltip = page.locator('#vg-tooltip-element');
    await expect.poll(async () => (await tooltip.count()) > 0 && (await tooltip.isVisible()), { timeout: 5000 }).toBe(true);
    expect(await tooltip.textContent()).toMatch(/Japan|Kuril/);
    await page.screenshot({ path: join(SCREENSHOTS, 'tooltip.png') });

    await page.mouse.move(0, 0);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(SCREENSHOTS, 'report.png'), fullPage: true });

    expect(requests).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('with JavaScript off: every chart shows as an inline SVG, the tables are there, nothing loads', async () => {
    const { page, requests, errors } = await open(false);
    for (const name of CHARTS) {
      const svg = page.locator(`#chart-${name} .chart-static > svg`);
      const box = await svg.boundingBox();
      expect(box?.width, name).toBeGreaterThan(200);
      expect(box?.height, name).toBeGreaterThan(100);
    }
    expect(await page.locator('#ratios-table').textContent()).toContain('more than 2.10');
    await page.screenshot({ path: join(SCREENSHOTS, 'report-no-js.png'), fullPage: true });
    expect(requests).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
