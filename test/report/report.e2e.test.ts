import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIGURES } from '../../src/dataset/figures.js';
import { escapeHtml } from '../../src/report/escape.js';
import { tempDir } from '../helpers.js';
import { ensureDist, runCli } from '../build/cli.js';

// Static checks of the built report.html: self-contained, a strict CSP whose hashes match the inline
// blocks, only relative links to the folder's own files, data text escaped, bounds worded.

let tmp: { dir: string; cleanup: () => void };
let out: string;
let html: string;

/** The page without the contents of <script> and <style> elements (their text is not markup). */
const markupOnly = (page: string): string =>
  page.replace(/(<script\b[^>]*>)[\s\S]*?(<\/script>)/g, '$1$2').replace(/(<style\b[^>]*>)[\s\S]*?(<\/style>)/g, '$1$2');
const cspOf = (page: string): string =>
  /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(page)?.[1]?.replace(/&#39;/g, "'") ?? '';
const sha = (text: string): string => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

beforeAll(async () => {
  await ensureDist();
  tmp = tempDir('kuril-report-');
  out = join(tmp.dir, 'out');
  const r = await runCli(['build', '--out', out, '-q'], tmp.dir, { SOURCE_DATE_EPOCH: '1600000000' });
  expect(r.code, r.stderr).toBe(0);
  html = readFileSync(join(out, 'report.html'), 'utf8');
});

afterAll(() => tmp?.cleanup());

describe('report.html', () => {
  it('is one HTML5 document in UTF-8 with a language', () => {
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n')).toBe(true);
    expect(html.endsWith('</html>\n')).toBe(true);
  });

  it('has a strict Content-Security-Policy: nothing loads, no unsafe-eval or unsafe-inline, scripts and styles by hash', () => {
    const csp = cspOf(html);
    const directives = new Map(
      csp
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .map(([k, ...v]) => [k!, v]),
    );
    expect(directives.get('default-src')).toEqual(["'none'"]);
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toMatch(/https?:|\*/);
    const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
    expect(scripts.length).toBe(5); // vega, vega-lite, vega-embed, vega-interpreter, the report's own
    expect(directives.get('script-src')!.sort()).toEqual(scripts.map(sha).sort());
    const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]!);
    expect(directives.get('style-src')).toEqual(styles.map(sha));
  });

  it('loads nothing: no external element, and every src or href is a fragment or a relative path to a file in the folder', () => {
    const markup = markupOnly(html);
    expect(markup).not.toMatch(/<(link|iframe|img|object|embed|base|audio|video|source)\b/i);
    expect(markup).not.toMatch(/<script\b[^>]*\bsrc=/i);
    expect(markup).not.toMatch(/@import|url\((?!#)/i);
    const refs = [...markup.matchAll(/\s(?:src|href|xlink:href)="([^"]*)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(30);
    const idList = [...markup.matchAll(/\sid="([^"]*)"/g)].map((m) => m[1]!);
    const ids = new Set(idList);
    expect(idList.length, 'ids are unique').toBe(ids.size);
    for (const ref of refs) {
      if (ref.startsWith('#')) {
        expect(ids.has(ref.slice(1)), ref).toBe(true);
        continue;
      }
      expect(ref, ref).not.toMatch(/^[a-z][a-z0-9+.-]*:|^\/|\.\./i);
      expect(existsSync(join(out, ref)), ref).toBe(true);
    }
    for (const file of [
      'data/exchange-visits.csv',
      'tables/ratios.csv',
      'tables/cumulative.json',
      'charts/ratios.vl.json',
      'datapackage.json',
      'manifest.json',
    ]) {
      expect(refs, file).toContain(file);
    }
  });

  it('shows every figure with its quote (escaped) and its count in words', () => {
    for (const f of FIGURES) expect(html).toContain(`<q>${escapeHtml(f.quote)}</q>`);
    expect(html).toContain('<td class="num">over 20,000</td>');
    expect(html).toContain('<td class="num">9,500</td>');
    expect(html).toContain('Sputnik</strong>, MOSCOW, 29 July 2021');
  });

  it('words bounds as bounds in the derived tables, never as exact numbers', () => {
    const ratios = /<div class="table-wrap" id="ratios-table">([\s\S]*?)<\/div>/.exec(html)![1]!;
    expect(ratios).toContain('<td class="num">more than 2.10</td>');
    expect(ratios).toContain('<td class="num">less than 0.48</td>');
    expect(ratios).toContain('<td class="num">2.85</td>');
    expect(ratios).not.toMatch(/>2\.1[01]</);
    // 20,000 / 25 years: "over 20,000" makes it more than 800 a year; never "800 a year".
    expect(html).toMatch(/<td class="num">(more than|at least) 800 a year<\/td>/);
    expect(html).not.toContain('<td class="num">800 a year</td>');
    expect(html).toContain('<td class="num">more than 67.7%</td>');
    expect(html).toContain('assumed to run to the end of 2016 (the latest single year in the data; change it with --end-year)');
  });

  it('has each chart as an accessible inline SVG with its spec for the interactive view', () => {
    for (const name of ['annual-flows', 'ratios', 'cumulative', 'shares', 'changes']) {
      const figure = new RegExp(`<figure class="chart" id="chart-${name}">([\\s\\S]*?)</figure>`).exec(html)?.[1];
      expect(figure, name).toBeDefined();
      expect(figure).toMatch(/<div class="chart-static"><svg role="img" aria-label="[^"]+"/);
      expect(figure).toMatch(/<title>[^<]+<\/title><desc>/);
      const spec = /<script type="application\/json" class="chart-spec">([\s\S]*?)<\/script>/.exec(figure!)![1]!;
      expect(JSON.parse(spec)).toEqual(JSON.parse(readFileSync(join(out, 'charts', `${name}.vl.json`), 'utf8')));
    }
  });

  it('shows no time: no date of the build, whatever SOURCE_DATE_EPOCH says', () => {
    expect(html).not.toContain(new Date().toISOString().slice(0, 10));
    expect(html).not.toContain('2020-09-13'); // SOURCE_DATE_EPOCH=1600000000
  });
});
