import type { TopLevelSpec } from 'vega-lite';
import type { RatioRow } from '../analysis/types.js';
import type { Locale } from '../i18n/locale.js';
import { reasonWords } from '../i18n/reasons.js';
import { directionLabel, estimateWords, listWords, periodWords } from '../i18n/words.js';
import { composeChart, loc, panelHeading, panelTitle, severalSources, withHalo } from './compose.js';
import { textWidth } from './font-metrics.js';
import { PairIndex } from './groups.js';
import { wrapText, SUBTITLE_MAX_WIDTH } from './labels.js';
import { leftOut, LIMITS, mostRecent, tablePanels } from './limits.js';
import { COLOURS, LAYOUT, SIZES } from './theme.js';
import type { ChartContext, Panel } from './types.js';

const ROW_HEIGHT = 46;
/** Room to the right of the largest value, as a part of it, for the label and the open-end arrows. */
const HEADROOM = 0.4;

/**
 * A dot per period (2015, 2016, since 1992) of the ratio `flow(a → b) / flow(b → a)`, for each place
 * pair in the direction the data names first, labelled with `formatEstimate` ("2.85"). A bound is drawn
 * as a bound, never as a plain dot or bar: a lower bound ("more than 2.10", from an "over" figure) is a
 * dot with a dashed arrow running to the right edge (the open end), an upper bound an arrow to the left;
 * an approximate value is a hollow dot labelled "about". A dashed line marks 1 (as many each way).
 * Periods with no ratio (a missing direction, a reverse flow of 0) show "n/a" and the reason below.
 * Bounded (see `LIMITS`): the `LIMITS.pairs` place pairs with the most travellers, the `LIMITS.periods`
 * most recent periods of each; the subtitle says what was left out.
 * Returns `null` when no period has a ratio.
 * @example ratiosChart(ratios(FIGURES), ctx)?.title // => { text: 'Travellers one way for each traveller the other way', ... }
 * @example ratiosChart([], ctx) // => null
 */
