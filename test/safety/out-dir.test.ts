import { mkdirSync, readlinkSync, lstatSync, symlinkSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDist, hashTree, leftovers, runCli, type CliResult } from '../build/cli.js';
import { tempDir } from '../helpers.js';
import { Tally, snapshot } from './hostile.js';

// --out safety beyond test/build/build.e2e.test.ts (which covers a link to a folder of ours, a file,
// and a folder holding one foreign file): links to an empty folder, dangling links, trailing slashes,
// folders whose manifest.json is not a file of ours, a file in the middle of the path, and names too
// long to take the temporary suffix. A refusal exits 2 and leaves every file, link and folder as it was.

const tally = new Tally('test/safety/out-dir');
let tmp: { dir: string; cleanup: () => void };
let ours: string;
let ourHashes: Record<string, string>;

beforeAll(async () => {
  await ensureDist();
  tmp = tempDir('kuril-outdir-');
  ours = join(tmp.dir, 'ours');
  const r = await runCli(['build', '--out', 'ours', '--formats', 'csv', '-q'], tmp.dir);
  expect(r.code, r.stderr).toBe(0);
  ourHashes = hashTree(ours);
});

afterAll(() => {
  console.log(tally.summary());
  tmp?.cleanup();
});

/** Runs a build that must be refused: exit 2, one line naming --out, and nothing in the working folder changed. */
async function refused(out: string, expected: RegExp | string): Promise<CliResult> {
  tally.input();
  const before = snapshot(tmp.dir);
  const r = await runCli(['build', '--out', out, '--formats', 'csv', '-q'], tmp.dir);
  if (r.code === 0) tally.silent.push(`--out ${JSON.stringify(out)} accepted`);
  else if (r.code !== 2 || r.signal !== null || /internal error/.test(r.stderr))
    tally.crashes.push(`--out ${JSON.stringify(out)}: ${r.stderr.trim()}`);
  const changed = JSON.stringify(snapshot(tmp.dir)) !== JSON.stringify(before);
  if (changed) tally.lost.push(`--out ${JSON.stringify(out)} changed the working folder`);
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  if (typeof expected === 'string') expect(r.stderr.trim()).toBe(expected);
  else expect(r.stderr).toMatch(expected);
  expect(snapshot(tmp.dir)).toEqual(before);
  expect(leftovers(tmp.dir)).toEqual([]);
  return r;
}

describe('--out naming a symbolic link is refused, and the link and what it points to stay as they were', () => {
  it('a link to an empty folder', async () => {
    mkdirSync(join(tmp.dir, 'empty'));
    symlinkSync('empty', join(tmp.dir, 'to-empty'));
    await refused(
      'to-empty',
      'kuril-exchange: --out "to-empty" is a symbolic link; give the folder itself (a build replaces the folder, so it would replace the link)',
    );
    expect(readlinkSync(join(tmp.dir, 'to-empty'))).toBe('empty');
    expect(readdirSync(join(tmp.dir, 'empty'))).toEqual([]);
  });

  it('a link to a folder of ours, also written with a trailing slash or /.', async () => {
    symlinkSync(ours, join(tmp.dir, 'to-ours'));
    for (const out of ['to-ours', 'to-ours/', 'to-ours/.', join(tmp.dir, 'to-ours')]) await refused(out, /is a symbolic link/);
    expect(lstatSync(join(tmp.dir, 'to-ours')).isSymbolicLink()).toBe(true);
    expect(hashTree(ours)).toEqual(ourHashes);
  });

  it('a dangling link, and a link to a file', async () => {
    symlinkSync('nowhere', join(tmp.dir, 'dangling'));
    await refused('dangling', /is a symbolic link/);
    expect(existsSync(join(tmp.dir, 'nowhere'))).toBe(false);
    writeFileSync(join(tmp.dir, 'notes.txt'), 'mine');
    symlinkSync('notes.txt', join(tmp.dir, 'to-file'));
    await refused('to-file', /is a symbolic link/);
  });
});

describe('a non-empty folder without a manifest of ours is refused and left untouched', () => {
  const theirs = (name: string, files: Record<string, string>): string => {
    const dir = join(tmp.dir, name);
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(join(dir, path, '..'), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    return name;
  };
  const NOT_OURS = (name: string): string =>
    `kuril-exchange: --out "${name}" is not empty and holds no manifest.json written by kuril-exchange; refusing to replace it (choose a new or empty folder)`;

  it('only a hidden file, or nested folders', async () => {
    await refused(theirs('hidden', { '.keep': '' }), NOT_OURS('hidden'));
    await refused(theirs('nested', { 'a/b/c/thesis.docx': 'precious' }), NOT_OURS('nested'));
  });

  it("a manifest.json that is not ours: another tool's, not JSON, a folder, or a link to a manifest of ours", async () => {
    await refused(
      theirs('other-tool', { 'manifest.json': '{"generator":{"name":"other"},"files":[]}', 'data.csv': 'a\n1\n' }),
      NOT_OURS('other-tool'),
    );
    await refused(theirs('not-json', { 'manifest.json': '{"generator":{"name":"kuril-exchange"' }), NOT_OURS('not-json'));
    await refused(theirs('manifest-folder', { 'manifest.json/x': '' }), NOT_OURS('manifest-folder'));
    const linked = theirs('linked-manifest', { 'precious.txt': 'mine' });
    symlinkSync(join(ours, 'manifest.json'), join(tmp.dir, linked, 'manifest.json'));
    await refused(linked, NOT_OURS('linked-manifest'));
  });

  it('the working folder itself, and its parent', async () => {
    await refused('.', NOT_OURS('.'));
    await refused('..', NOT_OURS('..'));
  });
});

describe('other --out paths', () => {
  it('a file in the middle of the path is a usage error naming the file (exit 2), not an internal error', async () => {
    writeFileSync(join(tmp.dir, 'report.pdf'), 'x');
    await refused('report.pdf/out', 'kuril-exchange: --out "report.pdf" exists and is not a folder');
  });

  it('a name too long to take the temporary suffix builds, and leaves no temporary folder', async () => {
    tally.input();
    const name = `${'n'.repeat(230)}-out`;
    const r = await runCli(['build', '--out', name, '--formats', 'csv', '-q'], tmp.dir);
    if (r.code !== 0) tally.crashes.push(`a 234-byte --out name: ${r.stderr.trim()}`);
    expect(r.code, r.stderr).toBe(0);
    expect(hashTree(join(tmp.dir, name))).toEqual(ourHashes);
    expect(leftovers(tmp.dir)).toEqual([]);
  });
});
