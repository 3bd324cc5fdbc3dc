import type { TopLevelSpec } from 'vega-lite';
import type { Locale } from '../i18n/locale.js';
import { reasonWords } from '../i18n/reasons.js';
import { directionLabel, estimateWords, listWords, pairLabel, signedWords } from '../i18n/words.js';
import type { ChangeRow } from '../analysis/types.js';
import { composeChart, loc, panelHeading, panelTitle, severalSources } from './compose.js';
import { textWidth } from './font-metrics.js';
import { PairIndex } from './groups.js';
import { wrapText } from './labels.js';
import { leftOut, LIMITS, mostRecent, tablePanels } from './limits.js';
import { COLOURS, LAYOUT, OKABE_ITO, SIZES } from './theme.js';
import type { ChartContext, Panel } from './types.js';

const BAR_ROW = 30;
/** The changes drawn per pair and step: each direction, the total, and the ratio in the first-named direction. */
const SERIES_ORDER = ['forward', 'reverse', 'total', 'ratio'] as const;

interface Bar {
  series: string;
  axisLabel: string;
  step: string;
  pct: number | null;
  bound: string;
  label: string;
  values: string;
  sign: string;
  source: string;
  note: string;
  zero: number;
  tip: number | null;
  aria: string;
}

/**
 * Diverging bars around 0 of the percent change between consecutive single years
 * (`percent_change = (to / from − 1) × 100`), for each direction, the two-way total and the ratio
 * (first-named direction over the reverse), one panel per place pair and source. Each bar is labelled
 * with the change ("+5.4%", "−6.0%") and the axis label gives the two values ("761 → 802"). With one
 * step (2015 → 2016) bars are coloured by sign; with several, each series has one bar per step,
 * coloured by step. A bounded change gets a dashed arrow the way it may extend and "more than" or
 * "less than" in its label; a change that cannot be computed (a missing figure, a start of 0) shows
 * "n/a" and the reason below. Bounded (see `LIMITS`): the `LIMITS.pairs` place pairs with the most
 * travellers, the `LIMITS.steps` most recent steps of each; the subtitle says what was left out.
 * Returns `null` when no change can be drawn.
 * @example changesChart(changes(FIGURES), ctx).title.text // => "Change from 2015 to 2016" (bars +5.4%, −6.0%, +2.2%, +12.1%)
 */
