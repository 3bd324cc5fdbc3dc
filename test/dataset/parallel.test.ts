import fc from 'fast-check';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FLOW_REDUCER } from '../../src/analysis/flow-reducer.js';
import { flowPairsOf, type FlowExport } from '../../src/analysis/flow-export.js';
import { mergeFlowExports } from '../../src/analysis/flow-merge.js';
import { FlowAccumulator, latestSingleYear, pairFlows } from '../../src/analysis/flows.js';
import { analysisRows } from '../../src/stream/table-piece.js';
import { reduceExchangeVisitsFile, type ReduceOptions, type ReduceResult } from '../../src/stream/reduce.js';
import { findSplit } from '../../src/stream/split.js';
import { QUALIFIERS, toCsv, validateExchangeVisitsFile, type Visit } from '../../src/index.js';
import { EXCHANGE_VISITS, TABLE_LIST, YEAR_MAX, YEAR_MIN } from '../../src/internals.js';
import { HEADER, ROOT, fixture, tempDir } from '../helpers.js';

// The two-part reader must answer exactly as the one-thread reader: same problems (kind, line, column,
// message, order), same row count, same analysis tables, wherever the file is split.

const BAD = fixture('bad');
const expected = JSON.parse(readFileSync(join(BAD, 'expected.json'), 'utf8')) as Record<
  string,
  { options?: { sources?: string } } | string
>;
const tmp = tempDir('kuril-parallel-');
afterAll(tmp.cleanup);

type Flows = ReduceResult<FlowExport>;

/** The one-thread answer. */
const single = (path: string, options: ReduceOptions = {}): Promise<Flows> =>
  reduceExchangeVisitsFile<FlowExport>(path, FLOW_REDUCER, { ...options, parallelMinBytes: Infinity });

/** The two-part answer, split at the first record boundary from byte `at` (parts read in this thread unless `threads`). */
const twoParts = (path: string, at: number, options: ReduceOptions = {}, threads = false): Promise<Flows> =>
  reduceExchangeVisitsFile<FlowExport>(path, FLOW_REDUCER, { ...options, parallelMinBytes: 0, splitAt: at, threads });

/** Every table as CSV text. */
const tables = (flows: FlowExport | null, endYear?: number): string[] | null =>
  flows && TABLE_LIST.map((t) => toCsv(t.spec, analysisRows(t, flows, { endYear })));

/** Each distinct split of a file, with a byte to start looking from that gives it. */
async function splits(path: string): Promise<{ from: number; at: number; firstLine: number }[]> {
  const bytes = readFileSync(path);
  const seen = new Map<number, { from: number; at: number; firstLine: number }>();
  for (let from = 0; from <= bytes.length; from++) {
    if (from > 0 && from < bytes.length && bytes[from] !== 10 && bytes[from] !== 13) continue;
    const s = await findSplit(path, bytes.length, from);
    if (s && !seen.has(s.at)) seen.set(s.at, { from, ...s });
  }
  return [...seen.values()];
}

/** Asserts the two-part answer equals the one-thread one for every split of `path`; returns how many splits were tried. */
async function sameEverywhere(path: string, options: ReduceOptions = {}): Promise<number> {
  const one = await single(path, options);
  const direct = await validateExchangeVisitsFile(path, options);
  expect(one.problems).toEqual(direct.problems);
  expect(one.rowCount).toBe(direct.rowCount);
  const all = await splits(path);
  for (const s of all) {
    const two = await twoParts(path, s.from, options);
    expect({ split: s.at, problems: two.problems, rowCount: two.rowCount }).toEqual({
      split: s.at,
      problems: one.problems,
      rowCount: one.rowCount,
    });
    expect(two.result === null).toBe(one.result === null);
    expect(tables(two.result)).toEqual(tables(one.result));
    if (one.result) expect(two.result).toEqual(one.result);
  }
  return all.length;
}

function write(name: string, text: string | Uint8Array): string {
  const path = join(tmp.dir, name);
  writeFileSync(path, text);
  return path;
}

const row = (
  id: string,
  o: string,
  d: string,
  who: string,
  year: number | string,
  count: number | string,
  extra: Partial<Record<'end' | 'qualifier' | 'source' | 'quote', string>> = {},
) =>
  `${id},${o},${d},${who},${year},${extra.end ?? year},${count},${extra.qualifier ?? 'exact'},${extra.source ?? 'src'},${extra.quote ?? ''}`;

