import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUALIFIERS, parseExchangeVisits, toCsv, type Problem, type ReadResult, type Visit } from '../../src/index.js';
import { EXCHANGE_VISITS, YEAR_MAX, YEAR_MIN, quoteContainsCount } from '../../src/internals.js';
import { HEADER } from '../helpers.js';

// Property tests of the reader: written data reads back, chunking never changes the answer,
// and no input makes it throw, hang or report a line outside the input.

const KINDS = new Set<Problem['kind']>([
  'source-error',
  'encoding-error',
  'missing-label',
  'extra-label',
  'duplicate-label',
  'blank-label',
  'incorrect-label',
  'blank-row',
  'missing-cell',
  'extra-cell',
  'type-error',
  'constraint-error',
  'unique-error',
  'foreign-key-error',
]);

/** Pieces that stress CSV: separators, quotes, every line ending, formula starts, multi-byte characters. */
const TRICKY = [
  '"',
  ',',
  '\n',
  '\r',
  '\r\n',
  "'",
  '=',
  '+',
  '-',
  '@',
  '\t',
  ' ',
  '\u00a0',
  '\uff1d',
  '\ufeff',
  'é',
  '€',
  '日本',
  '😀',
  '""',
  '1',
  '0',
];
/** C0 and C1 controls and DEL, but not tab, LF or CR. */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const trickyUnit = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...TRICKY) },
  // The reader refuses control characters other than tab and line breaks (tested on their own in reader.test.ts).
  { weight: 4, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }).filter((g) => !CONTROL.test(g)) },
);
const text = (minLength: number) => fc.string({ unit: trickyUnit, minLength, maxLength: 12 });

const visit: fc.Arbitrary<Omit<Visit, 'id'> & { slug: string }> = fc
  .record({
    slug: fc.stringMatching(/^[A-Za-z0-9]{1,6}(?:[-_.][A-Za-z0-9]{1,4}){0,2}$/),
    origin: text(1),
    destination: text(1),
    travelers: text(1),
    period_start: fc.integer({ min: YEAR_MIN, max: YEAR_MAX }),
    endOffset: fc.option(fc.integer({ min: 0, max: 50 }), { nil: null }),
    count: fc.oneof(fc.nat(5000), fc.maxSafeNat()),
    qualifier: fc.constantFrom(...QUALIFIERS),
    source_id: text(1),
    quoteParts: fc.option(fc.tuple(text(0), text(0)), { nil: null }),
  })
  .map(({ endOffset, quoteParts, ...v }) => ({
    ...v,
    period_end: endOffset === null ? null : Math.min(YEAR_MAX, v.period_start + endOffset),
    quote: quoteParts === null ? '' : `${quoteParts[0]} ${v.count} ${quoteParts[1]}`,
  }))
  // A quote must state the count on its own, so drop the few where the text around it joins it to other digits.
  .filter((v) => v.quote === '' || quoteContainsCount(v.quote, v.count));

const keyOf = (v: Omit<Visit, 'id'>) => JSON.stringify([v.origin, v.destination, v.travelers, v.period_start, v.period_end, v.source_id]);
const dataset: fc.Arbitrary<Visit[]> = fc
  .uniqueArray(visit, { selector: keyOf, maxLength: 8 })
  .map((vs) => vs.map(({ slug, ...v }, i) => ({ id: `${slug}-${i}`, ...v })));

const where = (r: ReadResult<Visit>) => r.problems.map((p) => [p.kind, p.line, p.column, p.message]);

/** Line breaks in bytes, CRLF counted once: a file has this many lines plus one. */
function breaks(b: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < b.length; i++) {
    if (b[i] === 10) n++;
    else if (b[i] === 13) {
      n++;
      if (b[i + 1] === 10) i++;
    }
  }
  return n;
}

