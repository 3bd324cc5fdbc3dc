import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';
import { chartsCommand, parseChartFormats } from '../../src/commands/charts.js';
import type { CommandContext } from '../../src/commands/context.js';
import { EMBEDDED_SOURCES, EMBEDDED_VISITS } from '../../src/index.js';
import { UsageError } from '../../src/internals.js';
import { msg } from '../../src/messages.js';
import { fixture, HEADER, tempDir } from '../helpers.js';
import { USER_FILE } from './setup.js';

function capture(): CommandContext & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (s) => out.push(s), write: (s) => out.push(s), stderr: (s) => err.push(s), progress: (s) => err.push(s) };
}

describe('charts command', () => {
  it('writes every chart of the embedded data as .vl.json, .svg and .png', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const ctx = capture();
      expect(await chartsCommand({ out: dir }, ctx)).toBe(0);
      const names = ['annual-flows', 'ratios', 'cumulative', 'shares', 'changes', 'sources'];
      expect(readdirSync(dir).sort()).toEqual(names.flatMap((n) => [`${n}.png`, `${n}.svg`, `${n}.vl.json`]).sort());
      const json = readFileSync(join(dir, 'ratios.vl.json'), 'utf8');
      expect(json.endsWith('}\n')).toBe(true);
      expect(json.split('\n')[1]).toMatch(/^ {2}"\$schema"/);
      expect(ctx.out).toEqual([msg.chartsDone(dir, 6, 18, 0)]);
      expect(readFileSync(join(dir, 'annual-flows.svg'), 'utf8')).toContain('First charter flight');
    } finally {
      cleanup();
    }
  });

  it('writes only the formats asked for, and reports skipped charts on stderr', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const ctx = capture();
      expect(await chartsCommand({ file: fixture('user-three-pairs.csv'), out: dir, formats: 'vl,svg' }, ctx)).toBe(0);
      expect(readdirSync(dir).filter((f) => f.endsWith('.png'))).toEqual([]);
      // Six charts (the sources chart too: the file has a multi-year figure), two files each.
      expect(readdirSync(dir).length).toBe(12);
      // A user file without --sources: the source ids as they stand.
      expect(readFileSync(join(dir, 'shares.svg'), 'utf8')).toContain('Sources: harbour-survey-2021; lakes-ministry-2022');
    } finally {
      cleanup();
    }
  });

  it('reports each chart with nothing to show on stderr, and writes the others', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const file = join(dir, 'since-only.csv');
      const lines = readFileSync(EMBEDDED_VISITS, 'utf8').split('\n');
      writeFileSync(file, [lines[0], ...lines.filter((l) => l.includes('since-1992'))].join('\n') + '\n');
      const ctx = capture();
      expect(await chartsCommand({ file, out: join(dir, 'out'), formats: 'vl', sources: EMBEDDED_SOURCES }, ctx)).toBe(0);
      expect(ctx.err.filter((l) => l.startsWith('chart '))).toEqual([
        msg.chartSkipped('annual-flows', msg.chartNoSingleYears()),
        msg.chartSkipped('changes', msg.chartNoChanges()),
      ]);
      expect(readdirSync(join(dir, 'out')).sort()).toEqual(['cumulative.vl.json', 'ratios.vl.json', 'shares.vl.json', 'sources.vl.json']);
      expect(ctx.out).toEqual([msg.chartsDone(join(dir, 'out'), 4, 4, 2)]);
    } finally {
      cleanup();
    }
  });

  it('draws a file of many place pairs and years quickly, in bounded files that say what they leave out', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const file = join(dir, 'many.csv');
      const lines = [HEADER];
      for (let p = 0; p < 150; p++) {
        for (let y = 1980; y < 2020; y++) {
          lines.push(
            `p${p}-ab-${y},Region ${2 * p},Region ${2 * p + 1},residents,${y},${y},${(p * 7919 + y * 31) % 5000},exact,source-${p % 3},`,
          );
          lines.push(
            `p${p}-ba-${y},Region ${2 * p + 1},Region ${2 * p},residents,${y},${y},${(p * 104729 + y * 17) % 5000},exact,source-${p % 3},`,
          );
        }
      }
      writeFileSync(file, `${lines.join('\n')}\n`);
      const ctx = capture();
      const started = performance.now();
      expect(await chartsCommand({ file, out: join(dir, 'out') }, ctx)).toBe(0);
      expect(performance.now() - started).toBeLessThan(30_000);
      const names = ['annual-flows', 'ratios', 'shares', 'changes'];
      for (const name of names) {
        const spec = JSON.parse(readFileSync(join(dir, 'out', `${name}.vl.json`), 'utf8'));
        expect(spec.title.subtitle.join(' ')).toContain('Showing the 4 place pairs with the most travellers (of 150)');
        expect(statSync(join(dir, 'out', `${name}.svg`)).size).toBeLessThan(1_000_000);
        expect(statSync(join(dir, 'out', `${name}.png`)).size).toBeLessThan(2_000_000);
      }
      expect(ctx.err).toContain('analysing 12000 figures');
    } finally {
      cleanup();
    }
  });

  it('parses --formats and refuses unknown or empty lists', () => {
    expect([...parseChartFormats(undefined)]).toEqual(['vl', 'svg', 'png']);
    expect([...parseChartFormats('png, vl')]).toEqual(['png', 'vl']);
    expect(() => parseChartFormats('pdf')).toThrow(new UsageError(msg.chartsFormatUnknown('pdf', ['vl', 'svg', 'png'])));
    expect(() => parseChartFormats(',')).toThrow(UsageError);
  });

  it('runs from the command line, and exits 2 without --out or with a bad file', async () => {
    const err: string[] = [];
    expect(await main(['charts'], { stderr: (s) => err.push(s), stdout: () => {} })).toBe(2);
    expect(err).toEqual([`kuril-exchange: ${msg.chartsOutRequired()}`]);
    const { dir, cleanup } = tempDir();
    try {
      const out: string[] = [];
      expect(
        await main(['charts', USER_FILE, '--out', dir, '--formats', 'svg', '--quiet'], { stdout: (s) => out.push(s), stderr: () => {} }),
      ).toBe(0);
      expect(out).toEqual([msg.chartsDone(dir, 6, 6, 0)]);
      expect(await main(['charts', join(dir, 'missing.csv'), '--out', dir], { stdout: () => {}, stderr: () => {} })).toBe(2);
    } finally {
      cleanup();
    }
  });
});