describe('the two-part reader on the bad-input corpus', () => {
  const files = readdirSync(BAD)
    .filter((f) => f.endsWith('.csv'))
    .sort();

  it.each(files)('%s: same problems, rows and tables at every split', async (name) => {
    const e = expected[name];
    const options: ReduceOptions = typeof e === 'object' && e.options?.sources ? { sources: join(BAD, e.options.sources) } : {};
    await sameEverywhere(join(BAD, name), options);
  });

  it.each(files)('%s: same answer with a cap of 2 problems', async (name) => {
    await sameEverywhere(join(BAD, name), { maxProblems: 2 });
  });
});

describe('the two-part reader on valid files', () => {
  it.each([fixture('analysis', 'three-pairs.csv'), join(ROOT, 'data', 'exchange-visits.csv'), fixture('user-three-pairs.csv')])(
    '%s',
    async (path) => {
      expect(await sameEverywhere(path)).toBeGreaterThan(2);
      await sameEverywhere(path, { sources: join(ROOT, 'data', 'sources.csv') });
    },
  );
});

describe('splits next to hard places', () => {
  it('a quoted field with line breaks (LF, CRLF, CR) and quotes around the split', async () => {
    const lines = [HEADER];
    for (let i = 0; i < 12; i++) {
      const quote = i % 3 === 0 ? `"${i} said ""yes""\nand\r\nthen\rmore"` : i % 3 === 1 ? `"line ${i}\n"` : '';
      lines.push(row(`r${i}`, `P${i % 4}`, `Q${i % 3}`, 'people', 2000 + (i % 5), i, { quote }));
    }
    const path = write('multiline.csv', `${lines.join('\n')}\n`);
    expect(await sameEverywhere(path)).toBeGreaterThan(10);
  });

  it('CR-only and mixed line endings', async () => {
    const rows = Array.from({ length: 10 }, (_, i) =>
      row(`r${i}`, `A${i % 2}`, `B${i % 3}`, 'w', 2001 + i, 10 + i, { quote: i === 4 ? `"x\r${10 + i}"` : '' }),
    );
    expect(await sameEverywhere(write('cr.csv', `${[HEADER, ...rows].join('\r')}\r`))).toBeGreaterThan(8);
    const mixed = [HEADER, ...rows].map((l, i) => l + ['\n', '\r\n', '\r'][i % 3]).join('');
    expect(await sameEverywhere(write('mixed.csv', mixed))).toBeGreaterThan(8);
    expect(await sameEverywhere(write('no-final.csv', [HEADER, ...rows].join('\r\n')))).toBeGreaterThan(8);
  });

  it('duplicate ids and keys whose first row is in the other part, more than once', async () => {
    const rows = [
      row('a', 'X', 'Y', 'w', 2001, 1),
      row('b', 'Y', 'X', 'w', 2001, 2),
      row('c', 'X', 'Y', 'v', 2002, 3),
      row('d', 'Z', 'X', 'w', 2003, 4),
      row('a', 'X', 'Y', 'u', 2004, 5), // id of line 2
      row('e', 'X', 'Y', 'w', 2001, 6), // key of line 2
      row('f', 'X', 'Y', 'w', 2001, 7), // key of line 2 again
      row('a', 'Y', 'X', 'w', 2001, 8), // id of line 2, key of line 3
      row('g', 'Q', 'R', 'w', 2001, 9),
      row('g', 'Q', 'R', 'w', 2001, 9), // both, first on line 10
      row('b', 'Z', 'X', 'w', 2003, 10), // id of line 3, key of line 5
    ];
    const path = write('dups.csv', `${[HEADER, ...rows].join('\n')}\n`);
    const one = await single(path);
    expect(one.problems.map((p) => [p.line, p.column])).toEqual([
      [6, 1],
      [7, 2],
      [8, 2],
      [9, 1],
      [9, 2],
      [11, 1],
      [11, 2],
      [12, 1],
      [12, 2],
    ]);
    expect(await sameEverywhere(path)).toBe(12);
    for (const maxProblems of [1, 2, 3, 4, 5, 6, 7, 8, 9]) await sameEverywhere(path, { maxProblems });
  });

  it('a key part holding what the key form uses to separate parts', async () => {
    const rows = [
      row('a', '1:x', 'y', 'w', 2001, 1),
      row('b', '1', ':xy', 'w', 2001, 2),
      row('c', '"x,1"', 'y', 'w', 2001, 3),
      row('d', '1:x', 'y', 'w', 2001, 4),
    ];
    const path = write('separators.csv', `${[HEADER, ...rows].join('\n')}\n`);
    const one = await single(path);
    expect(one.problems.map((p) => [p.line, p.column])).toEqual([[5, 2]]);
    await sameEverywhere(path);
  });

  it('many problems on both sides of the split, with caps at every count', async () => {
    const rows = Array.from({ length: 14 }, (_, i) => row(`r${i % 9}`, 'A', 'B', i % 2 ? 'w' : 'v', 2001 + (i % 4), i % 5 === 0 ? 'x' : i));
    const path = write('many.csv', `${[HEADER, ...rows, '', ',,,'].join('\n')}\n`);
    const n = (await single(path)).problems.length;
    expect(n).toBeGreaterThan(8);
    for (let maxProblems = 1; maxProblems <= n + 1; maxProblems++) await sameEverywhere(path, { maxProblems });
  });

  it('syntax and encoding errors in either part, and a bad header', async () => {
    const rows = Array.from({ length: 8 }, (_, i) => row(`r${i}`, 'A', 'B', 'w', 2001 + i, i));
    const at = (k: number, bad: string) => [HEADER, ...rows.slice(0, k), bad, ...rows.slice(k)].join('\n') + '\n';
    for (let k = 0; k <= rows.length; k += 2) {
      await sameEverywhere(write(`stray-${k}.csv`, at(k, row('s', 'A"', 'B', 'w', 2001, 1))));
      await sameEverywhere(write(`open-${k}.csv`, at(k, row('s', 'A', 'B', 'w', 2001, 1, { quote: '"open' }))));
      await sameEverywhere(write(`after-${k}.csv`, at(k, row('s', '"A"x', 'B', 'w', 2001, 1))));
      await sameEverywhere(write(`utf8-${k}.csv`, Buffer.concat([Buffer.from(at(k, 'BAD')), Buffer.from([0xc3, 0x28, 10])])));
      await sameEverywhere(write(`bom-${k}.csv`, at(k, `\ufeff${row('s', 'A', 'B', 'w', 2001, 1)}`)));
    }
    await sameEverywhere(write('bad-header.csv', at(4, '').replace('origin', 'Origin')));
    await sameEverywhere(write('blank-first.csv', `\n\n\r\n${at(4, '')}`));
    for (const maxProblems of [1, 2, 3]) await sameEverywhere(write('blank-first.csv', `\n\n\r\n${at(4, '')}`), { maxProblems });
  });
});

