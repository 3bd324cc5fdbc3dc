import type { TopLevelSpec } from 'vega-lite';
import type { Visit } from '../dataset/types.js';
import type { Locale } from '../i18n/locale.js';
import { countWords, directionLabel, listWords, pairLabel, yearRange } from '../i18n/words.js';
import { annualFlowsData, type AnnualFlowsData } from './annual-flows-data.js';
import { composeChart, eventLabel, loc, panelHeading, panelTitle, severalSources, withHalo } from './compose.js';
import { textWidth } from './font-metrics.js';
import type { DirectionTotal } from './groups.js';
import { wrapText, SUBTITLE_MAX_WIDTH } from './labels.js';
import { LIMITS, shownSentence } from './limits.js';
import { COLOURS, SIZES } from './theme.js';
import type { ChartContext, Panel } from './types.js';

const PLOT_HEIGHT = 300;
/** Part of a year's band the bars of one year fill. */
const GROUP_WIDTH = 0.8;
/** Gap between the bars of one year, as a part of a year's band. */
const BAR_GAP = 0.03;
const EVENT_LABEL_ROW = 16;
const VALUE_LABEL_ROOM = 20;

/**
 * Grouped bars of the single-year figures: one group per year, one bar (and colour) per direction,
 * the number on each bar (with its qualifier: "over 1,200"), one panel per place pair and source.
 * The x axis is a year axis (year Y spans Y − 0.5 to Y + 0.5), so dated events are drawn where they
 * happened, as dashed rules with labels: events inside the years drawn, or up to one year beyond
 * them (the axis is extended to show them). Years on the axis without figures say "no figures".
 * Bounded (see `LIMITS`): the `LIMITS.years` most recent years of the data, the `LIMITS.pairs` place
 * pairs with the most travellers among those with figures in them, the `LIMITS.events` most recent
 * events; the subtitle and notes say what was left out.
 * Returns `null` when the data has no single-year figure.
 * @example annualFlowsChart(FIGURES, { sources: SOURCES, events: EVENTS }).title.text // => "Travellers each way, 2015–2016"
 */
export function annualFlowsChart(visits: readonly Visit[], ctx: ChartContext): TopLevelSpec | null {
  const data = annualFlowsData(visits, ctx);
  return data ? annualFlowsSpec(data, ctx) : null;
}

