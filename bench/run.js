#!/usr/bin/env node
// npm run bench: each figure is the median of several runs in fresh processes, with min and max.
// Prints a table and writes the same figures to bench/results.json (not committed).
//   node bench/run.js [--quick]   (--quick: fewer runs, sizes up to 10^5)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, openSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from './generate.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin', 'kuril-exchange.js');
const RSS = join(ROOT, 'bench', 'rss.cjs');
const quick = process.argv.includes('--quick');
const work = mkdtempSync(join(tmpdir(), 'kuril-bench-'));
const results = { node: process.version, cpus: (await import('node:os')).cpus().length, quick, figures: [] };

if (!existsSync(join(ROOT, 'dist', 'cli.js'))) {
  process.stderr.write('dist/ is missing: run `npm ci` (or `npm run build:ts`) first\n');
  process.exit(2);
}

/** Runs a command once in a fresh process; returns wall ms, peak RSS bytes and phase timings. */
function once(cmd, args, { stdoutFile, env = {}, cwd = ROOT } = {}) {
  const report = join(work, `report-${process.pid}-${Math.random().toString(36).slice(2)}.json`);
  const fd = stdoutFile ? openSync(stdoutFile, 'w') : 'ignore';
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, {
    cwd,
    stdio: ['ignore', fd, 'pipe'],
    env: { ...process.env, BENCH_REPORT: report, NODE_OPTIONS: `-r ${RSS}`, ...env },
  });
  const wall = Number(process.hrtime.bigint() - t0) / 1e6;
  if (typeof fd === 'number') closeSync(fd);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  let child = { maxRss: null, phases: null };
  if (existsSync(report)) {
    child = JSON.parse(readFileSync(report, 'utf8'));
    rmSync(report);
  }
  return { wall, rss: child.maxRss, phases: child.phases };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Measures `runs` runs (after one warm-up for the file cache) and records the figure. */
function measure(name, runs, run, extra = {}) {
  run();
  const samples = Array.from({ length: runs }, run);
  const walls = samples.map((s) => s.wall);
  const rss = samples.map((s) => s.rss).filter((x) => x !== null);
  const fig = {
    name,
    runs,
    wall_ms: { median: median(walls), min: Math.min(...walls), max: Math.max(...walls) },
    peak_rss_mb: rss.length ? { median: median(rss) / 2 ** 20, min: Math.min(...rss) / 2 ** 20, max: Math.max(...rss) / 2 ** 20 } : null,
    ...extra,
  };
  const phases = samples.map((s) => s.phases).filter(Boolean);
  if (phases.length) {
    fig.phases_ms = {};
    for (const key of Object.keys(phases[0])) fig.phases_ms[key] = median(phases.map((p) => p[key] ?? 0));
  }
  results.figures.push(fig);
  const rssText = fig.peak_rss_mb
    ? `${fig.peak_rss_mb.median.toFixed(0)} MB (${fig.peak_rss_mb.min.toFixed(0)}-${fig.peak_rss_mb.max.toFixed(0)})`
    : '-';
  process.stdout.write(
    `${name.padEnd(44)} ${fig.wall_ms.median.toFixed(0).padStart(7)} ms (${fig.wall_ms.min.toFixed(0)}-${fig.wall_ms.max.toFixed(0)})  ${rssText.padEnd(20)}${extra.rows_per_s ? ` ${Math.round(extra.rows_per_s(fig)).toLocaleString('en')} rows/s` : ''}\n`,
  );
  if (fig.phases_ms)
    process.stdout.write(
      `${''.padEnd(46)}phases: ${Object.entries(fig.phases_ms)
        .map(([k, v]) => `${k} ${v.toFixed(0)}`)
        .join(', ')}\n`,
    );
  if (typeof extra.rows_per_s === 'function') fig.rows_per_s = extra.rows_per_s(fig);
  return fig;
}

const node = process.execPath;
const RUNS = quick ? 3 : 7;
process.stdout.write(`kuril-exchange benchmark: node ${process.version}, ${results.cpus} cores${quick ? ' (quick)' : ''}\n\n`);
process.stdout.write(`${'figure'.padEnd(44)} ${'wall median (min-max)'.padEnd(24)} peak RSS median (min-max)\n`);

// Embedded dataset, as an installed command runs: node on the bin script.
const buildOut = join(work, 'out');
const hasBuild = spawnSync(node, [BIN, 'build', '--help'], { cwd: ROOT }).status === 0;
if (hasBuild) {
  measure('build (embedded, all formats)', RUNS, () =>
    once(node, [BIN, 'build', '--quiet', '--out', buildOut], { env: { KURIL_PHASES: '1' } }),
  );
}
measure('validate (embedded)', RUNS, () => once(node, [BIN, 'validate', join(ROOT, 'data', 'exchange-visits.csv')]));
measure('analyze --table ratios (embedded)', RUNS, () => once(node, [BIN, 'analyze', '--table', 'ratios', '--quiet']));

