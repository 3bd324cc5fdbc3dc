import { formatCount, periodLabel } from '../analysis/format.js';
import type { ChangeRow, CumulativeRow, RatioRow, ShareRow } from '../analysis/types.js';
import { dateWords, directionLabel, pairLabel } from '../charts/labels.js';
import type { ExchangeEvent, Source, Visit } from '../dataset/types.js';
import { fontFaceCss } from '../charts/font-face.js';
import { vegaScripts, type InlineScript } from './assets.js';
import { changeText, changeValueText, cumulativeText, percentChangeText, ratioText, shareText } from './cells.js';
import { CLIENT_SCRIPT } from './client.js';
import { contentSecurityPolicy } from './csp.js';
import { escapeHtml, jsonForScript } from './escape.js';
import { REPORT_CSS } from './style.js';
import { agreeSentences } from './agree.js';
import type { Reconciliation } from '../analysis/reconcile.js';
import { agreeText } from '../messages.js';

/** A link to a file of the output folder; `href` is relative to the report. */
export interface ReportLink {
  readonly href: string;
  readonly label: string;
  readonly description?: string;
}

/** A chart as the report shows it: a static SVG (read with JavaScript off) and its Vega-Lite spec (interactive). */
export interface ReportChart {
  readonly name: string;
  readonly title: string;
  readonly description: string;
  /** SVG markup from `renderSvg`: text already XML-escaped. */
  readonly svg: string;
  /** The Vega-Lite spec vega-embed draws with JavaScript on. */
  readonly spec: unknown;
  /** The chart's files in the folder (spec, SVG, PNG). */
  readonly files: readonly ReportLink[];
}

/** Everything the report shows. */
export interface ReportInput {
  readonly visits: readonly Visit[];
  readonly sources: readonly Source[];
  readonly events: readonly ExchangeEvent[];
  readonly ratios: readonly RatioRow[];
  readonly shares: readonly ShareRow[];
  readonly changes: readonly ChangeRow[];
  readonly cumulative: readonly CumulativeRow[];
  /** End year used for open-ended figures, and whether the user set it (`--end-year`). */
  readonly endYear: { readonly used: number | null; readonly given: boolean };
  readonly charts: readonly ReportChart[];
  readonly skippedCharts: readonly { readonly name: string; readonly reason: string }[];
  /** Files of the output folder to link, in the order listed. */
  readonly files: readonly ReportLink[];
  /** Name of the input file as the user gave it (base name), or `null` for the embedded dataset. */
  readonly inputName: string | null;
  /** Versions shown in the footer: the tool and the inlined libraries. */
  readonly versions: Readonly<Record<string, string>>;
  /** Whether to inline vega and vega-embed for interactive charts (default true). */
  readonly interactive?: boolean;
  /** All sources' figures reconciled (`reconcile`), for the section "Do the sources agree?". */
  readonly reconciliation?: Reconciliation;
}

/** Rows shown per table; longer tables point to their CSV file. */
export const MAX_TABLE_ROWS = 500;

type Cell = { readonly html: string; readonly numeric?: boolean };
const text = (s: string): Cell => ({ html: escapeHtml(s) });
const num = (s: string): Cell => ({ html: escapeHtml(s), numeric: true });

function table(
  id: string,
  caption: string,
  headers: readonly string[],
  rows: readonly (readonly Cell[])[],
  note: string,
  csv?: string,
): string {
  const shown = rows.slice(0, MAX_TABLE_ROWS);
  const more = rows.length - shown.length;
  const body = shown.map((r) => `<tr>${r.map((c) => `<td${c.numeric ? ' class="num"' : ''}>${c.html}</td>`).join('')}</tr>`).join('\n');
  const moreNote =
    more > 0
      ? `<p class="note">${escapeHtml(`${more} more row${more === 1 ? '' : 's'} in `)}${csv ? link(csv, csv) : 'the CSV file'}.</p>`
      : '';
  const empty = rows.length === 0 ? `<p class="note">${escapeHtml('No rows: the data has nothing to compute this from.')}</p>` : '';
  return [
    `<div class="table-wrap" id="${escapeHtml(id)}">`,
    `<table>`,
    `<caption>${escapeHtml(caption)}</caption>`,
    `<thead><tr>${headers.map((h, i) => `<th scope="col"${shown.length > 0 && shown.every((r) => r[i]?.numeric) ? ' class="num"' : ''}>${escapeHtml(h)}</th>`).join('')}</tr></thead>`,
    `<tbody>\n${body}\n</tbody>`,
    `</table>`,
    `</div>`,
    empty,
    moreNote,
    note ? `<p class="note">${note}</p>` : '',
  ]
    .filter(Boolean)
    .join('\n');
}

