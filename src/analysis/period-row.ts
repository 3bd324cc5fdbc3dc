import type { FlowPair } from './flow-pair.js';
import type { Estimate, RatioRow } from './types.js';

/** A ratios/shares row for one direction of a flow pair: one literal, so every row has the same shape. */
export function periodRow(origin: string, destination: string, g: FlowPair, e: Estimate): RatioRow {
  return {
    origin,
    destination,
    period_start: g.period_start,
    period_end: g.period_end,
    source_id: g.source_id,
    value: e.value,
    lower: e.lower,
    upper: e.upper,
    bound: e.bound,
    reason: e.reason,
    strict: e.strict === true,
  };
}
