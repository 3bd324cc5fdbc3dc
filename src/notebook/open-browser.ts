import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { msg } from '../messages.js';

// `--open`: the platform's own way to open a URL in the default browser. No library: it is one
// command per platform, and the URL is always this server's own `http://127.0.0.1:PORT/`.

/** The command that opens a URL on a platform. */
export interface Opener {
  readonly command: string;
  readonly args: readonly string[];
}

/**
 * `open URL` on macOS, `cmd /c start "" URL` on Windows, `xdg-open URL` elsewhere (Linux, the BSDs).
 * @example browserOpener('http://127.0.0.1:4178/', 'linux') // => { command: 'xdg-open', args: ['http://127.0.0.1:4178/'] }
 */
export function browserOpener(url: string, platform: NodeJS.Platform = process.platform): Opener {
  if (platform === 'darwin') return { command: 'open', args: [url] };
  if (platform === 'win32') return { command: 'cmd', args: ['/c', 'start', '""', url] };
  return { command: 'xdg-open', args: [url] };
}

/** Whether a command is an executable file on PATH (or a path to one). */
export function onPath(command: string, path: string = process.env.PATH ?? ''): boolean {
  const candidates = command.includes('/')
    ? [command]
    : path
        .split(delimiter)
        .filter(Boolean)
        .map((d) => join(d, command));
  return candidates.some((c) => {
    try {
      accessSync(c, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** How opening went. */
export type OpenResult = { readonly ok: true } | { readonly ok: false; readonly missing: boolean; readonly detail: string };

/**
 * Opens `url` with the platform's opener, detached (the browser outlives the preview). Resolves once
 * the opener has started or failed to; `onExit` hears a non-zero exit later (no browser configured).
 */
export function openBrowser(url: string, onExit: (detail: string) => void = () => {}): Promise<OpenResult> {
  const opener = browserOpener(url);
  if (process.platform !== 'win32' && !onPath(opener.command))
    return Promise.resolve({ ok: false, missing: true, detail: msg.openerNotOnPath(opener.command) });
  return new Promise((resolve) => {
    const child = spawn(opener.command, opener.args, { detached: true, stdio: 'ignore', windowsHide: true });
    child.once('error', (e: NodeJS.ErrnoException) => resolve({ ok: false, missing: e.code === 'ENOENT', detail: e.message }));
    child.once('spawn', () => {
      child.unref();
      resolve({ ok: true });
    });
    child.once('exit', (code, signal) => {
      if (code !== 0) onExit(signal ? `stopped by ${signal}` : `exit code ${code}`);
    });
  });
}
