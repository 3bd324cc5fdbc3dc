import { rmSync, renameSync, writeFileSync } from 'node:fs';

/**
 * Writes one file whole or not at all: the data goes to a temporary file beside `path`
 * (`path.PID.tmp`, same folder so the rename cannot cross file systems), which is then renamed over
 * `path`. A reader sees the old file or the new one, never half of one. On failure the temporary file
 * is removed and the error thrown again; `path` is left as it was.
 * `mode` sets the permissions the new file is created with (default: 0o666 less the umask).
 */
export function writeFileAtomic(path: string, data: Uint8Array | string, mode?: number): void {
  const temp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, data, mode === undefined ? undefined : { mode });
    renameSync(temp, path);
  } catch (e) {
    rmSync(temp, { force: true });
    throw e;
  }
}
