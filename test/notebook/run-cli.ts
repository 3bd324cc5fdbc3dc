import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../helpers.js';

/** What a run of the compiled command line did. */
export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the installed command (`bin/kuril-exchange.js`, compiled JavaScript) in a child process:
 * the runner patches stdout and registers a loader hook, which belong in a process of their own.
 */
export function runCli(args: readonly string[], cwd = ROOT): CliRun {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'kuril-exchange.js'), ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Fails early, with the fix, when the compiled package is missing. */
export function requireBuild(): void {
  if (!existsSync(join(ROOT, 'dist', 'notebook', 'run.js')))
    throw new Error('dist/ is missing: run `npx tsc -p tsconfig.build.json` first');
}

/** A written .ipynb, parsed. */
export interface IpynbCell {
  id: string;
  cell_type: string;
  source: string[];
  metadata: Record<string, unknown>;
  execution_count?: number | null;
  outputs?: IpynbOutput[];
}
export interface IpynbOutput {
  output_type: string;
  name?: string;
  text?: string[];
  data?: Record<string, unknown>;
  metadata?: Record<string, unknown>;
  ename?: string;
  evalue?: string;
  traceback?: string[];
  execution_count?: number | null;
}
export interface Ipynb {
  nbformat: number;
  nbformat_minor: number;
  metadata: Record<string, unknown>;
  cells: IpynbCell[];
}

export function readIpynb(path: string): Ipynb {
  return JSON.parse(readFileSync(path, 'utf8')) as Ipynb;
}

/** All the text of a cell's outputs (streams, text/plain, text/markdown, errors), joined. */
export function outputText(cell: IpynbCell): string {
  return (cell.outputs ?? [])
    .map((o) => {
      if (o.output_type === 'stream') return (o.text ?? []).join('');
      if (o.output_type === 'error') return (o.traceback ?? []).join('\n');
      const d = o.data ?? {};
      return ['text/plain', 'text/markdown', 'text/html'].map((m) => join_(d[m])).join('\n');
    })
    .join('\n');
}

function join_(v: unknown): string {
  return Array.isArray(v) ? v.join('') : typeof v === 'string' ? v : '';
}
