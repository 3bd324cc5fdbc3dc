import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, symlinkSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { ROOT, fixture } from '../helpers.js';

// Helpers for the `notebook --watch` tests: a notebook copied into a folder of its own (with
// node_modules/kuril-exchange linking to this package, as an install would give it), the preview
// started on a port the system picks (--port 0, read back from "serving ..."), and raw HTTP.

/** A running `kuril-exchange notebook FILE --watch`. */
export interface WatchProcess {
  readonly child: ChildProcess;
  readonly port: number;
  readonly url: string;
  /** Everything it printed on stderr so far. */
  stderr(): string;
  /** Waits until stderr matches (counting from `from` characters in), or fails after `ms`. */
  waitFor(pattern: RegExp, ms?: number, from?: number): Promise<void>;
  /** Waits for the exit code (or the signal's name). */
  exited(): Promise<number | string>;
}

/** Copies a fixture notebook into `dir`, where `import ... from 'kuril-exchange'` resolves to this package. */
export function notebookCopy(dir: string, name: string, as = name): string {
  mkdirSync(join(dir, 'node_modules'), { recursive: true });
  try {
    symlinkSync(ROOT, join(dir, 'node_modules', 'kuril-exchange'), 'dir');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  const target = join(dir, as);
  copyFileSync(fixture('notebooks', name), target);
  return target;
}

/** Starts the preview in `cwd` and waits for its `serving http://127.0.0.1:PORT/` line. */
export async function startWatch(cwd: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<WatchProcess> {
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'kuril-exchange.js'), 'notebook', ...args, '--watch'], {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  const listeners = new Set<() => void>();
  child.stderr.on('data', (c: Buffer) => {
    err += c.toString();
    listeners.forEach((l) => l());
  });
  child.stdout.resume();
  const exit = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  const waitFor = (pattern: RegExp, ms = 20_000, from = 0) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (pattern.test(err.slice(from))) {
          listeners.delete(check);
          clearTimeout(timer);
          resolve();
        }
      };
      const timer = setTimeout(() => {
        listeners.delete(check);
        reject(new Error(`timed out after ${ms} ms waiting for ${pattern} in stderr:\n${err}`));
      }, ms);
      listeners.add(check);
      void exit.then(() => {
        if (!pattern.test(err.slice(from))) {
          listeners.delete(check);
          clearTimeout(timer);
          reject(new Error(`exited while waiting for ${pattern}; stderr:\n${err}`));
        }
      });
      check();
    });
  await waitFor(/serving http:\/\/[^\s]+\/\n/);
  const url = /serving (http:\/\/[^\s]+\/)\n/.exec(err)![1]!;
  return { child, port: Number(new URL(url).port), url, stderr: () => err, waitFor, exited: () => exit };
}

/** What a raw HTTP exchange gave back. */
export interface RawResponse {
  readonly status: number;
  readonly head: string;
  readonly body: string;
}

/**
 * Sends `request` (raw bytes: request line, headers, blank line) to 127.0.0.1:`port` over a plain TCP
 * socket, so nothing normalises the path or the Host header on the way, and reads until the server closes.
 */
export function rawHttp(port: number, request: string): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let data = '';
    socket.setTimeout(5000, () => socket.destroy(new Error('raw HTTP: no answer in 5 s')));
    socket.on('data', (c: Buffer) => (data += c.toString('latin1')));
    socket.on('error', reject);
    socket.on('close', () => {
      const [head = '', ...rest] = data.split('\r\n\r\n');
      resolve({ status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1] ?? 0), head, body: rest.join('\r\n\r\n') });
    });
    socket.write(request);
  });
}

/** `GET path` with the given Host header (none when `null`), asking the server to close after. */
export function rawGet(port: number, path: string, host: string | null): Promise<RawResponse> {
  const hostLine = host === null ? '' : `Host: ${host}\r\n`;
  return rawHttp(port, `GET ${path} HTTP/1.1\r\n${hostLine}Connection: close\r\n\r\n`);
}
