import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError, formatProblem, parseExchangeVisits, readExchangeVisits, validateExchangeVisitsFile } from '../../src/index.js';
import { HEADER, tempDir } from '../helpers.js';
import { builtCli } from '../fixtures/bad/support/built-cli.js';

// The public reading API and the validate command, on small files written here.

const SEVERAL = [
  HEADER,
  'r1,Japan,Kunashir,Visitors 1,2001,2001,5,exact,src,5 came',
  'r2,Japan,Kunashir,Visitors 2,1899,2001,2,exact,src,',
  'r3,Japan,Kunashir,Visitors 3,2001,2001,"20,000",exact,src,',
  'r1,Japan,Kunashir,Visitors 4,2001,2001,4,about,src,',
  '',
].join('\n');

// Worked out from SEVERAL: line 3 has year 1899, line 4 a grouped count, line 5 reuses id r1 and says "about".
const SEVERAL_LINES = [
  'visits.csv:3:5: constraint-error: column "period_start": "1899" is below the minimum 1900',
  'visits.csv:4:7: type-error: column "count": "20,000" is not a whole number (write 20000)',
  'visits.csv:5:1: unique-error: column "id": "r1" is already used on line 2',
  'visits.csv:5:8: constraint-error: column "qualifier": "about" is not one of exact, more_than, at_least, approximately (write approximately)',
];

const VALID = [
  HEADER,
  'r1,Japan,Kunashir,Japanese citizens,2001,2001,802,exact,src,"In 2001, 802 Japanese citizens visited."',
  'r2,Kunashir,Japan,Kunashir residents,1992,,9500,exact,src,',
  '',
].join('\n');

const UNKNOWN_SOURCE = [
  HEADER,
  'r1,Japan,Kunashir,Visitors,2001,2001,5,exact,src,',
  'r2,Japan,Kunashir,Visitors,2002,2002,6,exact,nosuch,',
  '',
].join('\n');

describe('reading API and validate command', () => {
  const tmp = tempDir('kuril-reader-');
  const file = (name: string, text: string) => {
    const path = join(tmp.dir, name);
    writeFileSync(path, text);
    return path;
  };
  let bin = '';
  let several = '';
  let valid = '';
  let unknownSource = '';
  let sources = '';
  beforeAll(async () => {
    several = file('visits.csv', SEVERAL);
    valid = file('valid.csv', VALID);
    unknownSource = file('unknown-source.csv', UNKNOWN_SOURCE);
    sources = file('sources.csv', 'id,publisher,dateline,published,document,note\nsrc,Sputnik,MOSCOW,2021-07-29T00:23:00Z,,\n');
    bin = await builtCli();
  });
  afterAll(tmp.cleanup);

  const cli = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 60_000 });

  it('readExchangeVisits throws an InputError listing every problem of the file', async () => {
    const error = await readExchangeVisits(several).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InputError);
    const problems = (error as InputError).problems;
    expect(problems.map(formatProblem)).toEqual(SEVERAL_LINES);
    expect((error as InputError).message).toBe(`4 problems:\n${SEVERAL_LINES.join('\n')}`);
  });

  it('formatProblem writes file:line:field: kind: message', async () => {
    const { problems } = await validateExchangeVisitsFile(several);
    const count = problems.find((p) => p.kind === 'type-error');
    expect(count).toBeDefined();
    expect(formatProblem(count!)).toBe('visits.csv:4:7: type-error: column "count": "20,000" is not a whole number (write 20000)');
    expect(
      formatProblem({ kind: 'blank-row', file: 'a.csv', line: 9, column: null, message: 'blank row; expected a data row (delete it)' }),
    ).toBe('a.csv:9: blank-row: blank row; expected a data row (delete it)');
  });

  it('readExchangeVisits returns the rows of a valid file', async () => {
    const rows = await readExchangeVisits(valid);
    expect(rows.map((r) => [r.id, r.count, r.period_end])).toEqual([
      ['r1', 802, 2001],
      ['r2', 9500, null],
    ]);
  });

  it('validate exits 2 with every problem on stderr', () => {
    const run = cli('validate', several);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`${[...SEVERAL_LINES, 'visits.csv: 4 problems in 4 rows'].join('\n')}\n`);
  });

  it('validate exits 0 with one summary line on a valid file', () => {
    const run = cli('validate', valid);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('valid.csv: valid, 2 rows, 1 place pair, years 1992-2001 (1 open-ended), 1 source\n');
  });

  it('validate --sources turns on the source_id check', async () => {
    const without = cli('validate', unknownSource);
    expect(without.status).toBe(0);
    const withSources = cli('validate', unknownSource, '--sources', sources);
    expect(withSources.status).toBe(2);
    expect(withSources.stderr).toBe(
      'unknown-source.csv:3:9: foreign-key-error: column "source_id": "nosuch" is not an id in sources.csv\nunknown-source.csv: 1 problem in 2 rows\n',
    );
    await expect(readExchangeVisits(unknownSource, { sources })).rejects.toThrow('unknown-source.csv:3:9: foreign-key-error');
    expect(await readExchangeVisits(unknownSource)).toHaveLength(2);
  });

  it('validate exits 2 on a file that does not exist', () => {
    const run = cli('validate', join(tmp.dir, 'missing.csv'));
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('no such file');
  });
});

describe('control characters in text', () => {
  const lines = async (origin: string, quote = '') => {
    const { problems } = await parseExchangeVisits(`${HEADER}\nr1,${origin},Kunashir,Visitors,2001,2001,5,exact,src,${quote}\n`, {
      file: 'c.csv',
    });
    return problems.map(formatProblem);
  };
  const refusal = (shown: string, code: string, at: number) =>
    `c.csv:2:2: constraint-error: column "origin": "${shown}" holds the control character U+${code} at character ${at} ` +
    '(delete it; text may hold tabs, and line breaks inside a quoted field, but no other control characters)';

  it('refuses a C0 control with line, column, the character and a hint', async () => {
    expect(await lines('Ja\u0001pan')).toEqual([refusal('Ja\\u0001pan', '0001', 3)]);
    expect(await lines('\u001fJapan')).toEqual([refusal('\\u001fJapan', '001F', 1)]);
    expect(await lines('Japan\u0000')).toEqual([refusal('Japan\\u0000', '0000', 6)]);
  });

  it('refuses DEL and the C1 controls, shown escaped', async () => {
    expect(await lines('Ja\u007fpan')).toEqual([refusal('Ja\\u007fpan', '007F', 3)]);
    expect(await lines('Ja\u0085pan')).toEqual([refusal('Ja\\u0085pan', '0085', 3)]);
    expect(await lines('Ja\u009fpan')).toEqual([refusal('Ja\\u009fpan', '009F', 3)]);
  });

  it('allows a tab, line breaks inside a quoted field, and the characters just outside the control ranges', async () => {
    expect(await lines('Ja\tpan')).toEqual([]);
    expect(await lines('"Ja\r\npan\nx"')).toEqual([]);
    expect(await lines('Ja\u00a0pan ~')).toEqual([]);
  });

  it('refuses a control character in any text column, e.g. the quote', async () => {
    const [problem] = await lines('Japan', '"5 came\u0007"');
    expect(problem).toMatch(
      /^c\.csv:2:10: constraint-error: column "quote": "5 came\\u0007" holds the control character U\+0007 at character 7 /,
    );
  });
});
