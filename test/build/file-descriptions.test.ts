import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { build } from '../../src/build/build.js';
import { resolveInputs } from '../../src/build/inputs.js';

// The report's list of files describes each file in the report's language (written here by hand).
const root = mkdtempSync(join(tmpdir(), 'kuril-file-descriptions-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function reportOf(lang: 'en' | 'ja' | 'ru'): Promise<string> {
  const outDir = join(root, lang);
  await build({
    inputs: resolveInputs(undefined, undefined, undefined),
    formats: ['csv', 'html'],
    endYear: null,
    notebooks: false,
    outDir,
    lang,
  });
  return readFileSync(join(outDir, 'report.html'), 'utf8');
}

describe('file descriptions in the report', () => {
  it('en as always, ja and ru translated', async () => {
    const en = await reportOf('en');
    expect(en).toContain('<a href="tables/ratios.csv">tables/ratios.csv</a> <span class="muted">Ratios (CSV)</span>');
    expect(en).toContain('<span class="muted">every file with its size and SHA-256, the inputs and the options used</span>');
    const ja = await reportOf('ja');
    expect(ja).toContain('<a href="tables/ratios.csv">tables/ratios.csv</a> <span class="muted">比率（CSV）</span>');
    expect(ja).toContain('<a href="report.html">report.html</a> <span class="muted">このレポート</span>');
    expect(ja).toContain('<span class="muted">検証済みの入力。数値1件につき1行、引用つき</span>');
    const ru = await reportOf('ru');
    expect(ru).toContain(
      '<a href="tables/implied.csv">tables/implied.csv</a> <span class="muted">Что следует из всех чисел вместе (CSV-файл)</span>',
    );
    expect(ru).toContain('<span class="muted">все файлы с размером и SHA-256, входные данные и использованные параметры</span>');
  }, 60_000);
});