/** The spec of the yearly bars from their data (see `annualFlowsData`): panels, labels, notes and events. */
export function annualFlowsSpec(data: AnnualFlowsData, ctx: ChartContext): TopLevelSpec {
  const l = loc(ctx);
  const { groups, choice, span, cutoff, first, last, events, nearby, lo, hi, axisYears, width, pxPerYear } = data;
  const singles = groups.flatMap((g) => g.items);
  const withSource = severalSources(singles.map((t) => t.source_id));
  const panels = groups.map((g) => panel(g.items, g.pair.a, g.pair.b, groups.length > 1 ? panelTitle(g, ctx, withSource) : null));
  const sourceIds = [...singles.map((t) => t.source_id), ...events.map((e) => e.source_id)];

  const missing = groups.some((g) => missingSlots(g.items, g.pair.a, g.pair.b, l).length > 0);
  const notes = missing ? [l.t('annual.noteMissing')] : [];
  const bounded = singles.some((t) => t.qualifier === 'more_than' || t.qualifier === 'at_least');
  if (bounded) notes.unshift(l.t('annual.noteBound'));
  if (events.length < nearby.length)
    notes.push(l.t('annual.noteEvents', { shown: String(events.length), all: String(nearby.length), count: nearby.length }));

  const shownPairs = new Set(groups.map((g) => g.pair.index)).size;
  const subtitle = wrapText(
    groups.length === 1
      ? l.t('annual.subtitleOne', { a: groups[0]!.pair.a, b: groups[0]!.pair.b })
      : l.t('annual.subtitleMany', { n: String(shownPairs), count: shownPairs }),
    SUBTITLE_MAX_WIDTH,
    SIZES.subtitle,
  );
  const yearsCut =
    span.min < cutoff
      ? [
          l.t('annual.yearsCut', {
            n: String(LIMITS.years),
            count: LIMITS.years,
            from: String(cutoff),
            to: String(span.max),
            min: String(span.min),
          }),
        ]
      : [];
  const left = shownSentence(choice, yearsCut, l);
  if (left) subtitle.push(...wrapText(left, width, SIZES.subtitle));
  return composeChart(
    {
      title: l.t('annual.title', { years: yearRange(first, last, l), count: last - first + 1 }),
      subtitle,
      description: `${describe(groups, events, l)}${left ? ` ${left}` : ''}`,
      panels,
      notes,
      sourceIds,
      noteWidth: width,
      resolve: { scale: { x: 'independent', y: 'independent', color: 'independent' }, legend: { color: 'independent' } },
    },
    ctx,
  );

  function panel(items: DirectionTotal[], a: string, b: string, title: string | null): Panel {
    const directions = [directionLabel(a, b), directionLabel(b, a)];
    const barWidth = (GROUP_WIDTH / 2 - BAR_GAP) * pxPerYear;
    const bars = items.map((t) => {
      const slot = t.forward ? 0 : 1;
      const x0 = t.period_start - GROUP_WIDTH / 2 + slot * (GROUP_WIDTH / 2) + BAR_GAP / 2;
      const open = t.qualifier === 'more_than' || t.qualifier === 'at_least';
      return {
        x0,
        x1: x0 + GROUP_WIDTH / 2 - BAR_GAP,
        mid: x0 + (GROUP_WIDTH / 2 - BAR_GAP) / 2,
        year: String(t.period_start),
        count: t.count,
        label: countWords(t.count, t.qualifier, l),
        direction: directionLabel(t.origin, t.destination),
        travelers: t.travelers,
        qualifier: t.qualifier,
        open,
        source: t.source_id,
        aria: l.t('annual.barAria', {
          year: String(t.period_start),
          direction: directionLabel(t.origin, t.destination),
          count: countWords(t.count, t.qualifier, l),
          who: t.travelers,
        }),
      };
    });
    const maxCount = Math.max(1, ...bars.map((d) => d.count));
    const labelWidth = Math.max(...bars.map((d) => textWidth(d.label, SIZES.markLabel)));
    // Labels sit level above the bars when they fit the bar's width, else upright along it.
    const labelMode: 'level' | 'upright' | 'none' =
      labelWidth + 4 <= barWidth ? 'level' : barWidth >= SIZES.markLabel + 2 ? 'upright' : 'none';
    const labelRoom = labelMode === 'upright' ? labelWidth + 8 : VALUE_LABEL_ROOM;
    const eventRows = layoutEvents();
    const eventBand = eventRows.rows * EVENT_LABEL_ROW + (eventRows.rows > 0 ? 8 : 0);
    const openRoom = bars.some((d) => d.open) ? 0.12 : 0;
    // y domain: the tallest bar (and its arrow) plus room above it for its label and the event labels.
    const top = (maxCount * (1 + openRoom) * PLOT_HEIGHT) / Math.max(PLOT_HEIGHT * 0.4, PLOT_HEIGHT - eventBand - labelRoom);
    const x = (field: string) => ({
      field,
      type: 'quantitative' as const,
      title: l.t('axis.year'),
      scale: { domain: [lo, hi], nice: false, zero: false },
      axis: { values: [...axisYears], format: 'd', grid: false, labelFlush: false, tickSize: 0, labelPadding: 6 },
    });
    const y = {
      type: 'quantitative' as const,
      title: l.t('axis.travellers'),
      scale: { domain: [0, top], nice: false },
      axis: { format: ',d', tickCount: 6 },
    };
    const colour = {
      field: 'direction',
      type: 'nominal' as const,
      title: null,
      scale: { domain: directions, range: [COLOURS.forward, COLOURS.reverse] },
      legend: { columns: legendColumns(directions), labelLimit: width - 30 },
    };
    const tooltip = [
      { field: 'direction', title: l.t('tip.direction') },
      { field: 'year', title: l.t('tip.year') },
      { field: 'label', title: l.t('tip.travellers') },
      { field: 'travelers', title: l.t('tip.who') },
      { field: 'source', title: l.t('tip.source') },
    ];
    const layers: Panel[] = [];
    if (eventRows.placed.length > 0) {
      layers.push({
        data: { values: eventRows.placed },
        mark: { type: 'rule', strokeDash: [4, 3], color: COLOURS.annotation, strokeWidth: 1, aria: false },
        encoding: {
          x: x('pos'),
          y: { field: 'row', type: 'quantitative', scale: null },
          y2: { value: PLOT_HEIGHT },
          tooltip: [
            { field: 'label', title: l.t('tip.event') },
            { field: 'when', title: l.t('tip.date') },
          ],
        },
      });
    }
    layers.push({
      data: { values: bars },
      mark: { type: 'rect' },
      encoding: {
        x: x('x0'),
        x2: { field: 'x1' },
        y: { ...y, field: 'count' },
        y2: { datum: 0 },
        color: colour,
        fillOpacity: { condition: { test: 'datum.open', value: 0.55 }, value: 1 },
        description: { field: 'aria' },
        tooltip,
      },
    });
    const open = bars.filter((d) => d.open);
    if (open.length > 0) {
      const arrow = open.map((d) => ({ ...d, tip: d.count + maxCount * openRoom * 0.9 }));
      layers.push({
        data: { values: arrow },
        mark: { type: 'rule', strokeDash: [4, 3], strokeWidth: 2, aria: false },
        encoding: { x: x('mid'), y: { ...y, field: 'count' }, y2: { field: 'tip' }, color: colour, tooltip },
      });
      layers.push({
        data: { values: arrow },
        mark: { type: 'point', shape: 'triangle-up', filled: true, size: 70, aria: false },
        encoding: { x: x('mid'), y: { ...y, field: 'tip' }, color: colour, opacity: { value: 1 }, tooltip },
      });
    }
    if (labelMode !== 'none') {
      const mark =
        labelMode === 'level'
          ? { type: 'text' as const, baseline: 'bottom' as const, dy: -4 }
          : { type: 'text' as const, angle: 270, align: 'left' as const, baseline: 'middle' as const, dx: 5 };
      const values = bars.map((d) => ({ ...d, at: d.open ? d.count + maxCount * openRoom : d.count }));
      layers.push(
        ...withHalo({
          data: { values },
          mark: { ...mark, fontSize: SIZES.markLabel, aria: false },
          encoding: { x: x('mid'), y: { ...y, field: 'at' }, text: { field: 'label' }, tooltip },
        }),
      );
    }
    const gaps = missingSlots(items, a, b, l);
    if (gaps.length > 0) {
      layers.push(
        ...withHalo({
          data: { values: gaps },
          mark: {
            type: 'text',
            baseline: 'bottom',
            dy: -3,
            fontSize: SIZES.note,
            color: COLOURS.muted,
            ...(textWidth(l.t('value.na'), SIZES.note) + 4 > barWidth
              ? { angle: 270, align: 'left', baseline: 'middle', dx: 3, dy: 0 }
              : {}),
          },
          encoding: {
            x: x('mid'),
            y: { ...y, datum: 0 },
            text: { value: l.t('value.na') },
            description: { field: 'aria' },
            tooltip: [
              { field: 'direction', title: l.t('tip.direction') },
              { field: 'year', title: l.t('tip.year') },
              { field: 'why', title: l.t('tip.figure') },
            ],
          },
        }),
      );
    }
    const empty = axisYears
      .filter((yr) => !items.some((t) => t.period_start === yr))
      .map((yr) => ({ yr, year: String(yr), aria: l.t('annual.emptyAria', { year: String(yr) }) }));
    if (empty.length > 0) {
      const fits = textWidth(l.t('annual.noFigures'), SIZES.note) + 6 <= pxPerYear;
      layers.push(
        ...withHalo({
          data: { values: empty },
          mark: fits
            ? { type: 'text', baseline: 'bottom', dy: -3, fontSize: SIZES.note, fontStyle: 'italic', color: COLOURS.muted }
            : {
                type: 'text',
                angle: 270,
                align: 'left',
                baseline: 'middle',
                dx: 3,
                fontSize: SIZES.note,
                fontStyle: 'italic',
                color: COLOURS.muted,
              },
          encoding: {
            x: x('yr'),
            y: { ...y, datum: 0 },
            text: { value: l.t('annual.noFigures') },
            description: { field: 'aria' },
            tooltip: [{ field: 'year', title: l.t('tip.noFiguresFor') }],
          },
        }),
      );
    }
    for (const align of ['left', 'right'] as const) {
      const placed = eventRows.placed.filter((e) => e.align === align);
      if (placed.length === 0) continue;
      layers.push(
        ...withHalo({
          data: { values: placed },
          mark: { type: 'text', baseline: 'top', align, dx: align === 'left' ? 4 : -4, fontSize: SIZES.note, color: '#333333' },
          encoding: {
            x: x('pos'),
            y: { field: 'row', type: 'quantitative', scale: null },
            text: { field: 'text' },
            description: { field: 'aria' },
            tooltip: [
              { field: 'label', title: l.t('tip.event') },
              { field: 'when', title: l.t('tip.date') },
            ],
          },
        }),
      );
    }
    return {
      ...(title ? { title: panelHeading(title, width) } : {}),
      width,
      height: PLOT_HEIGHT,
      layer: layers,
    } as Panel;
  }

  /**
   * Event labels, one line each, to the right of their rule when that fits the plot, else to the left;
   * stacked in rows from the top so that no two labels overlap and no label crosses another event's
   * rule (a rule starts at its own label's row, so a label may pass above the start of a rule below it).
   */
  function layoutEvents(): {
    rows: number;
    placed: { pos: number; label: string; when: string; text: string; align: 'left' | 'right'; row: number; aria: string }[];
  } {
    const items = events.map((e) => {
      const text = l.t('event.text', { label: eventLabel(e, l), date: l.date(e.date, true) });
      const w = textWidth(text, SIZES.note);
      const px = (e.pos - lo) * pxPerYear;
      const spans = [
        { align: 'left' as const, from: px, to: px + 4 + w },
        { align: 'right' as const, from: px - 4 - w, to: px },
      ].filter((sp) => sp.from >= -20 && sp.to <= width + 20);
      return { e, text, px, spans: spans.length > 0 ? spans : [{ align: 'left' as const, from: px, to: px + 4 + w }] };
    });
    const crosses = (span: { from: number; to: number }, px: number) => px > span.from - 2 && px < span.to + 2;
    // A side whose label would run across other events' rules is tried last (longer Japanese or Russian
    // labels reach the next rule where the English ones did not fit that side at all).
    for (const it of items) {
      const across = (sp: { from: number; to: number }) => items.filter((o) => o !== it && crosses(sp, o.px)).length;
      it.spans.sort((x, y) => across(x) - across(y));
    }
    const order = [...items.keys()].sort(
      (i, j) =>
        items.filter((o) => o !== items[j]!).filter((o) => crosses(items[j]!.spans[0]!, o.px)).length -
          items.filter((o) => o !== items[i]!).filter((o) => crosses(items[i]!.spans[0]!, o.px)).length || i - j,
    );
    const chosen = new Map<number, { row: number; align: 'left' | 'right'; from: number; to: number }>();
    let rows = 0;
    for (const i of order) {
      const it = items[i]!;
      let pick: { row: number; align: 'left' | 'right'; from: number; to: number } | undefined;
      for (let row = 0; row <= rows && !pick; row++) {
        for (const sp of it.spans) {
          const ok = [...chosen].every(([j, c]) => {
            const other = items[j]!;
            if (c.row === row && !(sp.to + 6 < c.from || sp.from > c.to + 6)) return false; // labels overlap
            if (crosses(sp, other.px) && c.row <= row) return false; // this label would cross that rule
            if (crosses(c, it.px) && c.row >= row) return false; // that label would cross this rule
            return true;
          });
          if (ok) {
            pick = { row, ...sp };
            break;
          }
        }
      }
      pick ??= { row: rows, ...it.spans[0]! };
      rows = Math.max(rows, pick.row + 1);
      chosen.set(i, pick);
    }
    const placed = items.map((it, i) => {
      const c = chosen.get(i)!;
      return {
        pos: it.e.pos,
        label: eventLabel(it.e, l),
        when: l.date(it.e.date),
        text: it.text,
        align: c.align,
        row: 4 + c.row * EVENT_LABEL_ROW,
        aria: l.t('event.aria', { label: eventLabel(it.e, l), date: l.date(it.e.date) }),
      };
    });
    return { rows, placed };
  }

  function legendColumns(labels: readonly string[]): number {
    const total = labels.reduce((w, l) => w + textWidth(l, SIZES.legendLabel) + 40, 0);
    return total <= width ? labels.length : 1;
  }
}

