import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers.js';
import { readIpynb, requireBuild, runCli } from './run-cli.js';
import { notebookToHtml } from '../../src/notebook/html.js';
import type { Notebook } from '../../src/notebook/nbformat.js';

// notebook --lang / --naming: the page's <html lang> and the words the runner adds follow --lang, and the
// notebook reads the choice with notebookLanguage(). Expected texts are written here by hand.
const { dir, cleanup } = tempDir('kuril-notebook-lang-');
const ROOT = join(import.meta.dirname, '..', '..');

beforeAll(() => {
  requireBuild();
  mkdirSync(join(dir, 'node_modules'), { recursive: true });
  symlinkSync(ROOT, join(dir, 'node_modules', 'kuril-exchange'), 'dir');
  writeFileSync(
    join(dir, 'lang.ts'),
    [
      '// %% [markdown]',
      '// # Language',
      '// ![a map](map.png)',
      '',
      '// %%',
      "import { notebookLanguage } from 'kuril-exchange';",
      'console.log(JSON.stringify(notebookLanguage()));',
      '',
      '// %%',
      "throw new Error('stop');",
      '',
      '// %%',
      "console.log('never');",
      '',
    ].join('\n'),
  );
});
afterAll(cleanup);

describe('notebook --lang and --naming', () => {
  it('default: English page, notebookLanguage() is en/source', () => {
    const cli = runCli(['notebook', 'lang.ts', '--out', 'en'], dir);
    expect(cli.code).toBe(1);
    const html = readFileSync(join(dir, 'en', 'lang.html'), 'utf8');
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('<p class="kx-origin">Executed notebook <code>lang.ts</code></p>');
    expect(html).toContain('<p class="kx-note">Not run: an earlier cell failed.</p>');
    expect(html).toContain('<span class="kx-image-alt">[image: a map]</span>');
    expect(readIpynb(join(dir, 'en', 'lang.ipynb')).cells[1]!.outputs?.[0]).toMatchObject({ text: ['{"lang":"en","naming":"source"}\n'] });
  });

  it('ja: <html lang="ja">, the runner’s words in Japanese, and notebookLanguage() gives ja/neutral', () => {
    const cli = runCli(['notebook', 'lang.ts', '--out', 'ja', '--lang', 'ja', '--naming', 'neutral'], dir);
    expect(cli.code).toBe(1);
    const html = readFileSync(join(dir, 'ja', 'lang.html'), 'utf8');
    expect(html).toContain('<html lang="ja">');
    expect(html).toContain('<p class="kx-origin">実行済みのノートブック：<code>lang.ts</code></p>');
    expect(html).toContain('<p class="kx-note">未実行：前のセルでエラーが起きました。</p>');
    expect(html).toContain('<span class="kx-image-alt">［画像：a map］</span>');
    expect(readIpynb(join(dir, 'ja', 'lang.ipynb')).cells[1]!.outputs?.[0]).toMatchObject({ text: ['{"lang":"ja","naming":"neutral"}\n'] });
  });

  it('an unknown language is a usage error (exit 2)', () => {
    const cli = runCli(['notebook', 'lang.ts', '--lang', 'fr'], dir);
    expect(cli.code).toBe(2);
  });

  it('ru: the page around the cells in Russian', () => {
    const nb: Notebook = { cells: [], metadata: {}, nbformat: 4, nbformat_minor: 5 } as unknown as Notebook;
    const html = notebookToHtml(nb, { title: 't', source: 'x.ts', lang: 'ru' });
    expect(html).toContain('<html lang="ru">');
    expect(html).toContain('<p class="kx-origin">Выполненный блокнот <code>x.ts</code></p>');
  });
});
