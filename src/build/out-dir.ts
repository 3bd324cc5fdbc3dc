import { randomBytes } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { msg, UsageError } from '../messages.js';
import { faultPoint } from './fault.js';
import { MANIFEST_FILE, isOurManifest } from './manifest.js';
import { sha256 } from '../util/hash.js';
import { removeRenderLeftovers } from '../charts/leftovers.js';

// How a build replaces its output folder without ever leaving a half-written one:
// 1. everything is written into a temporary folder beside the target (same parent, so renames are atomic);
// 2. the old folder is renamed to a backup name, the temporary folder to the target, the backup removed;
// 3. on any failure, or SIGINT/SIGTERM/SIGHUP, the temporary folder is removed and the old folder put back.
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
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return 'missing';
    if (code === 'ENOTDIR') throw new UsageError(msg.outNotFolder(fileAbove(dir, shown)));
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

/** The file that stands where `dir` needs a folder (`--out notes.txt/out`), as the user wrote it. */
function fileAbove(dir: string, shown: string): string {
  for (let d = dir, s = shown; dirname(d) !== d;) {
    d = dirname(d);
    s = dirname(s);
    try {
      if (!statSync(d).isDirectory()) return s;
    } catch {
      // not there: look further up
    }
  }
  return shown;
}

const TEMP = /^\.(.+)\.(tmp|old)-([0-9]+)-[0-9a-f]{8}$/;

/**
 * The target's name as temporary names carry it. A name too long to take the `.` and the
 * `.tmp-PID-XXXXXXXX` suffix within the 255 bytes a file name may have is shortened, with a hash of
 * the whole name so two long names sharing a start do not share temporary folders.
 */
function tempBase(target: string): string {
  const base = basename(target);
  if (Buffer.byteLength(base) <= 200) return base;
  let short = base.slice(0, 100);
  while (Buffer.byteLength(short) > 100) short = short.slice(0, -1);
  return `${short}~${sha256(base).slice(0, 16)}`;
}

function tempName(target: string, kind: 'tmp' | 'old'): string {
  return join(dirname(target), `.${tempBase(target)}.${kind}-${process.pid}-${randomBytes(4).toString('hex')}`);
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
  const base = tempBase(target);
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

/** Signals that end a build: each removes the temporary folder, then ends the process as the signal would have. */
const STOP_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** A temporary folder beside `target`, removed on failure and on SIGINT/SIGTERM/SIGHUP until it is committed or discarded. */
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
      // A PNG the build thread is drawing has font copies in TMPDIR (same pid); the thread dies with us.
      removeRenderLeftovers();
      // Die of the same signal, as if we had not caught it (the shell sees 130 / 143 / 129).
      process.kill(process.pid, signal);
    };
    // Handlers first: a signal between mkdir and listening would leave the folder behind.
    for (const s of STOP_SIGNALS) process.once(s, this.onSignal);
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
    for (const s of STOP_SIGNALS) process.removeListener(s, this.onSignal);
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
        faultPoint('renamed'); // test-only (KURIL_FAULT): a no-op otherwise
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
