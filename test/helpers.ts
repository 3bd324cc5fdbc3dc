import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Root of the repository. */
export const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Path of a file under test/fixtures/. */
export const fixture = (...parts: string[]): string => join(ROOT, 'test', 'fixtures', ...parts);

/** A fresh temporary folder, removed by the returned cleanup function. */
export function tempDir(prefix = 'kuril-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The header every exchange-visits file starts with. */
export const HEADER = 'id,origin,destination,travelers,period_start,period_end,count,qualifier,source_id,quote';
