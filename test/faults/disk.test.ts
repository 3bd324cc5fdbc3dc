import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDist, runCli, type CliResult } from '../build/cli.js';
import { ROOT, tempDir } from '../helpers.js';
import { Tally, snapshot } from '../safety/hostile.js';
import { sh, start, type Running } from './run.js';

// Writes that fail: a full disk (a small tmpfs), a file-size limit (ulimit -f: EFBIG, and SIGXFSZ,
// which Node ignores), a read-only file system (the tmpfs remounted read-only), and folders that
// cannot change (chattr +i; as root, file modes do not stop writes). Each time: a clear one-line
// error, exit 1 or 2, the previous folder byte-identical, no temporary or half-written folder.
// Cases the machine cannot set up (mount or chattr not permitted) are skipped with a message.

const tally = new Tally('test/faults/disk');
let tmp: { dir: string; cleanup: () => void };
const B = (out: string): string[] => ['build', 'visits-b.csv', '--sources', 'sources.csv', '--events', 'events.csv', '--out', out, '-q'];

const isRoot = process.getuid?.() === 0;
let mountOk = false;
let chattrOk = false;
let mountPoint = '';
const immutable: string[] = [];

/**
 * Runs the CLI in the test's folder with TMPDIR inside it: a killed build cannot remove what the chart
 * renderer keeps in TMPDIR (subset fonts), and the test's clean-up should take that with it.
 */
