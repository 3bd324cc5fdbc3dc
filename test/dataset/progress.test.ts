import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';
import { VISIT_SUMMARY, type VisitSummary } from '../../src/dataset/visit-summary.js';
import { startProgress, type ProgressStream } from '../../src/stream/progress.js';
import { reduceExchangeVisitsFile } from '../../src/stream/reduce.js';
import { HEADER, tempDir } from '../helpers.js';

/** A stand-in for stderr: a terminal (or not) that keeps what is written. */
function terminal(isTTY = true): ProgressStream & { text: string } {
  const s = { isTTY, columns: 120, text: '', write: (t: string) => (s.text += t) };
  return s;
}

describe('the progress line', () => {
  it('draws percent, rows, rows per second and time left, at most once an interval, then one summary line', () => {
    let t = 0;
    const out = terminal();
    const p = startProgress({ label: 'reading big.csv', totalBytes: 80_000_000, stream: out, now: () => t, intervalMs: 200 });
    expect(p.enabled).toBe(true);
    t = 100;
    p.update(10_000_000, 100_000); // within the first interval: not drawn
    expect(out.text).toBe('');
    t = 2000;
    p.update(40_000_000, 500_000);
    // 50% of the bytes in 2 s: 500,000 rows / 2 s = 250,000 rows/s, and 2 s left for the other half.
    expect(out.text).toBe('\rreading big.csv: 50% of 80 MB, 500,000 rows, 250,000 rows/s, 2 s left\x1b[K');
    t = 2100;
    p.update(60_000_000, 700_000); // 100 ms after the last drawing: not drawn
    expect(out.text.split('\r')).toHaveLength(2);
    t = 4000;
    p.finish(1_000_000);
    // 1,000,000 rows in 4 s: 250,000 rows/s.
    expect(out.text.endsWith('\rreading big.csv: 1,000,000 rows, 80 MB in 4.0 s (250,000 rows/s)\x1b[K\n')).toBe(true);
    p.update(80_000_000, 1_000_000);
    p.finish();
    expect(out.text.split('\n')).toHaveLength(2); // nothing after the summary
  });

  it('says nothing when the stream is not a terminal, when there is none (--quiet), or for a small input', () => {
    const pipe = terminal(false);
    const quiet = startProgress({ label: 'x', totalBytes: 1e9, stream: null });
    const piped = startProgress({ label: 'x', totalBytes: 1e9, stream: pipe, now: () => 1e6 });
    const tty = terminal();
    const small = startProgress({ label: 'x', totalBytes: 1_000_000, stream: tty, now: () => 1e6 });
    for (const p of [quiet, piped, small]) {
      expect(p.enabled).toBe(false);
      p.update(5e8, 10);
      p.finish(10);
    }
    expect(pipe.text + tty.text).toBe('');
  });

  it('clears its line when stopped (an error follows)', () => {
    let t = 0;
    const out = terminal();
    const p = startProgress({ label: 'reading f.csv', totalBytes: 10e6, stream: out, now: () => t });
    t = 1000;
    p.update(5e6, 10);
    p.stop();
    expect(out.text.endsWith('\r\x1b[K')).toBe(true);
    p.finish(10);
    expect(out.text.endsWith('\r\x1b[K')).toBe(true);
  });

  it('keeps to the width of the terminal', () => {
    let t = 0;
    const out = terminal();
    out.columns = 30;
    const p = startProgress({ label: 'reading a-very-long-file-name.csv', totalBytes: 10e6, stream: out, now: () => t });
    t = 1000;
    p.update(5e6, 10);
    expect(out.text).toBe('\rreading a-very-long-file-name\x1b[K'); // 29 characters: 7 + 1 + 21
  });
});

describe('progress of validate and analyze on a large file', () => {
  const { dir, cleanup } = tempDir('kuril-progress-');
  afterAll(cleanup);
  // About 5 MB: over the 4 MiB a progress line needs; read by one thread (the two-thread reader starts at 16 MiB).
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

  const run = async (argv: string[], stream: ProgressStream | null) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(argv, { stdout: (s) => out.push(s), write: () => {}, stderr: (s) => err.push(s), progressStream: stream });
    return { code, out, err };
  };

  it('validate on a terminal ends with the summary line of the rows read', async () => {
    const tty = terminal();
    const r = await run(['validate', file], tty);
    expect(r.code).toBe(0);
    expect(tty.text).toMatch(new RegExp(`reading big\\.csv: ${rowCount.toLocaleString('en-US')} rows, [0-9.]+ MB in [0-9.]+ s`));
    expect(tty.text.endsWith('\x1b[K\n')).toBe(true);
    expect(tty.text.split('\n')).toHaveLength(2);
  });

  it('two reader threads add their bytes and rows to the shared counters', async () => {
    const tty = terminal();
    const progress = startProgress({ label: 'reading big.csv', totalBytes: statSync(file).size, stream: tty });
    const r = await reduceExchangeVisitsFile<VisitSummary>(file, VISIT_SUMMARY, { parallelMinBytes: 1, progress });
    expect(r.parallel).toBe(true);
    const c = progress.counters;
    expect(c[0]! + c[2]!).toBe(statSync(file).size); // each byte read by one of the two
    expect(c[1]! + c[3]!).toBe(rowCount);
    progress.finish(r.rowCount);
    expect(tty.text).toContain(`reading big.csv: ${rowCount.toLocaleString('en-US')} rows,`);
  });

  it('analyze on a terminal, the same; with --quiet or without a terminal, nothing', async () => {
    const tty = terminal();
    expect((await run(['analyze', file, '--table', 'ratios'], tty)).code).toBe(0);
    expect(tty.text).toContain(`reading big.csv: ${rowCount.toLocaleString('en-US')} rows,`);
    const pipe = terminal(false);
    const piped = await run(['analyze', file, '--table', 'ratios'], pipe);
    expect(pipe.text).toBe('');
    expect(piped.err).toEqual(['reading big.csv']);
    const quietTty = terminal();
    const quiet = await run(['analyze', file, '--table', 'ratios', '--quiet'], quietTty);
    expect(quiet.code).toBe(0);
    expect(quietTty.text).toBe('');
    expect(quiet.err).toEqual([]);
  });
});
