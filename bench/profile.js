#!/usr/bin/env node
// Where the CPU time of one kuril-exchange job goes: runs the CLI with `node --cpu-prof` (one profile per
// thread: the main thread and every worker), then prints, over all threads, the share of sampled CPU time
// spent in csv-parse and the top frames by self time.
//   node bench/profile.js [--top N] [--keep DIR] -- analyze bench/data/rows-1000000.csv --table ratios --format csv
//   node bench/profile.js --from DIR     (the .cpuprofile files of an earlier run kept with --keep)
// The job's stdout is discarded. A sample counts as csv-parse when the first frame of its stack that has a
// file of its own (counting from the leaf, so node's built-ins such as Buffer#toString and the stream code
// csv-parse calls go with their caller) is in node_modules/csv-parse, or is the field reader csv-scan installs
// on csv-parse's field buffer (`lighterFields`, which csv-parse calls for each field's text). Idle time and
// samples with no JavaScript frame (the garbage collector, the compiler) are shown apart.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const argv = process.argv.slice(2);
const dash = argv.indexOf('--');
// Without `--`, the arguments are the job's, unless they read profiles kept earlier (`--from DIR`).
const reading = dash < 0 && argv.includes('--from');
const own = dash >= 0 ? argv.slice(0, dash) : reading ? argv : [];
const job = dash >= 0 ? argv.slice(dash + 1) : reading ? [] : argv;
const opt = (name, dflt) => (own.includes(name) ? own[own.indexOf(name) + 1] : dflt);
const TOP = Number(opt('--top', 15));
const keep = opt('--keep', null);
const from = opt('--from', null);
if (job.length === 0 && !from) {
  process.stderr.write('usage: node bench/profile.js [--top N] [--keep DIR] -- COMMAND ARGS...\n');
  process.exit(2);
}
const dir = from ?? keep ?? mkdtempSync(join(tmpdir(), 'kuril-prof-'));
const load = loadavg()
  .map((x) => x.toFixed(2))
  .join(' ');
const t0 = performance.now();
const r = from
  ? { status: null, stderr: '' }
  : spawnSync(
      process.execPath,
      ['--cpu-prof', `--cpu-prof-dir=${dir}`, '--cpu-prof-interval=500', join(ROOT, 'bin', 'kuril-exchange.js'), ...job],
      { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' },
    );
const wall = performance.now() - t0;
if (r.status !== null && r.status !== 0 && r.status !== 2) {
  process.stderr.write(r.stderr);
  process.exit(1);
}

const SPECIAL = new Set(['(idle)', '(program)', '(garbage collector)', '(root)']);
const kinds = { csvParse: 0, other: 0, gc: 0, program: 0, idle: 0 };
const selfBy = new Map(); // "function file:line" -> µs
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.cpuprofile'))
  .sort();
const perThread = []; // [file, busy µs, csv-parse µs]
for (const f of files) {
  const prof = JSON.parse(readFileSync(join(dir, f), 'utf8'));
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const kindOf = new Map();
  const classify = (id) => {
    if (kindOf.has(id)) return kindOf.get(id);
    const leaf = byId.get(id);
    const name = leaf.callFrame.functionName;
    let kind;
    if (name === '(idle)') kind = 'idle';
    else if (name === '(garbage collector)') kind = 'gc';
    else if (name === '(program)' || name === '(root)') kind = 'program';
    else {
      kind = 'other';
      for (let at = id; at !== undefined; at = parent.get(at)) {
        const cf = byId.get(at).callFrame;
        const url = cf.url ?? '';
        if (!url || url.startsWith('node:') || SPECIAL.has(cf.functionName)) continue;
        if (url.includes('/node_modules/csv-parse/')) kind = 'csvParse';
        else if (url.includes('csv-scan') && cf.functionName.includes('toString')) kind = 'csvParse';
        break;
      }
    }
    kindOf.set(id, kind);
    return kind;
  };
  const { samples, timeDeltas } = prof;
  const before = { ...kinds };
  for (let i = 0; i < samples.length; i++) {
    // timeDeltas[i] is the time before sample i: it belongs to the sample before it.
    const dt = timeDeltas[i + 1] ?? 0;
    const id = samples[i];
    kinds[classify(id)] += dt;
    const cf = byId.get(id).callFrame;
    const where = cf.url ? `${cf.url.replace(/^file:\/\//, '').replace(ROOT, '')}:${cf.lineNumber + 1}` : '';
    const key = `${cf.functionName || '(anonymous)'} ${where}`.trim();
    selfBy.set(key, (selfBy.get(key) ?? 0) + dt);
  }
  const busyHere = ['csvParse', 'other', 'gc', 'program'].reduce((sum, k) => sum + kinds[k] - before[k], 0);
  perThread.push([f, busyHere, kinds.csvParse - before.csvParse]);
}
if (!keep && !from) rmSync(dir, { recursive: true, force: true });

const busy = kinds.csvParse + kinds.other + kinds.gc + kinds.program;
const s = (us) => `${(us / 1e6).toFixed(2)} s`;
const pct = (us) => `${((100 * us) / busy).toFixed(1)}%`;
const out = (x) => process.stdout.write(`${x}\n`);
if (from) out(`profiles in ${from}: ${files.length} thread(s)`);
else out(`job: ${job.join(' ')}`);
if (!from)
  out(`exit ${r.status}, ${(wall / 1000).toFixed(2)} s wall under the profiler, ${files.length} thread profile(s), load average ${load}`);
out(`sampled CPU (all threads, idle excluded): ${s(busy)}`);
out(`  csv-parse (its frames, and the built-ins they call)  ${s(kinds.csvParse).padStart(8)}  ${pct(kinds.csvParse)}`);
out(`  everything else in JavaScript                       ${s(kinds.other).padStart(8)}  ${pct(kinds.other)}`);
out(`  garbage collector                                   ${s(kinds.gc).padStart(8)}  ${pct(kinds.gc)}`);
out(`  no JavaScript frame (compiler, start-up, natives)   ${s(kinds.program).padStart(8)}  ${pct(kinds.program)}`);
out('by thread (the first file is the main thread; the reader threads are those spending time in csv-parse):');
for (const [f, b, c] of perThread) {
  out(`  ${f}  ${s(b).padStart(8)} busy, csv-parse ${b > 0 ? ((100 * c) / b).toFixed(1) : '0.0'}%`);
}
out(`top ${TOP} frames by self time:`);
for (const [k, us] of [...selfBy]
  .filter(([k]) => !k.startsWith('(idle)'))
  .sort((a, b) => b[1] - a[1])
  .slice(0, TOP)) {
  out(`  ${s(us).padStart(8)} ${pct(us).padStart(6)}  ${k}`);
}
