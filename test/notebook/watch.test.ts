import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers.js';
import { msg } from '../../src/messages.js';
import { readIpynb, requireBuild, runCli } from './run-cli.js';
import { notebookCopy, rawGet, startWatch, type WatchProcess } from './watch-helpers.js';

// `kuril-exchange notebook FILE.ts --watch` end to end: the compiled command in a child process, on a
// copy of a notebook in a temporary folder, on a port the system picks. Requests go over raw TCP so
// nothing between the test and the server cleans up the path or the Host header.

beforeAll(requireBuild);

const SECRET = 'the-secret-beside-the-notebook-7f3a';

/** A page's update stream, read raw until `pattern` shows up in it. */
async function streamUntil(w: WatchProcess, pattern: RegExp, ms = 15_000): Promise<string> {
  const { connect } = await import('node:net');
  return new Promise((resolve, reject) => {
    const socket = connect(w.port, '127.0.0.1');
    let data = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no ${pattern} in the stream after ${ms} ms:\n${data.slice(-2000)}`));
    }, ms);
    socket.on('data', (c: Buffer) => {
      data += c.toString();
      if (pattern.test(data)) {
        clearTimeout(timer);
        socket.destroy();
        resolve(data);
      }
    });
    socket.write(`GET /events HTTP/1.1\r\nHost: 127.0.0.1:${w.port}\r\n\r\n`);
  });
}

describe('notebook --watch: what the server answers (raw HTTP)', () => {
  const { dir, cleanup } = tempDir('kuril-watch-http-');
  let w: WatchProcess;

  beforeAll(async () => {
    mkdirSync(join(dir, 'nb'));
    writeFileSync(join(dir, 'secret.txt'), SECRET);
    notebookCopy(join(dir, 'nb'), 'basic.ts');
    w = await startWatch(join(dir, 'nb'), ['basic.ts', '--port', '0']);
    await w.waitFor(/basic\.ts: ran 3 of 3 code cells in [\d.]+ s\n/);
  });
  afterAll(async () => {
    w?.child.kill('SIGTERM');
    await w?.exited();
    cleanup();
  });

  it('prints serving http://127.0.0.1:PORT/ on stderr', () => {
    expect(w.stderr().startsWith(`serving http://127.0.0.1:${w.port}/\n`)).toBe(true);
  });

  it('answers Host: localhost:PORT and 127.0.0.1:PORT with the page', async () => {
    for (const host of [`localhost:${w.port}`, `127.0.0.1:${w.port}`, 'localhost']) {
      const r = await rawGet(w.port, '/', host);
      expect(r.status, host).toBe(200);
      expect(r.body).toContain('<h1>Basic fixture</h1>');
      expect(r.head).toMatch(/content-security-policy: [^\r]*connect-src 'self'; frame-ancestors 'none'/i);
    }
  });

  it('refuses Host: evil.example (DNS rebinding), for the page and the stream', async () => {
    for (const [host, path] of [
      ['evil.example', '/'],
      [`evil.example:${w.port}`, '/'],
      [`evil.example:${w.port}`, '/events'],
      [`localhost.evil.example:${w.port}`, '/'],
      ['127.0.0.1:1', '/'],
    ]) {
      const r = await rawGet(w.port, path!, host!);
      expect(r.status, `${host} ${path}`).toBe(403);
      expect(r.body).toBe(msg.httpWrongHost());
    }
    // No Host header at all: Node refuses an HTTP/1.1 request without one before it reaches the handler.
    expect((await rawGet(w.port, '/', null)).status).toBe(400);
  });

  it('refuses .. and every encoded form of it, and serves no file', async () => {
    const paths = [
      '/../secret.txt',
      '/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/%2E%2E/%2e%2e/secret.txt',
      '/.%2e/secret.txt',
      '/..%2fsecret.txt',
      '/..%5csecret.txt',
      '/%252e%252e/secret.txt',
      '/..\\secret.txt',
      `http://127.0.0.1:${w.port}/../secret.txt`,
    ];
    for (const path of paths) {
      const r = await rawGet(w.port, path, `127.0.0.1:${w.port}`);
      expect(r.status, path).toBe(400);
      expect(r.body, path).toBe(msg.httpTraversal());
    }
    for (const path of ['/basic.ts', '/secret.txt', '/node_modules/kuril-exchange/package.json', '/out/basic.html']) {
      const r = await rawGet(w.port, path, `127.0.0.1:${w.port}`);
      expect(r.status, path).toBe(404);
      expect(r.body, path).toBe(msg.httpNotFound());
      expect(r.body).not.toContain(SECRET);
    }
  });

  it('refuses other methods', async () => {
    const { rawHttp } = await import('./watch-helpers.js');
    const r = await rawHttp(w.port, `POST / HTTP/1.1\r\nHost: 127.0.0.1:${w.port}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
    expect(r.status).toBe(405);
  });
});

describe('notebook --watch: runs', () => {
  const { dir, cleanup } = tempDir('kuril-watch-runs-');
  afterAll(cleanup);

  it('a burst of saves gives one run, and the page has the last one', async () => {
    const cwd = join(dir, 'burst');
    mkdirSync(cwd);
    const file = notebookCopy(cwd, 'basic.ts');
    const w = await startWatch(cwd, ['basic.ts', '--port', '0']);
    try {
      await w.waitFor(/ran 3 of 3 code cells/);
      const from = w.stderr().length;
      const text = readFileSync(file, 'utf8');
      for (const n of [11, 12, 13, 14, 15]) {
        writeFileSync(file, text.replace('rows.length * 10', `rows.length * ${n}`));
        await new Promise((r) => setTimeout(r, 20));
      }
      // 2 rows * 15 + 1 = 31
      await streamUntil(w, /In \[3\][\s\S]*?31/);
      await w.waitFor(/ran 3 of 3 code cells/, 20_000, from);
      await new Promise((r) => setTimeout(r, 600));
      const after = w.stderr().slice(from);
      expect(after.match(/running the notebook/g)).toHaveLength(1);
      expect(after).not.toContain(msg.previewRunCancelled());
    } finally {
      w.child.kill('SIGINT');
      expect(await w.exited()).toBe(0);
    }
  });

  it('a save during a run cancels it; the newest save is what runs', async () => {
    const cwd = join(dir, 'supersede');
    mkdirSync(cwd);
    const file = join(cwd, 'slow.ts');
    const slow = (ms: number, label: string) =>
      `// %% [markdown]\n// # Slow\n\n// %%\nawait new Promise((r) => setTimeout(r, ${ms}));\nconsole.log('${label}');\n`;
    writeFileSync(file, slow(0, 'first'));
    const w = await startWatch(cwd, ['slow.ts', '--port', '0']);
    try {
      await w.waitFor(/ran 1 of 1 code cell/);
      const from = w.stderr().length;
      writeFileSync(file, slow(60_000, 'never'));
      await streamUntil(w, /Running cell 1 of 1/);
      writeFileSync(file, slow(0, 'newest'));
      await w.waitFor(/ran 1 of 1 code cell/, 20_000, from);
      const after = w.stderr().slice(from);
      expect(after).toContain(`${msg.previewRunCancelled()}\n`);
      expect(after.match(/ran 1 of 1 code cell/g)).toHaveLength(1);
      const page = await rawGet(w.port, '/', `127.0.0.1:${w.port}`);
      expect(page.body).toContain('newest');
      expect(page.body).not.toContain('never\n');
    } finally {
      w.child.kill('SIGINT');
      expect(await w.exited()).toBe(0);
    }
  });

  it('runs again when a data file the notebook read changes, and not when its bytes stay the same', async () => {
    const cwd = join(dir, 'data');
    mkdirSync(cwd);
    writeFileSync(join(cwd, 'counts.csv'), 'year,count\n2015,761\n2016,802\n');
    writeFileSync(
      join(cwd, 'data.ts'),
      [
        '// %%',
        "import { readFile } from 'node:fs/promises';",
        "const rows = (await readFile('counts.csv', 'utf8')).trim().split('\\n').slice(1).map((l) => Number(l.split(',')[1]));",
        'console.log(`total ${rows.reduce((a, b) => a + b, 0)}`);',
        '',
      ].join('\n'),
    );
    const w = await startWatch(cwd, ['data.ts', '--port', '0']);
    try {
      await w.waitFor(/ran 1 of 1 code cell/);
      // 761 + 802 = 1563
      expect((await rawGet(w.port, '/', `127.0.0.1:${w.port}`)).body).toContain('total 1563');
      let from = w.stderr().length;
      writeFileSync(join(cwd, 'counts.csv'), 'year,count\n2015,761\n2016,802\n');
      await new Promise((r) => setTimeout(r, 1000));
      expect(w.stderr().slice(from)).toBe('');
      writeFileSync(join(cwd, 'counts.csv'), 'year,count\n2015,761\n2016,281\n');
      await w.waitFor(/changed: counts\.csv; running the notebook\n[\s\S]*ran 1 of 1 code cell/, 20_000, from);
      // 761 + 281 = 1042
      expect((await rawGet(w.port, '/', `127.0.0.1:${w.port}`)).body).toContain('total 1042');
      from = w.stderr().length;
    } finally {
      w.child.kill('SIGINT');
      expect(await w.exited()).toBe(0);
    }
  });

  it('a markdown-only edit updates the page without running code, and writes what a full run writes', async () => {
    const cwd = join(dir, 'text-only');
    mkdirSync(cwd);
    const file = notebookCopy(cwd, 'basic.ts');
    const w = await startWatch(cwd, ['basic.ts', '--port', '0', '--out', 'out']);
    try {
      await w.waitFor(/wrote out\/basic\.html\n/);
      const from = w.stderr().length;
      writeFileSync(file, readFileSync(file, 'utf8').replace('Markdown passes through', 'Markdown flows through'));
      await w.waitFor(/only markdown changed[^\n]*\nwrote out\/basic\.ipynb\nwrote out\/basic\.html\n/, 20_000, from);
      expect(w.stderr().slice(from)).not.toContain('running the notebook');
      const page = (await rawGet(w.port, '/', `127.0.0.1:${w.port}`)).body;
      expect(page).toContain('Markdown flows through');
      expect(page).toContain(`<p class="kx-cell-note">${msg.cellChanged()}</p>`);
      expect(page.match(new RegExp(msg.cellUnchanged(), 'g'))).toHaveLength(3);
    } finally {
      w.child.kill('SIGINT');
      expect(await w.exited()).toBe(0);
    }
    const fresh = runCli(['notebook', 'basic.ts', '--out', 'fresh'], cwd);
    expect(fresh.code, fresh.stderr).toBe(0);
    for (const f of ['basic.ipynb', 'basic.html'])
      expect(readFileSync(join(cwd, 'out', f), 'utf8'), f).toBe(readFileSync(join(cwd, 'fresh', f), 'utf8'));
  });

  it('waits for a notebook that is deleted, and runs it when it comes back', async () => {
    const cwd = join(dir, 'deleted');
    mkdirSync(cwd);
    const file = notebookCopy(cwd, 'basic.ts');
    const text = readFileSync(file, 'utf8');
    const w = await startWatch(cwd, ['basic.ts', '--port', '0']);
    try {
      await w.waitFor(/ran 3 of 3 code cells/);
      const from = w.stderr().length;
      const { rmSync } = await import('node:fs');
      rmSync(file);
      await w.waitFor(new RegExp(`${msg.previewFileMissing('basic.ts')}\n`), 20_000, from);
      writeFileSync(file, text.replace('rows.length * 10', 'rows.length * 4'));
      await w.waitFor(/ran 3 of 3 code cells/, 20_000, from);
      // 2 rows * 4 + 1 = 9
      expect((await rawGet(w.port, '/', `127.0.0.1:${w.port}`)).body).toMatch(/In \[3\][\s\S]*<pre class="kx-text">9<\/pre>/);
    } finally {
      w.child.kill('SIGINT');
      expect(await w.exited()).toBe(0);
    }
  });
});

