/* global document, window */
// Takes the README's screenshot of the live preview (docs/notebook-preview.png): `notebook --watch` on a
// copy of notebooks/exchange-visits.ts, one markdown line and one table title edited, the page in
// Debian's Chromium after it has updated by itself. Run: node scripts/preview-screenshot.js
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'kuril-preview-shot-'));
mkdirSync(join(dir, 'notebooks'));
mkdirSync(join(dir, 'node_modules'));
symlinkSync(root, join(dir, 'node_modules', 'kuril-exchange'), 'dir');
const file = join(dir, 'notebooks', 'exchange-visits.ts');
copyFileSync(join(root, 'notebooks', 'exchange-visits.ts'), file);

const child = spawn(
  process.execPath,
  [join(root, 'bin', 'kuril-exchange.js'), 'notebook', 'notebooks/exchange-visits.ts', '--watch', '--port', '0'],
  {
    cwd: dir,
    stdio: ['ignore', 'ignore', 'pipe'],
  },
);
let err = '';
child.stderr.on('data', (c) => (err += c));
const until = async (test) => {
  for (let i = 0; i < 600 && !test(); i++) await new Promise((r) => setTimeout(r, 100));
  if (!test()) throw new Error(`timed out; stderr:\n${err}`);
};
try {
  await until(() => /ran \d+ of \d+ code cells/.test(err));
  const url = /serving (\S+)/.exec(err)[1];
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
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
  const page = await browser.newPage({ viewport: { width: 1100, height: 760 } });
  await page.goto(url);
  const text = readFileSync(file, 'utf8');
  writeFileSync(
    file,
    text
      .replace('for the same period and source.', 'for the same period and the same source.')
      .replace("{ title: 'Ratios', columns", "{ title: 'Ratios, both directions', columns"),
  );
  await page.waitForFunction(
    () => document.body.textContent.includes('Ratios, both directions') && document.querySelector('.kx-status-ok'),
    undefined,
    {
      timeout: 60_000,
    },
  );
  await page.evaluate(() => {
    const h = [...document.querySelectorAll('h2')].find((e) => e.textContent === 'Ratios');
    window.scrollTo(0, h.closest('section').getBoundingClientRect().top + window.scrollY - 120);
  });
  mkdirSync(join(root, 'docs'), { recursive: true });
  await page.screenshot({ path: join(root, 'docs', 'notebook-preview.png') });
  await browser.close();
} finally {
  child.kill('SIGINT');
  await new Promise((r) => child.once('exit', r));
  rmSync(dir, { recursive: true, force: true });
}
