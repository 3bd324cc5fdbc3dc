import type { TopLevelSpec } from 'vega-lite';
import { periodLabel } from '../analysis/format.js';
import type { ShareRow } from '../analysis/types.js';
import type { Locale } from '../i18n/locale.js';
import { reasonWords } from '../i18n/reasons.js';
import { directionLabel, listWords, pairLabel, periodWords, shareWords } from '../i18n/words.js';
import { composeChart, loc, panelHeading, panelTitle, severalSources } from './compose.js';
import { textWidth } from './font-metrics.js';
import { PairIndex } from './groups.js';
import { wrapText, SUBTITLE_MAX_WIDTH } from './labels.js';
import { leftOut, LIMITS, mostRecent, tablePanels } from './limits.js';
import { COLOURS, LAYOUT, SIZES } from './theme.js';
import type { ChartContext, Panel } from './types.js';

const ROW_HEIGHT = 44;

interface Segment {
  period: string;
  direction: string;
  slot: number;
  from: number;
  to: number;
  mid: number;
  value: number;
  bound: string;
  label: string;
  inside: boolean;
  source: string;
  note: string;
  aria: string;
}

/**
 * Normalised stacked bars: for each period, each direction's share of two-way traffic
 * (`share = flow(a → b) / (flow(a → b) + flow(b → a))`), the pair's first-named direction on the left,
 * so each bar runs 0 to 100 %. Each segment is labelled with `formatEstimate` in percent. A bounded
 * share is marked: the segment that is an upper bound ("less than 32.3%") is hatched lighter, and a
 * triangle on the boundary points the way it may move (the lower-bounded share "more than 67.7%" may be
 * larger). Labels too wide for their segment are written beside the bar. One panel per place pair and
 * source. Bounded (see `LIMITS`): the `LIMITS.pairs` place pairs with the most travellers, the
 * `LIMITS.periods` most recent periods of each; the subtitle says what was left out.
 * Returns `null` when no period has shares.
 * @example sharesChart(shares(FIGURES), ctx)?.title // => { text: 'Each direction\u2019s share of two-way traffic', ... }
 * @example sharesChart([], ctx) // => null
 */