describe('notebook --watch: stopping', () => {
  const { dir, cleanup } = tempDir('kuril-watch-stop-');
  afterAll(cleanup);

  it('SIGINT during a run: exit 0, the last good files whole, no temporary files or folders left', async () => {
    const cwd = join(dir, 'sigint');
    const tmp = join(dir, 'tmp');
    mkdirSync(cwd);
    mkdirSync(tmp);
    const file = notebookCopy(cwd, 'chart.ts');
    const text = readFileSync(file, 'utf8');
    // The run to interrupt draws the chart (SVG and PNG, with font copies in TMPDIR) over and over. A font
    // copy exists only while a PNG is drawn (a few % of the time), so the run also leaves one of its own,
    // named as the renderer names them, as a run stopped mid-drawing would.
    const busy = text
      .replace(
        "import { display } from 'kuril-exchange';",
        "import { display } from 'kuril-exchange';\nimport { writeFileSync } from 'node:fs';\nimport { tmpdir } from 'node:os';\nimport { join } from 'node:path';",
      )
      .replace(
        "await display({ name: 'two-bars', spec });",
        "writeFileSync(join(tmpdir(), `kuril-exchange-font-${process.pid}-0-stopped.ttf`), 'x');\nfor (let i = 0; i < 400; i++) await display({ name: 'two-bars', spec });",
      );
    expect(busy).not.toBe(text);
    const w = await startWatch(cwd, ['chart.ts', '--port', '0', '--out', 'out'], { TMPDIR: tmp, KURIL_EXCHANGE_NO_CACHE: '1' });
    await w.waitFor(/wrote out\/chart\.html\n/);
    const before = {
      ipynb: readFileSync(join(cwd, 'out', 'chart.ipynb'), 'utf8'),
      html: readFileSync(join(cwd, 'out', 'chart.html'), 'utf8'),
    };
    const from = w.stderr().length;
    writeFileSync(file, busy);
    await streamUntil(w, /Running cell 1 of/);
    for (let i = 0; i < 100 && readdirSync(tmp).length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(readdirSync(tmp).length).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 300));
    expect(w.stderr().slice(from)).not.toMatch(/ran \d+ of/);
    w.child.kill('SIGINT');
    expect(await w.exited()).toBe(0);
    expect(w.stderr().trimEnd().endsWith(msg.previewStopped())).toBe(true);
    expect(readdirSync(join(cwd, 'out')).sort()).toEqual(['chart.html', 'chart.ipynb']);
    expect(readFileSync(join(cwd, 'out', 'chart.ipynb'), 'utf8')).toBe(before.ipynb);
    expect(readFileSync(join(cwd, 'out', 'chart.html'), 'utf8')).toBe(before.html);
    expect(readdirSync(tmp)).toEqual([]);
    expect(readdirSync(cwd).sort()).toEqual(['chart.ts', 'node_modules', 'out']);
  });

  it('SIGTERM when idle: exit 0', async () => {
    const cwd = join(dir, 'sigterm');
    mkdirSync(cwd);
    notebookCopy(cwd, 'basic.ts');
    const w = await startWatch(cwd, ['basic.ts', '--port', '0']);
    await w.waitFor(/ran 3 of 3 code cells/);
    w.child.kill('SIGTERM');
    expect(await w.exited()).toBe(0);
  });
});