const cli = (args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> =>
  runCli(args, tmp.dir, { TMPDIR: join(tmp.dir, 'tmpdir'), ...env });
const begin = (args: readonly string[], opts: { shell?: string } = {}): Running =>
  start(args, tmp.dir, { ...opts, env: { TMPDIR: join(tmp.dir, 'tmpdir') } });

beforeAll(async () => {
  await ensureDist();
  tmp = tempDir('kuril-disk-');
  mkdirSync(join(tmp.dir, 'tmpdir'));
  writeFileSync(join(tmp.dir, 'visits-b.csv'), readFileSync(join(ROOT, 'data', 'exchange-visits.csv'), 'utf8').replace(/761/g, '762'));
  copyFileSync(join(ROOT, 'data', 'sources.csv'), join(tmp.dir, 'sources.csv'));
  copyFileSync(join(ROOT, 'data', 'events.csv'), join(tmp.dir, 'events.csv'));
  mountPoint = join(tmp.dir, 'small-disk');
  mkdirSync(mountPoint);
  // 640 KiB: room for a CSV-only build (about 100 KiB), not for a full one (about 1.7 MiB).
  const m = sh(`mount -t tmpfs -o size=640k,mode=0755 kuril-test-tmpfs '${mountPoint}'`);
  mountOk = m.ok;
  if (!mountOk)
    console.warn(
      `test/faults: full-disk and read-only cases skipped: cannot mount a tmpfs here (${m.output || 'not root'}); CI runs as root, where it works`,
    );
  const probe = join(tmp.dir, 'chattr-probe');
  mkdirSync(probe);
  chattrOk = sh(`chattr +i '${probe}' && chattr -i '${probe}'`).ok;
  if (!chattrOk)
    console.warn('test/faults: immutable-folder cases skipped: chattr +i is not supported on this file system or not permitted');
});

afterAll(() => {
  for (const dir of immutable) sh(`chattr -i '${dir}'`);
  if (mountOk) sh(`umount '${mountPoint}' || umount -l '${mountPoint}'`);
  console.log(tally.summary());
  tmp?.cleanup();
});

/** Checks a build that had to fail: exit 1 or 2, one line naming the error code, and `parent` exactly as before. */
function failedCleanly(what: string, r: CliResult, code: RegExp, parent: string, before: Record<string, string>): void {
  tally.input();
  if (r.code === 0) tally.silent.push(`${what}: exit 0`);
  else if (r.signal !== null || r.stderr.trim().split('\n').length !== 1 || /\n\s+at /.test(r.stderr))
    tally.crashes.push(`${what}: ${r.signal ?? r.code} ${r.stderr.trim()}`);
  const after = snapshot(parent);
  if (JSON.stringify(after) !== JSON.stringify(before)) tally.lost.push(what);
  expect(r.signal, what).toBeNull();
  expect([1, 2], `${what}: ${r.stderr}`).toContain(r.code);
  expect(r.stderr.trim().split('\n'), what).toHaveLength(1);
  expect(r.stderr, what).toMatch(new RegExp(`^kuril-exchange: .*${code.source}`));
  expect(after, what).toEqual(before);
}

describe.skipIf(!isRoot)('a write that fails', () => {
  it('on a full disk (tmpfs): ENOSPC, the previous folder intact, no temporary or new folder left', async (ctx) => {
    if (!mountOk) return ctx.skip();
    const prev = await cli(['build', '--out', join(mountPoint, 'out'), '--formats', 'csv,json', '-q']);
    expect(prev.code, prev.stderr).toBe(0);
    const before = snapshot(mountPoint);
    failedCleanly('full disk, replacing a folder', await cli(B(join(mountPoint, 'out'))), /ENOSPC/, mountPoint, before);
    failedCleanly('full disk, a new folder', await cli(B(join(mountPoint, 'fresh'))), /ENOSPC/, mountPoint, before);
    // The space is all given back: a small build fits again.
    const again = await cli(['build', '--out', join(mountPoint, 'out'), '--formats', 'csv,json', '-q']);
    expect(again.code, again.stderr).toBe(0);
    expect(snapshot(mountPoint)).toEqual(before);
  });

  it('on a read-only file system: EROFS, the previous folder intact', async (ctx) => {
    if (!mountOk) return ctx.skip();
    const prev = await cli(['build', '--out', join(mountPoint, 'out'), '--formats', 'csv,json', '-q']);
    expect(prev.code, prev.stderr).toBe(0);
    const before = snapshot(mountPoint);
    expect(sh(`mount -o remount,ro '${mountPoint}'`).ok).toBe(true);
    try {
      failedCleanly('read-only file system', await cli(B(join(mountPoint, 'out'))), /EROFS/, mountPoint, before);
    } finally {
      sh(`mount -o remount,rw '${mountPoint}'`);
    }
  });

  it('past the file-size limit (ulimit -f): EFBIG, not death by SIGXFSZ, the previous folder intact', async () => {
    const dir = join(tmp.dir, 'limited');
    mkdirSync(dir);
    const prev = await cli(['build', '--out', join(dir, 'out'), '-q']);
    expect(prev.code, prev.stderr).toBe(0);
    const before = snapshot(dir);
    // 64 blocks of 1 KiB: the CSVs fit, report.html (about 1 MB) does not.
    const r = await begin(B(join(dir, 'out')), { shell: 'ulimit -f 64' }).done;
    failedCleanly('file-size limit', r, /EFBIG/, dir, before);
  });

  it('into a folder whose parent cannot change (chattr +i): EPERM, the previous folder intact', async (ctx) => {
    if (!chattrOk) return ctx.skip();
    const parent = join(tmp.dir, 'frozen-parent');
    mkdirSync(parent);
    const prev = await cli(['build', '--out', join(parent, 'out'), '--formats', 'csv,json', '-q']);
    expect(prev.code, prev.stderr).toBe(0);
    const before = snapshot(parent);
    immutable.push(parent);
    expect(sh(`chattr +i '${parent}'`).ok).toBe(true);
    try {
      failedCleanly('immutable parent', await cli(B(join(parent, 'out'))), /EPERM/, parent, before);
    } finally {
      sh(`chattr -i '${parent}'`);
    }
  });

  it('over a folder that cannot be moved (chattr +i on it): the new folder is written, the swap fails, nothing changes', async (ctx) => {
    if (!chattrOk) return ctx.skip();
    const parent = join(tmp.dir, 'frozen-out');
    mkdirSync(parent);
    const out = join(parent, 'out');
    const prev = await cli(['build', '--out', out, '--formats', 'csv,json', '-q']);
    expect(prev.code, prev.stderr).toBe(0);
    const before = snapshot(parent);
    immutable.push(out);
    expect(sh(`chattr +i '${out}'`).ok).toBe(true);
    try {
      failedCleanly('immutable output folder', await cli(B(out)), /EPERM/, parent, before);
    } finally {
      sh(`chattr -i '${out}'`);
    }
  });
});

if (!isRoot) console.warn('test/faults: disk cases skipped: they need root (mount, chattr); CI runs as root');
