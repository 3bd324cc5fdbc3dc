import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { figureBounds } from '../../src/analysis/figure-bounds.js';
import { endRanges } from '../../src/analysis/open-end.js';
import { reconcile } from '../../src/analysis/reconcile.js';
import { main } from '../../src/cli.js';
import { FIGURES, SOURCES } from '../../src/dataset/figures.js';
import { readExchangeVisitsRows, readSources } from '../../src/dataset/read.js';
import type { Qualifier, Source, Visit } from '../../src/dataset/types.js';
import { ROOT, fixture } from '../helpers.js';
import { join } from 'node:path';

const WIRE = join(ROOT, 'data', 'examples', 'wire-reports.csv');
const WIRE_SOURCES = join(ROOT, 'data', 'examples', 'wire-reports-sources.csv');
const JAPANESE = 'Japanese citizens';
const RESIDENTS = 'South Kuril residents';

async function run(argv: string[]): Promise<{ code: number; out: string; err: string[] }> {
  let out = '';
  const err: string[] = [];
  const code = await main(argv, { stdout: (s) => (out += `${s}\n`), write: (s) => (out += s), stderr: (s) => err.push(s) });
  return { code, out, err };
}

describe('figure bounds', () => {
  it('reads each qualifier as whole numbers of people', () => {
    expect(figureBounds(9500, 'exact')).toEqual({ lower: 9500, upper: 9500 });
    expect(figureBounds(20000, 'more_than')).toEqual({ lower: 20001, upper: null });
    expect(figureBounds(300, 'at_least')).toEqual({ lower: 300, upper: null });
    // 850 × 0.95 = 807.5 → 808 people at least; 850 × 1.05 = 892.5 → 892 at most.
    expect(figureBounds(850, 'approximately')).toEqual({ lower: 808, upper: 892 });
    // 1000 × 0.9 = 900 exactly, 1000 × 1.1 = 1100 exactly: float noise must not move them.
    expect(figureBounds(1000, 'approximately', 0.1)).toEqual({ lower: 900, upper: 1100 });
  });
});

describe('end ranges of open periods', () => {
  it('run from the latest year the source reports to the year of its as_of date (else published)', () => {
    // Sputnik reports 2015 and 2016; its as_of is 2019-01.
    expect(endRanges(FIGURES, SOURCES).get('sputnik-2021-07-29')).toEqual({ from: 2016, to: 2019, basis: 'as_of' });
    const noAsOf: Source[] = SOURCES.map((s) => ({ ...s, as_of: '' }));
    expect(endRanges(FIGURES, noAsOf).get('sputnik-2021-07-29')).toEqual({ from: 2016, to: 2021, basis: 'published' });
    expect(endRanges(FIGURES, []).get('sputnik-2021-07-29')).toEqual({ from: 2016, to: 2016, basis: 'undated' });
    expect(endRanges(FIGURES, SOURCES, 2018).get('sputnik-2021-07-29')).toEqual({ from: 2018, to: 2018, basis: 'pinned' });
  });
});

describe('reconcile: the wire reports with the embedded article', async () => {
  const rows = await readExchangeVisitsRows(WIRE);
  const sources = await readSources(WIRE_SOURCES);
  const r = await reconcile(rows, { sources });
  const implied = (travelers: string, start: number, end: number | null, excluded = '') =>
    r.implied.find((x) => x.travelers === travelers && x.period_start === start && x.period_end === end && x.excluded_years === excluded);
  const status = (id: string) => r.consistency.find((c) => c.id === id)!;

  it('all figures hold together', () => {
    expect(r.holds).toBe(true);
    expect(r.consistency.every((c) => !c.set_aside)).toBe(true);
  });

  it('1992-2016 Japanese visitors: at least 18,500 + 761 + 802 = 20,063', () => {
    expect(implied(JAPANESE, 1992, 2016)).toMatchObject({ lower: 18500 + 761 + 802, upper: null });
  });

  it('1992-2016 residents: 8,500 + 299 + 281 = 9,080 to 9,500', () => {
    expect(implied(RESIDENTS, 1992, 2016)).toMatchObject({ lower: 8500 + 299 + 281, upper: 9500 });
  });

  it('residents 2012-2014: at most 9,500 - 8,500 - 299 - 281 = 420', () => {
    expect(implied(RESIDENTS, 2012, 2014)).toMatchObject({ lower: 0, upper: 9500 - 8500 - 299 - 281 });
  });

  it('both TASS figures add nothing', () => {
    expect(status('tass-japan-to-kurils-since-1992').status).toBe('redundant');
    expect(status('tass-kurils-to-japan-since-1992').status).toBe('redundant');
    // "over 20,000" adds nothing either: 20,063 or more is already implied.
    expect(status('japan-to-kurils-since-1992')).toMatchObject({ status: 'redundant', implied_lower: 20063, implied_upper: null });
  });

  it('the years without a yearly figure of the Sputnik totals: 9,500 - 580 = 8,920 residents', () => {
    expect(implied(RESIDENTS, 1992, null, '2015 2016')).toMatchObject({ lower: 9500 - 299 - 281, upper: 9500 - 299 - 281 });
  });
});

