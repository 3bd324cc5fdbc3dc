import { describe, expect, it } from 'vitest';
import { markdownToHtml } from '../../src/notebook/html.js';
import { buildNotebook, md, parsePercent, serializeNotebook, tableHtml, tableText, tableView } from '../../src/notebook/index.js';
import { splitLines } from '../../src/notebook/nbformat.js';
import { nbformatErrors } from './schema.js';

describe('parsePercent', () => {
  const text = [
    '// %% [markdown]', // 1
    '// # Title', // 2
    '//', // 3
    '// Some *text*.', // 4
    '', // 5
    '// %%', // 6
    'const a = 1;', // 7
    '', // 8
    '', // 9
    '// %% Second cell [md]', // 10
    '// more', // 11
    '// %% [raw]', // 12
    '// raw text', // 13
    '// %%', // 14
    '', // the file ends with a line end
  ].join('\n');
  const nb = parsePercent(text, 'x.ts');

  it('splits cells at the markers, with their types, lines and titles', () => {
    expect(nb.cells.map((c) => [c.type, c.markerLine, c.firstLine, c.lastLine, c.title])).toEqual([
      ['markdown', 1, 1, 5, null],
      ['code', 6, 6, 9, null],
      ['markdown', 10, 10, 11, 'Second cell'],
      ['raw', 12, 12, 13, null],
      ['code', 14, 14, 14, null],
    ]);
  });

  it('strips the comment marks of markdown and raw cells and blank lines at the ends', () => {
    expect(nb.cells.map((c) => c.source)).toEqual(['# Title\n\nSome *text*.', 'const a = 1;', 'more', 'raw text', '']);
  });

  it('gives ids from index and content, the same on every parse and valid for nbformat', () => {
    expect(parsePercent(text, 'x.ts').cells.map((c) => c.id)).toEqual(nb.cells.map((c) => c.id));
    for (const c of nb.cells) expect(c.id).toMatch(/^c[0-9]+-[0-9a-f]{8}$/);
    expect(parsePercent(text.replace('const a = 1;', 'const a = 2;'), 'x.ts').cells[1]!.id).not.toBe(nb.cells[1]!.id);
  });

  it('makes code before the first marker a cell, skips a Jupytext header and blank preambles', () => {
    expect(parsePercent('import x from "y";\n// %%\nx;\n', 'a.ts').cells.map((c) => [c.type, c.markerLine, c.source])).toEqual([
      ['code', null, 'import x from "y";'],
      ['code', 2, 'x;'],
    ]);
    expect(parsePercent('// ---\n// jupyter:\n//   kernelspec: {}\n// ---\n\n// %%\n1;\n', 'a.ts').cells.map((c) => c.source)).toEqual([
      '1;',
    ]);
    expect(parsePercent('\n\n// %%\n1;\n', 'a.ts').cells).toHaveLength(1);
  });

  it('reads Windows line ends', () => {
    expect(parsePercent('// %% [markdown]\r\n// # T\r\n// %%\r\n1;\r\n', 'a.ts').cells.map((c) => c.source)).toEqual(['# T', '1;']);
  });
});

describe('md', () => {
  it('fills in computed values as people read them', () => {
    const ratio = { value: 802 / 281, bound: 'exact' as const };
    const floor = { value: 20000 / 9500, bound: 'lower' as const };
    expect(md`In ${2016}: ${ratio}, since ${1992}: ${floor}; share ${802 / 1083}; years ${[2015, 2016]}`.text).toBe(
      'In 2016: 2.85, since 1992: more than 2.10; share 0.741; years 2015, 2016',
    );
    expect(md`${{ value: null, bound: null }}`.text).toBe('not known');
  });

  it('removes the common indentation and blank end lines, whatever the values hold', () => {
    const list = '- a\n- b';
    expect(
      md`
        # Heading

        ${list}
          indented
      `.text,
    ).toBe('# Heading\n\n- a\n- b\n  indented');
  });
});