describe('notebook --watch: options', () => {
  const { dir, cleanup } = tempDir('kuril-watch-opts-');
  afterAll(cleanup);

  it('--host: listens there, warns, and answers that name too', async () => {
    const cwd = join(dir, 'host');
    mkdirSync(cwd);
    notebookCopy(cwd, 'basic.ts');
    // 127.0.0.2 is loopback on Linux: another address without reaching any network.
    const w = await startWatch(cwd, ['basic.ts', '--port', '0', '--host', '127.0.0.2']);
    try {
      expect(w.url).toBe(`http://127.0.0.2:${w.port}/`);
      await w.waitFor(new RegExp(escape(msg.previewHostWarning('127.0.0.2', w.port))));
      const { connect } = await import('node:net');
      const status = await new Promise<string>((resolve, reject) => {
        const s = connect(w.port, '127.0.0.2');
        let d = '';
        s.on('data', (c: Buffer) => (d += c.toString()));
        s.on('close', () => resolve(d.split('\r\n')[0]!));
        s.on('error', reject);
        s.write(`GET / HTTP/1.1\r\nHost: 127.0.0.2:${w.port}\r\nConnection: close\r\n\r\n`);
      });
      expect(status).toBe('HTTP/1.1 200 OK');
    } finally {
      w.child.kill('SIGINT');
      expect(await w.exited()).toBe(0);
    }
  });

  it('--open: runs the platform opener with the URL; without one, says so and keeps serving', async () => {
    const cwd = join(dir, 'open');
    const bin = join(dir, 'bin');
    mkdirSync(cwd);
    mkdirSync(bin);
    notebookCopy(cwd, 'basic.ts');
    const record = join(dir, 'opened.txt');
    writeFileSync(join(bin, 'xdg-open'), `#!/bin/sh\nprintf '%s' "$1" > '${record}'\n`);
    chmodSync(join(bin, 'xdg-open'), 0o755);
    const w = await startWatch(cwd, ['basic.ts', '--port', '0', '--open'], { PATH: `${bin}:${process.env.PATH}` });
    try {
      for (let i = 0; i < 100 && !existsSync(record); i++) await new Promise((r) => setTimeout(r, 50));
      expect(readFileSync(record, 'utf8')).toBe(w.url);
    } finally {
      w.child.kill('SIGINT');
      expect(await w.exited()).toBe(0);
    }
    const none = await startWatch(cwd, ['basic.ts', '--port', '0', '--open'], { PATH: join(dir, 'empty') });
    try {
      await none.waitFor(new RegExp(escape(msg.previewOpenerMissing('xdg-open', none.url))));
      expect((await rawGet(none.port, '/', `127.0.0.1:${none.port}`)).status).toBe(200);
    } finally {
      none.child.kill('SIGINT');
      expect(await none.exited()).toBe(0);
    }
  });

  it('bad options are usage errors (exit 2)', () => {
    const cwd = join(dir, 'usage');
    mkdirSync(cwd);
    notebookCopy(cwd, 'basic.ts');
    const bad = runCli(['notebook', 'basic.ts', '--watch', '--port', 'http'], cwd);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe(`kuril-exchange: ${msg.previewBadPort('http')}\n`);
    const noWatch = runCli(['notebook', 'basic.ts', '--port', '4178'], cwd);
    expect(noWatch.code).toBe(2);
    expect(noWatch.stderr).toBe(`kuril-exchange: ${msg.previewNeedsWatch('port')}\n`);
    const missing = runCli(['notebook', 'nope.ts', '--watch', '--port', '0'], cwd);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^kuril-exchange: ENOENT: no such file or directory, stat 'nope\.ts'\n$/);
  });

  it('a port that is taken, asked for with --port, is a usage error', async () => {
    const cwd = join(dir, 'taken');
    mkdirSync(cwd);
    notebookCopy(cwd, 'basic.ts');
    const w = await startWatch(cwd, ['basic.ts', '--port', '0']);
    try {
      const { spawnSync } = await import('node:child_process');
      const { ROOT } = await import('../helpers.js');
      const r = spawnSync(
        process.execPath,
        [join(ROOT, 'bin', 'kuril-exchange.js'), 'notebook', 'basic.ts', '--watch', '--port', String(w.port)],
        {
          cwd,
          encoding: 'utf8',
          timeout: 20_000,
        },
      );
      expect(r.status).toBe(2);
      expect(r.stderr).toBe(`kuril-exchange: ${msg.previewPortInUse(w.port)}\n`);
    } finally {
      w.child.kill('SIGINT');
      expect(await w.exited()).toBe(0);
    }
  });
});