describe('the two-part reader in worker threads', () => {
  it.each([
    ['three-pairs', fixture('analysis', 'three-pairs.csv')],
    ['exchange-visits', join(ROOT, 'data', 'exchange-visits.csv')],
    ['duplicate-key', join(BAD, 'duplicate-key.csv')],
    ['cr-only', join(BAD, 'cr-only.csv')],
    ['unclosed-quote', join(BAD, 'unclosed-quote.csv')],
    ['invalid-utf8-in-multiline-quote', join(BAD, 'invalid-utf8-in-multiline-quote.csv')],
  ])(
    '%s',
    async (_name, path) => {
      const one = await single(path);
      const two = await twoParts(path, Math.floor(statSync(path).size / 2), {}, true);
      expect(two.problems).toEqual(one.problems);
      expect(two.rowCount).toBe(one.rowCount);
      expect(tables(two.result)).toEqual(tables(one.result));
    },
    30_000,
  );

  it('a generated file of a few thousand rows, with a duplicate across the split', async () => {
    const lines = [HEADER];
    for (let i = 0; i < 4000; i++)
      lines.push(
        row(`r${i}`, `Place ${i % 37}`, `Place ${(i * 7) % 41}`, `T${Math.floor(i / 1517)}`, 1990 + (i % 30), (i * 7919) % 10007, {
          quote: i % 13 === 0 ? `"about ""${(i * 7919) % 10007}""\nmore"` : '',
        }),
      );
    const text = `${lines.join('\n')}\n`;
    const path = write('generated.csv', text);
    const one = await single(path);
    const two = await twoParts(path, Math.floor(text.length / 2), {}, true);
    expect(two.problems).toEqual(one.problems);
    expect(two.result).toEqual(one.result);
    expect(tables(two.result)).toEqual(tables(one.result));
    const dup = write('generated-dup.csv', `${text}${lines[3]}\n${lines[9]!.replace('r8,', 'new,')}\n`);
    const oneDup = await single(dup);
    const last = 1 + [...text].filter((c) => c === '\n').length; // the line after the last one of `text`
    expect(oneDup.problems.map((p) => [p.kind, p.line, p.column])).toEqual([
      ['unique-error', last, 1],
      ['unique-error', last, 2],
      ['unique-error', last + 1, 2],
    ]);
    expect((await twoParts(dup, 100, {}, true)).problems).toEqual(oneDup.problems);
  }, 60_000);
});

