import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, request } from 'node:http';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers.js';
import { msg } from '../../src/messages.js';
import { browserOpener, onPath } from '../../src/notebook/open-browser.js';
import { parsePercent } from '../../src/notebook/parse.js';
import { PREVIEW_CLIENT, PREVIEW_CSP, previewPage } from '../../src/notebook/preview-page.js';
import {
  allowedHostNames,
  isAllowedHost,
  requestTarget,
  sseMessage,
  startPreviewServer,
  PREVIEW_PORT_TRIES,
} from '../../src/notebook/preview-server.js';
import { trackFileReads } from '../../src/notebook/read-tracker.js';
import { codeSkeleton, onlyTextCellsChanged } from '../../src/notebook/text-only-change.js';

describe('requestTarget: only the page and its update stream', () => {
  it.each([
    ['/', 'page'],
    ['/?scroll=1', 'page'],
    ['/index.html', 'page'],
    ['/events', 'events'],
    ['/favicon.ico', 'favicon'],
    ['/basic.ts', 'unknown'],
    ['/etc/passwd', 'unknown'],
    ['/events/x', 'unknown'],
  ])('%s is %s', (raw, expected) => {
    expect(requestTarget(raw)).toBe(expected);
  });

  it.each([
    '/../secret.txt',
    '/..',
    '/a/../../secret.txt',
    '/%2e%2e/secret.txt',
    '/%2E%2E/secret.txt',
    '/.%2e/secret.txt',
    '/%2e./secret.txt',
    '/..%2fsecret.txt',
    '/..%5csecret.txt',
    '/%252e%252e/secret.txt',
    '/%25252e%25252e/secret.txt',
    '/..\\secret.txt',
    '/a%00b',
    '/%zz',
    'http://127.0.0.1/../secret.txt',
    '*',
  ])('%s is refused as traversal', (raw) => {
    expect(requestTarget(raw)).toBe('traversal');
  });
});

describe('isAllowedHost: DNS rebinding', () => {
  const names = ['localhost', '127.0.0.1'];
  it.each([
    ['localhost:4178', true],
    ['LOCALHOST:4178', true],
    ['127.0.0.1:4178', true],
    ['localhost', true],
    ['127.0.0.1', true],
    ['localhost.:4178', true],
    ['evil.example', false],
    ['evil.example:4178', false],
    ['localhost.evil.example:4178', false],
    ['127.0.0.1.nip.io:4178', false],
    ['127.0.0.1:4179', false],
    ['localhost:4178:4178', false],
    ['user@localhost:4178', false],
    ['', false],
    [undefined, false],
  ])('Host %s → %s', (host, ok) => {
    expect(isAllowedHost(host, names, 4178)).toBe(ok);
  });

  it('adds the --host address, bracketing IPv6', () => {
    expect(allowedHostNames('127.0.0.2')).toEqual(['localhost', '127.0.0.1', '127.0.0.2']);
    expect(allowedHostNames('::1')).toEqual(['localhost', '127.0.0.1', '[::1]']);
    expect(isAllowedHost('[::1]:80', allowedHostNames('::1'), 80)).toBe(true);
  });

  it('on every interface, also the loopback addresses of the machine', () => {
    const all = allowedHostNames('0.0.0.0');
    expect(all).toContain('127.0.0.1');
    expect(all).toContain('[::1]');
    expect(all).not.toContain('evil.example');
  });
});