describe('reconcile: the embedded data alone', async () => {
  const r = await reconcile(FIGURES, { sources: SOURCES });
  it('holds, and the years without a yearly figure hold over 18,437 Japanese visitors and 8,920 residents', () => {
    expect(r.holds).toBe(true);
    const rest = (t: string) => r.implied.find((x) => x.travelers === t && x.period_end === null && x.excluded_years === '2015 2016');
    // over 20,000 (at least 20,001) less 761 and 802 is at least 18,438, i.e. over 18,437.
    expect(rest(JAPANESE)).toMatchObject({ lower: 20001 - 761 - 802, upper: null });
    expect(rest(RESIDENTS)).toMatchObject({ lower: 9500 - 299 - 281, upper: 9500 - 299 - 281 });
  });

  it('reconcile on the embedded data exits 0', async () => {
    const { code, err } = await run(['reconcile', '--quiet']);
    expect(code).toBe(0);
    expect(err).toEqual(['all 6 figures in 2 series can hold together']);
  });
});

describe('reconcile: a file that contradicts itself', async () => {
  const rows = await readExchangeVisitsRows(fixture('reconcile', 'contradict.csv'));
  const r = await reconcile(rows);
  const row = (id: string) => r.consistency.find((c) => c.id === id)!;

  it('a cumulative that shrinks: 5,000 by 2010 but 4,000 by 2015; the later row is set aside', () => {
    expect(row('a-to-b-1992-2010')).toMatchObject({ status: 'contradicted', set_aside: false, conflicts_with: 'a-to-b-1992-2015' });
    // The one figure kept says 1992-2010 alone held 5,000, so 1992-2015 held at least 5,000.
    expect(row('a-to-b-1992-2015')).toMatchObject({
      status: 'contradicted',
      set_aside: true,
      conflicts_with: 'a-to-b-1992-2010',
      implied_lower: 5000,
      implied_upper: null,
    });
  });

  it('single years above their own total: 700 + at least 600 > 1,000; one figure is enough to set aside', () => {
    expect(r.series.find((s) => s.origin === 'B')).toMatchObject({ holds: false, setAside: ['b-to-a-2016'] });
    expect(row('b-to-a-2016')).toMatchObject({
      status: 'contradicted',
      set_aside: true,
      conflicts_with: 'b-to-a-2015-2016 b-to-a-2015',
      // 1,000 - 700 = 300 is all the others leave for 2016.
      implied_lower: 300,
      implied_upper: 300,
    });
    expect(row('b-to-a-2015').conflicts_with).toBe('b-to-a-2015-2016 b-to-a-2016');
  });

  it('figures that agree are not touched: exact 100 makes "about 100" (95 to 105) redundant and is itself consistent', () => {
    expect(row('c-to-d-2015-about')).toMatchObject({
      status: 'redundant',
      reported_lower: 95,
      reported_upper: 105,
      implied_lower: 100,
      implied_upper: 100,
    });
    expect(row('c-to-d-2015')).toMatchObject({ status: 'consistent', implied_lower: 95, implied_upper: 105 });
  });

  it('exits 3, with one line per series that cannot hold', async () => {
    const { code, err } = await run(['reconcile', fixture('reconcile', 'contradict.csv'), '--quiet']);
    expect(code).toBe(3);
    expect(err).toEqual([
      'A to B (visitors): the figures cannot all hold; set aside 1 (a-to-b-1992-2015); conflicts: a-to-b-1992-2010 + a-to-b-1992-2015',
      'B to A (visitors): the figures cannot all hold; set aside 1 (b-to-a-2016); conflicts: b-to-a-2015-2016 + b-to-a-2015 + b-to-a-2016',
    ]);
  });

  it('bad options are bad usage (exit 2)', async () => {
    expect((await run(['reconcile', '--approx-tolerance', '5%'])).code).toBe(2);
    expect((await run(['reconcile', '--table', 'ratios'])).code).toBe(2);
  });
});