function link(href: string, label: string): string {
  return `<a href="${escapeHtml(href)}">${escapeHtml(label)}</a>`;
}

function fileLinks(files: readonly ReportLink[], wanted: readonly string[]): string {
  const found = files.filter((f) => wanted.includes(f.href));
  return found.length === 0 ? '' : ` Files: ${found.map((f) => link(f.href, f.label)).join(', ')}.`;
}

/** Pairs of places in order of first appearance, as `a ↔ b`. */
function pairNames(visits: readonly Visit[]): string[] {
  const seen = new Set<string>();
  const names: string[] = [];
  for (const v of visits) {
    const [a, b] = v.origin < v.destination ? [v.origin, v.destination] : [v.destination, v.origin];
    const key = `${a}\u0000${b}`;
    if (seen.has(key)) continue;
    seen.add(key);
    names.push(pairLabel(v.origin, v.destination));
  }
  return names;
}

function figuresSection(input: ReportInput): string {
  const bySource = new Map(input.sources.map((s) => [s.id, s]));
  const rows = input.visits.map((v) => [
    text(directionLabel(v.origin, v.destination)),
    text(v.travelers),
    text(periodLabel(v.period_start, v.period_end)),
    num(formatCount(v.count, v.qualifier)),
    { html: v.quote ? `<q>${escapeHtml(v.quote)}</q>` : '<span class="muted">(no quote)</span>' },
    text(bySource.get(v.source_id)?.publisher ?? v.source_id),
  ]);
  return [
    '<section id="figures" aria-labelledby="figures-h">',
    '<h2 id="figures-h">Figures</h2>',
    `<p>${escapeHtml(`Each figure as the source states it, with the sentence it comes from. "over" marks a lower bound: the source says only that the true number is larger.`)}</p>`,
    table(
      'figures-table',
      'Reported figures',
      ['Direction', 'Travellers', 'Period', 'People', 'Quote', 'Source'],
      rows,
      '',
      'data/exchange-visits.csv',
    ),
    sourcesList(input.sources),
    '</section>',
  ].join('\n');
}

function sourcesList(sources: readonly Source[]): string {
  if (sources.length === 0) return `<p class="note">${escapeHtml('No sources file was given, so sources are named by their id only.')}</p>`;
  const items = sources.map((s) => {
    const when = s.published ? `, ${dateWords(s.published.slice(0, 10))} (${s.published})` : '';
    const where = s.dateline ? `, ${s.dateline}` : '';
    const doc = s.document ? ` Stored copy: ${s.document}.` : '';
    return `<li><strong>${escapeHtml(s.publisher)}</strong>${escapeHtml(`${where}${when}. Id: ${s.id}.${doc}`)}${s.note ? `<br><span class="note">${escapeHtml(s.note)}</span>` : ''}</li>`;
  });
  return `<h3>Sources</h3>\n<ul class="sources">\n${items.join('\n')}\n</ul>`;
}

function chartFigure(c: ReportChart): string {
  const id = `chart-${c.name}`;
  return [
    `<figure class="chart" id="${escapeHtml(id)}">`,
    `<div class="chart-static">${scopeSvgIds(c.svg, id)}</div>`,
    `<div class="chart-view"></div>`,
    `<figcaption>${escapeHtml(c.description || c.title)}${c.files.length ? ` Files: ${c.files.map((f) => link(f.href, f.label)).join(', ')}.` : ''}</figcaption>`,
    `<script type="application/json" class="chart-spec">${jsonForScript(c.spec)}</script>`,
    '</figure>',
  ].join('\n');
}