describe('the preview page', () => {
  it("lists the exact bytes of its one script by hash, and adds connect-src 'self' to the notebook page's CSP", () => {
    // Computed here from the script text, as a browser does over the element's content.
    const hash = createHash('sha256').update(PREVIEW_CLIENT, 'utf8').digest('base64');
    expect(PREVIEW_CSP).toBe(
      `default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; script-src 'sha256-${hash}'; connect-src 'self'`,
    );
    const page = previewPage({
      key: 'k-1',
      title: 'T <x>',
      main: '<section>m</section>',
      status: { state: 'ok', text: 'Last run & more' },
    });
    const scripts = [...page.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
    expect(scripts).toEqual([PREVIEW_CLIENT]);
    expect(page).toContain(`content="${PREVIEW_CSP}"`);
    expect(page).toContain('<title>T &lt;x&gt;</title>');
    expect(page).toContain('<span id="kx-status-text">Last run &amp; more</span>');
    expect(page).toContain(`data-disconnected="${msg.statusDisconnected()}"`);
  });

  it('sends each line of an event on its own data: line', () => {
    expect(sseMessage('page', '{"a":1}')).toBe('event: page\ndata: {"a":1}\n\n');
    expect(sseMessage('status', 'a\nb\r\nc')).toBe('event: status\ndata: a\ndata: b\ndata: c\n\n');
  });
});

describe('onlyTextCellsChanged: when a save needs no run', () => {
  const nb = (md: string, code = 'const x = 1;\nx + 1') => parsePercent(`// %% [markdown]\n${md}\n\n// %%\n${code}\n`, 'n.ts');

  it('an edit inside a markdown cell, on the same lines: no run', () => {
    expect(onlyTextCellsChanged(nb('// # Title'), nb('// # A new title'))).toBe(true);
  });
  it('a changed number in a code cell: run', () => {
    expect(onlyTextCellsChanged(nb('// # Title'), nb('// # Title', 'const x = 2;\nx + 1'))).toBe(false);
  });
  it('a markdown cell that grows by a line moves the code (line numbers in tracebacks): run', () => {
    expect(onlyTextCellsChanged(nb('// # Title'), nb('// # Title\n// more'))).toBe(false);
  });
  it('a line in a markdown cell that is not a comment is code to TypeScript: run', () => {
    expect(onlyTextCellsChanged(nb('// # Title\n// x'), nb('// # Title\nx()'))).toBe(false);
  });
  it('a markdown cell turned into a code cell: run', () => {
    const a = parsePercent('// %% [markdown]\n// x\n// %%\n1\n', 'n.ts');
    const b = parsePercent('// %%\n// x\n// %%\n1\n', 'n.ts');
    expect(onlyTextCellsChanged(a, b)).toBe(false);
  });
  it('blanks exactly the comment lines of markdown cells', () => {
    expect(codeSkeleton(nb('// # Title'))).toEqual(['', '', '', '// %%', 'const x = 1;', 'x + 1', '']);
  });
});

describe('trackFileReads', () => {
  it('names every file opened by path through fs and fs/promises, relative paths resolved', async () => {
    const { dir, cleanup } = tempDir('kuril-reads-');
    try {
      writeFileSync(join(dir, 'a.csv'), 'x\n');
      writeFileSync(join(dir, 'b.csv'), 'y\n');
      const seen: string[] = [];
      const stop = trackFileReads((p) => seen.push(p), dir);
      try {
        readFileSync(join(dir, 'a.csv'));
        await readFile('b.csv', { encoding: 'utf8' }).catch(() => null);
      } finally {
        stop();
      }
      readFileSync(join(dir, 'a.csv'));
      // readFileSync opens the file too (openSync), so a.csv is named twice; b.csv resolves against dir.
      expect([...new Set(seen)]).toEqual([join(dir, 'a.csv'), join(dir, 'b.csv')]);
    } finally {
      cleanup();
    }
  });
});

describe('browserOpener', () => {
  const url = 'http://127.0.0.1:4178/';
  it.each([
    ['linux', { command: 'xdg-open', args: [url] }],
    ['freebsd', { command: 'xdg-open', args: [url] }],
    ['darwin', { command: 'open', args: [url] }],
    ['win32', { command: 'cmd', args: ['/c', 'start', '""', url] }],
  ] as const)('%s', (platform, expected) => {
    expect(browserOpener(url, platform)).toEqual(expected);
  });
  it('finds a command only when it is an executable on PATH', () => {
    expect(onPath('sh', '/usr/bin:/bin')).toBe(true);
    expect(onPath('no-such-opener-here', '/usr/bin:/bin')).toBe(false);
  });
});

describe('startPreviewServer: ports', () => {
  const page = () => '<!DOCTYPE html><p>page</p>';
  const base = { page, csp: PREVIEW_CSP, hello: () => [] };

  /** A port that is free now: the system picks it, and it is let go. */
  async function freePort(): Promise<number> {
    const s = createServer();
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
    const port = (s.address() as { port: number }).port;
    await new Promise((r) => s.close(r));
    return port;
  }

  it('takes the next free port when the first is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const taken = (blocker.address() as { port: number }).port;
    try {
      const server = await startPreviewServer({ ...base, defaultPort: taken });
      try {
        expect(server.port).toBeGreaterThan(taken);
        expect(server.port).toBeLessThan(taken + PREVIEW_PORT_TRIES);
        expect(server.url).toBe(`http://127.0.0.1:${server.port}/`);
      } finally {
        await server.close();
      }
    } finally {
      await new Promise((r) => blocker.close(r));
    }
  });

  it('refuses a port that was asked for and is taken, with the fix', async () => {
    const first = await startPreviewServer({ ...base, port: 0 });
    try {
      await expect(startPreviewServer({ ...base, port: first.port })).rejects.toThrow(msg.previewPortInUse(first.port));
    } finally {
      await first.close();
    }
  });

  it('serves the page with its CSP header (and frame-ancestors), and closes with open streams', async () => {
    const port = await freePort();
    const server = await startPreviewServer({ ...base, port, hello: () => [['page', '{}']] });
    const get = (path: string) =>
      new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port, path }, (res) => {
          let body = '';
          res.on('data', (c: Buffer) => {
            body += c.toString();
            if (path === '/events' && body.includes('\n\n')) resolve({ status: res.statusCode!, headers: res.headers, body });
          });
          res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
        });
        req.on('error', reject);
        req.end();
      });
    const r = await get('/');
    expect(r.status).toBe(200);
    expect(r.headers['content-security-policy']).toBe(`${PREVIEW_CSP}; frame-ancestors 'none'`);
    expect(r.body).toBe(page());
    const events = await get('/events');
    expect(events.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    await new Promise((r) => setTimeout(r, 50));
    expect(server.clients).toBe(1);
    await server.close();
    expect(server.clients).toBe(0);
  });
});
