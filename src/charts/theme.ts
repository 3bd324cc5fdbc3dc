import type { Config } from 'vega-lite';

/** The Vega-Lite JSON schema every chart spec names. */
export const SCHEMA_URL = 'https://vega.github.io/schema/vega-lite/v6.json';

/** The one font of every chart: the PNGs are drawn with it, and text is measured with it. */
export const FONT = 'DejaVu Sans';

/**
 * The Okabe–Ito palette (Okabe & Ito 2008, "Color Universal Design"): eight colours that stay
 * distinct for the common forms of colour blindness. Order: blue, orange, bluish green, vermillion,
 * sky blue, reddish purple, yellow, black.
 */
export const OKABE_ITO = ['#0072B2', '#E69F00', '#009E73', '#D55E00', '#56B4E9', '#CC79A7', '#F0E442', '#000000'] as const;

/** Colours with fixed meanings. */
export const COLOURS = {
  /** The pair's first-named direction (Japan → South Kuril Islands in the embedded data). */
  forward: OKABE_ITO[0],
  /** The reverse direction. */
  reverse: OKABE_ITO[1],
  increase: OKABE_ITO[2],
  decrease: OKABE_ITO[3],
  /** Annotations: event rules, reference lines, "n/a" notes. */
  annotation: '#666666',
  text: '#222222',
  muted: '#555555',
  grid: '#e4e4e4',
} as const;

/** Font sizes in pixels; builders use them to measure their labels. */
export const SIZES = {
  title: 17,
  subtitle: 12,
  panelTitle: 13,
  axisTitle: 12,
  axisLabel: 11,
  legendLabel: 11,
  markLabel: 11,
  note: 10,
  /** Line height of multi-line axis labels and notes. */
  lineHeight: 14,
} as const;

/** Plot-area sizes in pixels. */
export const LAYOUT = {
  /** Default width of a panel's plot area. */
  width: 560,
  minWidth: 460,
  maxWidth: 960,
  /** Room kept for the longest y-axis label before it is truncated with an ellipsis. */
  yLabelLimit: 260,
  /** Room kept for a legend label before truncation. */
  legendLabelLimit: 420,
} as const;

/**
 * The shared theme: one font everywhere, the Okabe–Ito palette, light grid, left-aligned titles,
 * generous label limits (DejaVu Sans is a wide face) and a white background for PNGs.
 */
export const THEME: Config = {
  font: FONT,
  background: 'white',
  padding: 16,
  autosize: { type: 'pad' },
  view: { stroke: null },
  title: {
    anchor: 'start',
    fontSize: SIZES.title,
    fontWeight: 'bold',
    color: COLOURS.text,
    subtitleFontSize: SIZES.subtitle,
    subtitleColor: '#444444',
    subtitlePadding: 6,
    subtitleLineHeight: 16,
    offset: 14,
  },
  axis: {
    labelFontSize: SIZES.axisLabel,
    labelColor: '#333333',
    labelLimit: LAYOUT.yLabelLimit,
    labelLineHeight: SIZES.lineHeight,
    titleFontSize: SIZES.axisTitle,
    titleFontWeight: 'normal',
    titleColor: '#333333',
    titlePadding: 10,
    gridColor: COLOURS.grid,
    domainColor: '#888888',
    tickColor: '#888888',
  },
  legend: {
    orient: 'top',
    labelFontSize: SIZES.legendLabel,
    labelLimit: LAYOUT.legendLabelLimit,
    labelColor: '#333333',
    titleFontSize: SIZES.legendLabel,
    titleFontWeight: 'normal',
    symbolType: 'square',
    symbolSize: 120,
    columnPadding: 18,
    rowPadding: 6,
  },
  text: { font: FONT, fontSize: SIZES.markLabel, color: COLOURS.text },
  range: { category: [...OKABE_ITO] },
  concat: { spacing: 26 },
};
