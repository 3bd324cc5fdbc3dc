import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../helpers.js';

// Helpers for the end-to-end tests: they run the installed command (`node bin/kuril-exchange.js`,
// i.e. the compiled dist/), compiling it first when any source file is newer than its output.

/** The command the tests run. */
export const BIN = join(ROOT, 'bin', 'kuril-exchange.js');

function newest(dir: string, ext: string): number {
  let latest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) latest = Math.max(latest, newest(p, ext));
    else if (e.name.endsWith(ext)) latest = Math.max(latest, statSync(p).mtimeMs);
  }
  return latest;
}

function distIsFresh(): boolean {
  const dist = join(ROOT, 'dist');
  if (!existsSync(join(dist, 'cli.js'))) return false;
  return newest(join(ROOT, 'src'), '.ts') <= newest(dist, '.js');
}

/**
 * Compiles src/ into dist/ when dist/ is missing or older than a source file. Test files run in
 * parallel workers: a lock folder keeps two of them from compiling at once.
 */
export async function ensureDist(): Promise<void> {
  if (distIsFresh()) return;
  const lock = join(ROOT, 'test', '.tmp', 'dist.lock');
  mkdirSync(join(ROOT, 'test', '.tmp'), { recursive: true });
  for (let i = 0; ; i++) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (i > 1200) throw new Error(`ensureDist: ${lock} held for 2 minutes; remove it if no test is running`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  try {
    if (distIsFresh()) return;
    const tsc = spawnSync(
      process.execPath,
      [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(ROOT, 'tsconfig.build.json')],
      { cwd: ROOT, encoding: 'utf8' },
    );
    if (!existsSync(join(ROOT, 'dist', 'cli.js'))) throw new Error(`tsc failed:\n${tsc.stdout}${tsc.stderr}`);
  } finally {
    rmdirSync(lock);
  }
}

/** What a run of the command printed and how it ended. */
export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs `kuril-exchange ARGS` in `cwd` and waits for it. */
export function runCli(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '1', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** Every file under `dir` (sorted relative paths) with the SHA-256 of its bytes. */
export function hashTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (sub: string): void => {
    for (const e of readdirSync(join(dir, sub), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const rel = sub ? `${sub}/${e.name}` : e.name;
      if (e.isDirectory()) walk(rel);
      else
        out[rel] = createHash('sha256')
          .update(readFileSync(join(dir, rel)))
          .digest('hex');
    }
  };
  walk('');
  return out;
}

/** Entries of `dir` left by builds: temporary and backup folders (`.NAME.tmp-…`, `.NAME.old-…`). */
export function leftovers(dir: string): string[] {
  return readdirSync(dir).filter((n) => /\.(tmp|old)-[0-9]+-[0-9a-f]{8}$/.test(n));
}
