import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyzeCommand, type AnalyzeOptions } from '../../src/commands/analyze.js';
import { InputError } from '../../src/index.js';
import { ANALYSIS_TABLES } from '../../src/internals.js';
import { HEADER, tempDir } from '../helpers.js';

// `analyze` on a file read in two parts, its table built a piece at a time by two threads, prints exactly
// what it prints reading the file in one go.

const tmp = tempDir('kuril-parallel-command-');
afterAll(tmp.cleanup);

async function run(opts: AnalyzeOptions): Promise<string> {
  let out = '';
  const code = await analyzeCommand(opts, { stdout: () => {}, stderr: () => {}, progress: () => {}, write: (s) => void (out += s) });
  expect(code).toBe(0);
  return out;
}

/** Rows of many pairs, years and sources, both ways, some open-ended "since" figures, some quotes over lines. */
function file(name: string, pairs: number): string {
  const lines = [HEADER];
  let n = 0;
  for (let p = 0; p < pairs; p++) {
    for (let y = 0; y < 6; y++) {
      for (const [o, d] of [
        [`A${p}`, `B${p}`],
        [`B${p}`, `A${p}`],
      ] as [string, string][]) {
        if ((p + y) % 7 === 3 && o.startsWith('B')) continue; // a missing direction
        const count = (n * 7919) % 5000;
        const quote = n % 11 === 0 ? `"${count} went,\nsaid ""someone"""` : '';
        lines.push(`r${n++},${o},${d},people,${2000 + y},${2000 + y},${count},${y === 2 ? 'approximately' : 'exact'},s${p % 3},${quote}`);
      }
    }
    if (p % 4 === 0)
      lines.push(
        `r${n++},A${p},B${p},people,1995,,${20000 + p},more_than,s${p % 3},`,
        `r${n++},B${p},A${p},people,1995,,${9000 + p},exact,s${p % 3},`,
      );
  }
  const path = join(tmp.dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

describe('analyze with two threads', () => {
  const path = file('many-pairs.csv', 150);

  it.each(
    ANALYSIS_TABLES.flatMap(
      (t) =>
        [
          [t.name, 'csv'],
          [t.name, 'json'],
        ] as const,
    ),
  )('%s as %s: the same text, in pieces', async (table, format) => {
    const one = await run({ file: path, table, format, parallelMinBytes: Infinity });
    expect(one.length).toBeGreaterThan(100);
    for (const pieceFlows of [1, 7, 64, 100_000]) {
      const two = await run({ file: path, table, format, parallelMinBytes: 0, threads: false, pieceFlows });
      expect(two).toBe(one);
    }
    const withEndYear = await run({ file: path, table, format, endYear: 2010, parallelMinBytes: Infinity });
    expect(await run({ file: path, table, format, endYear: 2010, parallelMinBytes: 0, threads: false, pieceFlows: 5 })).toBe(withEndYear);
  });

  it('in worker threads too', async () => {
    for (const [table, format] of [
      ['ratios', 'csv'],
      ['cumulative', 'json'],
    ] as const) {
      const one = await run({ file: path, table, format, parallelMinBytes: Infinity });
      expect(await run({ file: path, table, format, parallelMinBytes: 0, pieceFlows: 16 })).toBe(one);
    }
  }, 60_000);

  it('a file with problems fails the same way', async () => {
    const bad = join(tmp.dir, 'bad.csv');
    writeFileSync(bad, `${HEADER}\nr1,A,B,p,2001,2001,5,exact,s,\nr1,A,B,p,2002,2002,x,exact,s,\n`);
    const problems = async (opts: Partial<AnalyzeOptions>) => {
      try {
        await run({ file: bad, table: 'ratios', format: 'csv', ...opts });
      } catch (e) {
        if (e instanceof InputError) return e.problems;
        throw e;
      }
      throw new Error('no problems');
    };
    const one = await problems({ parallelMinBytes: Infinity });
    expect(one.map((p) => [p.kind, p.line, p.column])).toEqual([
      ['unique-error', 3, 1],
      ['type-error', 3, 7],
    ]);
    expect(await problems({ parallelMinBytes: 0, threads: false })).toEqual(one);
  });

  it('the embedded dataset', async () => {
    for (const t of ANALYSIS_TABLES) {
      expect(await run({ table: t.name, format: 'csv', parallelMinBytes: 0, threads: false, pieceFlows: 1 })).toBe(
        await run({ table: t.name, format: 'csv' }),
      );
    }
  });
});

describe('CSV rows written by column name', () => {
  it('reads own properties only, whatever the names hold', async () => {
    const { toCsv } = await import('../../src/dataset/write.js');
    const names = ['plain', 'with "quote"', 'back\\slash', 'line\u2028sep', '__proto__', 'constructor', "it's", '${x}'];
    const proto = { plain: 'inherited', constructor: 'inherited' };
    const row = Object.assign(Object.create(proto) as Record<string, unknown>, {
      'with "quote"': 'q',
      'back\\slash': 1.5,
      'line\u2028sep': true,
      "it's": '=1',
      '${x}': null,
    });
    Object.defineProperty(row, '__proto__', { value: 'own proto', enumerable: true });
    const text = toCsv(names, [row, { plain: 'p' }]);
    expect(text).toBe(
      `plain,"with ""quote""",back\\slash,line\u2028sep,__proto__,constructor,it's,\${x}\n,q,1.5,true,own proto,,'=1,\n` + 'p,,,,,,,\n',
    );
  });
});
