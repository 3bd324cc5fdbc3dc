import { lstatSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '../util/atomic-write.js';

// A folder for what drawing charts can keep between runs to be faster (V8's compiled code for vega, the
// font copies the PNGs are drawn with), every file `*.bin`. Only speed depends on it, never output. As Node 22's module
// compile cache, it lives in the temporary directory, but private to the user: created with mode 700 and
// used only when it is a folder the user owns that no one else can write to.
// `KURIL_EXCHANGE_NO_CACHE=1` turns it off.

let dir: string | null | undefined;

/** How the cache folder's name starts (the user id follows). */
export const CACHE_DIR_PREFIX = 'kuril-exchange-code-cache-';

/** Where the cache folder is (whether or not it exists): `$TMPDIR/kuril-exchange-code-cache-UID`. */
export function cacheDirPath(): string {
  return join(tmpdir(), `${CACHE_DIR_PREFIX}${process.getuid?.() ?? 'user'}`);
}

/** The cache folder, or `null` when there is none to use (turned off, or not private, or not writable). */
export function cacheDir(): string | null {
  if (dir !== undefined) return dir;
  dir = null;
  if (process.env.KURIL_EXCHANGE_NO_CACHE === '1') return null;
  try {
    const uid = process.getuid?.();
    const path = cacheDirPath();
    mkdirSync(path, { recursive: true, mode: 0o700 });
    const st = lstatSync(path);
    if (st.isDirectory() && (uid === undefined || st.uid === uid) && (st.mode & 0o077) === 0) dir = path;
  } catch {
    // no cache
  }
  return dir;
}

/**
 * Writes a file of the cache folder whole or not at all (a temporary file renamed over it), and removes the
 * other files whose names start with `stem` (older versions of the same thing). Errors are ignored.
 */
export function writeCacheFile(path: string, data: Uint8Array, stem?: string): void {
  const folder = cacheDir();
  if (!folder) return;
  try {
    writeFileAtomic(path, data, 0o600);
    if (stem)
      for (const name of readdirSync(folder))
        if (name.startsWith(stem) && join(folder, name) !== path && !name.endsWith('.tmp')) rmSync(join(folder, name), { force: true });
  } catch {
    // not cached this time
  }
}
