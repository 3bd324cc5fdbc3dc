import { formatCount, periodLabel } from '../analysis/format.js';
import type { Reconciliation } from '../analysis/reconcile.js';
import type { ConsistencyRow, ImpliedRow } from '../analysis/reconcile-tables.js';
import { sourceName } from '../charts/source-line.js';
import { directionLabel, listWords } from '../i18n/words.js';
import type { Source, Visit } from '../dataset/types.js';
import { agreeText as say } from '../messages.js';

/** The sentences of "Do the sources agree?", in order, with the groups they belong to. */
export interface AgreeSentences {
  /** Whether all figures hold, and what was set aside. */
  summary: string[];
  /** Figures that add nothing, and figures the others narrow. */
  figures: string[];
  /** What the figures imply together: the years without a yearly figure, stretches between reported periods, reported periods. */
  implied: string[];
  /** The assumption about the end years of open periods. */
  assumption: string;
}

/** Most implied-interval sentences listed; the rest are in tables/implied.csv. */
const MAX_IMPLIED = 12;

/**
 * The sentences of the "Do the sources agree?" section of the report and of the sources notebook, every
 * number taken from the reconciliation tables (`consistency` and `implied`): whether the figures can all hold
 * and which are set aside, which figures add nothing (`redundant`) or are narrowed (`tightened`), and what the
 * figures imply together: the years without a yearly figure of an open total, every stretch between reported
 * periods the figures bound from above, and each open total at the first year it may end in.
 * @example agreeSentences(await reconcile(FIGURES, { sources: SOURCES }), FIGURES, SOURCES).summary // => ['All 6 figures from 1 source can hold together.']
 */
export function agreeSentences(r: Reconciliation, visits: readonly Visit[], sources: readonly Source[]): AgreeSentences {
  const byId = new Map(visits.map((v) => [v.id, v]));
  const figureWords = (c: ConsistencyRow): string => {
    const v = byId.get(c.id)!;
    return say.figure(
      formatCount(v.count, v.qualifier),
      v.travelers,
      directionLabel(v.origin, v.destination),
      periodLabel(v.period_start, v.period_end),
      sourceName(v.source_id, sources),
    );
  };
  const summary: string[] = [];
  const sourceCount = new Set(visits.map((v) => v.source_id)).size;
  if (r.holds) summary.push(say.allHold(r.consistency.length, sourceCount));
  else {
    const failing = r.series.filter((s) => !s.holds);
    summary.push(
      say.someFail(
        failing.length,
        failing.reduce((n, s) => n + s.setAside.length, 0),
      ),
    );
    for (const c of r.consistency.filter((x) => x.set_aside)) {
      const others = c.conflicts_with.split(' ').map((id) => figureWords(r.consistency.find((x) => x.id === id)!));
      summary.push(say.setAside(figureWords(c), others));
    }
  }
  for (const s of r.series) {
    for (const bad of s.contradictingEndYears)
      summary.push(say.badEnds(sourceName(bad.source_id, sources), listWords(bad.years.map(String))));
  }

  const figures: string[] = [];
  for (const c of r.consistency) {
    // A figure with no upper bound is implied by the lower end alone (the upper end may be the one at its earliest end year).
    if (c.status === 'redundant' && c.implied_lower !== null)
      figures.push(say.redundant(figureWords(c), say.amount(c.implied_lower, c.reported_upper === null ? null : c.implied_upper)));
  }
  if (figures.length === 0 && r.consistency.length > 1) figures.push(say.noneRedundant());
  for (const c of r.consistency) {
    if (c.status === 'tightened' && c.implied_lower !== null && (c.implied_upper === null || c.implied_lower <= c.implied_upper))
      figures.push(
        say.tightened(figureWords(c), say.amount(Math.max(c.implied_lower, c.reported_lower), minOf(c.implied_upper, c.reported_upper))),
      );
  }

  const implied: string[] = [];
  for (const row of impliedHighlights(r, visits)) {
    const direction = directionLabel(row.origin, row.destination);
    const amount = say.amount(row.lower, row.upper);
    if (row.period_end === null) {
      // The open total whose source reports one of the years left out (as `implied.csv` chooses it).
      const sameSeries = (v: Visit): boolean =>
        v.origin === row.origin && v.destination === row.destination && v.travelers === row.travelers;
      const excluded = new Set(row.excluded_years.split(' ').map(Number));
      const open = visits.find(
        (v) =>
          sameSeries(v) &&
          v.period_end === null &&
          v.period_start === row.period_start &&
          visits.some(
            (w) => sameSeries(w) && w.source_id === v.source_id && w.period_end === w.period_start && excluded.has(w.period_start),
          ),
      );
      const source = open ? sourceName(open.source_id, sources) : '';
      implied.push(say.rest(direction, row.travelers, row.period_start, source, listWords(row.excluded_years.split(' ')), amount));
    } else if (row.lower === 0 && row.upper !== null) {
      const years = row.period_end - row.period_start + 1;
      const perYear = years > 1 ? say.perYearAtMost(Math.round(row.upper / years).toLocaleString('en-US')) : '';
      implied.push(say.stretch(direction, row.travelers, periodLabel(row.period_start, row.period_end), amount, perYear));
    } else implied.push(say.period(direction, row.travelers, periodLabel(row.period_start, row.period_end), amount));
  }

  const ranges = [...r.endRanges].map(([id, e]) => say.range(sourceName(id, sources), e.from, e.to, e.basis));
  return { summary, figures, implied, assumption: ranges.length > 0 ? say.assumption(ranges) : '' };
}

function minOf(a: number | null, b: number | null): number | null {
  return a === null ? b : b === null ? a : Math.min(a, b);
}

/**
 * The implied rows worth a sentence, in table order, at most `MAX_IMPLIED`: every open total less the single
 * years inside it; every stretch between reported periods with an upper bound and no figure of its own; and
 * every reported multi-year period at the first year an open total may end in (1992–2016).
 */
export function impliedHighlights(r: Reconciliation, visits: readonly Visit[]): ImpliedRow[] {
  const firstEnds = new Set<string>();
  const reported = new Set<string>();
  const openRanges: { series: string; start: number; from: number; to: number }[] = [];
  for (const v of visits) {
    const series = `${v.origin}\u0000${v.destination}\u0000${v.travelers}`;
    reported.add(`${series}\u0000${v.period_start}\u0000${v.period_end ?? ''}`);
    if (v.period_end === null) {
      const e = r.endRanges.get(v.source_id);
      if (e) {
        firstEnds.add(`${series}\u0000${v.period_start}\u0000${Math.max(e.from, v.period_start)}`);
        openRanges.push({ series, start: v.period_start, from: e.from, to: e.to });
      }
    }
  }
  // An open total at each year it may end in is a reported period, not a stretch between periods.
  const atOpenEnd = (series: string, start: number, end: number): boolean =>
    openRanges.some((o) => o.series === series && o.start === start && end >= o.from && end <= o.to);
  return r.implied
    .filter((x) => {
      const series = `${x.origin}\u0000${x.destination}\u0000${x.travelers}`;
      if (x.period_end === null) return true;
      if (x.excluded_years !== '') return false;
      const key = `${series}\u0000${x.period_start}\u0000${x.period_end}`;
      if (firstEnds.has(key)) return true;
      return x.upper !== null && x.lower === 0 && !reported.has(key) && !atOpenEnd(series, x.period_start, x.period_end) && x.basis !== '';
    })
    .slice(0, MAX_IMPLIED);
}
