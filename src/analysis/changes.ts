import type { DataFrame } from 'danfojs-node';
import type { Visit } from '../dataset/types.js';
import { reasons } from '../messages.js';
import { add, divide, percentChange, subtract, toEstimate, type Interval } from './bounds.js';
import { periodKind, type FlowPair } from './flow-pair.js';
import { pairFlows } from './flows.js';
import { runOn, type AnalysisInput } from './frame.js';
import { CHANGES_TABLE } from './tables.js';
import type { ChangeRow, ChangeSeries } from './types.js';

/**
 * Year-over-year changes between consecutive single years present for a pair of places and a source
 * (2015 → 2016; with 2017 missing, 2016 → 2018): for each direction's flow, the two-way total and the
 * ratio of each direction to its reverse,
 * `change = to_value − from_value` and `percent_change = (to_value / from_value − 1) × 100`.
 * A bounded input makes the change a bound (`bound`); a missing figure or a from-value of 0 gives an
 * empty change and a `reason`. Percent changes chain: (1 + p₁/100)(1 + p₂/100) = 1 + p₁₂/100.
 *
 * Takes rows and returns rows, or takes a danfojs-node DataFrame and returns one.
 * @throws InputError when a DataFrame does not hold valid exchange-visits rows.
 * @example
 * changes(FIGURES)[0] // => { series: 'flow', origin: 'Japan', ..., from_value: 761, to_value: 802, change: 41, percent_change: 5.387647831800257, bound: 'exact' }
 */
export function changes(input: readonly Visit[]): ChangeRow[];
export function changes(input: DataFrame): DataFrame;
export function changes(input: AnalysisInput): ChangeRow[] | DataFrame {
  return runOn(input, CHANGES_TABLE, (rows) => changesFromPairs(pairFlows(rows)));
}

type Side = { interval: Interval | null; reason: string | null };

function nominal(i: Interval | null): number | null {
  if (!i) return null;
  if (i.loKnown) return i.lo;
  return i.hiKnown ? i.hi : null;
}

function changeRow(series: ChangeSeries, origin: string, destination: string, g1: FlowPair, g2: FlowPair, from: Side, to: Side): ChangeRow {
  const f = from.interval;
  const t = to.interval;
  let change: number | null = null;
  let percent: number | null = null;
  let bound: ChangeRow['bound'] = null;
  let strict = false;
  let reason: string | null = !f ? from.reason : !t ? to.reason : null;
  if (f && t) {
    const c = toEstimate(subtract(t, f), reasons.unboundedChange(), reasons.approximate());
    // The reason is only written when it is used (a from-value of 0): not once for each of millions of rows.
    const pct = percentChange(f, t, f.hi === 0 ? reasons.fromZero(g1.period_start) : '');
    change = c.value;
    bound = c.bound;
    strict = c.strict === true;
    if (pct.ok) percent = toEstimate(pct.interval, reasons.unboundedChange(), reasons.approximate()).value;
    reason = c.reason ?? (pct.ok ? null : pct.reason);
  }
  // One object literal with every column, so all rows share one shape.
  return {
    series,
    origin,
    destination,
    source_id: g1.source_id,
    from_year: g1.period_start,
    to_year: g2.period_start,
    from_value: nominal(f),
    to_value: nominal(t),
    change,
    percent_change: percent,
    bound,
    reason,
    strict,
  };
}

function flowSide(g: FlowPair, flow: Interval | null, from: string, to: string): Side {
  return flow ? { interval: flow, reason: null } : { interval: null, reason: reasons.noFigure(from, to, g.period_start, g.period_end) };
}

function totalSide(g: FlowPair): Side {
  if (!g.ab) return flowSide(g, null, g.a, g.b);
  if (!g.ba) return flowSide(g, null, g.b, g.a);
  return { interval: add(g.ab, g.ba), reason: null };
}

function ratioSide(g: FlowPair, num: Interval | null, den: Interval | null, from: string, to: string): Side {
  if (!num) return flowSide(g, null, from, to);
  if (!den) return flowSide(g, null, to, from);
  const r = divide(num, den, reasons.reverseZero());
  if (!r.ok) return { interval: null, reason: reasons.ratioMissing(g.period_start, r.reason) };
  if (!r.interval.loKnown && !r.interval.hiKnown)
    return { interval: null, reason: reasons.ratioMissing(g.period_start, reasons.unboundedRatio()) };
  return { interval: r.interval, reason: null };
}

/** The changes table from already grouped flow pairs (see `FlowAccumulator`). */
export function changesFromPairs(pairs: readonly FlowPair[]): ChangeRow[] {
  // Single-year flow pairs, already sorted by pair, year and source; regroup by (pair, source).
  const series = new Map<string, FlowPair[]>();
  for (const g of pairs) {
    if (periodKind(g.period_start, g.period_end) !== 0) continue;
    const key = `${g.pairIndex}\u0000${g.sourceIndex}`;
    const list = series.get(key);
    if (list) list.push(g);
    else series.set(key, [g]);
  }
  const ordered = [...series.values()].sort((x, y) => x[0]!.pairIndex - y[0]!.pairIndex || x[0]!.sourceIndex - y[0]!.sourceIndex);
  const out: ChangeRow[] = [];
  for (const years of ordered) {
    for (let i = 1; i < years.length; i++) {
      const g1 = years[i - 1]!;
      const g2 = years[i]!;
      const { a, b } = g1;
      out.push(changeRow('flow', a, b, g1, g2, flowSide(g1, g1.ab, a, b), flowSide(g2, g2.ab, a, b)));
      out.push(changeRow('flow', b, a, g1, g2, flowSide(g1, g1.ba, b, a), flowSide(g2, g2.ba, b, a)));
      out.push(changeRow('total', a, b, g1, g2, totalSide(g1), totalSide(g2)));
      out.push(changeRow('ratio', a, b, g1, g2, ratioSide(g1, g1.ab, g1.ba, a, b), ratioSide(g2, g2.ab, g2.ba, a, b)));
      out.push(changeRow('ratio', b, a, g1, g2, ratioSide(g1, g1.ba, g1.ab, b, a), ratioSide(g2, g2.ba, g2.ab, b, a)));
    }
  }
  return out;
}
