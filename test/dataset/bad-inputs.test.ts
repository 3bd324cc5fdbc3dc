import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  parseExchangeVisits,
  validateExchangeVisitsFile,
  type Problem,
  type ReadOptions,
  type ReadResult,
  type Visit,
} from '../../src/index.js';
import { EXCHANGE_VISITS } from '../../src/internals.js';
import { HEADER, fixture, tempDir } from '../helpers.js';

// Every file in test/fixtures/bad/ with the problems worked out from its bytes (see expected.json).
type ExpectedProblem = [kind: Problem['kind'], line: number, column: number | null, text: string];
interface Expected {
  options?: { sources?: string };
  rowCount: number;
  rows: number;
  problems: ExpectedProblem[];
  values?: ({ index: number } & Partial<Visit>)[];
}

const BAD = fixture('bad');
const table = JSON.parse(readFileSync(join(BAD, 'expected.json'), 'utf8')) as Record<string, Expected | string>;
const cases = Object.entries(table).filter((e): e is [string, Expected] => typeof e[1] === 'object');

function optionsFor(e: Expected): ReadOptions {
  return e.options?.sources ? { sources: join(BAD, e.options.sources) } : {};
}

/** Problems as [kind, line, column], the part asserted exactly. */
const where = (r: ReadResult<Visit>) => r.problems.map((p) => [p.kind, p.line, p.column]);

describe('the bad-input corpus', () => {
  it('has an expectation for every file and a file for every expectation', () => {
    const files = readdirSync(BAD).filter((f) => f.endsWith('.csv'));
    expect(files.sort()).toEqual(cases.map(([name]) => name).sort());
    expect(files.length).toBeGreaterThanOrEqual(40);
  });

  it.each(cases)('%s', async (name, e) => {
    const result = await validateExchangeVisitsFile(join(BAD, name), optionsFor(e));
    expect(where(result)).toEqual(e.problems.map(([kind, line, column]) => [kind, line, column]));
    result.problems.forEach((p, i) => {
      expect(p.file).toBe(name);
      expect(p.message).toContain(e.problems[i]![3]);
    });
    expect(result.rowCount).toBe(e.rowCount);
    expect(result.rows).toHaveLength(e.rows);
    for (const { index, ...fields } of e.values ?? []) expect(result.rows[index]).toMatchObject(fields);
  });

  it.each(cases)('%s reads the same when its bytes come one at a time', async (name, e) => {
    const bytes = readFileSync(join(BAD, name));
    const whole = await validateExchangeVisitsFile(join(BAD, name), optionsFor(e));
    const single = [...bytes].map((b) => Uint8Array.of(b));
    const split = await parseExchangeVisits(single, { ...optionsFor(e), file: name });
    expect(split.problems).toEqual(whole.problems);
    expect(split.rows).toEqual(whole.rows);
    expect(split.rowCount).toBe(whole.rowCount);
  });
});

describe('prototype names as headers and values', () => {
  it('keeps rows plain data and leaves Object.prototype alone', async () => {
    const before = Object.getOwnPropertyNames(Object.prototype).sort();
    const { rows, problems } = await validateExchangeVisitsFile(join(BAD, 'proto-values.csv'));
    await validateExchangeVisitsFile(join(BAD, 'proto-headers.csv'));
    expect(problems).toEqual([]);
    for (const row of rows) {
      expect(Object.getPrototypeOf(row)).toBe(Object.prototype);
      expect(Object.keys(row)).toEqual(EXCHANGE_VISITS.fields.map((f) => f.name));
      expect(Object.values(row).every((v) => v === null || typeof v === 'string' || typeof v === 'number')).toBe(true);
    }
    expect(Object.prototype.hasOwnProperty.call(rows[0], '__proto__')).toBe(false);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(typeof ({} as { toString: unknown }).toString).toBe('function');
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(before);
  });

  it('reads __proto__ in a text cell as text and still checks ids and keys', async () => {
    const text = `${HEADER}\na1,__proto__,x,y,2001,2001,1,exact,s,\na2,__proto__,x,y,2001,2001,2,exact,s,\na1,constructor,x,y,2001,2001,3,exact,s,\n`;
    const { rows, problems } = await parseExchangeVisits(text);
    expect(problems.map((p) => [p.kind, p.line, p.column])).toEqual([
      ['unique-error', 3, 2],
      ['unique-error', 4, 1],
    ]);
    expect(rows.map((r) => r.origin)).toEqual(['__proto__']);
  });
});

describe('a record over 1 MB', () => {
  const tmp = tempDir('kuril-big-record-');
  afterAll(tmp.cleanup);

  it('is a source-error at the line the record starts on', async () => {
    const path = join(tmp.dir, 'huge-field.csv');
    const row = (n: number) => `r${n},Japan,Kunashir,Visitors ${n},2001,2001,${n},exact,src,`;
    writeFileSync(path, `${HEADER}\n${row(1)}\n${row(2)}"${'x'.repeat(1_100_000)}"\n${row(3)}\n`);
    const result = await validateExchangeVisitsFile(path);
    expect(where(result)).toEqual([['source-error', 3, 10]]);
    expect(result.problems[0]!.message).toBe('a record longer than 1048576 characters; expected short rows (is a quote left open above?)');
    expect(result.rowCount).toBe(1);
  });

  it('catches a quote left open before a megabyte of rows, at the line it opens', async () => {
    const path = join(tmp.dir, 'open-quote.csv');
    const rows = Array.from({ length: 25_000 }, (_, i) => `r${i + 10},Japan,Kunashir,Visitors ${i},2001,2001,${i},exact,src,`);
    writeFileSync(path, `${HEADER}\nr1,Japan,Kunashir,Visitors,2001,2001,1,exact,src,"One visitor\n${rows.join('\n')}\n`);
    const result = await validateExchangeVisitsFile(path);
    expect(where(result)).toEqual([['source-error', 2, 10]]);
    expect(result.problems[0]!.message).toContain('longer than 1048576 characters');
  });
});
