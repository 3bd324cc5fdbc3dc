import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { changes, ratios, shares, type Visit } from '../../src/index.js';

const row = (id: string, origin: string, destination: string, year: number, count: number): Visit => ({
  id,
  origin,
  destination,
  travelers: 'people',
  period_start: year,
  period_end: year,
  count,
  qualifier: 'exact',
  source_id: 's',
  quote: '',
});

// A pair of places with one exact flow each way per year, for several consecutive years.
const series = fc
  .array(fc.tuple(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 1, max: 1_000_000 })), { minLength: 1, maxLength: 8 })
  .map((years) => years.flatMap(([ab, ba], i) => [row(`ab${i}`, 'A', 'B', 2000 + i, ab), row(`ba${i}`, 'B', 'A', 2000 + i, ba)]));

describe('analysis properties', () => {
  it('the ratio of a flow times the ratio of its reverse is 1 where both are exact', () => {
    fc.assert(
      fc.property(series, (rows) => {
        const out = ratios(rows);
        for (let i = 0; i < out.length; i += 2) {
          expect(out[i]!.bound).toBe('exact');
          expect(out[i]!.value! * out[i + 1]!.value!).toBeCloseTo(1, 12);
        }
      }),
    );
  });

  it('the two shares of a period sum to 1', () => {
    fc.assert(
      fc.property(series, (rows) => {
        const out = shares(rows);
        for (let i = 0; i < out.length; i += 2) expect(out[i]!.value! + out[i + 1]!.value!).toBeCloseTo(1, 12);
      }),
    );
  });

  it('percent changes chain: (1 + p₁)(1 + p₂) = 1 + p₁₂ when the middle year is dropped', () => {
    const three = fc.tuple(
      fc.integer({ min: 1, max: 100_000 }),
      fc.integer({ min: 1, max: 100_000 }),
      fc.integer({ min: 1, max: 100_000 }),
    );
    fc.assert(
      fc.property(three, three, ([a1, a2, a3], [b1, b2, b3]) => {
        const all = [
          row('a1', 'A', 'B', 2001, a1),
          row('b1', 'B', 'A', 2001, b1),
          row('a2', 'A', 'B', 2002, a2),
          row('b2', 'B', 'A', 2002, b2),
          row('a3', 'A', 'B', 2003, a3),
          row('b3', 'B', 'A', 2003, b3),
        ];
        const skip = all.filter((r) => r.period_start !== 2002);
        const steps = changes(all);
        const direct = changes(skip);
        for (let k = 0; k < 5; k++) {
          const p1 = steps[k]!.percent_change! / 100;
          const p2 = steps[k + 5]!.percent_change! / 100;
          const p12 = direct[k]!.percent_change! / 100;
          expect(direct[k]!.series).toBe(steps[k]!.series);
          const lhs = (1 + p1) * (1 + p2);
          // Rounding in each percent change (absolute, on the scale of 1 + |p|) is multiplied by the other factor.
          const tolerance = 1e-12 * ((1 + Math.abs(p1)) * (1 + Math.abs(p2)) + Math.abs(1 + p12));
          expect(Math.abs(lhs - (1 + p12))).toBeLessThan(tolerance);
        }
      }),
    );
  });

  it('a lower bound stays a lower bound: over n one way gives a ratio at least n / m, never exact', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10 ** 7 }), fc.integer({ min: 1, max: 10 ** 7 }), (n, m) => {
        const rows: Visit[] = [
          { ...row('a', 'A', 'B', 1990, n), period_end: null, qualifier: 'more_than' },
          { ...row('b', 'B', 'A', 1990, m), period_end: null },
        ];
        const [fwd, rev] = ratios(rows);
        expect(fwd).toMatchObject({ bound: 'lower', upper: null });
        expect(fwd!.value).toBeCloseTo(n / m, 9);
        expect(rev).toMatchObject({ bound: 'upper', lower: 0 });
        expect(rev!.value).toBeCloseTo(m / n, 9);
      }),
    );
  });
});
