import { readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cacheDirPath } from './cache-dir.js';

// Drawing a PNG writes short-lived files: font copies in the temporary folder (removed as soon as the
// picture is drawn) and cache files written under a temporary name and renamed. A thread stopped in
// the middle (the live preview cancels a run by terminating its worker) can leave them behind; the
// process that owns them removes them with this.

/** Start of the name of a font copy in the temporary folder: `kuril-exchange-font-PID-N-RANDOM.ttf`. */
export const FONT_COPY_PREFIX = 'kuril-exchange-font-';

/**
 * Removes the font copies and half-written cache files of process `pid` (default: this one), and
 * returns how many it removed. Only call it when no chart of that process is being drawn.
 */
export function removeRenderLeftovers(pid: number = process.pid): number {
  let removed = 0;
  const sweep = (dir: string, match: (name: string) => boolean) => {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return;
    }
    for (const name of names) {
      if (!match(name)) continue;
      rmSync(join(dir, name), { force: true });
      removed++;
    }
  };
  sweep(tmpdir(), (n) => n.startsWith(`${FONT_COPY_PREFIX}${pid}-`) && n.endsWith('.ttf'));
  sweep(cacheDirPath(), (n) => n.endsWith(`.${pid}.tmp`));
  return removed;
}
