import type { TopLevelSpec } from 'vega-lite';
import { formatCount, periodLabel } from '../analysis/format.js';
import type { ConsistencyRow, ImpliedRow } from '../analysis/reconcile-tables.js';
import type { EndRange } from '../analysis/open-end.js';
import type { Visit } from '../dataset/types.js';
import { composeChart, loc, panelHeading } from './compose.js';
import { countWords, directionLabel, listWords, peopleWords, periodWords } from '../i18n/words.js';
import { LIMITS } from './limits.js';
import { sourceName } from './source-line.js';
import { COLOURS, LAYOUT, OKABE_ITO } from './theme.js';
import type { ChartContext, Panel } from './types.js';

/** What the sources chart draws from: the figures, the reconciliation tables and each source's end years. */
export interface SourcesChartInput {
  readonly visits: readonly Visit[];
  readonly consistency: readonly ConsistencyRow[];
  readonly implied: readonly ImpliedRow[];
  readonly endRanges: ReadonlyMap<string, EndRange>;
}

/** Whether a figure's period covers more than one year (or is open): the figures the sources chart draws. */
function coversYears(f: { period_start: number; period_end: number | null }): boolean {
  return f.period_end === null || f.period_end > f.period_start;
}

/**
 * Whether `sourcesChart` draws a chart for these figures (it does when one of them covers more than one
 * year), known before they are reconciled: the consistency table has one row per figure, with its period.
 * @example sourcesChartDrawn([{ period_start: 2015, period_end: 2015 }]) // => false
 */
export function sourcesChartDrawn(visits: readonly { period_start: number; period_end: number | null }[]): boolean {
  return visits.some(coversYears);
}

const HEIGHT = 220;
/** Where an open upper bound's arrow reaches, above the highest bound drawn, as a part of it. */
const HEADROOM = 0.12;

/**
 * Each source's multi-year figures against the year they run to, one panel per series (origin, destination,
 * travellers), at most `LIMITS.pairs` series (those with the most multi-year figures):
 * - a figure is a dot at (its end year, its least number of people) with a vertical bar to its most
 *   (`reported_lower`..`reported_upper` of `consistency.csv`), or an arrow up when it has no upper bound;
 * - an open period ("since 1992") whose end year is unknown is a horizontal bar across the years it may end in;
 * - the grey band is what all figures together imply for the period from the series' first year to each end
 *   year (`implied.csv`), reaching the top of the panel where there is no upper bound.
 * Colours are sources. Returns `null` when no series has a multi-year figure.
 * @example sourcesChart({ visits: FIGURES, ...await reconcile(FIGURES, { sources: SOURCES }) }, ctx)?.title // => { text: 'What the sources say, and what they imply together', ... }
 */
