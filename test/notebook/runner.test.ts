import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, tempDir } from '../helpers.js';
import { outputText, readIpynb, requireBuild, runCli, type CliRun, type Ipynb } from './run-cli.js';
import { nbformatErrors } from './schema.js';

const rel = (name: string) => `test/fixtures/notebooks/${name}`;
/** 1-based line of the first line of a fixture that contains `text`. */
const lineOf = (name: string, text: string) =>
  readFileSync(fixture('notebooks', name), 'utf8')
    .split('\n')
    .findIndex((l) => l.includes(text)) + 1;

const { dir, cleanup } = tempDir('kuril-notebook-');
afterAll(cleanup);
beforeAll(requireBuild);

function run(name: string, out: string, ...flags: string[]): { cli: CliRun; nb: Ipynb; html: string } {
  const cli = runCli(['notebook', rel(name), '--out', out, ...flags]);
  const stem = name.replace(/\.ts$/, '');
  return { cli, nb: readIpynb(join(out, `${stem}.ipynb`)), html: readFileSync(join(out, `${stem}.html`), 'utf8') };
}

describe('notebook: a clean run (basic.ts)', () => {
  let r: ReturnType<typeof run>;
  beforeAll(() => {
    r = run('basic.ts', join(dir, 'basic'));
  });

  it('exits 0 and reports the files', () => {
    expect(r.cli.code).toBe(0);
    expect(r.cli.stderr).toContain('test/fixtures/notebooks/basic.ts: ran 3 of 3 code cells');
    expect(r.cli.stderr).toContain(`wrote ${join(dir, 'basic', 'basic.ipynb')}`);
  });

  it('is valid nbformat 4.5', () => {
    expect(r.nb.nbformat).toBe(4);
    expect(r.nb.nbformat_minor).toBe(5);
    expect(nbformatErrors(r.nb)).toEqual([]);
  });

  it('has TypeScript kernel metadata', () => {
    expect(r.nb.metadata.kernelspec).toEqual({ display_name: 'TypeScript', language: 'typescript', name: 'typescript' });
    expect(r.nb.metadata.language_info).toMatchObject({ name: 'typescript', file_extension: '.ts' });
  });

  it('passes the markdown cell through without the comment marks', () => {
    const md = r.nb.cells[0]!;
    expect(md.cell_type).toBe('markdown');
    expect(md.source.join('')).toBe('# Basic fixture\n\nMarkdown passes through: *emphasis*, `code`, and a list:\n\n- one\n- two');
    expect(md).not.toHaveProperty('outputs');
  });

  it('numbers the code cells in order', () => {
    expect(r.nb.cells.map((c) => c.execution_count)).toEqual([undefined, 1, 2, 3]);
  });

  it('records printed lines in the cell that printed them', () => {
    expect(r.nb.cells[1]!.outputs).toEqual([{ output_type: 'stream', name: 'stdout', text: ['hello from the first code cell\n'] }]);
    const last = r.nb.cells[2]!.outputs!.at(-1)!;
    expect(last).toEqual({ output_type: 'stream', name: 'stderr', text: ['a line on stderr\n'] });
  });

  it('records displays in order: a table (HTML and text), then markdown computed from the rows', () => {
    const [table, md] = r.nb.cells[2]!.outputs!;
    expect(table!.output_type).toBe('display_data');
    const html = (table!.data!['text/html'] as string[]).join('');
    expect(html).toContain('<caption>Two rows</caption>');
    expect(html).toContain('<td class="num">1.235</td>');
    // A column with a fraction in it shows every number with the same decimals.
    expect((table!.data!['text/plain'] as string[]).join('')).toBe(
      ['Two rows', 'name       value  note', '-----  ---------  -----', 'alpha      1.235', 'beta   20000.000  whole'].join('\n'),
    );
    // 1.23456 + 20000 = 20001.23456, shown with up to 3 decimals.
    expect(md!.data).toEqual({ 'text/markdown': ['The values add up to 20001.235.'], 'text/plain': ['The values add up to 20001.235.'] });
  });

  it("shows the value of a cell's last expression as its result, and keeps the cell's title", () => {
    // total = 2 rows * 10; total + 1 = 21
    expect(r.nb.cells[3]!.outputs).toEqual([
      { output_type: 'execute_result', execution_count: 3, data: { 'text/plain': ['21'] }, metadata: {} },
    ]);
    expect(r.nb.cells[3]!.metadata).toEqual({ title: 'A titled cell' });
  });

  it('gives cells stable ids that match the nbformat pattern', () => {
    for (const c of r.nb.cells) expect(c.id).toMatch(/^[a-zA-Z0-9-_]{1,64}$/);
    expect(new Set(r.nb.cells.map((c) => c.id)).size).toBe(r.nb.cells.length);
  });

  it('gives byte-identical files when run again', () => {
    const again = join(dir, 'basic-again');
    const second = run('basic.ts', again);
    expect(second.cli.code).toBe(0);
    expect(readFileSync(join(again, 'basic.ipynb'))).toEqual(readFileSync(join(dir, 'basic', 'basic.ipynb')));
    expect(readFileSync(join(again, 'basic.html'))).toEqual(readFileSync(join(dir, 'basic', 'basic.html')));
  });
});