export function changesChart(rows: readonly ChangeRow[], ctx: ChartContext): TopLevelSpec | null {
  const pairs = new PairIndex();
  for (const r of rows) pairs.pair(r.origin, r.destination);
  // The ratio is drawn in the pair's first-named direction only; its reverse is the same change mirrored.
  const shown = rows.filter((r) => r.series !== 'ratio' || pairs.isForward(r.origin, r.destination));
  if (!shown.some((r) => r.percent_change !== null)) return null;
  const l = loc(ctx);
  const reasonText = (reason: string | null) => (reason === null ? l.t('value.noFigure') : reasonWords(reason, l));
  const percentChangeLabel = (r: ChangeRow) =>
    signedWords({ value: r.percent_change, bound: r.bound ?? 'exact', strict: strictOf(r) }, 1, '%', l);

  // Bounded: the pairs with the most travellers, the most recent steps of each.
  const choice = tablePanels(shown, pairs, ctx.traffic, ctx.pairsInData?.changes);
  const groups = choice.shown.map((g) => ({ ...g, all: [...new Set(g.items.map(stepLabel))], items: recentSteps(g.items) }));
  const drawn = groups.flatMap((g) => g.items);
  const steps = [...new Set(drawn.map((r) => stepLabel(r)))];
  const oneStep = groups.every((g) => new Set(g.items.map(stepLabel)).size === 1);
  const notes = new Set<string>();
  if (drawn.some((r) => r.percent_change !== null && (r.bound === 'lower' || r.bound === 'upper'))) {
    notes.add(l.t('changes.noteBound'));
  }
  // One note per reason and pair, naming the steps it applies to.
  const naSteps = new Map<string, { pair: string; reason: string; steps: Set<string> }>();
  for (const r of drawn) {
    if (r.percent_change !== null || !r.reason) continue;
    const p = pairs.pair(r.origin, r.destination);
    const key = `${p.index}\u0000${r.reason}`;
    const entry = naSteps.get(key) ?? { pair: pairLabel(p.a, p.b), reason: r.reason, steps: new Set<string>() };
    entry.steps.add(stepLabel(r));
    naSteps.set(key, entry);
  }
  const manyPairs = pairs.size > 1;
  for (const { pair, reason, steps: st } of naSteps.values())
    notes.add(
      l.t('changes.noteNa', {
        pair: manyPairs ? `${pair}${l.t('describe.comma')}` : '',
        steps: listWords([...st], undefined, l),
        reason: reasonText(reason),
      }),
    );
  const withSource = severalSources(drawn.map((r) => r.source_id));
  const panels = groups.map((g) => panel(g.items, groups.length > 1 ? panelTitle(g, ctx, withSource) : null));
  const left = leftOut(
    choice,
    groups.map((g) => ({ items: [...new Set(g.items.map(stepLabel))], all: g.all })),
    LIMITS.steps,
    'steps',
    l,
  );
  const single = steps.length === 1 ? steps[0]! : null;
  return composeChart(
    {
      title: single
        ? l.t('changes.titleOne', { from: single.split(' \u2192 ')[0]!, to: single.split(' \u2192 ')[1]! })
        : l.t('changes.titleMany'),
      subtitle: [l.t('changes.subtitle'), ...(left ? wrapText(left, LAYOUT.width, SIZES.subtitle) : [])],
      description: `${describe(groups, pairs, l)}${left ? ` ${left}` : ''}`,
      panels,
      notes: [...notes],
      sourceIds: drawn.map((r) => r.source_id),
      resolve: { scale: { x: 'independent', y: 'independent', color: 'independent' }, legend: { color: 'independent' } },
    },
    ctx,
  );

  function panel(items: ChangeRow[], title: string | null): Panel {
    const width = LAYOUT.width;
    const panelSteps = [...new Set(items.map(stepLabel))];
    const sorted = [...items].sort((p, q) => seriesRank(p, pairs) - seriesRank(q, pairs));
    const bars: Bar[] = sorted.map((r) => {
      const name = seriesName(r, pairs, l);
      const values =
        r.series === 'ratio'
          ? `${num(r.from_value, 2, l)} \u2192 ${num(r.to_value, 2, l)}`
          : `${num(r.from_value, 0, l)} \u2192 ${num(r.to_value, 0, l)}`;
      const pct = r.percent_change;
      return {
        series: name,
        axisLabel: [...wrapText(name, LAYOUT.yLabelLimit, SIZES.axisLabel), ...(oneStep ? [values] : [])].join('\n'),
        step: stepLabel(r),
        pct,
        bound: r.bound ?? 'none',
        label: pct === null ? l.t('value.na') : percentChangeLabel(r),
        values,
        sign: pct === null ? 'none' : pct >= 0 ? 'increase' : 'decrease',
        source: r.source_id,
        note:
          pct === null
            ? r.reason === null
              ? ''
              : reasonWords(r.reason, l)
            : r.bound === 'lower'
              ? l.t('value.lowerBound')
              : r.bound === 'upper'
                ? l.t('value.upperBound')
                : r.bound === 'approximate'
                  ? l.t('value.approximate')
                  : l.t('value.exact'),
        zero: 0,
        tip: null,
        aria: l.t('changes.aria', {
          series: name,
          step: stepLabel(r),
          values,
          change: pct === null ? l.t('changes.notKnown', { reason: reasonText(r.reason) }) : percentChangeLabel(r),
        }),
      };
    });
    const seriesLabels = [...new Set(bars.map((b) => b.axisLabel))];
    const pcts = bars.flatMap((b) => (b.pct === null ? [] : [b.pct]));
    const span = Math.max(1, ...pcts.map(Math.abs));
    const arrowLength = span * 0.15;
    for (const b of bars)
      if (b.pct !== null && (b.bound === 'lower' || b.bound === 'upper'))
        b.tip = b.bound === 'lower' ? b.pct + arrowLength : b.pct - arrowLength;
    // Domain: both ends of every bar and arrow, plus room in pixels for the labels beyond them.
    const ends = bars.flatMap((b) => (b.pct === null ? [] : [b.pct, b.tip ?? b.pct]));
    const hi0 = Math.max(0, ...ends);
    const lo0 = Math.min(0, ...ends);
    const rightLabel =
      Math.max(0, ...bars.filter((b) => b.pct !== null && b.pct >= 0).map((b) => textWidth(b.label, SIZES.markLabel, true))) + 8;
    const leftLabel =
      Math.max(0, ...bars.filter((b) => b.pct !== null && b.pct < 0).map((b) => textWidth(b.label, SIZES.markLabel, true))) + 8;
    const naLabel = bars.some((b) => b.pct === null) ? textWidth(l.t('value.na'), SIZES.markLabel) + 8 : 0;
    const room = Math.min(width * 0.7, Math.max(rightLabel, naLabel) + leftLabel);
    const range = (hi0 - lo0 || 1) / (1 - room / width);
    const perPx = range / width;
    const domain = [lo0 - leftLabel * perPx, hi0 + Math.max(rightLabel, naLabel) * perPx];
    const x = (field: string) => ({
      field,
      type: 'quantitative' as const,
      title: l.t('changes.axis'),
      scale: { domain, nice: false, zero: true },
      axis: { format: ',.0f', labelExpr: "datum.value > 0 ? '+' + datum.label : datum.label", tickCount: 8, labelFlush: true },
    });
    const y = {
      field: 'axisLabel',
      type: 'nominal' as const,
      title: null,
      scale: { domain: seriesLabels, paddingInner: oneStep ? 0.4 : 0.25 },
      axis: { labelExpr: "split(datum.label, '\\n')", labelLimit: LAYOUT.yLabelLimit, labelPadding: 10, tickSize: 0 },
    };
    const colour = oneStep
      ? {
          field: 'sign',
          type: 'nominal' as const,
          scale: { domain: ['increase', 'decrease'], range: [COLOURS.increase, COLOURS.decrease] },
          legend: null,
        }
      : {
          field: 'step',
          type: 'ordinal' as const,
          title: l.t('axis.years'),
          scale: { domain: panelSteps, range: stepColours(panelSteps.length) },
          legend: { columns: Math.min(panelSteps.length, 4) },
        };
    const yOffset = oneStep ? {} : { yOffset: { field: 'step', type: 'ordinal' as const, scale: { domain: panelSteps } } };
    const tooltip = [
      { field: 'series', title: l.t('tip.series') },
      { field: 'step', title: l.t('tip.years') },
      { field: 'values', title: l.t('tip.values') },
      { field: 'label', title: l.t('tip.change') },
      { field: 'note', title: l.t('tip.note') },
      { field: 'source', title: l.t('tip.source') },
    ];
    const drawn = bars.filter((b) => b.pct !== null);
    const layers: Panel[] = [
      {
        data: { values: [{ zero: 0 }] },
        mark: { type: 'rule', color: '#333333', strokeWidth: 1, aria: false },
        encoding: { x: x('zero') },
      },
      {
        data: { values: drawn },
        mark: { type: 'bar' },
        encoding: { x: x('zero'), x2: { field: 'pct' }, y, ...yOffset, color: colour, description: { field: 'aria' }, tooltip },
      },
    ];
    const arrows = drawn
      .filter((b) => b.tip !== null)
      .map((b) => ({ ...b, shape: (b.tip ?? 0) > (b.pct ?? 0) ? 'triangle-right' : 'triangle-left' }));
    if (arrows.length > 0) {
      layers.push({
        data: { values: arrows },
        layer: [
          {
            mark: { type: 'rule', strokeDash: [5, 3], strokeWidth: 2, aria: false },
            encoding: { x: x('pct'), x2: { field: 'tip' }, y, ...yOffset, color: colour, tooltip },
          },
          {
            mark: { type: 'point', filled: true, size: 70, opacity: 1, aria: false },
            encoding: { x: x('tip'), y, ...yOffset, color: colour, shape: { field: 'shape', type: 'nominal', scale: null }, tooltip },
          },
        ],
      });
    }
    const labelled = drawn.map((b) => ({ ...b, at: b.tip ?? b.pct }));
    for (const [side, list] of [
      ['right', labelled.filter((b) => (b.pct ?? 0) >= 0)],
      ['left', labelled.filter((b) => (b.pct ?? 0) < 0)],
    ] as const) {
      if (list.length === 0) continue;
      layers.push({
        data: { values: list },
        mark: {
          type: 'text',
          align: side === 'right' ? 'left' : 'right',
          baseline: 'middle',
          dx: side === 'right' ? 5 : -5,
          fontSize: oneStep ? SIZES.markLabel : SIZES.note,
          fontWeight: 'bold',
          aria: false,
        },
        encoding: { x: x('at'), y, ...yOffset, text: { field: 'label' }, tooltip },
      });
    }
    const gaps = bars.filter((b) => b.pct === null);
    if (gaps.length > 0) {
      layers.push({
        data: { values: gaps },
        mark: {
          type: 'text',
          align: 'left',
          baseline: 'middle',
          dx: 5,
          fontSize: oneStep ? SIZES.markLabel : SIZES.note,
          color: COLOURS.muted,
        },
        encoding: { x: x('zero'), y, ...yOffset, text: { field: 'label' }, description: { field: 'aria' }, tooltip },
      });
    }
    const barsPerRow = oneStep ? 1 : panelSteps.length;
    const maxLines = Math.max(...seriesLabels.map((l) => l.split('\n').length));
    return {
      ...(title ? { title: panelHeading(title, width) } : {}),
      width,
      height:
        seriesLabels.length * Math.max(oneStep ? 46 : 0, barsPerRow * (oneStep ? BAR_ROW : 16) + 14, maxLines * SIZES.lineHeight + 14),
      layer: layers,
    } as Panel;
  }
}

