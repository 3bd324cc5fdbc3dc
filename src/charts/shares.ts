import type { TopLevelSpec } from 'vega-lite';
import { periodLabel } from '../analysis/format.js';
import type { ShareRow } from '../analysis/types.js';
import { composeChart, panelHeading, panelTitle, severalSources } from './compose.js';
import { textWidth } from './font-metrics.js';
import { PairIndex, panelsBy } from './groups.js';
import { directionLabel, listWords, pairLabel, shareLabel, wrapText, SUBTITLE_MAX_WIDTH } from './labels.js';
import { choosePanels, inData, leftOut, LIMITS, mostRecent } from './limits.js';
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

  // Bounded: the pairs with the most travellers, the most recent periods of each (both directions of a
  // period kept together).
  const choice = inData(
    choosePanels(
      panelsBy(
        rows,
        (r) => pairs.pair(r.origin, r.destination),
        (r) => r.source_id,
      ),
      ctx.traffic,
    ),
    ctx.pairsInData?.shares,
  );
  const groups = choice.shown.map((g) => ({ ...g, all: periodsOf(g.items), items: recentPeriods(g.items) }));
  const shown = groups.flatMap((g) => g.items);
  const notes = new Set<string>();
  if (shown.some((r) => r.value !== null && (r.bound === 'lower' || r.bound === 'upper'))) {
    notes.add(
      'A paler segment is an upper bound, and the triangle marks a boundary the figures do not pin down: one figure is only a minimum (an "over" or "at least" figure), so the boundary lies somewhere in the direction the triangle points.',
    );
  }
  const withSource = severalSources(shown.map((r) => r.source_id));
  const panels = groups.map((g) => panel(g.items, g.pair.a, g.pair.b, groups.length > 1 ? panelTitle(g, ctx, withSource) : null));
  const left = leftOut(
    choice,
    groups.map((g) => ({ items: periodsOf(g.items), all: g.all })),
  );

  const one = groups.length === 1 ? groups[0]! : null;
  return composeChart(
    {
      title: 'Each direction\u2019s share of two-way traffic',
      subtitle: [
        ...wrapText(
          one
            ? `Travellers between ${one.pair.a} and ${one.pair.b} in each direction, as a percent of both directions together`
            : 'Travellers in each direction as a percent of both directions together, per place pair',
          SUBTITLE_MAX_WIDTH,
          SIZES.subtitle,
        ),
        ...(left ? wrapText(left, LAYOUT.width, SIZES.subtitle) : []),
      ],
      description: `${describe(groups)}${left ? ` ${left}` : ''}`,
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
    const periods = [...new Set(items.map((r) => periodLabel(r.period_start, r.period_end)))];
    const segments: Segment[] = [];
    const missing: { period: string; text: string; zero: number }[] = [];
    for (const period of periods) {
      const inPeriod = items.filter((r) => periodLabel(r.period_start, r.period_end) === period);
      const first = inPeriod.find((r) => r.origin === a);
      const second = inPeriod.find((r) => r.origin === b);
      if (!first || !second || first.value === null || second.value === null) {
        const reason = (first?.value === null ? first.reason : null) ?? (second?.value === null ? second.reason : null) ?? 'no figure';
        missing.push({ period, text: `n/a: ${reason}`, zero: 0 });
        continue;
      }
      const split = first.value;
      for (const [slot, r, from, to] of [
        [0, first, 0, split],
        [1, second, split, 1],
      ] as const) {
        const label = shareLabel(r.value!, r.bound, { strict: r.strict });
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
          aria: `${period}, ${directions[slot]!}: ${label} of two-way traffic`,
          note: boundNote(r),
        });
      }
    }
    const x = (field: string) => ({
      field,
      type: 'quantitative' as const,
      title: 'Share of two-way traffic (%)',
      scale: { domain: [0, 1], nice: false },
      axis: { format: '.0%', values: [0, 0.25, 0.5, 0.75, 1] },
    });
    const y = {
      field: 'period',
      type: 'nominal' as const,
      title: 'Period',
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
      { field: 'period', title: 'Period' },
      { field: 'direction', title: 'Direction' },
      { field: 'label', title: 'Share' },
      { field: 'note', title: 'Note' },
      { field: 'source', title: 'Source' },
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
function boundNote(r: ShareRow): string {
  switch (r.bound) {
    case 'lower':
      return r.strict ? 'lower bound: the share is larger' : 'lower bound: the share is this or larger';
    case 'upper':
      return r.strict ? 'upper bound: the share is smaller' : 'upper bound: the share is this or smaller';
    case 'approximate':
      return 'approximate';
    default:
      return 'exact';
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

function describe(groups: readonly { pair: { a: string; b: string }; items: ShareRow[] }[]): string {
  const parts = groups.map((g) => {
    const periods = [...new Set(g.items.map((r) => periodLabel(r.period_start, r.period_end)))];
    const values = periods.map((p) => {
      const first = g.items.find((r) => r.origin === g.pair.a && periodLabel(r.period_start, r.period_end) === p);
      const second = g.items.find((r) => r.origin === g.pair.b && periodLabel(r.period_start, r.period_end) === p);
      if (!first || first.value === null || !second || second.value === null) return `${p}: not known`;
      return `${p}: ${shareLabel(first.value, first.bound, { strict: first.strict })} and ${shareLabel(second.value, second.bound, { strict: second.strict })}`;
    });
    return `${pairLabel(g.pair.a, g.pair.b)}, share of ${directionLabel(g.pair.a, g.pair.b)} then ${directionLabel(g.pair.b, g.pair.a)}: ${listWords(values)}.`;
  });
  return `Stacked bar chart of each direction's share of two-way traffic. ${parts.join(' ')}`;
}