/** `bytes` cut at the given positions (any positions: inside characters, between \r and \n). */
function cut(bytes: Uint8Array, at: number[]): Uint8Array[] {
  const points = [...new Set(at.map((p) => p % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let from = 0;
  for (const p of [...points, bytes.length]) {
    chunks.push(bytes.slice(from, p));
    from = p;
  }
  return chunks;
}

async function* slowly(chunks: Uint8Array[]): AsyncGenerator<Uint8Array> {
  for (const c of chunks) {
    await new Promise((r) => setImmediate(r));
    yield c;
  }
}

/** Fails instead of hanging. */
function within<T>(ms: number, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/** Checks every problem is well formed and inside the input. */
function checkProblems(result: ReadResult<Visit>, bytes: Uint8Array): void {
  const maxLine = breaks(bytes) + 1;
  for (const p of result.problems) {
    expect(KINDS.has(p.kind), p.kind).toBe(true);
    expect(p.file).toBe('input.csv');
    expect(Number.isInteger(p.line) && p.line >= 1 && p.line <= maxLine, `line ${p.line} of ${maxLine}`).toBe(true);
    expect(p.column === null || (Number.isInteger(p.column) && p.column >= 1), `column ${p.column}`).toBe(true);
    expect(typeof p.message === 'string' && p.message.length > 0).toBe(true);
  }
  expect(result.rows.length).toBeLessThanOrEqual(result.rowCount);
}

/** CSV-like bytes: a dataset written out, maybe with CRLF or CR line ends, maybe with a few bytes changed. */
const csvBytes = fc
  .record({
    rows: dataset,
    ending: fc.constantFrom('\n', '\r\n', '\r'),
    edits: fc.array(fc.tuple(fc.nat(), fc.constantFrom(0x22, 0x2c, 0x0a, 0x0d, 0xff, 0xc3, 0xe2, 0x80, 0x00, 0x41, 0x20)), {
      maxLength: 3,
    }),
  })
  .map(({ rows, ending, edits }) => {
    const bytes = Buffer.from(toCsv(EXCHANGE_VISITS, rows).replace(/\n/g, ending), 'utf8');
    for (const [at, byte] of edits) bytes[at % bytes.length] = byte;
    return new Uint8Array(bytes);
  });

const unhandled: unknown[] = [];
const onUnhandled = (e: unknown) => void unhandled.push(e);
beforeAll(() => void process.on('unhandledRejection', onUnhandled));
afterAll(() => {
  process.off('unhandledRejection', onUnhandled);
  expect(unhandled).toEqual([]);
});

describe('reader properties', () => {
  it('(a) reads back any valid dataset written with toCsv', async () => {
    await fc.assert(
      fc.asyncProperty(dataset, async (rows) => {
        const csv = toCsv(EXCHANGE_VISITS, rows);
        const result = await parseExchangeVisits(csv);
        expect(result.problems).toEqual([]);
        expect(result.rows).toEqual(rows);
        // and the same from the UTF-8 bytes
        const fromBytes = await parseExchangeVisits(Buffer.from(csv, 'utf8'));
        expect(fromBytes.rows).toEqual(rows);
      }),
      { numRuns: 150 },
    );
  });

  it('(b) gives the same rows and problems however the bytes are split into chunks', async () => {
    await fc.assert(
      fc.asyncProperty(csvBytes, fc.array(fc.nat(), { maxLength: 12 }), fc.boolean(), async (bytes, at, async) => {
        const whole = await parseExchangeVisits(bytes);
        const chunks = cut(bytes, at);
        const split = await within(5000, parseExchangeVisits(async ? slowly(chunks) : chunks));
        expect(where(split)).toEqual(where(whole));
        expect(split.rows).toEqual(whole.rows);
        expect(split.rowCount).toBe(whole.rowCount);
      }),
      { numRuns: 200 },
    );
  });

  it('(b) the same with every chunk one byte long, around multi-byte characters and CRLF', async () => {
    const rows: Visit[] = [
      {
        id: 'a',
        origin: '日本',
        destination: 'Кунашир',
        travelers: '😀 "x"\ny',
        period_start: 2001,
        period_end: 2001,
        count: 5,
        qualifier: 'exact',
        source_id: 's',
        quote: 'é 5 €',
      },
      {
        id: 'b',
        origin: '=1+1',
        destination: 'b',
        travelers: 'c,d',
        period_start: 2002,
        period_end: null,
        count: 6,
        qualifier: 'about' as never,
        source_id: 's',
        quote: '',
      },
    ];
    const bytes = Buffer.from(toCsv(EXCHANGE_VISITS, rows).replace(/\n/g, '\r\n'), 'utf8');
    const whole = await parseExchangeVisits(bytes);
    // Row a spans lines 2-3 (its line break, like every other, is now CRLF), so row b is on line 4.
    expect(where(whole)).toEqual([
      [
        'constraint-error',
        4,
        8,
        'column "qualifier": "about" is not one of exact, more_than, at_least, approximately (write approximately)',
      ],
    ]);
    expect(whole.rows).toEqual([{ ...rows[0], travelers: '😀 "x"\r\ny' }]);
    const single = await parseExchangeVisits([...bytes].map((b) => Uint8Array.of(b)));
    expect(where(single)).toEqual(where(whole));
    expect(single.rows).toEqual(whole.rows);
  });

  it('(c) answers arbitrary bytes with well-formed problems, never a throw or a hang', async () => {
    const junk = fc.oneof(
      fc.uint8Array({ maxLength: 200 }),
      fc.uint8Array({ maxLength: 200 }).map((b) => new Uint8Array(Buffer.concat([Buffer.from(`${HEADER}\n`), b]))),
      csvBytes,
    );
    await fc.assert(
      fc.asyncProperty(junk, fc.array(fc.nat(), { maxLength: 4 }), async (bytes, at) => {
        const result = await within(5000, parseExchangeVisits(bytes));
        checkProblems(result, bytes);
        const split = await within(5000, parseExchangeVisits(cut(bytes, at)));
        expect(where(split)).toEqual(where(result));
      }),
      { numRuns: 300 },
    );
  });

  it('(c) answers arbitrary strings with well-formed problems, never a throw or a hang', async () => {
    const csvish = fc.string({ unit: trickyUnit, maxLength: 120 });
    const junk = fc.oneof(
      csvish,
      csvish.map((s) => `${HEADER}\n${s}`),
      fc.string({ unit: 'binary', maxLength: 100 }),
    );
    await fc.assert(
      fc.asyncProperty(junk, async (s) => {
        const result = await within(5000, parseExchangeVisits(s));
        // A string is read as its UTF-8 bytes (a lone surrogate becomes U+FFFD, which has no line breaks).
        checkProblems(result, Buffer.from(s, 'utf8'));
      }),
      { numRuns: 300 },
    );
  });
});
