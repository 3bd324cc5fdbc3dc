import { randomBytes } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { msg, UsageError } from '../messages.js';
import { MANIFEST_FILE, isOurManifest } from './manifest.js';

// How a build replaces its output folder without ever leaving a half-written one:
// 1. everything is written into a temporary folder beside the target (same parent, so renames are atomic);
// 2. the old folder is renamed to a backup name, the temporary folder to the target, the backup removed;
// 3. on any failure, or SIGINT/SIGTERM, the temporary folder is removed and the old folder put back.
// Leftovers of a process that died (kill -9, power loss) are cleaned up by the next build.

/** What `--out` is now: missing, an empty folder, or a folder a previous build wrote. */
export type OutState = 'missing' | 'empty' | 'ours';

/**
 * Checks that a build may replace `dir`.
 * @throws UsageError when `dir` is a symbolic link, not a folder, or a non-empty folder without a
 * manifest.json written by this tool (so a typo in `--out` can never replace someone's folder).
 */
export function checkOutDir(dir: string, shown = dir): OutState {
  let stat;
  try {
    stat = lstatSync(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw e;
  }
  if (stat.isSymbolicLink()) throw new UsageError(msg.outIsSymlink(shown));
  if (!stat.isDirectory()) throw new UsageError(msg.outNotFolder(shown));
  const entries = readdirSync(dir);
  if (entries.length === 0) return 'empty';
  const manifest = join(dir, MANIFEST_FILE);
  try {
    if (lstatSync(manifest).isFile() && isOurManifest(JSON.parse(readFileSync(manifest, 'utf8')))) return 'ours';
  } catch {
    // unreadable or not JSON: not ours
  }
  throw new UsageError(msg.outNotOurs(shown));
}

const TEMP = /^\.(.+)\.(tmp|old)-([0-9]+)-[0-9a-f]{8}$/;

function tempName(target: string, kind: 'tmp' | 'old'): string {
  return join(dirname(target), `.${basename(target)}.${kind}-${process.pid}-${randomBytes(4).toString('hex')}`);
}

function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes what builds into `target` left behind when their process died: temporary folders are
 * deleted; a backup is moved back when the target is missing (the process died between the two
 * renames), deleted otherwise. Folders of builds still running are left alone.
 */
export function cleanStale(target: string): void {
  const parent = dirname(target);
  const base = basename(target);
  let entries: string[];
  try {
    entries = readdirSync(parent);
  } catch {
    return;
  }
  for (const name of entries.sort()) {
    const m = TEMP.exec(name);
    if (!m || m[1] !== base || alive(Number(m[3]))) continue;
    const path = join(parent, name);
    if (!lstatSync(path).isDirectory()) continue;
    if (m[2] === 'old' && !existsSync(target)) renameSync(path, target);
    else rmSync(path, { recursive: true, force: true });
  }
}

/** A temporary folder beside `target`, removed on failure and on SIGINT/SIGTERM until it is committed or discarded. */
export class StagingDir {
  readonly path: string;
  readonly target: string;
  private done = false;
  private readonly onSignal: (signal: NodeJS.Signals) => void;
  private readonly onExit: () => void;

  constructor(target: string) {
    this.target = target;
    this.path = tempName(target, 'tmp');
    this.onExit = () => this.discard();
    this.onSignal = (signal) => {
      this.discard();
      // Die of the same signal, as if we had not caught it (the shell sees 130 / 143).
      process.kill(process.pid, signal);
    };
    // Handlers first: a signal between mkdir and listening would leave the folder behind.
    process.once('SIGINT', this.onSignal);
    process.once('SIGTERM', this.onSignal);
    process.once('exit', this.onExit);
    try {
      mkdirSync(dirname(target), { recursive: true });
      mkdirSync(this.path);
    } catch (e) {
      this.release();
      throw e;
    }
  }

  private release(): void {
    this.done = true;
    process.removeListener('SIGINT', this.onSignal);
    process.removeListener('SIGTERM', this.onSignal);
    process.removeListener('exit', this.onExit);
  }

  /** Removes the temporary folder; the target is untouched. */
  discard(): void {
    if (this.done) return;
    this.release();
    rmSync(this.path, { recursive: true, force: true });
  }

  /**
   * Puts the temporary folder in the target's place: old → backup, temporary → target, backup removed.
   * All synchronous, so no signal handler runs between the renames; if the second rename fails the
   * backup is moved back, so the target is either the old folder or the new one, never neither.
   */
  commit(): void {
    if (this.done) throw new Error('StagingDir: already committed or discarded');
    let backup: string | null = null;
    try {
      if (existsSync(this.target)) {
        backup = tempName(this.target, 'old');
        renameSync(this.target, backup);
      }
      try {
        renameSync(this.path, this.target);
      } catch (e) {
        if (backup) renameSync(backup, this.target);
        backup = null;
        throw e;
      }
    } catch (e) {
      this.discard();
      throw e;
    }
    this.release();
    // A backup that cannot be removed is harmless: the next build removes it.
    if (backup) rmSync(backup, { recursive: true, force: true });
  }
}