describe('tables', () => {
  const rows = [
    { name: 'a <b>', n: 1.5, when: 2015, note: null },
    { name: 'long', n: 20, when: 2016, note: 'x & y' },
  ];

  it('aligns plain text: numbers right, text left, one number format per column', () => {
    expect(tableText(tableView(rows, { digits: 2 }))).toBe(
      ['name       n  when  note', '-----  -----  ----  -----', 'a <b>   1.50  2015', 'long   20.00  2016  x & y'].join('\n'),
    );
  });

  it('escapes every cell in HTML and marks number columns', () => {
    const html = tableHtml(tableView(rows, { title: '<T>' }));
    expect(html).toContain('<caption>&lt;T&gt;</caption>');
    expect(html).toContain(
      '<td class="nowrap">a &lt;b&gt;</td><td class="num">1.500</td><td class="num">2015</td><td class="nowrap"></td>',
    );
    expect(html).toContain('<td class="nowrap">x &amp; y</td>');
  });

  it('shows the chosen columns and says how many rows are not shown', () => {
    const t = tableView(rows, { columns: ['when'], maxRows: 1 });
    expect(tableText(t)).toBe('when\n----\n2015\n… 1 more row');
    expect(tableHtml(t)).toContain('<p class="kx-more">… 1 more row</p>');
  });
});

describe('markdown in the HTML page', () => {
  it('shows raw HTML as text', () => {
    expect(markdownToHtml('a <script>x()</script> b\n\n<div onclick="y()">z</div>')).toBe(
      '<p>a &lt;script&gt;x()&lt;/script&gt; b</p>\n&lt;div onclick=&quot;y()&quot;&gt;z&lt;/div&gt;',
    );
  });

  it('keeps web, mail and relative links; drops script links; shows images as their description', () => {
    expect(
      markdownToHtml(
        '[w](https://example.org) [m](mailto:a@b.c) [r](other.html) [x](javascript:alert(1)) ![a map](https://example.org/m.png)',
      ),
    ).toBe(
      '<p><a href="https://example.org">w</a> <a href="mailto:a@b.c">m</a> <a href="other.html">r</a> x <span class="kx-image-alt">[image: a map]</span></p>\n',
    );
  });
});

describe('nbformat', () => {
  const source = parsePercent('// %% [markdown]\n// # T\n// %%\nconsole.log(1);\n// %%\n2;\n', 'a.ts');
  const runs = new Map([
    [1, { executionCount: 1, outputs: [{ output_type: 'stream' as const, name: 'stdout' as const, text: 'one\ntwo\n' }] }],
  ]);
  const nb = buildNotebook(source, runs, 'T');

  it('writes what Jupyter writes: sorted keys, one-space indent, text as lines', () => {
    const json = serializeNotebook(nb);
    expect(json.endsWith('}\n')).toBe(true);
    const parsed = JSON.parse(json) as { cells: { outputs?: { text: string[] }[]; source: string[] }[] };
    expect(Object.keys(JSON.parse(json) as object)).toEqual(['cells', 'metadata', 'nbformat', 'nbformat_minor']);
    expect(parsed.cells[1]!.outputs![0]!.text).toEqual(['one\n', 'two\n']);
    expect(parsed.cells[1]!.source).toEqual(['console.log(1);']);
    expect(json).toContain('\n "nbformat_minor": 5\n');
  });

  it('validates against the nbformat 4.5 schema; a cell not run has null and no outputs', () => {
    const parsed = JSON.parse(serializeNotebook(nb)) as { cells: unknown[] };
    expect(nbformatErrors(parsed)).toEqual([]);
    expect(parsed.cells[2]).toMatchObject({ execution_count: null, outputs: [] });
  });

  it('the schema check catches a broken notebook', () => {
    const broken = JSON.parse(serializeNotebook(nb)) as { cells: Record<string, unknown>[] };
    delete broken.cells[1]!.execution_count;
    broken.cells[0]!.id = 'bad id!';
    expect(nbformatErrors(broken).length).toBeGreaterThan(0);
  });

  it('splits text into lines that keep their ends', () => {
    expect(splitLines('a\nb')).toEqual(['a\n', 'b']);
    expect(splitLines('a\n\n')).toEqual(['a\n', '\n']);
    expect(splitLines('')).toEqual([]);
  });
});
