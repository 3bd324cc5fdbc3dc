import type { TopLevelSpec } from 'vega-lite';
import type { Locale } from '../i18n/locale.js';
import { countWords, directionLabel, estimateWords, listWords, pairLabel, periodWords } from '../i18n/words.js';
import type { CumulativeRow } from '../analysis/types.js';
import type { Visit } from '../dataset/types.js';
import { composeChart, eventLabel, loc, panelHeading, panelTitle, severalSources } from './compose.js';
import { textWidth } from './font-metrics.js';
import { directionTotals, panelsBy, type DirectionTotal } from './groups.js';
import { wrapText } from './labels.js';
import { candidateVisits, choosePanels, inData, LIMITS, pairTraffic, shownSentence } from './limits.js';
import { COLOURS, LAYOUT, SIZES } from './theme.js';
import type { ChartContext, Panel } from './types.js';

const ROW_HEIGHT = 54;
/** How far past an "over" figure its open-end arrow reaches, as a part of the largest figure. */
const ARROW = 0.14;

/**
 * Horizontal bars of the multi-year figures ("since 1992"): one bar per direction, labelled with the
 * figure in the source's words ("over 20,000") and, below it, the average per year over the base end year
 * (`cumulative`'s `average_per_year` rows: "at least 800 a year, 1992–2016"). An "over" or "at least"
 * figure is drawn as a bar to the known minimum plus a dashed arrow past it (the open end). One panel
 * per place pair, source and period. An event in the period's first year (the 1992 launch) is named in
 * the subtitle. Bounded (see `LIMITS`): the `LIMITS.pairs` place pairs with the most travellers among
 * those with multi-year figures, at most `LIMITS.panels` panels; the subtitle says what was left out.
 * Returns `null` when the data has no multi-year figure.
 * @example cumulativeChart(FIGURES, cumulative(FIGURES), ctx).title.text // => "Travellers since 1992"
 */
