import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, type CliResult } from '../build/cli.js';

// Running the built CLI as a child that the fault tests can kill, signal, or start under a shell limit.

/** A running build: the child, and its result once it has ended. */
export interface Running {
  child: ChildProcess;
  done: Promise<CliResult>;
  /** Milliseconds from spawn to exit, once done. */
  elapsed(): number;
}

/**
 * Starts `kuril-exchange ARGS` in `cwd`. With `shell`, runs it under `bash -c 'SHELL; exec node …'`
 * (for `ulimit`), so the child is node itself and a signal reaches it.
 */
export function start(args: readonly string[], cwd: string, opts: { env?: NodeJS.ProcessEnv; shell?: string } = {}): Running {
  const env = { ...process.env, NO_COLOR: '1', ...opts.env };
  const quoted = [process.execPath, BIN, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const child = opts.shell
    ? spawn('bash', ['-c', `${opts.shell}; exec ${quoted}`], { cwd, env })
    : spawn(process.execPath, [BIN, ...args], { cwd, env });
  const t0 = performance.now();
  let t1 = 0;
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const done = new Promise<CliResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      t1 = performance.now();
      resolve({ code, signal, stdout, stderr });
    });
  });
  return { child, done, elapsed: () => t1 - t0 };
}

/** Files (not folders) under `dir`, or -1 when it does not exist. */
export function countFiles(dir: string): number {
  try {
    let n = 0;
    for (const e of readdirSync(dir, { withFileTypes: true })) n += e.isDirectory() ? Math.max(0, countFiles(join(dir, e.name))) : 1;
    return n;
  } catch {
    return -1;
  }
}

/** The build's temporary folder in `parent` (`.NAME.tmp-PID-XXXXXXXX`), or null. */
export function stagingOf(parent: string, pid: number): string | null {
  const name = readdirSync(parent).find((n) => n.includes(`.tmp-${pid}-`));
  return name ? join(parent, name) : null;
}

/**
 * Sends `signal` to a running build once its temporary folder in `parent` holds at least `files`
 * files (polling every millisecond or so); resolves to whether it was sent mid-build.
 */
export async function signalAtFiles(run: Running, parent: string, files: number, signal: NodeJS.Signals): Promise<boolean> {
  const pid = run.child.pid!;
  while (run.child.exitCode === null && run.child.signalCode === null) {
    const staging = stagingOf(parent, pid);
    if (staging && countFiles(staging) >= files) {
      run.child.kill(signal);
      return true;
    }
    await new Promise((r) => setTimeout(r, 1));
  }
  return false;
}

/** Runs a command as root, returning whether it worked (for capability checks and clean-up). */
export function sh(command: string): { ok: boolean; output: string } {
  const r = spawnSync('bash', ['-c', command], { encoding: 'utf8' });
  return { ok: r.status === 0, output: `${r.stdout}${r.stderr}`.trim() };
}
