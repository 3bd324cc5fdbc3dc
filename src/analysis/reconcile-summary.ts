import { reconcileText } from '../messages.js';
import type { Reconciliation } from './reconcile.js';

/**
 * The lines `reconcile` and `build` print about a reconciliation: one when every figure can hold, else one
 * per series that cannot, with the figures set aside and the conflicts.
 * @example reconcileSummary(await reconcile(FIGURES, { sources: SOURCES })) // => ['all 6 figures in 2 series can hold together']
 */
export function reconcileSummary(r: Reconciliation): string[] {
  const figures = r.consistency.length;
  if (r.holds) return [reconcileText.allHold(figures, r.series.length)];
  return r.series
    .filter((s) => !s.holds)
    .map((s) => reconcileText.seriesContradicts(s.origin, s.destination, s.travelers, s.setAside, s.conflicts));
}