describe('notebook: a cell that throws (error.ts)', () => {
  const throwLine = lineOf('error.ts', "throw new RangeError('cell two failed')");
  const callLine = lineOf('error.ts', 'fail();');
  let stopped: ReturnType<typeof run>;
  let continued: ReturnType<typeof run>;
  beforeAll(() => {
    stopped = run('error.ts', join(dir, 'error'));
    continued = run('error.ts', join(dir, 'error-allowed'), '--allow-errors');
  });

  it('exits 1 and names the file, line and cell', () => {
    expect(stopped.cli.code).toBe(1);
    expect(stopped.cli.stderr).toContain(`test/fixtures/notebooks/error.ts:${throwLine}: RangeError: cell two failed (cell 2)`);
    expect(stopped.cli.stderr).toContain('1 later code cell not run; use --allow-errors to run it anyway');
  });

  it('records the error in its cell, after what the cell printed, with the notebook file’s line numbers', () => {
    const cell = stopped.nb.cells[1]!;
    expect(cell.execution_count).toBe(2);
    expect(cell.outputs![0]).toEqual({ output_type: 'stream', name: 'stdout', text: ['cell two starts\n'] });
    expect(cell.outputs![1]).toEqual({
      output_type: 'error',
      ename: 'RangeError',
      evalue: 'cell two failed',
      traceback: [
        'RangeError: cell two failed',
        `    at fail (test/fixtures/notebooks/error.ts:${throwLine}:9)`,
        `    at test/fixtures/notebooks/error.ts:${callLine}:1`,
      ],
    });
    expect(outputText(cell)).not.toContain('never printed');
  });

  it('leaves later cells in the notebook, not run: no outputs, execution_count null', () => {
    expect(stopped.nb.cells.map((c) => c.cell_type)).toEqual(['code', 'code', 'markdown', 'code']);
    expect(stopped.nb.cells[3]).toMatchObject({ execution_count: null, outputs: [] });
    expect(stopped.nb.cells[3]!.source.join('')).toBe("console.log('cell three ran', before);");
    expect(nbformatErrors(stopped.nb)).toEqual([]);
    expect(stopped.html).toContain('Not run: an earlier cell failed.');
  });

  it('with --allow-errors runs the later cells, which still see the earlier cells’ variables, and exits 0', () => {
    expect(continued.cli.code).toBe(0);
    expect(continued.nb.cells[1]!.outputs!.map((o) => o.output_type)).toEqual(['stream', 'error']);
    expect(continued.nb.cells[3]).toMatchObject({
      execution_count: 3,
      outputs: [{ output_type: 'stream', name: 'stdout', text: ['cell three ran before\n'] }],
    });
    expect(continued.cli.stderr).toContain('ran 3 of 3 code cells, 1 error');
  });
});

describe('notebook: a chart (chart.ts)', () => {
  let r: ReturnType<typeof run>;
  beforeAll(() => {
    r = run('chart.ts', join(dir, 'chart'));
  });

  it('records the chart as SVG, PNG and the Vega-Lite spec', () => {
    expect(r.cli.code).toBe(0);
    const [out] = r.nb.cells[0]!.outputs!;
    expect(out!.output_type).toBe('display_data');
    const data = out!.data!;
    expect(Object.keys(data).sort()).toEqual(['application/vnd.vegalite.v6+json', 'image/png', 'image/svg+xml', 'text/plain']);
    expect((data['image/svg+xml'] as string[]).join('')).toMatch(/^<svg[^>]*role="img" aria-label="Two bars"/);
    const png = Buffer.from(data['image/png'] as string, 'base64');
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(data['application/vnd.vegalite.v6+json']).toMatchObject({
      mark: 'bar',
      data: {
        values: [
          { k: 'a', v: 3 },
          { k: 'b', v: 5 },
        ],
      },
    });
    expect((data['text/plain'] as string[]).join('')).toBe('<chart two-bars: Two bars>');
    // The PNG is drawn at twice the size; the metadata says the size to show it at.
    const { width, height } = (out!.metadata!['image/png'] ?? {}) as { width: number; height: number };
    expect(png.readUInt32BE(16)).toBe(Math.round(width * 2));
    expect(height).toBeGreaterThan(0);
    expect(nbformatErrors(r.nb)).toEqual([]);
  });

  it('puts the chart in the page as inline SVG, with no script', () => {
    expect(r.html).toMatch(/<figure class="kx-chart"><svg /);
    expect(r.html).not.toMatch(/<script/i);
  });
});

