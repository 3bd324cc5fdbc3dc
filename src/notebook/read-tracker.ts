import fs from 'node:fs';
import fsp from 'node:fs/promises';
import { syncBuiltinESMExports } from 'node:module';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// Which files a notebook reads, so the live preview can run it again when one of them changes. Node has
// no hook for file reads, so this wraps the functions that open a file by path (in `fs` and
// `fs/promises`) and re-syncs their ES module exports, which `import { readFile } from 'node:fs/promises'`
// and this package's own readers see. Meant for the preview's worker thread, where every module is its own.

type Patched = [object, string, (...args: unknown[]) => unknown];

const FS_NAMES = ['readFile', 'readFileSync', 'createReadStream', 'open', 'openSync'] as const;
const FSP_NAMES = ['readFile', 'open'] as const;

/**
 * Calls `onRead` with the absolute path of every file opened by path through `fs` or `fs/promises`
 * (reads through a file descriptor are not paths, and are not reported), until the returned function
 * is called.
 */
export function trackFileReads(onRead: (path: string) => void, cwd: string = process.cwd()): () => void {
  const saved: Patched[] = [];
  const wrap = (target: Record<string, unknown>, name: string) => {
    const original = target[name] as (...args: unknown[]) => unknown;
    saved.push([target, name, original]);
    target[name] = function (this: unknown, path: unknown, ...rest: unknown[]) {
      const p = pathOf(path, cwd);
      if (p !== null) onRead(p);
      return original.call(this, path, ...rest);
    };
  };
  for (const name of FS_NAMES) wrap(fs, name);
  for (const name of FSP_NAMES) wrap(fsp, name);
  syncBuiltinESMExports();
  return () => {
    for (const [target, name, original] of saved) (target as Record<string, unknown>)[name] = original;
    syncBuiltinESMExports();
  };
}

function pathOf(path: unknown, cwd: string): string | null {
  try {
    if (typeof path === 'string') return resolve(cwd, path);
    if (path instanceof URL) return path.protocol === 'file:' ? fileURLToPath(path) : null;
    if (Buffer.isBuffer(path)) return resolve(cwd, path.toString('utf8'));
  } catch {
    // not a path this can name
  }
  return null;
}
