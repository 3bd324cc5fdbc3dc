import { readFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, relative, sep } from 'node:path';
import type { FSWatcher } from 'chokidar';
import { CACHE_DIR_PREFIX } from '../charts/cache-dir.js';
import { sha256 } from '../util/hash.js';

// The files a preview watches (see watch.ts): the notebook and the data files its last run read, each with
// the hash of its bytes as last seen, so that a save (or a write by the notebook itself) of the same bytes
// is no change.

/** The notebook and the data files its last run read, on a chokidar watcher, with their hashes. */
export class WatchedFiles {
  private readonly hashes = new Map<string, string>();
  /** The hashes of the data files the last run added to the watch list, once they are taken. */
  private hashing: Promise<void> = Promise.resolve();
  private dataFiles = new Set<string>();

  /** `exclude`: a folder whose files are never data files (the package's built output). */
  constructor(
    private readonly notebook: string,
    private readonly watcher: FSWatcher,
    private readonly exclude: string,
  ) {}

  /** The notebook's text as a run reads it: a save of these bytes is then no change. */
  seen(path: string, text: string): void {
    this.hashes.set(path, sha256(text));
  }

  /** The file is gone: whatever comes back at `path` is a change. */
  forget(path: string): void {
    this.hashes.delete(path);
  }

  /** Whether an add or change event of `path` changed its bytes (a file that cannot be read counts as changed). */
  async changed(path: string): Promise<boolean> {
    // The first hash of a file the last run read may still be on its way: compare with it, not with nothing.
    await this.hashing;
    const hash = await hashFile(path);
    if (hash !== null && this.hashes.get(path) === hash) return false;
    if (hash !== null) this.hashes.set(path, hash);
    return true;
  }

  /** Watches the data files the last run read (not the package's own files, nor caches). */
  async update(reads: readonly string[]): Promise<void> {
    const next = new Set(reads.filter((p) => p !== this.notebook && this.isDataFile(p)));
    const added = [...next].filter((p) => !this.dataFiles.has(p));
    const removed = [...this.dataFiles].filter((p) => !next.has(p));
    this.dataFiles = next;
    for (const p of removed) this.hashes.delete(p);
    if (removed.length > 0) this.watcher.unwatch(removed);
    if (added.length > 0) {
      this.watcher.add(added);
      // Hashed before the run is reported: a write of the same bytes right after it is then no change.
      this.hashing = Promise.all(
        added.map(async (p) => {
          const h = await hashFile(p);
          if (h !== null && !this.hashes.has(p)) this.hashes.set(p, h);
        }),
      ).then(() => undefined);
      await this.hashing;
    }
  }

  /** A file worth watching: not inside node_modules, the excluded folder or the chart cache. */
  private isDataFile(path: string): boolean {
    if (path.split(sep).includes('node_modules')) return false;
    const rel = relative(this.exclude, path);
    if (rel !== '' && !rel.startsWith('..') && !isAbsolute(rel)) return false;
    return !basename(dirname(path)).startsWith(CACHE_DIR_PREFIX);
  }
}

async function hashFile(path: string): Promise<string | null> {
  try {
    return sha256(await readFile(path));
  } catch {
    return null;
  }
}