// Random valid datasets, written as CSV (sometimes with other line endings), split anywhere.
const place = fc.constantFrom(
  'Japan',
  'South Kuril Islands',
  'Iturup',
  'Kunashir',
  'a,b',
  'say "hi"',
  'two\nlines',
  '=x',
  'é',
  '日本',
  ' padded',
);
const visit = fc.record({
  origin: place,
  destination: place,
  travelers: fc.constantFrom('people', 'residents', 'a\r\nb'),
  period_start: fc.integer({ min: YEAR_MIN, max: YEAR_MAX - 3 }),
  span: fc.option(fc.integer({ min: 0, max: 3 }), { nil: null }),
  count: fc.oneof(fc.nat(5000), fc.constant(0), fc.integer({ min: 2 ** 50, max: 2 ** 51 })),
  qualifier: fc.constantFrom(...QUALIFIERS),
  source_id: fc.constantFrom('s1', 's2', 'x-3'),
});
const dataset = fc
  .uniqueArray(visit, {
    selector: (v) => JSON.stringify([v.origin, v.destination, v.travelers, v.period_start, v.span, v.source_id]),
    maxLength: 40,
  })
  .map((vs) =>
    vs.map(({ span, ...v }, i): Visit => ({ id: `v${i}`, ...v, period_end: span === null ? null : v.period_start + span, quote: '' })),
  );

