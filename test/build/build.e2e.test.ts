import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, tempDir } from '../helpers.js';
import { ensureDist, hashTree, leftovers, runCli } from './cli.js';

interface ManifestJson {
  generator: { name: string; version: string };
  manifestVersion: number;
  inputs: Record<string, { path: string | null; embedded: boolean; size: number; sha256: string } | null>;
  options: { formats: string[]; endYear: number | null; notebooks: boolean };
  files: { path: string; size: number; sha256: string }[];
}

const readManifest = (dir: string): ManifestJson => JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as ManifestJson;
const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
const VISITS = join(ROOT, 'data', 'exchange-visits.csv');
const SOURCES = join(ROOT, 'data', 'sources.csv');

let tmp: { dir: string; cleanup: () => void };
let out: string;
let first: Record<string, string>;

beforeAll(async () => {
  await ensureDist();
  tmp = tempDir('kuril-build-');
  out = join(tmp.dir, 'out');
  const r = await runCli(['build', '--out', out], tmp.dir);
  expect(r.stderr).toContain('rendering 6 charts');
  expect(r.code).toBe(0);
  first = hashTree(out);
});

afterAll(() => tmp?.cleanup());

describe('build on the embedded dataset', () => {
  it('writes the folder layout the design names', () => {
    expect(Object.keys(first)).toEqual([
      'charts/annual-flows.png',
      'charts/annual-flows.svg',
      'charts/annual-flows.vl.json',
      'charts/changes.png',
      'charts/changes.svg',
      'charts/changes.vl.json',
      'charts/cumulative.png',
      'charts/cumulative.svg',
      'charts/cumulative.vl.json',
      'charts/ratios.png',
      'charts/ratios.svg',
      'charts/ratios.vl.json',
      'charts/shares.png',
      'charts/shares.svg',
      'charts/shares.vl.json',
      'charts/sources.png',
      'charts/sources.svg',
      'charts/sources.vl.json',
      'data/datapackage.json',
      'data/events.csv',
      'data/exchange-visits.csv',
      'data/sources.csv',
      'datapackage.json',
      'manifest.json',
      'report.html',
      'tables/changes.csv',
      'tables/changes.json',
      'tables/consistency.csv',
      'tables/consistency.json',
      'tables/cumulative.csv',
      'tables/cumulative.json',
      'tables/implied.csv',
      'tables/implied.json',
      'tables/ratios.csv',
      'tables/ratios.json',
      'tables/shares.csv',
      'tables/shares.json',
    ]);
  });

  it('lists every file but itself in the manifest, sorted, with its size and sha256', () => {
    const m = readManifest(out);
    expect(m.files.map((f) => f.path)).toEqual(Object.keys(first).filter((p) => p !== 'manifest.json'));
    for (const f of m.files) {
      const bytes = readFileSync(join(out, f.path));
      expect(statSync(join(out, f.path)).size).toBe(f.size);
      expect(sha(bytes), f.path).toBe(f.sha256);
    }
  });

  it('records the inputs, the options and the version, and no time or absolute path', () => {
    const m = readManifest(out);
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(m.generator).toEqual({ name: 'kuril-exchange', version: pkg.version });
    expect(m.options).toEqual({ formats: ['csv', 'json', 'svg', 'png', 'html'], endYear: null, notebooks: false });
    expect(m.inputs.visits).toEqual({ path: null, embedded: true, size: statSync(VISITS).size, sha256: sha(readFileSync(VISITS)) });
    expect(m.inputs.sources?.sha256).toBe(sha(readFileSync(SOURCES)));
    const text = readFileSync(join(out, 'manifest.json'), 'utf8');
    expect(text).not.toContain(tmp.dir);
    expect(text).not.toMatch(/"\//);
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
  });

  it('copies the validated input through the writer (same bytes as data/ for the embedded data)', () => {
    expect(readFileSync(join(out, 'data', 'exchange-visits.csv'))).toEqual(readFileSync(VISITS));
    expect(readFileSync(join(out, 'data', 'sources.csv'))).toEqual(readFileSync(SOURCES));
  });

  it('leaves no temporary folder behind', () => {
    expect(leftovers(tmp.dir)).toEqual([]);
  });

  it('gives byte-identical folders on a rebuild, in another folder, and from another working folder', async () => {
    const again = await runCli(['build', '--out', out, '--quiet'], tmp.dir);
    expect(again.code).toBe(0);
    expect(again.stderr).toBe('');
    expect(hashTree(out)).toEqual(first);

    const elsewhere = join(tmp.dir, 'deeper', 'folder', 'other-name');
    mkdirSync(join(tmp.dir, 'deeper'));
    const other = await runCli(['build', '--out', elsewhere, '--quiet'], join(tmp.dir, 'deeper'));
    expect(other.code).toBe(0);
    expect(hashTree(elsewhere)).toEqual(first);
    expect(readFileSync(join(elsewhere, 'manifest.json'))).toEqual(readFileSync(join(out, 'manifest.json')));
  });
});

describe('build refuses and fails safely', () => {
  it('exits 2 on a broken input, naming file, line and column, and leaves the previous folder as it was', async () => {
    const bad = join(tmp.dir, 'broken.csv');
    const lines = readFileSync(VISITS, 'utf8').split('\n');
    lines[3] = lines[3]!.replace(',761,', ',761 people,');
    writeFileSync(bad, lines.join('\n'));
    const before = hashTree(out);
    const r = await runCli(['build', bad, '--out', out], tmp.dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('broken.csv:4:7: type-error: column "count": "761 people" is not a whole number');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(hashTree(out)).toEqual(before);
    expect(leftovers(tmp.dir)).toEqual([]);
  });

  it('refuses a non-empty folder without a manifest of ours', async () => {
    const theirs = join(tmp.dir, 'theirs');
    mkdirSync(theirs);
    writeFileSync(join(theirs, 'thesis.docx'), 'precious');
    const r = await runCli(['build', '--out', theirs], tmp.dir);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(
      `kuril-exchange: --out "${theirs}" is not empty and holds no manifest.json written by kuril-exchange; refusing to replace it (choose a new or empty folder)`,
    );
    expect(readFileSync(join(theirs, 'thesis.docx'), 'utf8')).toBe('precious');

    writeFileSync(join(theirs, 'manifest.json'), '{"generator":{"name":"something-else"}}');
    expect((await runCli(['build', '--out', theirs], tmp.dir)).code).toBe(2);
    expect(leftovers(tmp.dir)).toEqual([]);
  });

  it('refuses an --out that is a symbolic link, or a file', async () => {
    const link = join(tmp.dir, 'link');
    symlinkSync(out, link);
    const r = await runCli(['build', '--out', 'link'], tmp.dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--out "link" is a symbolic link');
    const file = join(tmp.dir, 'a-file');
    writeFileSync(file, 'x');
    const f = await runCli(['build', '--out', 'a-file'], tmp.dir);
    expect(f.code).toBe(2);
    expect(f.stderr).toContain('--out "a-file" exists and is not a folder');
  });

  it('builds into an empty folder', async () => {
    const empty = join(tmp.dir, 'empty');
    mkdirSync(empty);
    const r = await runCli(['build', '--out', 'empty', '--formats', 'csv', '-q'], tmp.dir);
    expect(r.code).toBe(0);
    // data/ (4), the data package, the manifest, and six tables as CSV: ratios, shares, changes, cumulative, consistency, implied.
    expect(r.stdout).toBe('empty: 12 files written\n');
  });

  it('rejects unknown formats and extra arguments (exit 2)', async () => {
    const r = await runCli(['build', '--formats', 'csv,pdf', '--out', 'x'], tmp.dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('build: --formats: "pdf" is not a format; expected a comma-separated list of csv, json, svg, png, html');
    expect((await runCli(['build', 'a.csv', 'b.csv'], tmp.dir)).code).toBe(2);
    expect(existsSync(join(tmp.dir, 'x'))).toBe(false);
  });

  it('cleans up what a killed build left: removes temporary folders, puts a backup back', async () => {
    const target = join(tmp.dir, 'crashed');
    const r = await runCli(['build', '--out', 'crashed', '--formats', 'csv', '-q'], tmp.dir);
    expect(r.code).toBe(0);
    const built = hashTree(target);
    // A build killed (kill -9) between its two renames: the old folder is a backup, the target is gone.
    const deadPid = 2 ** 22 + 12345; // above Linux's pid_max default range: never a live process
    const { renameSync } = await import('node:fs');
    renameSync(target, join(tmp.dir, `.crashed.old-${deadPid}-0123abcd`));
    mkdirSync(join(tmp.dir, `.crashed.tmp-${deadPid}-89abcdef`));
    writeFileSync(join(tmp.dir, `.crashed.tmp-${deadPid}-89abcdef`, 'half.csv'), 'x');
    const again = await runCli(['build', '--out', 'crashed', '--formats', 'csv', '-q'], tmp.dir);
    expect(again.code).toBe(0);
    expect(hashTree(target)).toEqual(built);
    expect(leftovers(tmp.dir)).toEqual([]);
  });

  it('removes its temporary folder on SIGTERM and keeps the previous folder', async () => {
    const before = hashTree(out);
    const { spawn } = await import('node:child_process');
    const { readdirSync } = await import('node:fs');
    const { BIN } = await import('./cli.js');
    const child = spawn(process.execPath, [BIN, 'build', '--out', out, '-q'], { cwd: tmp.dir, stdio: 'ignore' });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    let sawTemp = false;
    for (let i = 0; i < 2000 && child.exitCode === null; i++) {
      if (readdirSync(tmp.dir).some((n) => n.startsWith('.out.tmp-'))) {
        sawTemp = true;
        child.kill('SIGTERM');
        break;
      }
      await new Promise((r) => setTimeout(r, 2));
    }
    const signal = await exited;
    expect(sawTemp).toBe(true);
    expect(signal).toBe('SIGTERM');
    expect(leftovers(tmp.dir)).toEqual([]);
    expect(hashTree(out)).toEqual(before);
  });
});

describe('build on a user file', () => {
  it('neutralises formula-like text, records the input path relative to the working folder, honours --end-year', async () => {
    const dir = join(tmp.dir, 'user');
    mkdirSync(dir);
    copyFileSync(SOURCES, join(dir, 'sources.csv'));
    const text = readFileSync(VISITS, 'utf8')
      .replace(',Japanese citizens,2015,', ',"=HYPERLINK(""http://x"")",2015,')
      .replace('The respective 2015 statistics totaled 761 and 299 people.', `"</td><script>alert('x')</script> & 761 ""people"""`);
    writeFileSync(join(dir, 'mine.csv'), text);
    const r = await runCli(
      ['build', 'mine.csv', '--sources', 'sources.csv', '--end-year', '2018', '--out', 'result', '--formats', 'csv,html'],
      dir,
    );
    expect(r.stderr).not.toContain('error');
    expect(r.code).toBe(0);
    const m = readManifest(join(dir, 'result'));
    expect(m.inputs.visits?.path).toBe('mine.csv');
    expect(m.inputs.visits?.embedded).toBe(false);
    expect(m.inputs.sources?.path).toBe('sources.csv');
    expect(m.inputs.events).toBeNull();
    expect(m.options).toEqual({ formats: ['csv', 'html'], endYear: 2018, notebooks: false });
    const copied = readFileSync(join(dir, 'result', 'data', 'exchange-visits.csv'), 'utf8');
    expect(copied).toContain(`'=HYPERLINK(""http://x"")`);
    const report = readFileSync(join(dir, 'result', 'report.html'), 'utf8');
    expect(report).toContain('assumed to run to the end of 2018 (set with --end-year)');
    expect(report).toContain('=HYPERLINK(&quot;http://x&quot;)');
    expect(report).toContain('&lt;/td&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; 761 &quot;people&quot;');
    expect(report).not.toContain("<script>alert('x')");
    expect(existsSync(join(dir, 'result', 'data', 'events.csv'))).toBe(false);
    expect(existsSync(join(dir, 'result', 'charts', 'ratios.svg'))).toBe(false);
    expect(existsSync(join(dir, 'result', 'charts', 'ratios.vl.json'))).toBe(true);
  });
});
