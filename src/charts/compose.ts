import type { TopLevelSpec } from 'vega-lite';
import type { PlacePair } from './groups.js';
import { ENGLISH, type Locale } from '../i18n/locale.js';
import { pairLabel } from '../i18n/words.js';
import { wrapText } from './labels.js';
import { sourceLine, sourceName } from './source-line.js';
import { COLOURS, LAYOUT, SCHEMA_URL, SIZES, THEME } from './theme.js';
import type { ChartContext, Panel } from './types.js';

/** The parts every chart is made of. */
export interface ChartParts {
  title: string;
  subtitle: readonly string[];
  /** One or a few sentences for screen readers, with the key numbers. */
  description: string;
  /** The views, stacked top to bottom. */
  panels: readonly Panel[];
  /** Explanations printed under the panels (bound markers, missing values), before the source line. */
  notes?: readonly string[];
  /** Ids of the sources of everything drawn, in order of appearance. */
  sourceIds: readonly string[];
  /** Width the notes wrap at, in pixels (default: a panel's default width). */
  noteWidth?: number;
  /** Scales and legends of the panels: shared unless set. */
  resolve?: Extract<TopLevelSpec, { vconcat: unknown }>['resolve'];
}

/**
 * A stand-alone chart spec: title and subtitle, the panels stacked vertically, then the notes and
 * the source line (as a text view, so they sit under everything and wrap), the shared theme.
 */
export function composeChart(parts: ChartParts, ctx: ChartContext): TopLevelSpec {
  const source = sourceLine(parts.sourceIds, ctx.sources, undefined, loc(ctx));
  const lines = [
    ...(parts.notes ?? []).flatMap((n) => wrapText(n, parts.noteWidth ?? LAYOUT.width, SIZES.note)),
    ...wrapText(source, parts.noteWidth ?? LAYOUT.width, SIZES.note),
  ];
  const footer: Panel = {
    width: 10,
    height: Math.max(1, lines.length * SIZES.lineHeight - 4),
    data: { values: [{}] },
    mark: {
      type: 'text',
      text: lines,
      align: 'left',
      baseline: 'top',
      fontSize: SIZES.note,
      lineHeight: SIZES.lineHeight,
      color: COLOURS.muted,
      tooltip: null,
      aria: false,
    },
    encoding: { x: { value: 0 }, y: { value: 0 } },
  };
  return {
    $schema: SCHEMA_URL,
    title: parts.subtitle.length > 0 ? { text: parts.title, subtitle: [...parts.subtitle] } : { text: parts.title },
    // The source goes into the description too: a screen reader reads the SVG's <desc>, not its footer.
    // A source line that ends with an abbreviation ("29 июля 2021 г.") takes no second full stop.
    description: source
      ? loc(ctx).t('chart.describeWithSource', { description: parts.description, source }).replace(/\.\.$/, '.')
      : parts.description,
    config: THEME,
    // The language travels with the spec, so the renderer sets xml:lang and the number locale (English: none, as before).
    ...(loc(ctx).lang === 'en' ? {} : { usermeta: { lang: loc(ctx).lang } }),
    vconcat: [...parts.panels, footer],
    ...(parts.resolve ? { resolve: parts.resolve } : {}),
  };
}

/** A panel's title: the place pair, and the source when the chart draws from several sources. */
export function panelTitle(g: { pair: PlacePair; source_id: string }, ctx: ChartContext, withSource: boolean): string {
  const pair = pairLabel(g.pair.a, g.pair.b);
  return withSource ? `${pair} (${sourceName(g.source_id, ctx.sources, loc(ctx))})` : pair;
}

/** The locale a chart is worded in: the context's, or English with the source's naming. */
export function loc(ctx: ChartContext): Locale {
  return ctx.locale ?? ENGLISH;
}

/** Whether a chart's panels come from more than one source, so each panel names its own. */
export function severalSources(ids: Iterable<string>): boolean {
  return new Set(ids).size > 1;
}

/**
 * A panel's heading, wrapped to the panel's width and aligned with its plot area
 * (`frame: 'group'`, so headings line up whatever the width of the axis labels).
 */
export function panelHeading(text: string, width: number, subtitle?: string): Record<string, unknown> {
  return {
    text: wrapText(text, width, SIZES.panelTitle, true),
    ...(subtitle
      ? {
          subtitle: wrapText(subtitle, width, SIZES.note + 1),
          subtitleFontSize: SIZES.note + 1,
          subtitleColor: COLOURS.muted,
          subtitlePadding: 3,
        }
      : {}),
    fontSize: SIZES.panelTitle,
    anchor: 'start',
    frame: 'group',
    offset: 10,
  };
}

/**
 * A text layer drawn twice: first as a white halo (a white outline, no tooltip, hidden from screen
 * readers), then as itself, so a label stays readable where a rule or grid line passes under it.
 */
export function withHalo(layer: UnitLayer): Panel[] {
  const { tooltip: _tooltip, ...encoding } = layer.encoding ?? {};
  const { color: _color, ...mark } = (typeof layer.mark === 'string' ? { type: layer.mark } : layer.mark) as Record<string, unknown>;
  const halo = {
    ...layer,
    mark: { ...mark, stroke: 'white', strokeWidth: 4, strokeJoin: 'round', strokeOpacity: 1, fill: 'white', aria: false, tooltip: null },
    encoding,
  };
  return [halo as unknown as Panel, layer];
}

/** A single-mark view (no layers), as used inside a panel's layers. */
export type UnitLayer = Extract<Panel, { mark: unknown }>;

export { eventLabel } from '../i18n/words.js';