// Figures generated from one hidden set of yearly flows: they never contradict, and every implied
// interval contains the true sum.
describe('reconcile: figures read off one hidden set of flows', () => {
  const FIRST = 2000;
  const YEARS = 8;
  const QUALIFIERS: Qualifier[] = ['exact', 'at_least', 'more_than', 'approximately'];
  const figure = fc.record({
    start: fc.integer({ min: 0, max: YEARS - 1 }),
    length: fc.integer({ min: 1, max: YEARS }),
    open: fc.boolean(),
    qualifier: fc.constantFrom(...QUALIFIERS),
    source: fc.integer({ min: 0, max: 2 }),
    slack: fc.double({ min: 0, max: 1, noNaN: true }),
  });

  it('never contradict, and every interval holds the truth', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 500 }), { minLength: YEARS, maxLength: YEARS }),
        fc.integer({ min: 0, max: YEARS - 1 }),
        fc.array(figure, { minLength: 1, maxLength: 6 }),
        async (flows, endOffset, specs) => {
          const sum = (a: number, b: number, excluded: ReadonlySet<number> = new Set()) => {
            let s = 0;
            for (let y = a; y <= b; y++) if (!excluded.has(y)) s += flows[y - FIRST]!;
            return s;
          };
          // Only source s0 reports open periods; they truly end in its as_of year, which is never before
          // the latest year s0 reports (so it is inside the range the rules give).
          const closed = specs.map((f) => ({ ...f, open: f.open && f.source === 0 }));
          const latest0 = Math.max(
            FIRST,
            ...closed.filter((f) => f.source === 0).map((f) => FIRST + (f.open ? f.start : Math.min(YEARS - 1, f.start + f.length - 1))),
          );
          const end0 = Math.min(FIRST + YEARS - 1, Math.max(latest0, FIRST + endOffset));
          const rows: Visit[] = [];
          const seen = new Set<string>();
          closed.forEach((f, i) => {
            const start = FIRST + f.start;
            if (f.open && start > end0) return;
            const end = f.open ? null : Math.min(FIRST + YEARS - 1, start + f.length - 1);
            const key = `${start}|${end}|${f.source}`;
            if (seen.has(key)) return;
            seen.add(key);
            const truth = sum(start, end ?? end0);
            // A count the qualifier makes true of the truth.
            const count =
              f.qualifier === 'exact'
                ? truth
                : f.qualifier === 'at_least'
                  ? Math.floor(truth * f.slack)
                  : f.qualifier === 'more_than'
                    ? Math.max(0, Math.floor(truth * f.slack) - 1)
                    : Math.round(truth / (1 + 0.05 * (2 * f.slack - 1)));
            if (f.qualifier === 'more_than' && truth === 0) return;
            if (f.qualifier === 'approximately') {
              const b = figureBounds(count, 'approximately');
              if (truth < b.lower || truth > b.upper!) return;
            }
            rows.push({
              id: `f${i}`,
              origin: 'A',
              destination: 'B',
              travelers: 'people',
              period_start: start,
              period_end: end,
              count,
              qualifier: f.qualifier,
              source_id: `s${f.source}`,
              quote: '',
            });
          });
          if (rows.length === 0) return;
          const sources: Source[] = [0, 1, 2].map((s) => ({
            id: `s${s}`,
            publisher: `S${s}`,
            dateline: '',
            published: '2030',
            as_of: s === 0 ? String(end0) : '',
            document: '',
            note: '',
          }));
          const r = await reconcile(rows, { sources });
          expect(r.holds).toBe(true);
          for (const c of r.consistency) expect(c.status).not.toBe('contradicted');
          for (const x of r.implied) {
            const excluded = new Set(x.excluded_years === '' ? [] : x.excluded_years.split(' ').map(Number));
            const truth = sum(x.period_start, x.period_end ?? end0, excluded);
            expect(x.lower).toBeLessThanOrEqual(truth);
            if (x.upper !== null) expect(x.upper).toBeGreaterThanOrEqual(truth);
          }
        },
      ),
      { numRuns: 40, seed: 11 },
    );
  }, 240_000);
});

describe('source dates', () => {
  it('accept YYYY, YYYY-MM, YYYY-MM-DD and a date-time; a file without as_of stays valid', async () => {
    const { writeFileSync, mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'kx-src-'));
    const legacy = join(dir, 'legacy.csv');
    writeFileSync(
      legacy,
      'id,publisher,dateline,published,document,note\na,A,,2019,,\nb,B,,2019-05,,\nc,C,,2019-05-23,,\nd,D,,2019-05-23T09:30:00+09:00,,\n',
    );
    const read = await readSources(legacy);
    expect(read.map((s) => [s.published, s.as_of])).toEqual([
      ['2019', ''],
      ['2019-05', ''],
      ['2019-05-23', ''],
      ['2019-05-23T09:30:00+09:00', ''],
    ]);
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'id,publisher,dateline,published,as_of,document,note\na,A,,2019-02-30,23 May 2019,,\n');
    await expect(readSources(bad)).rejects.toMatchObject({
      problems: [
        {
          line: 2,
          column: 4,
          message: 'column "published": "2019-02-30" is not a day of the calendar; expected a real date',
        },
        {
          line: 2,
          column: 5,
          message: 'column "as_of": "23 May 2019" is not a date: YYYY, YYYY-MM, YYYY-MM-DD or a date-time such as 2019-05-23T09:30:00Z',
        },
      ],
    });
  });
});
