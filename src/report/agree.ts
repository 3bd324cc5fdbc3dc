import { formatCount, periodLabel } from '../analysis/format.js';
import type { Reconciliation } from '../analysis/reconcile.js';
import type { ConsistencyRow, ImpliedRow } from '../analysis/reconcile-tables.js';
import { sourceName } from '../charts/source-line.js';
import { amountWords, countWords, directionLabel, listWords, peopleWords, periodWords } from '../i18n/words.js';
import { ENGLISH, type Locale } from '../i18n/locale.js';
import type { Source, Visit } from '../dataset/types.js';

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

/** The years an open period may end in, per source, in words (`Sputnik: from 2019 (…) to 2021 (…)`). */
function rangeWords(source: string, from: number, to: number, basis: string, l: Locale): string {
  const values = { source, from: String(from), to: String(to) };
  if (from === to) return l.t(basis === 'undated' ? 'agree.rangeUndated' : 'agree.rangeYear', values);
  return l.t(basis === 'as_of' ? 'agree.rangeAsOf' : 'agree.rangePublished', values);
}

/**
 * The sentences of the "Do the sources agree?" section of the report and of the sources notebook, every
 * number taken from the reconciliation tables (`consistency` and `implied`): whether the figures can all hold
 * and which are set aside, which figures add nothing (`redundant`) or are narrowed (`tightened`), and what the
 * figures imply together: the years without a yearly figure of an open total, every stretch between reported
 * periods the figures bound from above, and each open total at the first year it may end in.
 * Worded in the locale's language and naming (English and the data's names by default).
 * @example agreeSentences(await reconcile(FIGURES, { sources: SOURCES }), FIGURES, SOURCES).summary // => ['All 6 figures from 1 source can hold together.']
 */
export function agreeSentences(
  r: Reconciliation,
  visits: readonly Visit[],
  sources: readonly Source[],
  l: Locale = ENGLISH,
): AgreeSentences {
  const en = l.lang === 'en';
  const direction = (origin: string, destination: string): string => directionLabel(l.place(origin), l.place(destination));
  const source = (id: string): string => sourceName(id, sources, l);
  const figuresWords = (n: number): string => l.t('agree.figures', { n: String(n), count: n });
  const byId = new Map(visits.map((v) => [v.id, v]));
  const figureWords = (c: ConsistencyRow): string => {
    const v = byId.get(c.id)!;
    return l.t('agree.figure', {
      n: en ? formatCount(v.count, v.qualifier) : countWords(v.count, v.qualifier, l),
      travelers: v.travelers,
      direction: direction(v.origin, v.destination),
      period: en ? periodLabel(v.period_start, v.period_end) : periodWords(v.period_start, v.period_end, l),
      source: source(v.source_id),
    });
  };
  const summary: string[] = [];
  const sourceCount = new Set(visits.map((v) => v.source_id)).size;
  if (r.holds)
    summary.push(
      l.t('agree.allHold', {
        figures: figuresWords(r.consistency.length),
        count: r.consistency.length,
        sources: l.t('agree.sources', { n: String(sourceCount), count: sourceCount }),
      }),
    );
  else {
    const failing = r.series.filter((s) => !s.holds);
    summary.push(
      l.t('agree.someFail', {
        inSeries: l.t('agree.inSeries', { n: String(failing.length), count: failing.length }),
        figures: figuresWords(failing.reduce((n, s) => n + s.setAside.length, 0)),
      }),
    );
    for (const c of r.consistency.filter((x) => x.set_aside)) {
      const others = c.conflicts_with.split(' ').map((id) => figureWords(r.consistency.find((x) => x.id === id)!));
      // English joins every one with "and", as it always has; other languages list them.
      summary.push(l.t('agree.setAside', { figure: figureWords(c), others: en ? others.join(' and ') : listWords(others, 40, l) }));
    }
  }
  for (const s of r.series) {
    for (const bad of s.contradictingEndYears)
      summary.push(
        l.t('agree.badEnds', { source: source(bad.source_id), years: listWords(bad.years.map(String), 40, l), count: bad.years.length }),
      );
  }

  const figures: string[] = [];
  for (const c of r.consistency) {
    // A figure with no upper bound is implied by the lower end alone (the upper end may be the one at its earliest end year).
    if (c.status === 'redundant' && c.implied_lower !== null)
      figures.push(
        l.t('agree.redundant', {
          figure: figureWords(c),
          implied: amountWords(c.implied_lower, c.reported_upper === null ? null : c.implied_upper, l),
        }),
      );
  }
  if (figures.length === 0 && r.consistency.length > 1) figures.push(l.t('agree.noneRedundant'));
  for (const c of r.consistency) {
    if (c.status === 'tightened' && c.implied_lower !== null && (c.implied_upper === null || c.implied_lower <= c.implied_upper))
      figures.push(
        l.t('agree.tightened', {
          figure: figureWords(c),
          implied: amountWords(Math.max(c.implied_lower, c.reported_lower), minOf(c.implied_upper, c.reported_upper), l),
        }),
      );
  }

  const implied: string[] = [];
  for (const row of impliedHighlights(r, visits)) {
    const where = { direction: direction(row.origin, row.destination), travelers: row.travelers };
    const amount = amountWords(row.lower, row.upper, l);
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
      implied.push(
        l.t('agree.rest', {
          ...where,
          start: String(row.period_start),
          source: open ? source(open.source_id) : '',
          excluded: listWords(row.excluded_years.split(' '), 40, l),
          count: row.excluded_years.split(' ').length,
          amount,
        }),
      );
    } else if (row.lower === 0 && row.upper !== null) {
      const years = row.period_end - row.period_start + 1;
      const perYear = years > 1 ? l.t('agree.perYearAtMost', { n: peopleWords(Math.round(row.upper / years), l) }) : '';
      const period = en ? periodLabel(row.period_start, row.period_end) : periodWords(row.period_start, row.period_end, l);
      implied.push(l.t('agree.stretch', { ...where, period, amount, perYear }));
    } else {
      const period = en ? periodLabel(row.period_start, row.period_end) : periodWords(row.period_start, row.period_end, l);
      implied.push(l.t('agree.period', { ...where, period, amount }));
    }
  }

  const ranges = [...r.endRanges].map(([id, e]) => rangeWords(source(id), e.from, e.to, e.basis, l));
  const assumption = ranges.length > 0 ? l.t('agree.assumption', { ranges: ranges.join(l.t('agree.rangeSeparator')) }) : '';
  return { summary, figures, implied, assumption };
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