export function ratiosChart(rows: readonly RatioRow[], ctx: ChartContext): TopLevelSpec | null {
  const pairs = new PairIndex();
  const forward = rows.filter((r) => pairs.isForward(r.origin, r.destination));
  if (!forward.some((r) => r.value !== null)) return null;
  const l = loc(ctx);
  const periodLabel = (start: number, end: number | null) => periodWords(start, end, l);
  const formatEstimate = (r: RatioRow, digits: number) => estimateWords(r, digits, '', l);
  const per = (forward: string, reverse: string) => l.t('ratios.per', { forward, reverse });

  // Bounded: the pairs with the most travellers, the most recent periods of each.
  const choice = tablePanels(forward, pairs, ctx.traffic, ctx.pairsInData?.ratios);
  const groups = choice.shown.map((g) => ({
    ...g,
    all: g.items,
    items: mostRecent(
      g.items,
      LIMITS.periods,
      (r) => r.period_start,
      (r) => r.period_end,
    ),
  }));
  const shown = groups.flatMap((g) => g.items);
  const notes = new Set<string>();
  const withSource = severalSources(shown.map((r) => r.source_id));
  const xMax = scaleMax(shown, l);
  const panels = groups.map((g) =>
    panel(
      g.items,
      xMax,
      groups.length > 1 ? panelTitle(g, ctx, withSource) : null,
      groups.length > 1 ? per(directionLabel(g.pair.a, g.pair.b), directionLabel(g.pair.b, g.pair.a)) : null,
    ),
  );
  if (shown.some((r) => r.bound === 'lower' || r.bound === 'upper')) {
    notes.add(l.t('ratios.noteBound'));
  }
  for (const r of shown)
    if (r.value === null && r.reason)
      notes.add(l.t('ratios.noteNa', { period: periodLabel(r.period_start, r.period_end), reason: reasonWords(r.reason, l) }));
  const left = leftOut(choice, groups, undefined, 'periods', l);

  const one = groups.length === 1 ? groups[0]! : null;
  return composeChart(
    {
      title: l.t('ratios.title'),
      subtitle: [
        ...wrapText(
          one
            ? l.t('ratios.subtitleOne', {
                forward: directionLabel(one.pair.a, one.pair.b),
                reverse: directionLabel(one.pair.b, one.pair.a),
              })
            : l.t('ratios.subtitleMany'),
          SUBTITLE_MAX_WIDTH,
          SIZES.subtitle,
        ),
        ...(left ? wrapText(left, LAYOUT.width, SIZES.subtitle) : []),
      ],
      description: `${describe(groups, l)}${left ? ` ${left}` : ''}`,
      panels,
      notes: [...notes],
      sourceIds: shown.map((r) => r.source_id),
      resolve: { scale: { x: 'independent', y: 'independent' } },
    },
    ctx,
  );

  function panel(items: RatioRow[], xMax: number, title: string | null, subtitle: string | null): Panel {
    const periods = [...new Set(items.map((r) => periodLabel(r.period_start, r.period_end)))];
    const data = items.map((r) => ({
      period: periodLabel(r.period_start, r.period_end),
      value: r.value,
      lower: r.lower,
      upper: r.upper,
      bound: r.bound ?? 'none',
      label: r.value === null ? l.t('value.na') : formatEstimate(r, 2),
      what: r.value === null ? (r.reason === null ? '' : reasonWords(r.reason, l)) : boundWords(r, l),
      direction: per(directionLabel(r.origin, r.destination), directionLabel(r.destination, r.origin)),
      source: r.source_id,
      aria: l.t('ratios.aria', {
        period: periodLabel(r.period_start, r.period_end),
        value:
          r.value === null
            ? l.t('ratios.noRatio', { reason: r.reason === null ? l.t('value.noFigure') : reasonWords(r.reason, l) })
            : formatEstimate(r, 2),
        forward: directionLabel(r.origin, r.destination),
        reverse: directionLabel(r.destination, r.origin),
      }),
    }));
    const width = LAYOUT.width;
    const x = (field: string) => ({
      field,
      type: 'quantitative' as const,
      title: l.t('ratios.axis'),
      scale: { domain: [0, xMax], nice: false },
      axis: { format: '.1f', tickCount: 8 },
    });
    const y = {
      field: 'period',
      type: 'nominal' as const,
      title: l.t('axis.period'),
      scale: { domain: periods },
      axis: { labelLimit: LAYOUT.yLabelLimit, labelPadding: 14, tickSize: 0 },
    };
    const tooltip = [
      { field: 'period', title: l.t('tip.period') },
      { field: 'direction', title: l.t('tip.ratio') },
      { field: 'label', title: l.t('tip.value') },
      { field: 'what', title: l.t('tip.note') },
      { field: 'source', title: l.t('tip.source') },
    ];
    const layers: Panel[] = [];
    if (xMax >= 1) {
      layers.push({
        data: { values: [{ one: 1, text: l.t('ratios.asMany') }] },
        layer: [
          { mark: { type: 'rule', strokeDash: [4, 3], color: COLOURS.annotation, aria: false }, encoding: { x: x('one') } },
          {
            mark: {
              type: 'text',
              align: 'left',
              baseline: 'bottom',
              dx: 4,
              dy: -2,
              fontSize: SIZES.note,
              color: COLOURS.muted,
              aria: false,
            },
            encoding: { x: x('one'), y: { value: 0 }, text: { field: 'text' } },
          },
        ],
      });
    }
    const lowerRows = data.filter((d) => d.bound === 'lower').map((d) => ({ ...d, from: d.value, to: xMax }));
    const upperRows = data.filter((d) => d.bound === 'upper').map((d) => ({ ...d, from: d.lower ?? 0, to: d.value }));
    const arrows = [
      ...lowerRows.map((d) => ({ ...d, tip: d.to, shape: 'triangle-right' })),
      ...upperRows.map((d) => ({ ...d, tip: d.from, shape: 'triangle-left' })),
    ];
    if (arrows.length > 0) {
      layers.push({
        data: { values: arrows },
        layer: [
          {
            mark: { type: 'rule', strokeDash: [5, 3], strokeWidth: 2, color: COLOURS.forward, aria: false },
            encoding: { x: x('from'), x2: { field: 'to' }, y, tooltip },
          },
          {
            mark: { type: 'point', filled: true, size: 90, color: COLOURS.forward, opacity: 1, aria: false },
            encoding: { x: x('tip'), y, shape: { field: 'shape', type: 'nominal', scale: null }, tooltip },
          },
        ],
      });
    }
    const dots = data.filter((d) => d.value !== null);
    layers.push({
      data: { values: dots },
      mark: { type: 'point', size: 110, strokeWidth: 2, color: COLOURS.forward, opacity: 1 },
      encoding: {
        x: x('value'),
        y,
        fill: { condition: { test: "datum.bound === 'approximate'", value: 'white' }, value: COLOURS.forward },
        description: { field: 'aria' },
        tooltip,
      },
    });
    layers.push(
      ...withHalo({
        data: { values: dots },
        mark: {
          type: 'text',
          align: 'left',
          baseline: 'bottom',
          dx: -5,
          dy: -9,
          fontSize: SIZES.markLabel,
          fontWeight: 'bold',
          aria: false,
        },
        encoding: { x: x('value'), y, text: { field: 'label' }, tooltip },
      }),
    );
    const gaps = data.filter((d) => d.value === null).map((d) => ({ ...d, zero: 0 }));
    if (gaps.length > 0) {
      layers.push({
        data: { values: gaps },
        mark: { type: 'text', align: 'left', baseline: 'middle', dx: 4, fontSize: SIZES.markLabel, color: COLOURS.muted },
        encoding: { x: x('zero'), y, text: { field: 'label' }, description: { field: 'aria' }, tooltip },
      });
    }
    return {
      ...(title ? { title: panelHeading(title, width, subtitle ?? undefined) } : {}),
      width,
      height: periods.length * ROW_HEIGHT,
      layer: layers,
    } as Panel;
  }
}