export function sharesChart(rows: readonly ShareRow[], ctx: ChartContext): TopLevelSpec | null {
  const pairs = new PairIndex();
  for (const r of rows) pairs.pair(r.origin, r.destination);
  if (!rows.some((r) => r.value !== null)) return null;
  const l = loc(ctx);

  // Bounded: the pairs with the most travellers, the most recent periods of each (both directions of a
  // period kept together).
  const choice = tablePanels(rows, pairs, ctx.traffic, ctx.pairsInData?.shares);
  const groups = choice.shown.map((g) => ({ ...g, all: periodsOf(g.items), items: recentPeriods(g.items) }));
  const shown = groups.flatMap((g) => g.items);
  const notes = new Set<string>();
  if (shown.some((r) => r.value !== null && (r.bound === 'lower' || r.bound === 'upper'))) {
    notes.add(l.t('shares.noteBound'));
  }
  const withSource = severalSources(shown.map((r) => r.source_id));
  const panels = groups.map((g) => panel(g.items, g.pair.a, g.pair.b, groups.length > 1 ? panelTitle(g, ctx, withSource) : null));
  const left = leftOut(
    choice,
    groups.map((g) => ({ items: periodsOf(g.items), all: g.all })),
    undefined,
    'periods',
    l,
  );

  const one = groups.length === 1 ? groups[0]! : null;
  return composeChart(
    {
      title: l.t('shares.title'),
      subtitle: [
        ...wrapText(
          one ? l.t('shares.subtitleOne', { a: one.pair.a, b: one.pair.b }) : l.t('shares.subtitleMany'),
          SUBTITLE_MAX_WIDTH,
          SIZES.subtitle,
        ),
        ...(left ? wrapText(left, LAYOUT.width, SIZES.subtitle) : []),
      ],
      description: `${describe(groups, l)}${left ? ` ${left}` : ''}`,
      panels,
      notes: [...notes],
      sourceIds: shown.map((r) => r.source_id),
      resolve: { scale: { y: 'independent', color: 'independent' }, legend: { color: 'independent' } },
    },
    ctx,
  );

  function panel(items: ShareRow[], a: string, b: string, title: string | null): Panel {
    const width = LAYOUT.width;
    const directions = [directionLabel(a, b), directionLabel(b, a)];
    const periodLabel = (start: number, end: number | null) => periodWords(start, end, l);
    const periods = [...new Set(items.map((r) => periodLabel(r.period_start, r.period_end)))];
    const segments: Segment[] = [];
    const missing: { period: string; text: string; zero: number }[] = [];
    for (const period of periods) {
      const inPeriod = items.filter((r) => periodLabel(r.period_start, r.period_end) === period);
      const first = inPeriod.find((r) => r.origin === a);
      const second = inPeriod.find((r) => r.origin === b);
      if (!first || !second || first.value === null || second.value === null) {
        const reason = (first?.value === null ? first.reason : null) ?? (second?.value === null ? second.reason : null);
        missing.push({
          period,
          text: l.t('value.naBecause', { reason: reason === null ? l.t('value.noFigure') : reasonWords(reason, l) }),
          zero: 0,
        });
        continue;
      }
      const split = first.value;
      for (const [slot, r, from, to] of [
        [0, first, 0, split],
        [1, second, split, 1],
      ] as const) {
        const label = shareWords(r, 1, l);
        segments.push({
          period,
          direction: directions[slot]!,
          slot,
          from,
          to,
          mid: (from + to) / 2,
          value: r.value!,
          bound: r.bound ?? 'exact',
          label,
          inside: textWidth(label, SIZES.markLabel) + 10 <= (to - from) * width,
          source: r.source_id,
          aria: l.t('shares.aria', { period, direction: directions[slot]!, share: label }),
          note: boundNote(r, l),
        });
      }
    }
    const x = (field: string) => ({
      field,
      type: 'quantitative' as const,
      title: l.t('shares.axis'),
      scale: { domain: [0, 1], nice: false },
      axis: { format: '.0%', values: [0, 0.25, 0.5, 0.75, 1] },
    });
    const y = {
      field: 'period',
      type: 'nominal' as const,
      title: l.t('axis.period'),
      scale: { domain: periods, paddingInner: 0.35 },
      axis: { labelLimit: LAYOUT.yLabelLimit, tickSize: 0, labelPadding: 8 },
    };
    const colour = {
      field: 'direction',
      type: 'nominal' as const,
      title: null,
      scale: { domain: directions, range: [COLOURS.forward, COLOURS.reverse] },
      legend: {
        columns: directions.reduce((w, d) => w + textWidth(d, SIZES.legendLabel) + 40, 0) <= width ? 2 : 1,
        labelLimit: width - 30,
      },
    };
    const tooltip = [
      { field: 'period', title: l.t('tip.period') },
      { field: 'direction', title: l.t('tip.direction') },
      { field: 'label', title: l.t('tip.share') },
      { field: 'note', title: l.t('tip.note') },
      { field: 'source', title: l.t('tip.source') },
    ];
    const layers: Panel[] = [
      {
        data: { values: segments },
        mark: { type: 'bar', stroke: 'white', strokeWidth: 1 },
        encoding: {
          x: x('from'),
          x2: { field: 'to' },
          y,
          color: colour,
          fillOpacity: { condition: { test: "datum.bound === 'upper'", value: 0.45 }, value: 1 },
          description: { field: 'aria' },
          tooltip,
        },
      },
    ];
    const bounded = segments.filter((s) => s.slot === 0 && (s.bound === 'lower' || s.bound === 'upper'));
    if (bounded.length > 0) {
      layers.push({
        data: { values: bounded.map((s) => ({ ...s, shape: s.bound === 'lower' ? 'triangle-right' : 'triangle-left' })) },
        mark: { type: 'point', filled: true, size: 110, color: COLOURS.text, opacity: 1, stroke: 'white', strokeWidth: 1, aria: false },
        encoding: { x: x('to'), y, shape: { field: 'shape', type: 'nominal', scale: null }, tooltip },
      });
    }
    const inside = segments.filter((s) => s.inside);
    if (inside.length > 0) {
      layers.push({
        data: { values: inside },
        mark: { type: 'text', baseline: 'middle', fontSize: SIZES.markLabel, fontWeight: 'bold', aria: false },
        encoding: {
          x: x('mid'),
          y,
          text: { field: 'label' },
          color: { condition: { test: 'datum.slot === 0', value: 'white' }, value: COLOURS.text },
          tooltip,
        },
      });
    }
    // A label too wide for its segment goes beside the bar, after a swatch of the segment's colour.
    const outside = segments.filter((s) => !s.inside).map((s) => ({ ...s, one: 1 }));
    if (outside.length > 0) {
      layers.push({
        data: { values: outside },
        mark: { type: 'point', shape: 'square', filled: true, size: 100, opacity: 1, xOffset: 12, aria: false },
        encoding: { x: x('one'), y, color: colour, tooltip },
      });
      layers.push({
        data: { values: outside },
        mark: {
          type: 'text',
          align: 'left',
          baseline: 'middle',
          dx: 22,
          fontSize: SIZES.markLabel,
          fontWeight: 'bold',
          color: COLOURS.text,
          aria: false,
        },
        encoding: { x: x('one'), y, text: { field: 'label' }, tooltip },
      });
    }
    if (missing.length > 0) {
      layers.push({
        data: { values: missing },
        mark: { type: 'text', align: 'left', baseline: 'middle', dx: 4, fontSize: SIZES.note, color: COLOURS.muted, limit: width - 8 },
        encoding: { x: x('zero'), y, text: { field: 'text' }, description: { field: 'text' } },
      });
    }
    return {
      ...(title ? { title: panelHeading(title, width) } : {}),
      width,
      height: periods.length * ROW_HEIGHT,
      layer: layers,
    } as Panel;
  }
}