describe('notebook --watch --lang / --naming', () => {
  const { dir, cleanup } = tempDir('kuril-watch-lang-');
  afterAll(cleanup);

  it('the preview, its runs and the files it writes are in the chosen language and naming, after a markdown-only edit too', async () => {
    const cwd = join(dir, 'lang');
    mkdirSync(cwd);
    notebookCopy(cwd, 'basic.ts'); // links node_modules/kuril-exchange to this package
    const file = join(cwd, 'lang.ts');
    writeFileSync(
      file,
      [
        '// %% [markdown]',
        '// # Language',
        '// ![a map](map.png)',
        '',
        '// %%',
        "import { notebookLanguage } from 'kuril-exchange';",
        'console.log(JSON.stringify(notebookLanguage()));',
        '',
      ].join('\n'),
    );
    const w = await startWatch(cwd, ['lang.ts', '--port', '0', '--out', 'out', '--lang', 'ja', '--naming', 'neutral']);
    try {
      await w.waitFor(/wrote out\/lang\.html\n/);
      // Raw HTTP reads bytes as latin1; the page is UTF-8.
      const get = async () => Buffer.from((await rawGet(w.port, '/', `127.0.0.1:${w.port}`)).body, 'latin1').toString('utf8');
      const page = await get();
      expect(page).toContain('<html lang="ja">');
      expect(page).toContain('<p class="kx-origin">実行済みのノートブック：<code>lang.ts</code></p>');
      expect(page).toContain('<span class="kx-image-alt">［画像：a map］</span>');
      expect(readIpynb(join(cwd, 'out', 'lang.ipynb')).cells[1]!.outputs?.[0]).toMatchObject({
        text: ['{"lang":"ja","naming":"neutral"}\n'],
      });
      expect(readFileSync(join(cwd, 'out', 'lang.html'), 'utf8')).toContain('<html lang="ja">');

      // A markdown-only edit is shown without a run: still in Japanese.
      const from = w.stderr().length;
      writeFileSync(file, readFileSync(file, 'utf8').replace('![a map]', '![a new map]'));
      await w.waitFor(/only markdown changed[^\n]*\nwrote out\/lang\.ipynb\nwrote out\/lang\.html\n/, 20_000, from);
      const after = await get();
      expect(after).toContain('<span class="kx-image-alt">［画像：a new map］</span>');
      expect(after).not.toContain('[image:');
    } finally {
      w.child.kill('SIGINT');
      expect(await w.exited()).toBe(0);
    }
    // What the preview wrote is what `notebook --lang ja --naming neutral` writes.
    const fresh = runCli(['notebook', 'lang.ts', '--out', 'fresh', '--lang', 'ja', '--naming', 'neutral'], cwd);
    expect(fresh.code, fresh.stderr).toBe(0);
    for (const f of ['lang.ipynb', 'lang.html'])
      expect(readFileSync(join(cwd, 'out', f), 'utf8'), f).toBe(readFileSync(join(cwd, 'fresh', f), 'utf8'));
  });
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