describe('notebook: one module scope (scope.ts)', () => {
  let r: ReturnType<typeof run>;
  beforeAll(() => {
    r = run('scope.ts', join(dir, 'scope'));
  });

  it('lets later cells use every kind of declaration, top-level await and hoisted functions', () => {
    expect(r.cli.code).toBe(0);
    const [hoisted, table, after] = r.nb.cells[2]!.outputs!;
    expect(hoisted).toEqual({ output_type: 'stream', name: 'stdout', text: ['hoisted function runs before its declaration\n'] });
    // counter 1 + 1; origin destructured; 10 + 20; enum through a generic class; awaited 5 ms.
    expect(after).toEqual({ output_type: 'stream', name: 'stdout', text: ['after display: 2 0,0 30 blue 5\n'] });
    // A display nobody awaited still lands in its cell, in call order.
    expect(table!.output_type).toBe('display_data');
    expect((table!.data!['text/plain'] as string[]).join('')).toBe('Not awaited\na\n-\n1');
  });

  it('shows nothing more for a last expression that is a promise of nothing (a display not awaited)', () => {
    expect(r.nb.cells[4]!.outputs).toEqual([
      {
        output_type: 'display_data',
        data: {
          'text/markdown': ['The last line, not awaited: its promise shows nothing more.'],
          'text/plain': ['The last line, not awaited: its promise shows nothing more.'],
        },
        metadata: {},
      },
    ]);
  });

  it('keeps a variable changed in one cell changed in the next', () => {
    expect(r.nb.cells[3]!.outputs).toEqual([
      { output_type: 'stream', name: 'stdout', text: ['counter in the next cell 2\n'] },
      { output_type: 'execute_result', execution_count: 3, data: { 'text/plain': ['2'] }, metadata: {} },
    ]);
  });
});

describe('notebook: a DataFrame (dataframe.ts)', () => {
  it('is shown as a table with the DataFrame’s columns', () => {
    const r = run('dataframe.ts', join(dir, 'dataframe'));
    expect(r.cli.code).toBe(0);
    const [out] = r.nb.cells[0]!.outputs!;
    const text = (out!.data!['text/plain'] as string[]).join('');
    expect(text.split('\n').slice(0, 2)).toEqual([
      'Ratios from a DataFrame',
      'origin               destination          period_start  value  bound',
    ]);
    // 802 / 281 and 20000 / 9500 (a lower bound: "over 20,000")
    expect(text).toMatch(new RegExp(`2016\\s+${(802 / 281).toFixed(3)}\\s+exact`));
    expect(text).toMatch(new RegExp(`1992\\s+${(20000 / 9500).toFixed(3)}\\s+lower`));
  });
});

