#!/usr/bin/env node
// npm run bench: the performance targets of issue #13, each measured against the pandas reference job that
// does the same work, in the same run: kuril-exchange and pandas alternate, each in a fresh process, and a
// target's ratio is the median of the per-pair ratios (so a change in the machine's load during the run
// hits both sides alike). Then growth from 10^3 rows up, and start-up figures. Prints a table, and writes the
// same figures to bench/results.json (not committed).
//   node bench/run.js [--quick] [--huge] [--runs N]
//     --quick  one pair per target, sizes up to 10^5 for growth, no start-up figures
//     --huge   also 10^7 rows in the growth step (about 800 MB of input, written once to bench/data/)
//     --runs N pairs per target (default 3)   --no-startup  skip the start-up and embedded figures
// The pandas jobs are the scripts in ../shared/bench/ (or $KURIL_BENCH_REF), run with $PYTHON, else
// /usr/bin/python3, else python3. Without python3 and pandas the bench says so and gives no ratios.
import { spawnSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from './generate.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
// KURIL_BENCH_BIN: another build's bin script, to measure a before/after with the same bench.
const BIN = process.env.KURIL_BENCH_BIN ?? join(ROOT, 'bin', 'kuril-exchange.js');
const RSS = join(ROOT, 'bench', 'rss.cjs');
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const huge = args.includes('--huge');
const runsArg = args.indexOf('--runs');
const PAIRS = runsArg >= 0 ? Math.max(1, Number(args[runsArg + 1])) : quick ? 1 : 3;
const work = mkdtempSync(join(tmpdir(), 'kuril-bench-'));
const node = process.execPath;
const load = () => loadavg().map((x) => Number(x.toFixed(2)));
const results = { node: process.version, cpus: cpus().length, quick, huge, load_start: load(), targets: [], growth: [], figures: [] };

if (!existsSync(join(ROOT, 'dist', 'cli.js'))) {
  process.stderr.write('dist/ is missing: run `npm ci` (or `npm run build:ts`) first\n');
  process.exit(2);
}

// --- the pandas side -------------------------------------------------------------------------------------
const REF = process.env.KURIL_BENCH_REF ?? join(ROOT, '..', 'shared', 'bench');
// Runs a Python script and, at exit, writes its peak RSS and CPU time where BENCH_REPORT says (as rss.cjs).
const PY_REPORT = [
  'import atexit, json, os, resource, runpy, sys',
  'def report():',
  '    r = resource.getrusage(resource.RUSAGE_SELF)',
  "    json.dump({'maxRss': r.ru_maxrss * 1024, 'cpuMs': (r.ru_utime + r.ru_stime) * 1000}, open(os.environ['BENCH_REPORT'], 'w'))",
  'atexit.register(report)',
  'sys.argv = sys.argv[1:]',
  "runpy.run_path(sys.argv[0], run_name='__main__')",
].join('\n');
const python = (() => {
  if (!existsSync(join(REF, 'ref_scale.py'))) return { exe: null, why: `no reference scripts in ${REF}` };
  for (const exe of [process.env.PYTHON, '/usr/bin/python3', 'python3'].filter(Boolean)) {
    const r = spawnSync(exe, ['-c', 'import pandas, altair; print(pandas.__version__)'], { encoding: 'utf8' });
    if (r.status === 0) return { exe, pandas: r.stdout.trim() };
  }
  return { exe: null, why: 'python3 with pandas and altair not found' };
})();
results.pandas = python.exe ? { python: python.exe, version: python.pandas, scripts: REF } : { skipped: python.why };

// --- measuring -------------------------------------------------------------------------------------------
/** Runs a command once in a fresh process: wall ms, CPU ms (all threads), peak RSS bytes, phase timings. */
function once(cmd, argv, { stdoutFile, env = {}, cwd = ROOT, ok = [0] } = {}) {
  const report = join(work, `report-${process.pid}-${Math.random().toString(36).slice(2)}.json`);
  const fd = stdoutFile ? openSync(stdoutFile, 'w') : 'ignore';
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, argv, {
    cwd,
    stdio: ['ignore', fd, 'pipe'],
    env: { ...process.env, BENCH_REPORT: report, NODE_OPTIONS: `-r ${RSS}`, ...env },
    maxBuffer: 64 * 2 ** 20,
  });
  const wall = Number(process.hrtime.bigint() - t0) / 1e6;
  if (typeof fd === 'number') closeSync(fd);
  if (!ok.includes(r.status)) throw new Error(`${cmd} ${argv.join(' ')} exited ${r.status}: ${r.stderr}`);
  let child = { maxRss: null, cpuMs: null, phases: null };
  if (existsSync(report)) {
    child = JSON.parse(readFileSync(report, 'utf8'));
    rmSync(report);
  }
  return { wall, cpu: child.cpuMs ?? null, rss: child.maxRss ?? null, phases: child.phases ?? null };
}
const kuril = (argv, opts = {}) => once(node, [BIN, ...argv], opts);
const pandas = (script, argv, opts = {}) => once(python.exe, ['-c', PY_REPORT, join(REF, script), ...argv], opts);

