import { spawn } from 'node:child_process';
import { closeSync, openSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEADER, tempDir } from '../helpers.js';
import { builtCli } from '../fixtures/bad/support/built-cli.js';

// A 100 MB file of valid rows, validated by the installed command in a child process that reports
// its peak memory. Holding all 1.6 million rows in memory took 716 MB (measured); streaming must
// stay well below that.

const TARGET_BYTES = 100_000_000;

/** Writes `TARGET_BYTES` of valid rows (seeded, so every run writes the same file); returns the row count. */
function writeRows(path: string): number {
  let seed = 20210729;
  const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
  const fd = openSync(path, 'w');
  let size = 0;
  let rows = 0;
  let batch: string[] = [`${HEADER}\n`];
  try {
    while (size < TARGET_BYTES) {
      // id, places and travellers make every row's key unique: (rows / 201, rows % 201) is one-to-one.
      const year = 1900 + (rows % 201);
      const line = `r${rows},Place ${rows % 7},Place ${(rows >> 3) % 5},People ${Math.floor(rows / 201)},${year},${year},${next() % 100_000},exact,src,\n`;
      batch.push(line);
      size += line.length;
      rows++;
      if (batch.length >= 20_000) {
        writeSync(fd, batch.join(''));
        batch = [];
      }
    }
    writeSync(fd, batch.join(''));
  } finally {
    closeSync(fd);
  }
  return rows;
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  maxRssBytes: number;
  ms: number;
}

/** Runs the CLI with a preloaded script that prints the process's peak RSS on exit. */
function runCli(bin: string, args: string[], rssScript: string): Promise<Run> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--require', rssScript, bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const m = /^max-rss-kb (\d+)$/m.exec(stderr);
      resolve({
        code,
        stdout,
        stderr: stderr.replace(/^max-rss-kb \d+\n?/m, ''),
        maxRssBytes: m ? Number(m[1]) * 1024 : NaN,
        ms: Date.now() - started,
      });
    });
  });
}

describe('a 100 MB file', () => {
  const tmp = tempDir('kuril-large-');
  let bin = '';
  const rssScript = join(tmp.dir, 'report-rss.cjs');
  beforeAll(async () => {
    bin = await builtCli();
    // Reported by the main thread only (validate reads a large file with two worker threads, which preload it too).
    writeFileSync(
      rssScript,
      "if (require('worker_threads').isMainThread) process.on('exit', () => require('fs').writeSync(2, `max-rss-kb ${process.resourceUsage().maxRSS}\\n`));\n",
    );
  });
  afterAll(tmp.cleanup);

  it('validates through the CLI with exit 0 in bounded memory', async () => {
    const small = join(tmp.dir, 'small.csv');
    writeFileSync(small, `${HEADER}\nr1,Place A,Place B,People,2001,2001,123,exact,src,\n`);
    const baseline = await runCli(bin, ['validate', small], rssScript);
    expect(baseline.code).toBe(0);

    const path = join(tmp.dir, 'visits.csv');
    const rows = writeRows(path);
    expect(statSync(path).size).toBeGreaterThanOrEqual(TARGET_BYTES);
    const run = await runCli(bin, ['validate', path], rssScript);
    // Origins "Place 0" to "Place 6" and destinations "Place 0" to "Place 4" match no place of the places
    // table: listed once each, as a note on stderr (the file is valid).
    const names = Array.from({ length: 7 }, (_, i) => `"Place ${i}"`).join(', ');
    expect(run.stderr).toBe(`note: 7 place names not in the places table, shown as written: ${names}\n`);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`visits.csv: valid, ${rows} rows, 25 place pairs, years 1900-2100, 1 source\n`);

    const mb = (b: number) => Math.round(b / 2 ** 20);
    console.log(
      `100 MB file: ${rows} rows in ${(run.ms / 1000).toFixed(1)} s, peak RSS ${mb(run.maxRssBytes)} MB (a one-row file: ${mb(baseline.maxRssBytes)} MB)`,
    );
    expect(run.maxRssBytes).toBeLessThan(400 * 2 ** 20);
    // Holding the rows costs over 350 bytes each (716 MB for these); the id and key indexes cost under 200.
    expect((run.maxRssBytes - baseline.maxRssBytes) / rows).toBeLessThan(200);
  }, 240_000);
});