// npm's and npx's own start-up, reported apart from our figures.
const plain = measure('node bin/kuril-exchange.js --version', RUNS, () => once(node, [BIN, '--version']));
const viaNpx = measure('npx kuril-exchange --version', quick ? 2 : 3, () => once('npx', ['--no-install', 'kuril-exchange', '--version']));
const viaNpm = measure('npm run (a script that runs --version)', quick ? 2 : 3, () => once('npm', ['run', '-s', 'version:cli']));
results.npx_overhead_ms = viaNpx.wall_ms.median - plain.wall_ms.median;
results.npm_run_overhead_ms = viaNpm.wall_ms.median - plain.wall_ms.median;
process.stdout.write(
  `${''.padEnd(46)}npx adds ${results.npx_overhead_ms.toFixed(0)} ms, npm run adds ${results.npm_run_overhead_ms.toFixed(0)} ms\n`,
);

// Shipped notebooks.
const notebooks = existsSync(join(ROOT, 'notebooks'))
  ? (await import('node:fs'))
      .readdirSync(join(ROOT, 'notebooks'))
      .filter((f) => f.endsWith('.ts'))
      .sort()
  : [];
const hasNotebook = spawnSync(node, [BIN, 'notebook', '--help'], { cwd: ROOT }).status === 0;
if (hasNotebook) {
  for (const nb of notebooks) {
    measure(`notebook ${nb}`, quick ? 2 : 3, () =>
      once(node, [BIN, 'notebook', join('notebooks', nb), '--quiet', '--out', join(work, 'nb')]),
    );
  }
}

// Scaling: generated datasets (seeded), read + validate + every analysis, and analyze --table ratios to a file.
const dataDir = join(ROOT, 'bench', 'data');
mkdirSync(dataDir, { recursive: true });
const sizes = quick ? [1e3, 1e4, 1e5] : [1e3, 1e4, 1e5, 1e6];
results.scaling = [];
for (const n of sizes) {
  const file = join(dataDir, `visits-${n}.csv`);
  if (!existsSync(file)) await generate(n, file, 1);
  const mb = statSync(file).size / 2 ** 20;
  const runs = n >= 1e6 ? (quick ? 1 : 3) : n >= 1e5 ? 5 : RUNS;
  const all = measure(
    `all analyses, ${n.toExponential(0).replace('+', '')} rows (${mb.toFixed(1)} MB)`,
    runs,
    () => once(node, [join(ROOT, 'bench', 'analyses.js'), file, join(work, 'tables')]),
    {
      rows: n,
      rows_per_s: (f) => n / (f.wall_ms.median / 1000),
    },
  );
  const ratios = measure(
    `analyze --table ratios > file, ${n.toExponential(0).replace('+', '')} rows`,
    runs,
    () => once(node, [BIN, 'analyze', file, '--table', 'ratios', '--quiet'], { stdoutFile: join(work, 'ratios.csv') }),
    {
      rows: n,
      rows_per_s: (f) => n / (f.wall_ms.median / 1000),
    },
  );
  results.scaling.push({
    rows: n,
    mb,
    all_analyses_ms: all.wall_ms.median,
    ratios_ms: ratios.wall_ms.median,
    ratios_rss_mb: ratios.peak_rss_mb?.median,
  });
}
const big = results.scaling.find((s) => s.rows === 1e6);
const mid = results.scaling.find((s) => s.rows === 1e5);
if (big && mid) {
  results.growth_1e5_to_1e6 = big.ratios_ms / mid.ratios_ms;
  process.stdout.write(`\ntime growth 10^5 -> 10^6 rows (analyze ratios): x${results.growth_1e5_to_1e6.toFixed(2)} (linear is x10)\n`);
}

// Targets.
const fig = (name) => results.figures.find((f) => f.name.startsWith(name));
const targets = [
  [
    'build (embedded) <= 800 ms wall, <= 150 MB',
    fig('build') ? fig('build').wall_ms.median <= 800 && fig('build').peak_rss_mb.median <= 150 : null,
  ],
  ['validate (embedded) <= 250 ms', fig('validate').wall_ms.median <= 250],
  ['analyze (embedded) <= 400 ms', fig('analyze --table ratios (embedded)').wall_ms.median <= 400],
  ['analyze ratios, 10^6 rows <= 5 s, <= 500 MB', big ? big.ratios_ms <= 5000 && big.ratios_rss_mb <= 500 : null],
  ['growth 10^5 -> 10^6 no faster than linear (<= x10)', results.growth_1e5_to_1e6 !== undefined ? results.growth_1e5_to_1e6 <= 10 : null],
];
results.targets = Object.fromEntries(targets);
process.stdout.write('\ntargets:\n');
for (const [name, ok] of targets) process.stdout.write(`  ${ok === null ? 'not measured' : ok ? 'met   ' : 'MISSED'}  ${name}\n`);

mkdirSync(dirname(join(ROOT, 'bench', 'results.json')), { recursive: true });
writeFileSync(join(ROOT, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
process.stdout.write(`\nfigures written to bench/results.json\n`);
rmSync(work, { recursive: true, force: true });