const median = (xs) => {
  const s = xs.filter((x) => x !== null && Number.isFinite(x)).sort((a, b) => a - b);
  if (s.length === 0) return null;
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const stats = (samples) => ({
  wall_ms: median(samples.map((s) => s.wall)),
  cpu_ms: median(samples.map((s) => s.cpu)),
  peak_rss_mb: median(samples.map((s) => (s.rss === null ? null : s.rss / 2 ** 20))),
});
const fmt = (x, digits = 0) => (x === null || x === undefined ? '-' : x.toFixed(digits));
const mb = (x) => (x === null ? '-' : `${x.toFixed(0)} MB`);
const sec = (ms) => (ms === null ? '-' : `${(ms / 1000).toFixed(2)} s`);
const out = (s) => process.stdout.write(`${s}\n`);

/**
 * One target: `pairs` pairs of runs, kuril-exchange then pandas, after one warm-up of each (file cache,
 * code caches). `limits`: the wall and CPU ratios allowed, and the peak RSS allowed (MB).
 */
function target(name, limits, runKuril, runPandas) {
  runKuril();
  if (python.exe) runPandas();
  const ours = [];
  const theirs = [];
  const ratios = { wall: [], cpu: [] };
  for (let i = 0; i < PAIRS; i++) {
    const k = runKuril();
    ours.push(k);
    if (python.exe) {
      const p = runPandas();
      theirs.push(p);
      ratios.wall.push(k.wall / p.wall);
      if (k.cpu !== null && p.cpu !== null) ratios.cpu.push(k.cpu / p.cpu);
    }
  }
  const t = { name, pairs: PAIRS, kuril: stats(ours), pandas: python.exe ? stats(theirs) : null, limits, load: load() };
  t.wall_ratio = python.exe ? median(ratios.wall) : null;
  t.cpu_ratio = python.exe ? median(ratios.cpu) : null;
  const checks = [];
  if (limits.wall !== undefined) checks.push(t.wall_ratio === null ? null : t.wall_ratio <= limits.wall);
  if (limits.cpu !== undefined) checks.push(t.cpu_ratio === null ? null : t.cpu_ratio <= limits.cpu);
  if (limits.rss !== undefined) checks.push(t.kuril.peak_rss_mb === null ? null : t.kuril.peak_rss_mb <= limits.rss);
  t.met = checks.includes(false) ? false : checks.includes(null) ? null : true;
  results.targets.push(t);
  const want = [
    limits.wall !== undefined ? `wall <= ${limits.wall}x` : '',
    limits.cpu !== undefined ? `CPU <= ${limits.cpu}x` : '',
    limits.rss !== undefined ? `peak <= ${limits.rss} MB` : '',
  ]
    .filter(Boolean)
    .join(', ');
  out(`${name}  (${want})`);
  out(
    `  kuril-exchange ${sec(t.kuril.wall_ms).padStart(8)} wall ${sec(t.kuril.cpu_ms).padStart(8)} CPU ${mb(t.kuril.peak_rss_mb).padStart(7)}`,
  );
  if (t.pandas) {
    out(
      `  pandas         ${sec(t.pandas.wall_ms).padStart(8)} wall ${sec(t.pandas.cpu_ms).padStart(8)} CPU ${mb(t.pandas.peak_rss_mb).padStart(7)}`,
    );
    out(`  ratio          ${`${fmt(t.wall_ratio, 2)}x`.padStart(8)} wall ${`${fmt(t.cpu_ratio, 2)}x`.padStart(8)} CPU`);
  } else {
    out(`  pandas: skipped (${python.why}): no ratio`);
  }
  // Steps of a build (KURIL_PHASES): the median of each, and their sum against the median wall time (the
  // rest is Node's start-up before the first step and its exit after the last).
  const phased = ours.filter((s) => s.phases);
  if (phased.length > 0) {
    const steps = Object.keys(phased[0].phases);
    t.phases_ms = Object.fromEntries(steps.map((k) => [k, median(phased.map((s) => s.phases[k] ?? 0))]));
    const sum = Object.values(t.phases_ms).reduce((a, b) => a + b, 0);
    out(`  steps (ms)     ${steps.map((k) => `${k} ${t.phases_ms[k]}`).join(', ')}; sum ${sum} of ${fmt(t.kuril.wall_ms)} wall`);
  }
  out(`  ${t.met === null ? 'NOT MEASURED' : t.met ? 'MET' : 'MISSED'}   (load average ${t.load.join(' ')})`);
  return t;
}

// --- input files -----------------------------------------------------------------------------------------
const dataDir = join(ROOT, 'bench', 'data');
mkdirSync(dataDir, { recursive: true });
/** The file of `n` rows: from the reference generator (gen_rows.py) when Python is there, else bench/generate.js. */
async function rowsFile(n) {
  const ref = python.exe && existsSync(join(REF, 'gen_rows.py'));
  const file = join(dataDir, `${ref ? 'rows' : 'visits'}-${n}.csv`);
  if (!existsSync(file)) {
    if (ref) {
      const r = spawnSync(python.exe, [join(REF, 'gen_rows.py'), String(n), file], { stdio: 'inherit' });
      if (r.status !== 0) throw new Error(`gen_rows.py ${n} failed`);
    } else {
      await generate(n, file, 1);
    }
  }
  return file;
}

out(`kuril-exchange benchmark: node ${process.version}, ${results.cpus} cores, load average ${results.load_start.join(' ')}`);
out(python.exe ? `pandas ${python.pandas} (${python.exe}), scripts in ${REF}` : `pandas: skipped (${python.why}); no ratios`);
out(`${PAIRS} pair(s) per target, medians; ratios are medians of per-pair ratios\n`);

// --- targets ---------------------------------------------------------------------------------------------
const million = await rowsFile(1e6);
const csvOut = join(work, 'table.csv');
const refOut = join(work, 'ref.csv');
const vsScale = () => pandas('ref_scale.py', [million, refOut]);
target(
  '10^6 rows: analyze --table ratios --format csv',
  { wall: 1.0, cpu: 2.0, rss: 500 },
  () => kuril(['analyze', million, '--table', 'ratios', '--format', 'csv', '--quiet'], { stdoutFile: csvOut }),
  vsScale,
);
for (const table of ['changes', 'cumulative']) {
  target(
    `10^6 rows: analyze --table ${table} (vs the pandas ratios job)`,
    { wall: 1.2, rss: 500 },
    () => kuril(['analyze', million, '--table', table, '--quiet'], { stdoutFile: csvOut }),
    vsScale,
  );
}
target(
  '10^6 rows: validate (vs read_csv with dtypes + duplicate-key check)',
  { wall: 1.0 },
  () => kuril(['validate', million, '--quiet']),
  () => pandas('ref_read.py', [million]),
);
const buildOut = join(work, 'out');
const refBuild = join(work, 'ref-out');
target(
  'build on the embedded data, every output (vs pandas + Altair main job, specs and HTML only)',
  { wall: 0.8 },
  () => kuril(['build', '--quiet', '--out', buildOut], { env: { KURIL_PHASES: '1' } }),
  () => pandas('ref_main_job.py', [], { env: { OUT_DIR: refBuild } }),
);

// --- growth ----------------------------------------------------------------------------------------------
out('\ngrowth: analyze --table ratios (median of fresh runs)');
const sizes = quick ? [1e3, 1e4, 1e5] : huge ? [1e3, 1e4, 1e5, 1e6, 1e7] : [1e3, 1e4, 1e5, 1e6];
for (const n of sizes) {
  const file = await rowsFile(n);
  const runs = n >= 1e7 ? 1 : n >= 1e6 ? PAIRS : quick ? 3 : 5;
  const samples = [];
  kuril(['analyze', file, '--table', 'ratios', '--quiet'], { stdoutFile: csvOut });
  for (let i = 0; i < runs; i++) samples.push(kuril(['analyze', file, '--table', 'ratios', '--quiet'], { stdoutFile: csvOut }));
  const s = stats(samples);
  const prev = results.growth.at(-1);
  const g = { rows: n, mb: statSync(file).size / 2 ** 20, ...s, rows_per_s: n / (s.wall_ms / 1000) };
  if (prev) g.time_growth = s.wall_ms / prev.wall_ms;
  results.growth.push(g);
  out(
    `  ${n.toExponential(0).replace('+', '').padEnd(5)} rows ${`${g.mb.toFixed(1)} MB`.padStart(9)} ${sec(s.wall_ms).padStart(9)} ${mb(s.peak_rss_mb).padStart(8)} ${Math.round(g.rows_per_s).toLocaleString('en').padStart(11)} rows/s${g.time_growth ? `  x${g.time_growth.toFixed(2)} time for x10 rows` : ''}`,
  );
}
// Linear: from 10^4 rows up (below, start-up dominates), ten times the rows never takes more than 11 times as long.
const steps = results.growth.filter((g) => g.rows >= 1e5 && g.time_growth !== undefined);
const linear = steps.length ? steps.every((g) => g.time_growth <= 11) : null;
results.targets.push({
  name: `growth linear, 10^3 to 10^${Math.log10(sizes.at(-1))} rows`,
  met: linear,
  steps: steps.map((g) => g.time_growth),
});
out(`  ${linear === null ? 'NOT MEASURED' : linear ? 'MET' : 'MISSED'}   growth linear (x10 rows: at most x11 time from 10^4 up)`);

// --- start-up figures ------------------------------------------------------------------------------------
if (!quick && !args.includes('--no-startup')) {
  out('\nstart-up and embedded figures (medians of 5)');
  const figure = (name, run) => {
    run();
    const s = stats(Array.from({ length: 5 }, run));
    results.figures.push({ name, ...s });
    out(`  ${name.padEnd(44)} ${sec(s.wall_ms).padStart(8)} ${mb(s.peak_rss_mb).padStart(8)}`);
    return s;
  };
  const plain = figure('node bin/kuril-exchange.js --version', () => kuril(['--version']));
  figure('validate (embedded)', () => kuril(['validate', join(ROOT, 'data', 'exchange-visits.csv'), '--quiet']));
  figure('analyze --table ratios (embedded)', () => kuril(['analyze', '--table', 'ratios', '--quiet']));
  const npx = figure('npx kuril-exchange --version', () => once('npx', ['--no-install', 'kuril-exchange', '--version']));
  results.npx_overhead_ms = npx.wall_ms - plain.wall_ms;
  const notebooks = existsSync(join(ROOT, 'notebooks'))
    ? readdirSync(join(ROOT, 'notebooks'))
        .filter((f) => f.endsWith('.ts'))
        .sort()
    : [];
  for (const nb of notebooks)
    figure(`notebook ${nb}`, () => kuril(['notebook', join('notebooks', nb), '--quiet', '--out', join(work, 'nb')]));
}

// --- summary ---------------------------------------------------------------------------------------------
results.load_end = load();
out(`\ntargets (load average at the end ${results.load_end.join(' ')}):`);
for (const t of results.targets) {
  const ratio =
    t.wall_ratio !== undefined
      ? `  wall ${fmt(t.wall_ratio, 2)}x${t.cpu_ratio !== null && t.limits?.cpu ? `, CPU ${fmt(t.cpu_ratio, 2)}x` : ''}`
      : '';
  const peak = t.limits?.rss ? `, peak ${mb(t.kuril.peak_rss_mb)}` : '';
  out(`  ${(t.met === null ? 'not measured' : t.met ? 'met' : 'MISSED').padEnd(12)} ${t.name}${ratio}${peak}`);
}
writeFileSync(join(ROOT, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
out('\nfigures written to bench/results.json');
rmSync(work, { recursive: true, force: true });