/** Bar slots with no figure in a year where the other direction has one. */
function missingSlots(
  items: readonly DirectionTotal[],
  a: string,
  b: string,
  l: Locale,
): { mid: number; year: string; direction: string; why: string; aria: string }[] {
  const out: { mid: number; year: string; direction: string; why: string; aria: string }[] = [];
  const yearsSeen = [...new Set(items.map((t) => t.period_start))].sort((x, y) => x - y);
  for (const yr of yearsSeen) {
    for (const [slot, forward] of [
      [0, true],
      [1, false],
    ] as const) {
      if (items.some((t) => t.period_start === yr && t.forward === forward)) continue;
      const x0 = yr - GROUP_WIDTH / 2 + slot * (GROUP_WIDTH / 2) + BAR_GAP / 2;
      const direction = forward ? directionLabel(a, b) : directionLabel(b, a);
      out.push({
        mid: x0 + (GROUP_WIDTH / 2 - BAR_GAP) / 2,
        year: String(yr),
        direction,
        why: l.t('annual.notGiven'),
        aria: l.t('annual.gapAria', { year: String(yr), direction }),
      });
    }
  }
  return out;
}

function describe(
  groups: readonly { pair: { a: string; b: string }; items: DirectionTotal[] }[],
  events: readonly { id: string; label: string; date: string }[],
  l: Locale,
): string {
  const parts = groups.map((g) => {
    const byYear = [...new Set(g.items.map((t) => t.period_start))].sort((x, y) => x - y);
    const yearsText = byYear.map((yr) => {
      const cell = (forward: boolean) => {
        const t = g.items.find((i) => i.period_start === yr && i.forward === forward);
        return t ? countWords(t.count, t.qualifier, l) : l.t('value.noFigure');
      };
      return l.t('annual.describeYear', { year: String(yr), forward: cell(true), reverse: cell(false) });
    });
    return l.t('annual.describePair', {
      pair: pairLabel(g.pair.a, g.pair.b),
      forward: directionLabel(g.pair.a, g.pair.b),
      reverse: directionLabel(g.pair.b, g.pair.a),
      years: yearsText.join(l.t('describe.separator')),
    });
  });
  const list = listWords(
    events.map((e) => l.t('event.text', { label: eventLabel(e, l), date: l.date(e.date) })),
    undefined,
    l,
  );
  const ev = events.length > 0 ? l.t('annual.describeEvents', { list }) : '';
  return l.t('annual.describe', { parts: parts.join(' '), events: ev });
}
