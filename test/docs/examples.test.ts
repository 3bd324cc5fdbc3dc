import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importSpecifiers } from '../health/import-graph.js';
import { ROOT, tempDir } from '../helpers.js';

// Every `@example` in a doc comment under src/ is run: its lines without `// =>` are run as set-up,
// and each `expression // => value` line checks that the expression gives the value. A value may end
// in a note in parentheses (`2.854 (802 / 281)`), and an object value may leave fields out with `...`.
// Examples run with the exports of their own file, of the package and of `kuril-exchange/internals` in
// scope (then those of the files its file imports from, and of every file with examples), `ctx` for a chart builder (the embedded sources and events), and paths `out/...` and `data/...`
// read from a build of the embedded data and the package's data folder.

interface Example {
  readonly file: string;
  readonly line: number;
  readonly setup: readonly string[];
  readonly expression: string;
  readonly expected: string;
}

/** The `@example` blocks of a source file's doc comments, one per `// =>` line. */
export function examplesOf(file: string, text: string): Example[] {
  const out: Example[] = [];
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  const seen = new Set<number>();
  const visit = (node: ts.Node): void => {
    for (const range of ts.getLeadingCommentRanges(text, node.getFullStart()) ?? []) {
      if (seen.has(range.pos) || !text.startsWith('/**', range.pos)) continue;
      seen.add(range.pos);
      const comment = text.slice(range.pos, range.end);
      const firstLine = sf.getLineAndCharacterOfPosition(range.pos).line + 1;
      const lines = comment.split('\n').map((l) => l.replace(/^\s*(\/\*\*|\*\/|\*)? ?/, '').replace(/\s*\*\/$/, ''));
      let block: string[] | null = null;
      lines.forEach((raw, i) => {
        const tag = /^@(\w+)\s*(.*)$/.exec(raw);
        if (tag) block = tag[1] === 'example' ? [] : null;
        if (block === null) return;
        const code = tag ? tag[2]! : raw;
        if (code.trim() === '') return;
        const arrow = code.indexOf('// =>');
        if (arrow < 0) {
          block.push(code);
        } else if (code.slice(0, arrow).trim() === '') {
          // `// => value` on a line of its own: the value of the line before.
          const expression = block.pop() ?? '';
          out.push({ file, line: firstLine + i, setup: [...block], expression, expected: code.slice(arrow + 5).trim() });
          block.push(expression);
        } else {
          out.push({
            file,
            line: firstLine + i,
            setup: [...block],
            expression: code.slice(0, arrow).trim(),
            expected: code.slice(arrow + 5).trim(),
          });
          block.push(code.slice(0, arrow));
        }
      });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

const EXAMPLES = sourceFiles(join(ROOT, 'src')).flatMap((f) => examplesOf(relative(ROOT, f), readFileSync(f, 'utf8')));

/** Runs code with the names of `scope` in scope; resolves to the value of `expression`. */
async function run(scope: Record<string, unknown>, setup: readonly string[], expression: string): Promise<unknown> {
  const names = Object.keys(scope).filter((n) => /^[A-Za-z_$][\w$]*$/.test(n));
  const body = `return (async () => {\n${setup.join('\n')}\nreturn (${expression});\n})();`;
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- running doc examples is the point
  const f = new Function(...names, body) as (...args: unknown[]) => Promise<unknown>;
  return f(...names.map((n) => scope[n]));
}

/** The expected value: the text after `// =>`, less a note in parentheses, with `...` fields dropped. */
function expectedOf(text: string): { value: unknown; partial: boolean } {
  const partial = /(,\s*\.\.\.)|(\.\.\.\s*,)/.test(text);
  const cleaned = text.replace(/,\s*\.\.\.(?=\s*[,}])/g, '').replace(/\{\s*\.\.\.\s*,/g, '{');
  for (const candidate of [cleaned, cleaned.replace(/\s+\([^()]*\)$/, '')]) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the value is a JavaScript literal
      return { value: new Function(`return (${candidate});`)() as unknown, partial };
    } catch {
      // try the next reading
    }
  }
  throw new Error(`the value after // => is not a JavaScript value: ${text}`);
}

describe('the @example lines in src/', () => {
  const built = tempDir('kuril-examples-');
  let base: Record<string, unknown> = {};
  beforeAll(async () => {
    const api = await import('../../src/index.js');
    const internals = await import('../../src/internals.js');
    await api.build({
      inputs: api.resolveInputs(undefined, undefined, undefined),
      formats: ['csv'],
      endYear: null,
      notebooks: false,
      outDir: join(built.dir, 'out'),
    });
    base = { ...api, ...internals, ctx: { sources: internals.SOURCES, events: internals.EVENTS } };
    // Every file with examples lends its exports to the others' (a file's own come last, below).
    for (const file of new Set(EXAMPLES.map((e) => e.file))) base = { ...(await import(pathToFileURL(join(ROOT, file)).href)), ...base };
  });
  afterAll(built.cleanup);

  it('are there: at least one per file that has a // => line', () => {
    expect(EXAMPLES.length).toBeGreaterThanOrEqual(45);
    expect(examplesOf('x.ts', '/**\n * @example\n * const a = 2;\n * a * 3 // => 6\n * @returns x\n */\nexport const x = 1;\n')).toEqual([
      { file: 'x.ts', line: 4, setup: ['const a = 2;'], expression: 'a * 3', expected: '6' },
    ]);
  });

  it.each(EXAMPLES.map((e) => [`${e.file}:${e.line}`, e] as const))('%s', async (_where, e) => {
    // The file's own exports, and those of the files it imports from.
    const path = join(ROOT, e.file);
    const near = importSpecifiers(path, readFileSync(path, 'utf8'))
      .filter((s) => s.startsWith('.'))
      .map((s) => pathToFileURL(join(dirname(path), s.replace(/\.js$/, '.ts'))).href);
    let own: Record<string, unknown> = {};
    for (const url of [...near, pathToFileURL(path).href]) own = { ...own, ...((await import(url)) as Record<string, unknown>) };
    const paths = (code: string) =>
      code.replace(/(['"`])(out|data)\//g, (_m, q: string, dir: string) => `${q}${join(dir === 'out' ? built.dir : ROOT, dir)}/`);
    const actual = await run({ ...base, ...own }, e.setup.map(paths), paths(e.expression));
    const { value, partial } = expectedOf(e.expected);
    if (partial) expect(actual).toMatchObject(value as object);
    else expect(actual).toEqual(value);
  });
});