export function cumulativeChart(visits: readonly Visit[], rows: readonly CumulativeRow[], ctx: ChartContext): TopLevelSpec | null {
  const multiYear = (t: { period_start: number; period_end: number | null }) => t.period_end === null || t.period_end > t.period_start;
  if (!visits.some(multiYear)) return null;
  const l = loc(ctx);
  const periodLabel = (start: number, end: number | null) => periodWords(start, end, l);

  // Bounded: the pairs with the most travellers, at most LIMITS.panels panels (drawn from the visits of
  // the pairs it can choose, for speed).
  const traffic = ctx.traffic ?? pairTraffic(visits);
  const candidates = candidateVisits(visits, multiYear, traffic);
  const totals = directionTotals(candidates.visits).filter(multiYear);
  const choice = inData(
    choosePanels(
      panelsBy(
        totals,
        (t) => t.pair,
        (t) => `${t.source_id}\u0000${t.period_start}\u0000${t.period_end ?? ''}`,
      ),
      traffic,
    ),
    candidates.pairs,
  );
  const byPanel = choice.shown;
  const shown = byPanel.flatMap((g) => g.items);
  const multiPanel = byPanel.length > 1;
  const withSource = severalSources(shown.map((t) => t.source_id));
  // Averages a year of the base end year, by direction, source and period.
  const averages = new Map<string, CumulativeRow>();
  for (const r of rows) {
    if (r.measure !== 'average_per_year' || !r.base) continue;
    const key = totalKey(r.origin, r.destination, r.source_id, r.period_start, r.period_end);
    if (!averages.has(key)) averages.set(key, r);
  }
  const panels = byPanel.map((g) => {
    const first = g.items[0]!;
    const title = multiPanel
      ? `${panelTitle({ pair: g.pair, source_id: first.source_id }, ctx, withSource)}, ${periodLabel(first.period_start, first.period_end)}`
      : null;
    return panel(g.items, title);
  });

  const periods = [...new Set(shown.map((t) => periodLabel(t.period_start, t.period_end)))];
  const starts = new Set(shown.map((t) => t.period_start));
  const allEvents = ctx.events.filter((e) => starts.has(e.year));
  const events = allEvents.slice(0, LIMITS.subtitleEvents);
  const open = shown.filter((t) => t.qualifier === 'more_than' || t.qualifier === 'at_least');
  const notes: string[] = [];
  if (open.length > 0) {
    notes.push(
      l.t('cumulative.noteBound', {
        list: listWords(
          open.map((t) => l.t('quoted', { text: countWords(t.count, t.qualifier, l) })),
          6,
          l,
        ),
      }),
    );
  }
  const shownKeys = new Set(shown.map((t) => totalKey(t.origin, t.destination, t.source_id, t.period_start, t.period_end)));
  const ends = [
    ...new Set(
      rows
        .filter(
          (r) =>
            r.measure === 'average_per_year' &&
            r.base &&
            r.period_end === null &&
            r.end_year !== null &&
            shownKeys.has(totalKey(r.origin, r.destination, r.source_id, r.period_start, r.period_end)),
        )
        .map((r) => r.end_year!),
    ),
  ];
  if (ends.length > 0) notes.push(l.t('cumulative.noteEnds', { list: listWords(ends.map(String), undefined, l), count: ends.length }));
  const left = shownSentence(choice, [], l);

  const onePeriod = periods.length === 1 ? periods[0]! : null;
  const subtitle = [onePeriod ? l.t('cumulative.subtitleOne', { period: onePeriod }) : l.t('cumulative.subtitleMany')];
  for (const e of events) subtitle.push(l.t('cumulative.eventLine', { year: String(e.year), label: eventLabel(e, l) }));
  if (events.length < allEvents.length)
    subtitle.push(l.t('cumulative.moreEvents', { n: String(allEvents.length - events.length), count: allEvents.length - events.length }));
  if (left) subtitle.push(...wrapText(left, LAYOUT.width, SIZES.subtitle));
  return composeChart(
    {
      title: onePeriod ? l.t('cumulative.titleOne', { period: onePeriod }) : l.t('cumulative.titleMany'),
      subtitle,
      description: `${describe(
        byPanel.map((g) => g.items),
        l,
      )}${left ? ` ${left}` : ''}`,
      panels,
      notes,
      sourceIds: [...shown.map((t) => t.source_id), ...events.map((e) => e.source_id)],
      resolve: { scale: { x: 'independent', y: 'independent', color: 'independent' } },
    },
    ctx,
  );

  function panel(items: DirectionTotal[], title: string | null): Panel {
    const maxCount = Math.max(1, ...items.map((t) => t.count));
    const data = items.map((t) => {
      const open = t.qualifier === 'more_than' || t.qualifier === 'at_least';
      const avg = averages.get(totalKey(t.origin, t.destination, t.source_id, t.period_start, t.period_end));
      const avgText =
        avg && avg.value !== null && avg.end_year !== null
          ? l.t('cumulative.average', { value: estimateWords(avg, 0, '', l), from: String(t.period_start), to: String(avg.end_year) })
          : '';
      return {
        direction: directionLabel(t.origin, t.destination),
        axisLabel: [
          ...wrapText(directionLabel(t.origin, t.destination), LAYOUT.yLabelLimit, SIZES.axisLabel),
          ...wrapText(t.travelers, LAYOUT.yLabelLimit, SIZES.axisLabel),
        ].join('\n'),
        count: t.count,
        end: open ? t.count + maxCount * ARROW : t.count,
        open,
        label: countWords(t.count, t.qualifier, l),
        average: avgText,
        period: periodLabel(t.period_start, t.period_end),
        travelers: t.travelers,
        source: t.source_id,
        zero: 0,
        aria: `${l.t('cumulative.aria', {
          direction: directionLabel(t.origin, t.destination),
          period: periodLabel(t.period_start, t.period_end),
          count: countWords(t.count, t.qualifier, l),
          who: t.travelers,
        })}${avgText ? `${l.t('describe.comma')}${avgText}` : ''}`,
      };
    });
    const width = LAYOUT.width;
    const labelWidth = Math.max(...data.map((d) => Math.max(textWidth(d.label, SIZES.markLabel, true), textWidth(d.average, SIZES.note))));
    const xMax = Math.max(...data.map((d) => (d.end * width) / Math.max(width * 0.4, width - labelWidth - 14)));
    const x = (field: string) => ({
      field,
      type: 'quantitative' as const,
      title: l.t('axis.travellers'),
      scale: { domain: [0, xMax], nice: false },
      axis: { format: ',d', tickCount: 6 },
    });
    const y = {
      field: 'axisLabel',
      type: 'nominal' as const,
      title: null,
      scale: { domain: data.map((d) => d.axisLabel), paddingInner: 0.45, paddingOuter: 0.25 },
      axis: { labelExpr: "split(datum.label, '\\n')", labelLimit: LAYOUT.yLabelLimit, labelPadding: 8, tickSize: 0 },
    };
    const colour = {
      field: 'direction',
      type: 'nominal' as const,
      scale: { domain: data.map((d) => d.direction), range: items.map((t) => (t.forward ? COLOURS.forward : COLOURS.reverse)) },
      legend: null,
    };
    const tooltip = [
      { field: 'direction', title: l.t('tip.direction') },
      { field: 'period', title: l.t('tip.period') },
      { field: 'label', title: l.t('tip.travellers') },
      { field: 'average', title: l.t('tip.average') },
      { field: 'travelers', title: l.t('tip.who') },
      { field: 'source', title: l.t('tip.source') },
    ];
    const layers: Panel[] = [
      {
        data: { values: data },
        mark: { type: 'bar' },
        encoding: { x: x('zero'), x2: { field: 'count' }, y, color: colour, description: { field: 'aria' }, tooltip },
      },
    ];
    const arrows = data.filter((d) => d.open);
    if (arrows.length > 0) {
      layers.push({
        data: { values: arrows },
        layer: [
          {
            mark: { type: 'rule', strokeDash: [5, 3], strokeWidth: 2, aria: false },
            encoding: { x: x('count'), x2: { field: 'end' }, y, color: colour, tooltip },
          },
          {
            mark: { type: 'point', shape: 'triangle-right', filled: true, size: 90, opacity: 1, aria: false },
            encoding: { x: x('end'), y, color: colour, tooltip },
          },
        ],
      });
    }
    layers.push({
      data: { values: data },
      mark: { type: 'text', align: 'left', baseline: 'bottom', dx: 8, dy: 1, fontSize: SIZES.markLabel, fontWeight: 'bold', aria: false },
      encoding: { x: x('end'), y, text: { field: 'label' }, tooltip },
    });
    if (data.some((d) => d.average)) {
      layers.push({
        data: { values: data },
        mark: { type: 'text', align: 'left', baseline: 'top', dx: 8, dy: 3, fontSize: SIZES.note, color: COLOURS.muted, aria: false },
        encoding: { x: x('end'), y, text: { field: 'average' }, tooltip },
      });
    }
    return {
      ...(title ? { title: panelHeading(title, width) } : {}),
      width,
      height: data.length * Math.max(ROW_HEIGHT, Math.max(...data.map((d) => d.axisLabel.split('\n').length)) * SIZES.lineHeight + 24),
      layer: layers,
    } as Panel;
  }
}

function totalKey(origin: string, destination: string, source: string, start: number, end: number | null): string {
  return `${origin}\u0000${destination}\u0000${source}\u0000${start}\u0000${end ?? ''}`;
}

function describe(panels: readonly DirectionTotal[][], l: Locale): string {
  const parts = panels.map((items) => {
    const first = items[0]!;
    const values = items.map((t) => `${directionLabel(t.origin, t.destination)} ${countWords(t.count, t.qualifier, l)}`);
    return l.t('cumulative.describePart', {
      pair: pairLabel(first.pair.a, first.pair.b),
      period: periodWords(first.period_start, first.period_end, l),
      list: listWords(values, undefined, l, 'describe.values'),
    });
  });
  return l.t('cumulative.describe', { parts: parts.join(' ') });
}