/**
 * Prefixes the ids an SVG defines (clip paths, gradients) and every reference to them with the chart's
 * id: each SVG numbers its definitions from 1, and in one HTML page `url(#clip1)` would otherwise find
 * the first chart's clip path. Only markup changes: text and text-bearing attributes (`aria-label`,
 * `<title>`, labels) that happen to read `url(#clip1)` or ` id="x"` are data and stay as they are.
 */
export function scopeSvgIds(svg: string, prefix: string): string {
  const defined = new Set<string>();
  for (const tag of svg.match(SVG_TAG) ?? []) {
    for (const m of tag.matchAll(SVG_ATTR)) if (m[2] === 'id') defined.add(m[3]!);
  }
  const scoped = (id: string): string => (defined.has(id) ? `${prefix}-${id}` : id);
  return svg.replace(SVG_TAG, (tag) =>
    tag.replace(SVG_ATTR, (all, space: string, name: string, value: string) => {
      if (name === 'id') return `${space}id="${prefix}-${value}"`;
      if ((name === 'href' || name === 'xlink:href') && value.startsWith('#')) return `${space}${name}="#${scoped(value.slice(1))}"`;
      if (URL_ATTRIBUTES.has(name))
        return `${space}${name}="${value.replace(/url\(#([^)]*)\)/g, (_u, id: string) => `url(#${scoped(id)})`)}"`;
      return all;
    }),
  );
}

// A start or end tag: `<` up to the first `>` outside a quoted attribute value. SVG text is XML-escaped
// (no raw `<` in it), so every match is markup; attribute values are always double-quoted.
const SVG_TAG = /<[^<>"]*(?:"[^"]*"[^<>"]*)*>/g;
const SVG_ATTR = /(\s)([^\s="<>/]+)="([^"]*)"/g;
/** Presentation attributes whose value may refer to a definition as `url(#id)`. */
const URL_ATTRIBUTES = new Set(['clip-path', 'fill', 'stroke', 'mask', 'filter', 'marker-start', 'marker-mid', 'marker-end', 'style']);

function chartsSection(input: ReportInput): string {
  if (input.charts.length === 0 && input.skippedCharts.length === 0) return '';
  const skipped = input.skippedCharts.map((s) => `<li>${escapeHtml(`${s.name}: ${s.reason}`)}</li>`);
  return [
    '<section id="charts" aria-labelledby="charts-h">',
    '<h2 id="charts-h">Charts</h2>',
    input.charts.length > 0
      ? `<p>${escapeHtml('With JavaScript on, the charts are drawn again by vega-embed (inlined in this file) and show a tooltip over each mark; with it off, the same charts show as pictures.')}</p>`
      : '',
    ...input.charts.map(chartFigure),
    skipped.length ? `<p>${escapeHtml('Charts left out:')}</p>\n<ul>\n${skipped.join('\n')}\n</ul>` : '',
    '</section>',
  ]
    .filter(Boolean)
    .join('\n');
}

const STAR_NOTE = escapeHtml(
  '* The change is a bound or approximate, so the values it is computed from are too (for instance a cumulative figure stated as "over"); see the figures above.',
);

function tablesSection(input: ReportInput): string {
  const place = (r: { origin: string; destination: string }) => text(directionLabel(r.origin, r.destination));
  const period = (r: { period_start: number; period_end: number | null }) => text(periodLabel(r.period_start, r.period_end));
  const reason = (r: { reason: string | null }) => ({ html: r.reason ? `<span class="reason">${escapeHtml(r.reason)}</span>` : '' });
  const publishers = new Map(input.sources.map((s) => [s.id, s.publisher]));
  const source = (r: { source_id: string }) => text(publishers.get(r.source_id) ?? r.source_id);
  const ratios = table(
    'ratios-table',
    'Ratios: travellers one way per traveller the other way',
    ['Direction', 'Period', 'Ratio', 'Source', 'Note'],
    input.ratios.map((r) => [place(r), period(r), num(ratioText(r)), source(r), reason(r)]),
    escapeHtml('ratio = flow origin→destination / flow destination→origin, same period and source.') +
      fileLinks(input.files, ['tables/ratios.csv', 'tables/ratios.json']),
    'tables/ratios.csv',
  );
  const shares = table(
    'shares-table',
    'Shares of the two-way total',
    ['Direction', 'Period', 'Share', 'Source', 'Note'],
    input.shares.map((r) => [place(r), period(r), num(shareText(r)), source(r), reason(r)]),
    escapeHtml('share = flow origin→destination / (both flows added).') +
      fileLinks(input.files, ['tables/shares.csv', 'tables/shares.json']),
    'tables/shares.csv',
  );
  const changes = table(
    'changes-table',
    'Year-over-year changes',
    ['Series', 'Direction', 'From', 'To', 'Value then', 'Value after', 'Change', 'Percent change', 'Note'],
    input.changes.map((r) => [
      text(r.series),
      place(r),
      num(String(r.from_year)),
      num(String(r.to_year)),
      num(changeValueText(r, r.from_value)),
      num(changeValueText(r, r.to_value)),
      num(changeText(r)),
      num(percentChangeText(r)),
      reason(r),
    ]),
    escapeHtml(
      'change = value after − value then; percent change = (value after / value then − 1) × 100. "total" adds both directions; "ratio" is one direction over the other.',
    ) +
      (input.changes.some((r) => r.bound !== 'exact') ? ` ${STAR_NOTE}` : '') +
      fileLinks(input.files, ['tables/changes.csv', 'tables/changes.json']),
    'tables/changes.csv',
  );
  const cumulative = table(
    'cumulative-table',
    'Cumulative figures in context',
    ['Direction', 'Period', 'Measure', 'Counted to', 'Value', 'Base end year', 'Note'],
    input.cumulative.map((r) => [
      place(r),
      period(r),
      text(
        r.measure === 'average_per_year'
          ? `average per year over ${r.years ?? '?'} years`
          : r.measure === 'average_per_year_range'
            ? 'average per year, over every year the period may end in'
            : `share of the cumulative figure in ${r.year ?? '?'}`,
      ),
      num(r.end_year === null ? '' : String(r.end_year)),
      num(cumulativeText(r)),
      text(r.base ? 'yes' : 'no'),
      reason(r),
    ]),
    escapeHtml('average per year = cumulative figure / years counted; share = single-year figure / cumulative figure.') +
      fileLinks(input.files, ['tables/cumulative.csv', 'tables/cumulative.json']),
    'tables/cumulative.csv',
  );
  return [
    '<section id="tables" aria-labelledby="tables-h">',
    '<h2 id="tables-h">Derived tables</h2>',
    `<p>${escapeHtml('Numbers computed from a bound are bounds, and are worded so: "more than 2.10" means the value is above 2.10, never that it is 2.10. Lower bounds are rounded down and upper bounds up, so the words stay true.')}</p>`,
    '<h3>Ratios</h3>',
    ratios,
    '<h3>Shares</h3>',
    shares,
    '<h3>Changes</h3>',
    changes,
    '<h3>Cumulative</h3>',
    cumulative,
    '</section>',
  ].join('\n');
}

/** "Do the sources agree?": computed sentences from the reconciliation tables, and the implied intervals. */
function agreeSection(input: ReportInput): string {
  const r = input.reconciliation;
  if (!r) return '';
  const s = agreeSentences(r, input.visits, input.sources);
  const list = (items: readonly string[]): string =>
    items.length === 0 ? '' : `<ul>\n${items.map((i) => `<li>${escapeHtml(i)}</li>`).join('\n')}\n</ul>`;
  const implied = table(
    'implied-table',
    agreeText.impliedHeading(),
    ['Direction', 'Who', 'Period', 'Less the years', 'People', 'Set by'],
    r.implied.map((x) => [
      text(directionLabel(x.origin, x.destination)),
      text(x.travelers),
      text(x.period_end === null ? `${x.period_start} to the unknown end` : periodLabel(x.period_start, x.period_end)),
      text(x.excluded_years),
      num(agreeText.amount(x.lower, x.upper)),
      text(x.basis),
    ]),
    fileLinks(input.files, ['tables/consistency.csv', 'tables/consistency.json', 'tables/implied.csv', 'tables/implied.json']),
    'tables/implied.csv',
  );
  return [
    '<section id="agree" aria-labelledby="agree-h">',
    `<h2 id="agree-h">${escapeHtml(agreeText.heading())}</h2>`,
    `<p>${escapeHtml(agreeText.intro())}</p>`,
    ...s.summary.map((x) => `<p>${escapeHtml(x)}</p>`),
    list(s.figures),
    list(s.implied),
    s.assumption ? `<p class="note">${escapeHtml(s.assumption)}</p>` : '',
    implied,
    '</section>',
  ]
    .filter(Boolean)
    .join('\n');
}

function eventsSection(events: readonly ExchangeEvent[]): string {
  if (events.length === 0) return '';
  const items = events.map(
    (e) =>
      `<li><strong>${escapeHtml(dateWords(e.date))}</strong>: ${escapeHtml(e.label)}${e.quote ? `<br><q>${escapeHtml(e.quote)}</q>` : ''}</li>`,
  );
  return [
    '<section id="events" aria-labelledby="events-h">',
    '<h2 id="events-h">Events</h2>',
    '<ul class="events">',
    ...items,
    '</ul>',
    '</section>',
  ].join('\n');
}

function assumptionsSection(input: ReportInput): string {
  const { used, given } = input.endYear;
  const open = input.visits.some((v) => v.period_end === null);
  const endYear =
    used === null
      ? 'There is no single-year figure to take an end year from, so open-ended ("since") figures are not averaged; set one with --end-year.'
      : `Open-ended figures ("since 1992") are assumed to run to the end of ${used} (${given ? 'set with --end-year' : 'the latest single year in the data; change it with --end-year'}). The cumulative table also shows the three end years after it, to show how much the assumption matters.`;
  const ranges = input.reconciliation ? agreeSentences(input.reconciliation, input.visits, input.sources).assumption : '';
  const items = [
    open || used !== null ? endYear : '',
    ranges,
    'Qualifiers carry through every computation by interval arithmetic: "over N" (more_than) and "at least N" (at_least) are lower bounds, "about N" (approximately) is approximate. A bound divided by an exact number stays a bound of the same kind; an exact number divided by a lower bound becomes an upper bound. A result that both bounds would leave open is not given, and the note says why.',
    'Division by zero and missing figures give an empty value with a reason, never infinity or "NaN".',
    'Ratios, shares and changes compare figures for the same period from the same source only.',
    "In the CSV files, a text cell that begins with =, +, -, @, a tab or their full-width forms starts with an apostrophe, so spreadsheets do not run it as a formula; this package's readers remove it again.",
  ].filter(Boolean);
  return [
    '<section id="assumptions" aria-labelledby="assumptions-h">',
    '<h2 id="assumptions-h">Assumptions</h2>',
    '<ul>',
    ...items.map((i) => `<li>${escapeHtml(i)}</li>`),
    '</ul>',
    '</section>',
  ].join('\n');
}

const FOLDER_NOTES: Record<string, string> = {
  '': 'Top level',
  data: 'data/: the validated input',
  tables: 'tables/: the analyses',
  charts: 'charts/: each chart as a Vega-Lite spec, SVG and PNG',
  notebooks: 'notebooks/: executed notebooks',
};

function filesSection(files: readonly ReportLink[]): string {
  if (files.length === 0) return '';
  const groups = new Map<string, ReportLink[]>();
  for (const f of files) {
    const slash = f.href.indexOf('/');
    const folder = slash < 0 ? '' : f.href.slice(0, slash);
    groups.set(folder, [...(groups.get(folder) ?? []), f]);
  }
  const order = ['', 'data', 'tables', 'charts', 'notebooks'];
  const folders = [...groups.keys()].sort((a, b) => (order.indexOf(a) + 1 || 99) - (order.indexOf(b) + 1 || 99) || (a < b ? -1 : 1));
  const blocks = folders.map((folder) => {
    const items = groups
      .get(folder)!
      .map((f) => `<li>${link(f.href, f.label)}${f.description ? ` <span class="muted">${escapeHtml(f.description)}</span>` : ''}</li>`);
    return `<h3>${escapeHtml(FOLDER_NOTES[folder] ?? `${folder}/`)}</h3>\n<ul class="files">\n${items.join('\n')}\n</ul>`;
  });
  return [
    '<section id="files" aria-labelledby="files-h">',
    '<h2 id="files-h">Files in this folder</h2>',
    `<p>${escapeHtml('Links are relative: they work while this report stays in its folder. datapackage.json describes every CSV (column types, units, what the bound columns mean), so pandas, R and frictionless read them with the right types.')}</p>`,
    ...blocks,
    '</section>',
  ].join('\n');
}

/**
 * The report: one self-contained HTML file that loads nothing (a Content-Security-Policy forbids every
 * fetch), with the figures and their quotes, the derived tables worded with their bounds, each chart as
 * inline SVG and, with JavaScript on, drawn again by vega-embed for tooltips (vega, vega-lite,
 * vega-embed and vega-interpreter inlined; no `eval`). Deterministic: no dates or paths in it.
 */
export function renderReport(input: ReportInput): string {
  const pairs = pairNames(input.visits);
  const title =
    pairs.length === 0
      ? 'Exchange report'
      : `Exchange report: ${pairs.length > 3 ? `${pairs.slice(0, 3).join(', ')} and ${pairs.length - 3} more` : pairs.join(', ')}`;
  const scripts: InlineScript[] =
    input.interactive === false || input.charts.length === 0 ? [] : [...vegaScripts(), { name: 'report', text: CLIENT_SCRIPT }];
  const intro = input.inputName === null ? 'the embedded dataset' : input.inputName;
  const nav = [
    ['figures', 'Figures'],
    ['charts', 'Charts'],
    ['tables', 'Derived tables'],
    ['agree', agreeText.heading()],
    ['events', 'Events'],
    ['assumptions', 'Assumptions'],
    ['files', 'Files'],
  ]
    .filter(([id]) => id !== 'charts' || input.charts.length + input.skippedCharts.length > 0)
    .filter(([id]) => id !== 'events' || input.events.length > 0)
    .filter(([id]) => id !== 'agree' || input.reconciliation !== undefined)
    .filter(([id]) => id !== 'files' || input.files.length > 0);
  const versions = Object.entries(input.versions)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  const body = [
    '<body>',
    '<header>',
    `<h1>${escapeHtml(title)}</h1>`,
    `<p>${escapeHtml(`Built from ${intro}: ${input.visits.length} figure${input.visits.length === 1 ? '' : 's'}. This file works offline and loads nothing else.`)}</p>`,
    `<nav aria-label="Contents"><ul>${nav.map(([id, label]) => `<li><a href="#${id}">${escapeHtml(label!)}</a></li>`).join('')}</ul></nav>`,
    '</header>',
    '<main>',
    figuresSection(input),
    chartsSection(input),
    tablesSection(input),
    agreeSection(input),
    eventsSection(input.events),
    assumptionsSection(input),
    filesSection(input.files),
    '</main>',
    `<footer><p>${escapeHtml(`Made with ${versions}. Vega, Vega-Lite, vega-embed and vega-interpreter are BSD-3-Clause licensed (University of Washington Interactive Data Lab) inlined here (vega-interpreter turned from a module into a plain script).`)}</p></footer>`,
  ];
  // Fonts only for text DejaVu Sans cannot draw (Japanese); other reports stay as they were, with no font.
  const fontCss = fontFaceCss([title, ...body].join('\n'));
  const styles = fontCss ? [REPORT_CSS, fontCss] : [REPORT_CSS];
  const csp = contentSecurityPolicy({ scripts: scripts.map((s) => s.text), styles, fonts: fontCss !== '' });
  return (
    [
      '<!DOCTYPE html>',
      '<html lang="en">',
      '<head>',
      '<meta charset="utf-8">',
      `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">`,
      '<meta name="referrer" content="no-referrer">',
      '<meta name="viewport" content="width=device-width, initial-scale=1">',
      `<title>${escapeHtml(title)}</title>`,
      ...styles.map((css) => `<style>${css}</style>`),
      '</head>',
      ...body,
      ...scripts.map((s) => `<script>${s.text}</script>`),
      '</body>',
      '</html>',
    ]
      .filter((line) => line !== '')
      .join('\n') + '\n'
  );
}