/**
 * Whether a change's bound excludes the bound value itself (from an "over" figure), when the analysis says
 * so (`strict`, as the report tables read it); `ChangeRow` does not declare it yet.
 */
function strictOf(r: ChangeRow): boolean {
  return (r as ChangeRow & { strict?: boolean }).strict === true;
}

/** The rows of the `LIMITS.steps` most recent steps (by the year they end, then start), in the order given. */
function recentSteps(items: ChangeRow[]): ChangeRow[] {
  const steps = new Map<string, { from: number; to: number }>();
  for (const r of items) steps.set(stepLabel(r), { from: r.from_year, to: r.to_year });
  if (steps.size <= LIMITS.steps) return items;
  const keep = new Set(
    mostRecent(
      [...steps.keys()],
      LIMITS.steps,
      (s) => steps.get(s)!.from,
      (s) => steps.get(s)!.to,
    ),
  );
  return items.filter((r) => keep.has(stepLabel(r)));
}

function stepLabel(r: ChangeRow): string {
  return `${r.from_year} \u2192 ${r.to_year}`;
}

function num(v: number | null, digits: number, l: Locale): string {
  return v === null ? l.t('value.noFigure') : l.num(v, digits);
}

function seriesRank(r: ChangeRow, pairs: PairIndex): number {
  const kind = r.series === 'flow' ? (pairs.isForward(r.origin, r.destination) ? 'forward' : 'reverse') : r.series;
  return SERIES_ORDER.indexOf(kind);
}

