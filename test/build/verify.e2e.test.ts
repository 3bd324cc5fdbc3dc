import { appendFileSync, copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, tempDir } from '../helpers.js';
import { ensureDist, runCli } from './cli.js';

let tmp: { dir: string; cleanup: () => void };

beforeAll(async () => {
  await ensureDist();
  tmp = tempDir('kuril-verify-');
  copyFileSync(join(ROOT, 'data', 'exchange-visits.csv'), join(tmp.dir, 'visits.csv'));
  copyFileSync(join(ROOT, 'data', 'sources.csv'), join(tmp.dir, 'sources.csv'));
  const embedded = await runCli(['build', '--out', 'out', '-q'], tmp.dir);
  expect(embedded.code, embedded.stderr).toBe(0);
  const user = await runCli(
    ['build', 'visits.csv', '--sources', 'sources.csv', '--out', 'user-out', '--formats', 'csv,json,html', '-q'],
    tmp.dir,
  );
  expect(user.code, user.stderr).toBe(0);
});

afterAll(() => tmp?.cleanup());

describe('verify', () => {
  it('passes on a fresh build (exit 0)', async () => {
    const r = await runCli(['verify', 'out'], tmp.dir);
    // 30 files before reconciliation, and 7 it adds: tables/{consistency,implied}.{csv,json} and charts/sources.{vl.json,svg,png}.
    expect(r.stdout).toBe('out: all 37 files match a fresh build\n');
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('building again into a temporary folder');
  });

  it('defaults to out/ and is silent on stderr with --quiet', async () => {
    const r = await runCli(['verify', '--quiet'], tmp.dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
  });

  it('reports a tampered file, a missing file and an extra file (exit 1)', async () => {
    const dir = join(tmp.dir, 'tampered');
    const copy = await runCli(['build', '--out', 'tampered', '-q'], tmp.dir);
    expect(copy.code).toBe(0);
    appendFileSync(join(dir, 'tables', 'ratios.csv'), 'x');
    rmSync(join(dir, 'charts', 'shares.png'));
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    const r = await runCli(['verify', 'tampered', '-q'], tmp.dir);
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n')).toEqual([
      'missing: charts/shares.png (a fresh build writes it)',
      'extra: notes.txt (a fresh build does not write it)',
      'differs: tables/ratios.csv',
      'tampered: 3 differences from a fresh build',
      '',
    ]);
  });

  it('rebuilds a user file from the path recorded in the manifest, and notices when the input changed', async () => {
    const ok = await runCli(['verify', 'user-out', '-q'], tmp.dir);
    // 19 before reconciliation, and 5 it adds with csv,json,html: the two tables as CSV and JSON, and charts/sources.vl.json.
    expect(ok.stdout).toBe('user-out: all 24 files match a fresh build\n');
    expect(ok.code).toBe(0);
    writeFileSync(
      join(tmp.dir, 'visits.csv'),
      readFileSync(join(tmp.dir, 'visits.csv'), 'utf8').replace(',761,', ',762,').replace('totaled 761', 'totaled 762'),
    );
    const r = await runCli(['verify', 'user-out', '-q'], tmp.dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('input changed since the build: visits.csv (its sha256 differs from the manifest)\n');
    expect(r.stdout).toContain('differs: data/exchange-visits.csv\n');
    expect(r.stdout).toContain('differs: report.html\n');
  });

  it('exits 2 when the manifest is missing or not ours, or the recorded input is gone', async () => {
    mkdirSync(join(tmp.dir, 'no-manifest'));
    const missing = await runCli(['verify', 'no-manifest'], tmp.dir);
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim()).toBe('kuril-exchange: no-manifest: no manifest.json; expected a folder written by kuril-exchange build');

    mkdirSync(join(tmp.dir, 'bad-manifest'));
    writeFileSync(
      join(tmp.dir, 'bad-manifest', 'manifest.json'),
      '{"generator":{"name":"kuril-exchange","version":"0.1.0"},"manifestVersion":1}',
    );
    const bad = await runCli(['verify', 'bad-manifest'], tmp.dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('manifest.json is not a kuril-exchange manifest: inputs must be an object');

    writeFileSync(join(tmp.dir, 'bad-manifest', 'manifest.json'), '{not json');
    expect((await runCli(['verify', 'bad-manifest'], tmp.dir)).code).toBe(2);

    const gone = join(tmp.dir, 'gone');
    mkdirSync(gone);
    copyFileSync(join(ROOT, 'data', 'exchange-visits.csv'), join(gone, 'v.csv'));
    expect((await runCli(['build', 'v.csv', '--out', 'o', '--formats', 'csv', '-q'], gone)).code).toBe(0);
    rmSync(join(gone, 'v.csv'));
    const r = await runCli(['verify', 'o'], gone);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(
      'kuril-exchange: the input "v.csv" recorded in the manifest cannot be read; run verify from the folder the build ran in',
    );
  });
});
