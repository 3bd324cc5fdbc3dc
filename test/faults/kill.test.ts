import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDist, hashTree, leftovers, runCli, type CliResult } from '../build/cli.js';
import { ROOT, tempDir } from '../helpers.js';
import { Tally } from '../safety/hostile.js';
import { signalAtFiles, start, type Running } from './run.js';

// Fault injection: builds killed or interrupted mid-write, run as child processes of the built CLI.
// The killed builds build other data (B) than the folder holds (A), so any partial replacement shows.
// Points are reached two ways: the test-only hook KURIL_FAULT=STEP:ACTION (src/build/fault.ts) at every
// step of a build, and signals sent from outside after N ms or once the temporary folder holds N files.

const tally = new Tally('test/faults/kill');
let tmp: { dir: string; cleanup: () => void };
let out: string;
/** What `out` must hold: the last build that finished. */
let current: Record<string, string>;
let folderA: Record<string, string>;
let folderB: Record<string, string>;
/** How long a build of B takes, start to exit (ms). */
let duration = 0;
const A = ['build', '--out', 'out', '-q'];
// B leaves out the PNGs (a quarter of a build's time): the steps and the writes are the same otherwise.
const B = [
  'build',
  'visits-b.csv',
  '--sources',
  'sources.csv',
  '--events',
  'events.csv',
  '--formats',
  'csv,json,svg,html',
  '--out',
  'out',
  '-q',
];

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
  tmp = tempDir('kuril-kill-');
  mkdirSync(join(tmp.dir, 'tmpdir'));
  out = join(tmp.dir, 'out');
  writeFileSync(join(tmp.dir, 'visits-b.csv'), readFileSync(join(ROOT, 'data', 'exchange-visits.csv'), 'utf8').replace(/761/g, '762'));
  copyFileSync(join(ROOT, 'data', 'sources.csv'), join(tmp.dir, 'sources.csv'));
  copyFileSync(join(ROOT, 'data', 'events.csv'), join(tmp.dir, 'events.csv'));
  // Timed from the second build of B: the first after a fresh `dist/` also writes V8's code cache, and is slower.
  for (let i = 0; i < 2; i++) {
    const b = begin(B.map((x) => (x === 'out' ? 'b-ref' : x)));
    const rb = await b.done;
    expect(rb.code, rb.stderr).toBe(0);
    duration = b.elapsed();
  }
  folderB = hashTree(join(tmp.dir, 'b-ref'));
  const ra = await cli(A);
  expect(ra.code, ra.stderr).toBe(0);
  folderA = current = hashTree(out);
  expect(folderA).not.toEqual(folderB);
});

afterAll(() => {
  console.log(tally.summary());
  tmp?.cleanup();
});

/**
 * Checks what a killed or failed build left: `out` is exactly the last finished build, or exactly B
 * when this build finished (callers check whether it was allowed to); returns whether a temporary
 * folder was left beside it.
 */
function checkAfter(what: string, r: CliResult, opts: { mayHaveCommitted?: boolean } = {}): boolean {
  tally.input();
  const now = existsSync(out) ? hashTree(out) : null;
  // A kill timed from outside may land after the commit's last rename, while the process is ending:
  // then `out` is the whole new build (exactly B), which is as good as a build that exited 0.
  if (r.code === 0 || (opts.mayHaveCommitted === true && JSON.stringify(now) === JSON.stringify(folderB))) current = folderB;
  if (JSON.stringify(now) !== JSON.stringify(current)) tally.lost.push(what);
  expect(now, what).toEqual(current);
  return leftovers(tmp.dir).length > 0;
}

/** A good build of A: then `out` is A and nothing temporary is left beside it. */
async function rebuildClean(what: string): Promise<void> {
  const r = await cli(A);
  expect(r.code, r.stderr).toBe(0);
  current = hashTree(out);
  expect(current).toEqual(folderA);
  expect(leftovers(tmp.dir), what).toEqual([]);
}