function seriesName(r: ChangeRow, pairs: PairIndex, l: Locale): string {
  const p = pairs.pair(r.origin, r.destination);
  switch (r.series) {
    case 'total':
      return l.t('changes.total');
    case 'ratio':
      return l.t('changes.ratio', { direction: directionLabel(p.a, p.b) });
    default:
      return directionLabel(r.origin, r.destination);
  }
}

/** Okabe–Ito colours for a few steps; a light-to-dark ramp of blues beyond seven. */
function stepColours(n: number): string[] {
  if (n <= 7) return OKABE_ITO.slice(0, n).map(String);
  return Array.from({ length: n }, (_, i) => {
    const t = n === 1 ? 1 : i / (n - 1);
    const mix = (a: number, b: number) =>
      Math.round(a + (b - a) * t)
        .toString(16)
        .padStart(2, '0');
    return `#${mix(0x9e, 0x08)}${mix(0xca, 0x30)}${mix(0xe1, 0x6b)}`;
  });
}

function describe(groups: readonly { pair: { a: string; b: string }; items: ChangeRow[] }[], pairs: PairIndex, l: Locale): string {
  const parts = groups.map((g) => {
    const values = [...g.items]
      .sort((p, q) => p.from_year - q.from_year || seriesRank(p, pairs) - seriesRank(q, pairs))
      .map((r) =>
        l.t('changes.describeItem', {
          series: seriesName(r, pairs, l),
          from: String(r.from_year),
          to: String(r.to_year),
          value:
            r.percent_change === null
              ? l.t('describe.notKnownBecause', { reason: r.reason === null ? l.t('value.noFigure') : reasonWords(r.reason, l) })
              : l.t('changes.percent', {
                  // English words the change as it always has (`-6.0 percent`); other languages sign it as the
                  // chart's labels do (`−6,0 %`, `+5,4 %`).
                  n:
                    l.lang === 'en'
                      ? estimateWords({ value: r.percent_change, bound: r.bound, strict: strictOf(r) }, 1, '', l)
                      : signedWords({ value: r.percent_change, bound: r.bound, strict: strictOf(r) }, 1, '', l),
                }),
        }),
      );
    return l.t('describe.pair', { pair: pairLabel(g.pair.a, g.pair.b), list: listWords(values, undefined, l, 'describe.values') });
  });
  return l.t('changes.describe', { parts: parts.join(' ') });
}