/**
 * Right end of the ratio axis, shared by all panels so they compare: the largest ratio plus room for
 * its label (measured in DejaVu Sans) and for open-end arrows.
 */
function scaleMax(rows: readonly RatioRow[], l: Locale): number {
  const width = LAYOUT.width;
  let max = 1.2;
  for (const r of rows) {
    if (r.value === null) continue;
    const labelWidth = textWidth(estimateWords(r, 2, '', l), SIZES.markLabel, true);
    max = Math.max(max, r.value * (1 + HEADROOM), (r.value * width) / Math.max(width * 0.5, width - labelWidth - 12));
  }
  return max;
}

function boundWords(r: RatioRow, l: Locale): string {
  switch (r.bound) {
    case 'lower':
      return l.t('ratios.lower');
    case 'upper':
      return l.t('ratios.upper');
    case 'approximate':
      return r.reason === null ? l.t('value.approximate') : reasonWords(r.reason, l);
    default:
      return l.t('value.exact');
  }
}

function describe(groups: readonly { pair: { a: string; b: string }; items: RatioRow[] }[], l: Locale): string {
  const parts = groups.map((g) => {
    const values = g.items.map((r) => {
      const value =
        r.value === null
          ? l.t('describe.notKnownBecause', { reason: r.reason === null ? l.t('value.noFigure') : reasonWords(r.reason, l) })
          : estimateWords(r, 2, '', l);
      const bound = r.bound === 'lower' ? l.t('ratios.aLowerBound') : r.bound === 'upper' ? l.t('ratios.anUpperBound') : '';
      return l.t('describe.item', { label: periodWords(r.period_start, r.period_end, l), value: `${value}${bound}` });
    });
    return l.t('ratios.describePart', {
      forward: directionLabel(g.pair.a, g.pair.b),
      reverse: directionLabel(g.pair.b, g.pair.a),
      list: listWords(values, undefined, l, 'describe.values'),
    });
  });
  return l.t('ratios.describe', { parts: parts.join(' ') });
}