describe('a build killed with SIGKILL (no handler runs) leaves the previous folder byte-identical', () => {
  it('at the start of each step (test-only hook), and the next build removes what it left', async () => {
    let leftBehind = 0;
    for (const step of ['read', 'analyse', 'tables', 'charts', 'report', 'manifest', 'commit']) {
      const r = await cli(B, { KURIL_FAULT: `${step}:kill` });
      if (r.signal !== 'SIGKILL') tally.crashes.push(`${step}:kill ended ${r.code}/${r.signal}`);
      expect(r.signal, step).toBe('SIGKILL');
      if (checkAfter(`SIGKILL at ${step}`, r)) leftBehind++;
    }
    expect(leftBehind).toBeGreaterThanOrEqual(5); // from 'analyse' on, a temporary folder exists
    await rebuildClean('after SIGKILL at each step');
  });

  it('between the two renames of the commit: the old folder is the backup, and the next build puts it back before anything else', async () => {
    tally.input();
    const r = await cli(B, { KURIL_FAULT: 'renamed:kill' });
    expect(r.signal).toBe('SIGKILL');
    expect(existsSync(out)).toBe(false);
    const backup = readdirSync(tmp.dir).filter((n) => /^\.out\.old-/.test(n));
    expect(backup).toHaveLength(1);
    expect(hashTree(join(tmp.dir, backup[0]!))).toEqual(current);
    // Even a build that then fails on its input restores the folder first.
    writeFileSync(join(tmp.dir, 'broken.csv'), 'id,origin\n');
    const bad = await cli(['build', 'broken.csv', '--out', 'out', '-q']);
    expect(bad.code).toBe(2);
    if (JSON.stringify(existsSync(out) ? hashTree(out) : null) !== JSON.stringify(current)) tally.lost.push('SIGKILL between the renames');
    expect(hashTree(out)).toEqual(current);
    expect(leftovers(tmp.dir)).toEqual([]);
  });

  it('after N ms, for N spread over the build, and once the temporary folder holds N files', async () => {
    let midWrite = 0;
    for (const fraction of [0.3, 0.6, 0.85]) {
      const run = begin(B);
      const timer = setTimeout(() => run.child.kill('SIGKILL'), Math.round(duration * fraction));
      const r = await run.done;
      clearTimeout(timer);
      if (checkAfter(`SIGKILL after ${Math.round(duration * fraction)} ms`, r, { mayHaveCommitted: true })) midWrite++;
      if (current === folderB) await rebuildClean('after a build that finished before its kill');
    }
    for (const files of [6, 18]) {
      const run = begin(B);
      const sent = await signalAtFiles(run, tmp.dir, files, 'SIGKILL');
      const r = await run.done;
      expect(sent, `${files} files`).toBe(true);
      expect(r.signal).toBe('SIGKILL');
      if (checkAfter(`SIGKILL at ${files} files written`, r)) midWrite++;
    }
    expect(midWrite).toBeGreaterThanOrEqual(2); // the two kills at N files always land mid-write; the timed ones usually do
    await rebuildClean('after the timed kills');
  });

  it('with an --out name too long for the temporary suffix, the next build still finds and removes what it left', async () => {
    tally.input();
    const name = `${'x'.repeat(240)}`;
    const r = await cli(['build', '--out', name, '--formats', 'csv', '-q'], { KURIL_FAULT: 'tables:kill' });
    expect(r.signal).toBe('SIGKILL');
    expect(leftovers(tmp.dir)).toHaveLength(1);
    const again = await cli(['build', '--out', name, '--formats', 'csv', '-q']);
    expect(again.code, again.stderr).toBe(0);
    expect(leftovers(tmp.dir)).toEqual([]);
  });
});

describe('SIGINT, SIGTERM and SIGHUP mid-build remove the temporary folder before the process ends', () => {
  it('sent by the build to itself at a step (test-only hook): it dies of that signal, the previous folder intact, nothing left', async () => {
    for (const [point, signal] of [
      ['tables', 'SIGINT'],
      ['charts', 'SIGTERM'],
      ['report', 'SIGHUP'],
    ] as const) {
      const action = { SIGINT: 'int', SIGTERM: 'term', SIGHUP: 'hup' }[signal];
      const r = await cli(B, { KURIL_FAULT: `${point}:${action}` });
      if (r.signal !== signal) tally.crashes.push(`${point}:${action} ended ${r.code}/${r.signal}`);
      expect(r.signal, `${point}:${action}`).toBe(signal);
      expect(checkAfter(`${signal} at ${point}`, r), `${signal} at ${point}: temporary folder left`).toBe(false);
    }
  });

  it('sent from outside once N files are written: the same, and nothing to clean up for the next build', async () => {
    for (const [files, signal] of [
      [5, 'SIGINT'],
      [12, 'SIGTERM'],
      [18, 'SIGHUP'],
    ] as const) {
      const run = begin(B);
      const sent = await signalAtFiles(run, tmp.dir, files, signal);
      const r = await run.done;
      expect(sent).toBe(true);
      expect(r.signal, `${signal} at ${files} files`).toBe(signal);
      expect(checkAfter(`${signal} at ${files} files`, r), `${signal} at ${files} files: temporary folder left`).toBe(false);
    }
  });

  it('a signal that arrives after the last await is handled once the commit is done: the new folder is complete, nothing is left', async () => {
    // Node runs signal handlers between tasks; from the manifest on, the build is synchronous to the end.
    for (const point of ['manifest', 'renamed']) {
      const r = await cli(B, { KURIL_FAULT: `${point}:int` });
      expect(r.code, point).toBe(0);
      checkAfter(`SIGINT at ${point}`, r);
      expect(hashTree(out), point).toEqual(folderB);
      expect(leftovers(tmp.dir), point).toEqual([]);
    }
    await rebuildClean('after late signals');
  });
});

describe('a step that throws', () => {
  it('exits 1 with one line, keeps the previous folder and removes the temporary one', async () => {
    for (const step of ['charts', 'manifest', 'renamed']) {
      const r = await cli(B, { KURIL_FAULT: `${step}:throw` });
      if (r.code === 0) tally.silent.push(`${step}:throw exited 0`);
      expect(r.code, step).toBe(1);
      expect(r.stderr.trim()).toBe(
        `kuril-exchange: internal error: injected fault at ${step} (KURIL_FAULT, test-only) (run with --debug for details)`,
      );
      expect(checkAfter(`throw at ${step}`, r), step).toBe(false);
    }
  });
});

describe('temporary files outside --out', () => {
  it('an interrupted build leaves nothing in TMPDIR but the code cache (subset fonts are deleted as soon as resvg has read them)', async () => {
    tally.input();
    const dir = join(tmp.dir, 'tmpdir-interrupted');
    mkdirSync(dir);
    const r = await runCli(['build', '--out', 'interrupted', '-q'], tmp.dir, { TMPDIR: dir, KURIL_FAULT: 'report:int' });
    expect(r.signal).toBe('SIGINT');
    const left = readdirSync(dir).filter((n) => !n.startsWith('kuril-exchange-code-cache-'));
    if (left.length > 0) tally.known.push(`SIGINT leaves ${left.join(', ')} in TMPDIR`);
    expect(left).toEqual([]);
  });
});