describe('notebook: the HTML page (escape.ts)', () => {
  let r: ReturnType<typeof run>;
  beforeAll(() => {
    r = run('escape.ts', join(dir, 'escape'));
  });

  it('is standalone and offline: a CSP that loads nothing, no scripts, no external resources', () => {
    expect(r.cli.code).toBe(0);
    expect(r.html).toContain(
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'">`,
    );
    expect(r.html).not.toMatch(/<script/i);
    expect(r.html).not.toMatch(/<(link|iframe|object|embed)\b/i);
    expect(r.html).not.toMatch(/\s(src|href)="(?!data:|#)/i);
  });

  it('escapes markdown, code, printed text and table cells', () => {
    expect(r.html).toContain('<h1>Escaping &lt;script&gt;alert("md")&lt;/script&gt;</h1>');
    expect(r.html).toContain('Raw HTML &lt;img src=x onerror=&quot;alert(1)&quot;&gt; is shown as text');
    expect(r.html).toContain('and a bad link loses its link');
    expect(r.html).not.toContain('javascript:');
    expect(r.html).toContain('const evil = &#39;&lt;script&gt;alert(&quot;out&quot;)&lt;/script&gt;&#39;;');
    expect(r.html).toContain('<pre class="kx-stream kx-stdout">&lt;script&gt;alert(&quot;out&quot;)&lt;/script&gt;\n</pre>');
    expect(r.html).toContain(
      '<td class="nowrap">&lt;script&gt;alert(&quot;out&quot;)&lt;/script&gt;</td><td class="nowrap">A &amp; B</td>',
    );
    expect(r.html).toContain('// &lt;/script&gt; in code is escaped too');
    expect(r.html).toContain('<title>Escaping &lt;script&gt;alert(&quot;md&quot;)&lt;/script&gt;</title>');
  });
});

describe('notebook: problems found before running', () => {
  it('a syntax error is recorded in its cell with its line, nothing runs, exit 1', () => {
    const nbDir = join(dir, 'syntax');
    mkdirSync(nbDir, { recursive: true });
    writeFileSync(join(nbDir, 'broken.ts'), "// %%\nconsole.log('first');\n\n// %%\nconst x = ;\n");
    const cli = runCli(['notebook', 'broken.ts', '--out', 'out'], nbDir);
    expect(cli.code).toBe(1);
    expect(cli.stderr).toContain('broken.ts:5: SyntaxError: Expression expected. (cell 2)');
    const nb = readIpynb(join(nbDir, 'out', 'broken.ipynb'));
    expect(nb.cells[0]).toMatchObject({ execution_count: null, outputs: [] });
    expect(nb.cells[1]!.outputs).toEqual([
      {
        output_type: 'error',
        ename: 'SyntaxError',
        evalue: 'Expression expected.',
        traceback: ['broken.ts:5:11', 'SyntaxError: Expression expected.'],
      },
    ]);
    expect(nbformatErrors(nb)).toEqual([]);
  });

  it('an import that cannot be resolved is recorded in the cell holding it', () => {
    const nbDir = join(dir, 'import');
    mkdirSync(nbDir, { recursive: true });
    writeFileSync(
      join(nbDir, 'imports.ts'),
      "// %%\nconsole.log('first');\n\n// %%\nimport { nothing } from 'no-such-package-here';\nconsole.log(nothing);\n",
    );
    const cli = runCli(['notebook', 'imports.ts', '--out', 'out'], nbDir);
    expect(cli.code).toBe(1);
    expect(cli.stderr).toMatch(/^imports\.ts:5: Error: Cannot find package 'no-such-package-here' imported from .* \(cell 2\)$/m);
    const nb = readIpynb(join(nbDir, 'out', 'imports.ipynb'));
    expect(nb.cells[1]!.outputs![0]!.output_type).toBe('error');
  });

  it('code in a markdown cell (a missing "// ") is reported with its line', () => {
    const nbDir = join(dir, 'stray');
    mkdirSync(nbDir, { recursive: true });
    writeFileSync(join(nbDir, 'stray.ts'), '// %% [markdown]\n// # Title\nlet oops = 1;\n\n// %%\nconsole.log(1);\n');
    const cli = runCli(['notebook', 'stray.ts', '--out', 'out'], nbDir);
    expect(cli.code).toBe(1);
    expect(cli.stderr).toContain('stray.ts:3: SyntaxError: code outside a code cell (is a "// " missing in a markdown cell?) (cell 1)');
  });
});

describe('notebook: usage', () => {
  it('needs one .ts file (exit 2)', () => {
    expect(runCli(['notebook']).code).toBe(2);
    const cli = runCli(['notebook', 'README.md']);
    expect(cli.code).toBe(2);
    expect(cli.stderr).toBe(
      'kuril-exchange: notebook: "README.md" is not a .ts file; expected a percent-format TypeScript notebook (cells start with "// %%")\n',
    );
  });

  it('a missing file is bad input (exit 2)', () => {
    const cli = runCli(['notebook', 'notebooks/no-such-notebook.ts', '--out', join(dir, 'missing')]);
    expect(cli.code).toBe(2);
    expect(cli.stderr).toMatch(/ENOENT/);
  });

  it('is listed in the help', () => {
    expect(runCli(['--help']).stdout).toMatch(/notebook\s+run a percent-format TypeScript notebook/);
    expect(runCli(['notebook', '--help']).stdout).toContain('Usage: kuril-exchange notebook FILE.ts [--out DIR] [--allow-errors]');
  });

  it('writes into out/notebooks by default', () => {
    const nbDir = join(dir, 'default-out');
    mkdirSync(nbDir, { recursive: true });
    writeFileSync(join(nbDir, 'plain.ts'), "// %%\nconsole.log('plain');\n");
    const cli = runCli(['notebook', 'plain.ts'], nbDir);
    expect(cli.code).toBe(0);
    expect(readIpynb(join(nbDir, 'out', 'notebooks', 'plain.ipynb')).cells[0]!.outputs).toEqual([
      { output_type: 'stream', name: 'stdout', text: ['plain\n'] },
    ]);
    expect(existsSync(join(nbDir, 'out', 'notebooks', 'plain.html'))).toBe(true);
  });
});