/** A segment's tooltip note: which way a bounded share may lie, and whether the bound itself is possible. */
function boundNote(r: ShareRow, l: Locale): string {
  switch (r.bound) {
    case 'lower':
      return l.t(r.strict ? 'shares.lowerStrict' : 'shares.lower');
    case 'upper':
      return l.t(r.strict ? 'shares.upperStrict' : 'shares.upper');
    case 'approximate':
      return l.t('value.approximate');
    default:
      return l.t('value.exact');
  }
}

/** The periods of some rows, once each, in order of first appearance. */
function periodsOf(items: readonly ShareRow[]): string[] {
  return [...new Set(items.map((r) => periodLabel(r.period_start, r.period_end)))];
}

/** The rows of the `LIMITS.periods` most recent periods (see `mostRecent`), in the order given. */
function recentPeriods(items: ShareRow[]): ShareRow[] {
  const periods = new Map<string, { start: number; end: number | null }>();
  for (const r of items) periods.set(periodLabel(r.period_start, r.period_end), { start: r.period_start, end: r.period_end });
  if (periods.size <= LIMITS.periods) return items;
  const keep = new Set(
    mostRecent(
      [...periods.keys()],
      LIMITS.periods,
      (p) => periods.get(p)!.start,
      (p) => periods.get(p)!.end,
    ),
  );
  return items.filter((r) => keep.has(periodLabel(r.period_start, r.period_end)));
}

function describe(groups: readonly { pair: { a: string; b: string }; items: ShareRow[] }[], l: Locale): string {
  const periodLabel = (start: number, end: number | null) => periodWords(start, end, l);
  const parts = groups.map((g) => {
    const periods = [...new Set(g.items.map((r) => periodLabel(r.period_start, r.period_end)))];
    const values = periods.map((p) => {
      const first = g.items.find((r) => r.origin === g.pair.a && periodLabel(r.period_start, r.period_end) === p);
      const second = g.items.find((r) => r.origin === g.pair.b && periodLabel(r.period_start, r.period_end) === p);
      if (!first || first.value === null || !second || second.value === null) return l.t('describe.periodNotKnown', { period: p });
      return l.t('shares.describePeriod', { period: p, forward: shareWords(first, 1, l), reverse: shareWords(second, 1, l) });
    });
    return l.t('shares.describePart', {
      pair: pairLabel(g.pair.a, g.pair.b),
      forward: directionLabel(g.pair.a, g.pair.b),
      reverse: directionLabel(g.pair.b, g.pair.a),
      list: listWords(values, undefined, l, 'describe.values'),
    });
  });
  return l.t('shares.describe', { parts: parts.join(' ') });
}