describe('properties of the two-part reader', () => {
  it('gives the tables of the one-thread reader for any valid dataset and any split', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(dataset, fc.nat(), fc.constantFrom('\n', '\r\n', '\r'), async (rows, at, eol) => {
        const text = toCsv(EXCHANGE_VISITS, rows).replace(/\n/g, eol);
        const path = write(`prop-${n++}.csv`, text);
        const one = await single(path);
        expect(one.problems).toEqual([]);
        const two = await twoParts(path, at % (text.length + 1));
        expect(two.problems).toEqual([]);
        expect(two.rowCount).toBe(rows.length);
        expect(tables(two.result)).toEqual(tables(one.result));
        expect(two.result).toEqual(one.result);
      }),
      { numRuns: 60 },
    );
  });

  it('gives the problems of the one-thread reader when rows are repeated or broken', async () => {
    let n = 0;
    const edit = fc.record({ copy: fc.nat(), to: fc.nat(), junk: fc.constantFrom('', '"', ',', 'x', '\n', '\r', ',,', '\ufeff') });
    await fc.assert(
      fc.asyncProperty(
        dataset,
        fc.array(edit, { maxLength: 4 }),
        fc.nat(),
        fc.integer({ min: 1, max: 6 }),
        async (rows, edits, at, maxProblems) => {
          const lines = toCsv(EXCHANGE_VISITS, rows).split('\n');
          for (const e of edits) lines.splice(1 + (e.to % lines.length), 0, `${lines[1 + (e.copy % (lines.length - 1))] ?? ''}${e.junk}`);
          const text = lines.join('\n');
          const path = write(`edit-${n++}.csv`, text);
          for (const options of [{}, { maxProblems }]) {
            const one = await single(path, options);
            const two = await twoParts(path, at % (text.length + 1), options);
            expect(two.problems).toEqual(one.problems);
            expect(two.rowCount).toBe(one.rowCount);
            expect(tables(two.result)).toEqual(tables(one.result));
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('merging the accumulators of two parts of the rows gives the accumulator of all of them', () => {
    fc.assert(
      fc.property(dataset, fc.nat(), (rows, at) => {
        const k = at % (rows.length + 1);
        const whole = new FlowAccumulator();
        for (const r of rows) whole.add(r);
        const first = new FlowAccumulator();
        const second = new FlowAccumulator();
        rows.slice(0, k).forEach((r) => first.add(r));
        rows.slice(k).forEach((r) => second.add(r));
        const merged = mergeFlowExports(first.export(), second.export());
        expect(merged).toEqual(whole.export());
        expect(flowPairsOf(merged!)).toEqual(whole.pairs());
        expect(FlowAccumulator.import(whole.export()).pairs()).toEqual(pairFlows(rows));
        expect(FlowAccumulator.import(whole.export()).export()).toEqual(whole.export());
        // The latest single year, read from the objects and from the compact form, is the rows' own.
        const singles = rows.filter((r) => r.period_end === r.period_start).map((r) => r.period_start);
        const latest = singles.length === 0 ? null : Math.max(...singles);
        expect(latestSingleYear(whole.pairs())).toBe(latest);
        expect(latestSingleYear(whole.export())).toBe(latest);
      }),
      { numRuns: 200 },
    );
  });

  it('refuses to merge sums that could round differently', () => {
    const big = (id: string, count: number): Visit => ({
      id,
      origin: 'A',
      destination: 'B',
      travelers: 't',
      period_start: 2001,
      period_end: 2001,
      count,
      qualifier: 'exact',
      source_id: 's',
      quote: '',
    });
    const first = new FlowAccumulator();
    const second = new FlowAccumulator();
    first.add(big('a', 2 ** 52));
    second.add(big('b', 2 ** 52));
    expect(mergeFlowExports(first.export(), second.export())).toBeNull();
    const fine = new FlowAccumulator();
    fine.add(big('c', 2 ** 51));
    expect(mergeFlowExports(first.export(), fine.export())!.values[2]).toBe(2 ** 52 + 2 ** 51);
  });
});

describe('the flow accumulator', () => {
  it('sums each group with add(interval(...)) of bounds.ts, pairs in order of first appearance', async () => {
    const { add, interval } = await import('../../src/analysis/bounds.js');
    const { periodKind } = await import('../../src/analysis/flow-pair.js');
    type G = ReturnType<typeof pairFlows>[number];
    fc.assert(
      fc.property(dataset, (rows) => {
        const pairs: [string, string][] = [];
        const sources: string[] = [];
        const groups = new Map<string, G>();
        for (const r of rows) {
          let p = pairs.findIndex(([a, b]) => (a === r.origin && b === r.destination) || (a === r.destination && b === r.origin));
          if (p < 0) p = pairs.push([r.origin, r.destination]) - 1;
          const forward = pairs[p]![0] === r.origin;
          if (!sources.includes(r.source_id)) sources.push(r.source_id);
          const key = JSON.stringify([p, r.source_id, r.period_start, r.period_end]);
          let g = groups.get(key);
          if (!g) {
            const [a, b] = pairs[p]!;
            g = {
              a,
              b,
              source_id: r.source_id,
              period_start: r.period_start,
              period_end: r.period_end,
              ab: null,
              ba: null,
              pairIndex: p,
              sourceIndex: sources.indexOf(r.source_id),
            };
            groups.set(key, g);
          }
          const flow = interval(r.count, r.qualifier);
          if (forward) g.ab = g.ab ? add(g.ab, flow) : flow;
          else g.ba = g.ba ? add(g.ba, flow) : flow;
        }
        const want = [...groups.values()].sort(
          (x, y) =>
            x.pairIndex - y.pairIndex ||
            periodKind(x.period_start, x.period_end) - periodKind(y.period_start, y.period_end) ||
            x.period_start - y.period_start ||
            (x.period_end ?? 0) - (y.period_end ?? 0) ||
            x.sourceIndex - y.sourceIndex,
        );
        expect(pairFlows(rows)).toEqual(want);
      }),
      { numRuns: 200 },
    );
  });
});
