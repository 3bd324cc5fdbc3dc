import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { reconcile } from '../../src/analysis/reconcile.js';
import { main } from '../../src/cli.js';
import type { Visit } from '../../src/dataset/types.js';
import type { ProgressStream } from '../../src/stream/progress.js';
import { HEADER, tempDir } from '../helpers.js';

/** A stand-in for stderr: a terminal (or not) that keeps what is written. */
function terminal(isTTY = true): ProgressStream & { text: string } {
  const s = { isTTY, columns: 120, text: '', write: (t: string) => (s.text += t) };
  return s;
}

const visit = (id: string, origin: string, start: number, end: number | null, count: number): Visit => ({
  id,
  origin,
  destination: origin === 'A' ? 'B' : 'A',
  travelers: 'visitors',
  period_start: start,
  period_end: end,
  count,
  qualifier: 'exact',
  source_id: 's1',
  quote: '',
});

describe('reconcile reports its progress', () => {
  it('after each series, with the figures reconciled so far', async () => {
    // Series A→B has three figures (rows 1, 2 and 4), B→A two (rows 3 and 5): A→B is met first, so 3, then 3 + 2.
    const rows = [
      visit('a-2015', 'A', 2015, 2015, 10),
      visit('a-2016', 'A', 2016, 2016, 20),
      visit('b-2015', 'B', 2015, 2015, 5),
      visit('a-2015-2016', 'A', 2015, 2016, 30),
      visit('b-2016', 'B', 2016, 2016, 6),
    ];
    const seen: number[] = [];
    const r = await reconcile(rows, { onProgress: (n) => seen.push(n) });
    expect(seen).toEqual([3, 5]);
    expect(r.holds).toBe(true); // 10 + 20 = 30
  });
});

describe('progress of reconcile on a large file', () => {
  const { dir, cleanup } = tempDir('kuril-reconcile-progress-');
  afterAll(cleanup);
  // About 5 MB: over the 4 MiB a progress line needs.
  const lines = [HEADER];
  let pair = 0;
  while (lines.length < 60_000) {
    for (let y = 1992; y <= 2019; y++) {
      lines.push(`p${pair}-ab-${y},Place ${pair}a,Place ${pair}b,residents of A,${y},${y},${(pair * 7 + y) % 5000},exact,s1,`);
      lines.push(`p${pair}-ba-${y},Place ${pair}b,Place ${pair}a,residents of B,${y},${y},${(pair * 3 + y) % 4000},exact,s1,`);
    }
    pair++;
  }
  const file = join(dir, 'big.csv');
  writeFileSync(file, `${lines.join('\n')}\n`);
  const rowCount = lines.length - 1;
  const rowsText = rowCount.toLocaleString('en-US');
  const mb = `${(statSync(file).size / 1e6).toFixed(1)} MB`;

  const run = async (argv: string[], stream: ProgressStream | null) => {
    let out = '';
    const err: string[] = [];
    const code = await main(argv, { stdout: () => {}, write: (s) => (out += s), stderr: (s) => err.push(s), progressStream: stream });
    return { code, out, err };
  };

  it('on a terminal: a line while reading and one while reconciling, each ending in one summary line', async () => {
    expect(statSync(file).size).toBeGreaterThan(4 * 2 ** 20);
    const tty = terminal();
    const r = await run(['reconcile', file, '--quiet'], null);
    const shown = await run(['reconcile', file], tty);
    expect(shown.code).toBe(0);
    expect(shown.out).toBe(r.out); // the table does not depend on the line
    const summaries = tty.text.split('\n').filter((l) => l !== '');
    expect(summaries).toHaveLength(2);
    expect(summaries[0]).toMatch(new RegExp(`reading big\\.csv: ${rowsText} rows, ${mb} in [0-9.]+ s`));
    expect(summaries[1]).toMatch(new RegExp(`reconciling big\\.csv: ${rowsText} rows, ${mb} in [0-9.]+ s`));
    expect(tty.text.endsWith('\x1b[K\n')).toBe(true);
    // Every line drawn while reconciling counts figures of this file, never more than it has.
    for (const m of tty.text.matchAll(/reconciling big\.csv: (\d+)% of [0-9.]+ MB, ([0-9,]+) rows/g)) {
      expect(Number(m[1])).toBeLessThanOrEqual(100);
      expect(Number(m[2]!.replaceAll(',', ''))).toBeLessThanOrEqual(rowCount);
    }
    expect(shown.err).toEqual(['reading big.csv', `all ${rowCount} figures in ${pair * 2} series can hold together`]);
  });

  it('with --quiet or without a terminal, nothing', async () => {
    const pipe = terminal(false);
    const piped = await run(['reconcile', file], pipe);
    expect(piped.code).toBe(0);
    expect(pipe.text).toBe('');
    const quietTty = terminal();
    const quiet = await run(['reconcile', file, '--quiet'], quietTty);
    expect(quiet.code).toBe(0);
    expect(quietTty.text).toBe('');
  });
});