export function sourcesChart(input: SourcesChartInput, ctx: ChartContext): TopLevelSpec | null {
  const byId = new Map(input.visits.map((v) => [v.id, v]));
  const multi = input.consistency.filter(coversYears);
  if (multi.length === 0) return null;
  const seriesKey = (r: { origin: string; destination: string; travelers: string }): string =>
    `${r.origin}\u0000${r.destination}\u0000${r.travelers}`;
  const groups = new Map<string, ConsistencyRow[]>();
  for (const c of multi) {
    const list = groups.get(seriesKey(c));
    if (list) list.push(c);
    else groups.set(seriesKey(c), [c]);
  }
  const ordered = [...groups.values()].sort((a, b) => b.length - a.length);
  const shown = ordered.slice(0, LIMITS.pairs);
  const sourceIds = [...new Set(shown.flatMap((g) => g.map((c) => c.source_id)))];
  const colourOf = new Map(sourceIds.map((id, i) => [id, OKABE_ITO[i % OKABE_ITO.length]!]));
  const l = loc(ctx);
  const en = l.lang === 'en';
  const sourceLabel = (id: string): string => sourceName(id, ctx.sources, l);
  const direction = (origin: string, destination: string): string => directionLabel(l.place(origin), l.place(destination));
  const count = (v: Visit): string => (en ? formatCount(v.count, v.qualifier) : countWords(v.count, v.qualifier, l));
  // English keeps "2016–2016" for a band that starts and ends in one year, as it always has.
  const span = (from: number, to: number): string => (en ? `${from}\u2013${to}` : periodWords(from, to, l));
  const status = (c: ConsistencyRow): string => (en ? c.status : l.t(`status.${c.status}`));

  // What the band allows: "at least 20,000", "exactly 9,500", "1,000 to 2,000" (its lower end is shown even
  // when it is 0); English numbers as they always were (en-US).
  const bandNum = (n: number): string => (en ? n.toLocaleString('en-US') : peopleWords(n, l));
  const bandWords = (lower: number, upper: number | null): string =>
    upper === null
      ? l.t('agree.atLeast', { n: bandNum(lower) })
      : lower === upper
        ? l.t('agree.exactly', { n: bandNum(lower) })
        : l.t('agree.between', { a: bandNum(lower), b: bandNum(upper) });
  const panels = shown.map((figures) => {
    const first = figures[0]!;
    const start = Math.min(...figures.map((c) => c.period_start));
    const points = figures.map((c) => {
      const v = byId.get(c.id)!;
      const range = c.period_end === null ? input.endRanges.get(c.source_id) : undefined;
      const from = c.period_end ?? Math.max(range?.from ?? c.period_start, c.period_start);
      const to = c.period_end ?? Math.max(range?.to ?? from, from);
      return {
        id: c.id,
        source: sourceLabel(c.source_id),
        from,
        to,
        mid: (from + to) / 2,
        lower: c.reported_lower,
        upper: c.reported_upper,
        open: c.reported_upper === null,
        label: count(v),
        period: en ? periodLabel(c.period_start, c.period_end) : periodWords(c.period_start, c.period_end, l),
        ends: from === to ? (en ? String(from) : periodWords(from, from, l)) : span(from, to),
        status: status(c),
      };
    });
    const band = input.implied
      .filter((x) => seriesKey(x) === seriesKey(first) && x.period_start === start && x.period_end !== null && x.excluded_years === '')
      .map((x) => ({ year: x.period_end!, lower: x.lower, upper: x.upper }))
      .sort((a, b) => a.year - b.year);
    const top = Math.max(1, ...points.map((p) => p.upper ?? p.lower), ...band.map((b) => b.upper ?? b.lower)) * (1 + HEADROOM);
    const bandData = band.map((b) => ({
      year: b.year,
      lower: b.lower,
      upper: b.upper ?? top,
      words: bandWords(b.lower, b.upper),
      period: span(start, b.year),
    }));
    const data = points.map((p) => ({ ...p, top: p.upper ?? p.lower + (top - p.lower) * 0.35 }));
    const years = [...points.flatMap((p) => [p.from, p.to]), ...band.map((b) => b.year)];
    const x = {
      type: 'quantitative' as const,
      title: l.t('sources.xTitle'),
      scale: { domain: [Math.min(...years) - 1, Math.max(...years) + 1], nice: false, zero: false },
      axis: { format: 'd', tickMinStep: 1 },
    };
    const y = {
      type: 'quantitative' as const,
      title: l.t('sources.yTitle', { start: String(start) }),
      scale: { domain: [0, top], nice: false },
      axis: { format: ',d' },
    };
    const colour = {
      field: 'source',
      type: 'nominal' as const,
      title: l.t('sources.legend'),
      scale: { domain: sourceIds.map(sourceLabel), range: sourceIds.map((id) => colourOf.get(id)!) },
    };
    const tooltip = [
      { field: 'label', title: l.t('sources.tipFigure') },
      { field: 'period', title: l.t('sources.tipPeriod') },
      { field: 'ends', title: l.t('sources.tipEnds') },
      { field: 'source', title: l.t('sources.tipSource') },
      { field: 'status', title: l.t('sources.tipStatus') },
    ];
    const layers: Panel[] = [];
    if (bandData.length > 0) {
      layers.push({
        data: { values: bandData },
        mark: { type: 'area', color: COLOURS.grid, opacity: 0.9, interpolate: 'step-after', aria: false },
        encoding: {
          x: { field: 'year', ...x },
          y: { field: 'lower', ...y },
          y2: { field: 'upper' },
          tooltip: [
            { field: 'period', title: l.t('sources.tipPeriod') },
            { field: 'words', title: l.t('sources.tipImplied') },
          ],
        },
      });
    }
    layers.push(
      {
        data: { values: data },
        mark: { type: 'rule', strokeWidth: 6, opacity: 0.55 },
        encoding: { x: { field: 'from', ...x }, x2: { field: 'to' }, y: { field: 'lower', ...y }, color: colour, tooltip },
      },
      {
        data: { values: data },
        mark: { type: 'rule', strokeWidth: 2 },
        encoding: {
          x: { field: 'mid', ...x },
          y: { field: 'lower', ...y },
          y2: { field: 'top' },
          color: colour,
          strokeDash: { condition: { test: 'datum.open', value: [4, 3] }, value: [1, 0] },
          tooltip,
        },
      },
      {
        data: { values: data.filter((d) => d.open) },
        mark: { type: 'point', shape: 'triangle-up', filled: true, size: 70, opacity: 1, aria: false },
        encoding: { x: { field: 'mid', ...x }, y: { field: 'top', ...y }, color: colour, tooltip },
      },
      {
        data: { values: data },
        mark: { type: 'point', filled: true, size: 60, opacity: 1 },
        encoding: { x: { field: 'mid', ...x }, y: { field: 'lower', ...y }, color: colour, tooltip },
      },
    );
    return {
      title: panelHeading(
        l.t('sources.panel', { direction: direction(first.origin, first.destination), travelers: first.travelers }),
        LAYOUT.width,
      ),
      width: LAYOUT.width,
      height: HEIGHT,
      layer: layers,
    } as unknown as Panel;
  });

  const left = ordered.length - shown.length;
  const subtitle = [l.t('sources.subtitle')];
  if (left > 0) subtitle.push(l.t('sources.left', { shown: String(shown.length), all: String(ordered.length) }));
  const description = shown
    .map((g) => {
      const f = g[0]!;
      const list = g.map((c) =>
        l.t('sources.describeFigure', { n: count(byId.get(c.id)!), source: sourceLabel(c.source_id), status: status(c) }),
      );
      return l.t('sources.describeSeries', {
        direction: direction(f.origin, f.destination),
        travelers: f.travelers,
        list: listWords(list, 40, l),
      });
    })
    .join(' ');
  return composeChart(
    {
      title: l.t('sources.title'),
      subtitle,
      description: `${l.t('sources.describe')} ${description}`,
      panels,
      notes: [l.t('sources.note')],
      sourceIds,
      resolve: { scale: { x: 'independent', y: 'independent' } },
    },
    ctx,
  );
}

/**
 * The figures of the series the sources chart can draw: every figure of the `LIMITS.pairs` series with the
 * most multi-year figures (ties: first seen). Reconciling only these gives the chart of the whole file at a
 * fraction of the cost (series are reconciled independently).
 * @example sourcesChartVisits(FIGURES).length // => 6
 */
export function sourcesChartVisits(visits: readonly Visit[]): Visit[] {
  const key = (v: Visit): string => `${v.origin}\u0000${v.destination}\u0000${v.travelers}`;
  const multi = new Map<string, number>();
  for (const v of visits) if (v.period_end === null || v.period_end > v.period_start) multi.set(key(v), (multi.get(key(v)) ?? 0) + 1);
  const chosen = new Set(
    [...multi]
      .sort((a, b) => b[1] - a[1])
      .slice(0, LIMITS.pairs)
      .map(([k]) => k),
  );
  return visits.filter((v) => chosen.has(key(v)));
}
