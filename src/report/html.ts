import type { ChangeRow, CumulativeRow, RatioRow, ShareRow } from '../analysis/types.js';
import type { Lang, Naming, Place } from '../dataset/places.js';
import { locale, type Locale } from '../i18n/locale.js';
import { reasonWords } from '../i18n/reasons.js';
import { amountWords, countWords, directionLabel, eventLabel, listWords, pairLabel, periodWords } from '../i18n/words.js';
import type { ExchangeEvent, Source, Visit } from '../dataset/types.js';
import { fontFaceCss } from '../charts/font-face.js';
import { vegaScripts, type InlineScript } from './assets.js';
import type { MessageKey } from '../i18n/en.js';
import { changeText, changeValueText, cumulativeText, percentChangeText, ratioText, shareText } from './cells.js';
import { CLIENT_SCRIPT } from './client.js';
import { contentSecurityPolicy } from './csp.js';
import { escapeHtml, jsonForScript } from './escape.js';
import { REPORT_CSS } from './style.js';
import { agreeSentences } from './agree.js';
import { periodLabel } from '../analysis/format.js';
import type { Reconciliation } from '../analysis/reconcile.js';

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
  /** Language of the page and of every text on it but quotes and data (default `en`); `<html lang>` follows it. */
  readonly lang?: Lang;
  /** Naming convention for contested places (default `source`). */
  readonly naming?: Naming;
  /** Places to match names against (default: the embedded places table). */
  readonly places?: readonly Place[];
}

/** Rows shown per table; longer tables point to their CSV file. */
export const MAX_TABLE_ROWS = 500;

type Cell = { readonly html: string; readonly numeric?: boolean };
const text = (s: string): Cell => ({ html: escapeHtml(s) });
const num = (s: string): Cell => ({ html: escapeHtml(s), numeric: true });

function table(
  l: Locale,
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
      ? `<p class="note">${escapeHtml(l.t('report.moreRows', { n: String(more), count: more }))}${csv ? link(csv, csv) : escapeHtml(l.t('report.theCsvFile'))}${escapeHtml(l.t('report.fullStop'))}</p>`
      : '';
  const empty = rows.length === 0 ? `<p class="note">${escapeHtml(l.t('report.noRows'))}</p>` : '';
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

function fileLinks(l: Locale, files: readonly ReportLink[], wanted: readonly string[]): string {
  const found = files.filter((f) => wanted.includes(f.href));
  return found.length === 0
    ? ''
    : `${escapeHtml(l.t('report.files'))}${found.map((f) => link(f.href, f.label)).join(escapeHtml(l.t('list.separator')))}${escapeHtml(l.t('report.filesEnd'))}`;
}

/** Text in the language of the data (quotes, source notes): marked as English when the page is not. */
function dataLang(l: Locale): string {
  return l.lang === 'en' ? '' : ' lang="en"';
}

/** Pairs of places in order of first appearance, as `a ↔ b`. */
function pairNames(visits: readonly Visit[], l: Locale): string[] {
  const seen = new Set<string>();
  const names: string[] = [];
  for (const v of visits) {
    const [a, b] = v.origin < v.destination ? [v.origin, v.destination] : [v.destination, v.origin];
    const key = `${a}\u0000${b}`;
    if (seen.has(key)) continue;
    seen.add(key);
    names.push(pairLabel(l.place(v.origin), l.place(v.destination)));
  }
  return names;
}

function figuresSection(input: ReportInput, l: Locale): string {
  const bySource = new Map(input.sources.map((s) => [s.id, s]));
  const rows = input.visits.map((v) => [
    text(directionLabel(l.place(v.origin), l.place(v.destination))),
    l.lang === 'en' ? text(v.travelers) : { html: `<span${dataLang(l)}>${escapeHtml(v.travelers)}</span>` },
    text(periodWords(v.period_start, v.period_end, l)),
    num(countWords(v.count, v.qualifier, l)),
    {
      // Quotes are verbatim, in the language of the source: never translated.
      html: v.quote ? `<q${dataLang(l)}>${escapeHtml(v.quote)}</q>` : `<span class="muted">${escapeHtml(l.t('report.noQuote'))}</span>`,
    },
    text(bySource.get(v.source_id)?.publisher ?? v.source_id),
  ]);
  return [
    '<section id="figures" aria-labelledby="figures-h">',
    `<h2 id="figures-h">${escapeHtml(l.t('report.figures'))}</h2>`,
    `<p>${escapeHtml(l.t('report.figuresIntro'))}</p>`,
    table(
      l,
      'figures-table',
      l.t('report.figuresCaption'),
      [
        l.t('report.colDirection'),
        l.t('report.colTravellers'),
        l.t('report.colPeriod'),
        l.t('report.colPeople'),
        l.t('report.colQuote'),
        l.t('report.colSource'),
      ],
      rows,
      '',
      'data/exchange-visits.csv',
    ),
    sourcesList(input.sources, l),
    '</section>',
  ].join('\n');
}

function sourcesList(sources: readonly Source[], l: Locale): string {
  if (sources.length === 0) return `<p class="note">${escapeHtml(l.t('report.noSources'))}</p>`;
  const items = sources.map((s) => {
    const when = s.published ? l.t('report.sourceWhen', { date: l.date(s.published.slice(0, 10)), stamp: s.published }) : '';
    const where = s.dateline ? `${l.t('describe.comma')}${s.dateline}` : '';
    const doc = s.document ? l.t('report.storedCopy', { document: s.document }) : '';
    return `<li><strong>${escapeHtml(s.publisher)}</strong>${escapeHtml(`${where}${when}${l.t('report.sourceId', { id: s.id })}${doc}`)}${s.note ? `<br><span class="note"${dataLang(l)}>${escapeHtml(s.note)}</span>` : ''}</li>`;
  });
  return `<h3>${escapeHtml(l.t('report.sources'))}</h3>\n<ul class="sources">\n${items.join('\n')}\n</ul>`;
}

function chartFigure(c: ReportChart, l: Locale): string {
  const id = `chart-${c.name}`;
  return [
    `<figure class="chart" id="${escapeHtml(id)}">`,
    `<div class="chart-static">${scopeSvgIds(c.svg, id)}</div>`,
    `<div class="chart-view"></div>`,
    `<figcaption>${escapeHtml(c.description || c.title)}${c.files.length ? `${escapeHtml(l.t('report.files'))}${c.files.map((f) => link(f.href, f.label)).join(escapeHtml(l.t('list.separator')))}${escapeHtml(l.t('report.filesEnd'))}` : ''}</figcaption>`,
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

function chartsSection(input: ReportInput, l: Locale): string {
  if (input.charts.length === 0 && input.skippedCharts.length === 0) return '';
  const skipped = input.skippedCharts.map((s) => `<li>${escapeHtml(`${s.name}: ${s.reason}`)}</li>`);
  return [
    '<section id="charts" aria-labelledby="charts-h">',
    `<h2 id="charts-h">${escapeHtml(l.t('report.charts'))}</h2>`,
    input.charts.length > 0 ? `<p>${escapeHtml(l.t('report.chartsIntro'))}</p>` : '',
    ...input.charts.map((c) => chartFigure(c, l)),
    skipped.length ? `<p>${escapeHtml(l.t('report.chartsLeftOut'))}</p>\n<ul>\n${skipped.join('\n')}\n</ul>` : '',
    '</section>',
  ]
    .filter(Boolean)
    .join('\n');
}

function tablesSection(input: ReportInput, l: Locale): string {
  const place = (r: { origin: string; destination: string }) => text(directionLabel(l.place(r.origin), l.place(r.destination)));
  const period = (r: { period_start: number; period_end: number | null }) => text(periodWords(r.period_start, r.period_end, l));
  const reason = (r: { reason: string | null }) => ({
    html: r.reason ? `<span class="reason">${escapeHtml(reasonWords(r.reason, l))}</span>` : '',
  });
  const publishers = new Map(input.sources.map((s) => [s.id, s.publisher]));
  const source = (r: { source_id: string }) => text(publishers.get(r.source_id) ?? r.source_id);
  const ratios = table(
    l,
    'ratios-table',
    l.t('report.ratiosCaption'),
    [l.t('report.colDirection'), l.t('report.colPeriod'), l.t('report.colRatio'), l.t('report.colSource'), l.t('report.colNote')],
    input.ratios.map((r) => [place(r), period(r), num(ratioText(r, l)), source(r), reason(r)]),
    escapeHtml(l.t('report.ratiosFormula')) + fileLinks(l, input.files, ['tables/ratios.csv', 'tables/ratios.json']),
    'tables/ratios.csv',
  );
  const shares = table(
    l,
    'shares-table',
    l.t('report.sharesCaption'),
    [l.t('report.colDirection'), l.t('report.colPeriod'), l.t('report.colShare'), l.t('report.colSource'), l.t('report.colNote')],
    input.shares.map((r) => [place(r), period(r), num(shareText(r, 1, l)), source(r), reason(r)]),
    escapeHtml(l.t('report.sharesFormula')) + fileLinks(l, input.files, ['tables/shares.csv', 'tables/shares.json']),
    'tables/shares.csv',
  );
  const changes = table(
    l,
    'changes-table',
    l.t('report.changesCaption'),
    [
      l.t('report.colSeries'),
      l.t('report.colDirection'),
      l.t('report.colFrom'),
      l.t('report.colTo'),
      l.t('report.colValueThen'),
      l.t('report.colValueAfter'),
      l.t('report.colChange'),
      l.t('report.colPercentChange'),
      l.t('report.colNote'),
    ],
    input.changes.map((r) => [
      text(l.lang === 'en' ? r.series : (l.lookup(`report.series.${r.series}`) ?? r.series)),
      place(r),
      num(String(r.from_year)),
      num(String(r.to_year)),
      num(changeValueText(r, r.from_value, l)),
      num(changeValueText(r, r.to_value, l)),
      num(changeText(r, l)),
      num(percentChangeText(r, l)),
      reason(r),
    ]),
    escapeHtml(l.t('report.changesFormula')) +
      (input.changes.some((r) => r.bound !== 'exact') ? ` ${escapeHtml(l.t('report.starNote'))}` : '') +
      fileLinks(l, input.files, ['tables/changes.csv', 'tables/changes.json']),
    'tables/changes.csv',
  );
  const cumulative = table(
    l,
    'cumulative-table',
    l.t('report.cumulativeCaption'),
    [
      l.t('report.colDirection'),
      l.t('report.colPeriod'),
      l.t('report.colMeasure'),
      l.t('report.colCountedTo'),
      l.t('report.colValue'),
      l.t('report.colBaseEndYear'),
      l.t('report.colNote'),
    ],
    input.cumulative.map((r) => [
      place(r),
      period(r),
      text(
        r.measure === 'average_per_year'
          ? l.t('report.averageOver', { years: r.years === null ? '?' : String(r.years), count: r.years ?? 0 })
          : r.measure === 'average_per_year_range'
            ? l.t('agree.rangeMeasure')
            : l.t('report.shareIn', { year: r.year === null ? '?' : String(r.year) }),
      ),
      num(r.end_year === null ? '' : String(r.end_year)),
      num(cumulativeText(r, l)),
      text(l.t(r.base ? 'report.yes' : 'report.no')),
      reason(r),
    ]),
    escapeHtml(l.t('report.cumulativeFormula')) + fileLinks(l, input.files, ['tables/cumulative.csv', 'tables/cumulative.json']),
    'tables/cumulative.csv',
  );
  return [
    '<section id="tables" aria-labelledby="tables-h">',
    `<h2 id="tables-h">${escapeHtml(l.t('report.tables'))}</h2>`,
    `<p>${escapeHtml(l.t('report.tablesIntro'))}</p>`,
    `<h3>${escapeHtml(l.t('report.ratios'))}</h3>`,
    ratios,
    `<h3>${escapeHtml(l.t('report.shares'))}</h3>`,
    shares,
    `<h3>${escapeHtml(l.t('report.changes'))}</h3>`,
    changes,
    `<h3>${escapeHtml(l.t('report.cumulative'))}</h3>`,
    cumulative,
    '</section>',
  ].join('\n');
}

/** "Do the sources agree?": computed sentences from the reconciliation tables, and the implied intervals. */
function agreeSection(input: ReportInput, l: Locale): string {
  const r = input.reconciliation;
  if (!r) return '';
  const s = agreeSentences(r, input.visits, input.sources, l);
  const list = (items: readonly string[]): string =>
    items.length === 0 ? '' : `<ul>\n${items.map((i) => `<li>${escapeHtml(i)}</li>`).join('\n')}\n</ul>`;
  const implied = table(
    l,
    'implied-table',
    l.t('agree.impliedHeading'),
    [
      l.t('agree.colDirection'),
      l.t('agree.colWho'),
      l.t('agree.colPeriod'),
      l.t('agree.colLess'),
      l.t('agree.colPeople'),
      l.t('agree.colSetBy'),
    ],
    r.implied.map((x) => [
      text(directionLabel(l.place(x.origin), l.place(x.destination))),
      text(x.travelers),
      text(
        x.period_end === null
          ? l.t('agree.toUnknownEnd', { start: String(x.period_start) })
          : l.lang === 'en'
            ? periodLabel(x.period_start, x.period_end)
            : periodWords(x.period_start, x.period_end, l),
      ),
      text(x.excluded_years),
      num(amountWords(x.lower, x.upper, l)),
      text(x.basis),
    ]),
    fileLinks(l, input.files, ['tables/consistency.csv', 'tables/consistency.json', 'tables/implied.csv', 'tables/implied.json']),
    'tables/implied.csv',
  );
  return [
    '<section id="agree" aria-labelledby="agree-h">',
    `<h2 id="agree-h">${escapeHtml(l.t('agree.heading'))}</h2>`,
    `<p>${escapeHtml(l.t('agree.intro'))}</p>`,
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

function eventsSection(events: readonly ExchangeEvent[], l: Locale): string {
  if (events.length === 0) return '';
  const items = events.map(
    (e) =>
      `<li><strong>${escapeHtml(l.date(e.date))}</strong>${escapeHtml(l.t('report.colon'))}${escapeHtml(eventLabel(e, l))}${e.quote ? `<br><q${dataLang(l)}>${escapeHtml(e.quote)}</q>` : ''}</li>`,
  );
  return [
    '<section id="events" aria-labelledby="events-h">',
    `<h2 id="events-h">${escapeHtml(l.t('report.events'))}</h2>`,
    '<ul class="events">',
    ...items,
    '</ul>',
    '</section>',
  ].join('\n');
}

function assumptionsSection(input: ReportInput, l: Locale): string {
  const { used, given } = input.endYear;
  const open = input.visits.some((v) => v.period_end === null);
  const endYear =
    used === null
      ? l.t('report.noEndYear')
      : l.t('report.endYear', { year: String(used), how: l.t(given ? 'report.endYearGiven' : 'report.endYearDefault') });
  const items = [
    open || used !== null ? endYear : '',
    input.reconciliation ? agreeSentences(input.reconciliation, input.visits, input.sources, l).assumption : '',
    l.t('report.assumeQualifiers'),
    l.t('report.assumeZero'),
    l.t('report.assumeSame'),
    l.t('report.assumeFormula'),
  ].filter(Boolean);
  return [
    '<section id="assumptions" aria-labelledby="assumptions-h">',
    `<h2 id="assumptions-h">${escapeHtml(l.t('report.assumptions'))}</h2>`,
    '<ul>',
    ...items.map((i) => `<li>${escapeHtml(i)}</li>`),
    '</ul>',
    '</section>',
  ].join('\n');
}

const FOLDER_NOTES: Record<string, MessageKey> = {
  '': 'report.folderTop',
  data: 'report.folderData',
  tables: 'report.folderTables',
  charts: 'report.folderCharts',
  notebooks: 'report.folderNotebooks',
};

function filesSection(files: readonly ReportLink[], l: Locale): string {
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
    const note = FOLDER_NOTES[folder];
    return `<h3>${escapeHtml(note ? l.t(note) : `${folder}/`)}</h3>\n<ul class="files">\n${items.join('\n')}\n</ul>`;
  });
  return [
    '<section id="files" aria-labelledby="files-h">',
    `<h2 id="files-h">${escapeHtml(l.t('report.filesHeading'))}</h2>`,
    `<p>${escapeHtml(l.t('report.filesIntro'))}</p>`,
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
  const l = locale({ lang: input.lang, naming: input.naming, ...(input.places ? { places: input.places } : {}) });
  const pairs = pairNames(input.visits, l);
  const title =
    pairs.length === 0
      ? l.t('report.titleEmpty')
      : l.t('report.title', {
          pairs:
            pairs.length > 3
              ? listWords([...pairs.slice(0, 3), l.t('list.more', { n: String(pairs.length - 3), count: pairs.length - 3 })], 40, l)
              : pairs.join(l.t('list.separator')),
        });
  const scripts: InlineScript[] =
    input.interactive === false || input.charts.length === 0 ? [] : [...vegaScripts(), { name: 'report', text: CLIENT_SCRIPT }];
  const intro = input.inputName === null ? l.t('report.embedded') : input.inputName;
  const nav = [
    ['figures', l.t('report.figures')],
    ['charts', l.t('report.charts')],
    ['tables', l.t('report.tables')],
    ['agree', l.t('agree.heading')],
    ['events', l.t('report.events')],
    ['assumptions', l.t('report.assumptions')],
    ['files', l.t('report.navFiles')],
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
    `<p>${escapeHtml(l.t('report.builtFrom', { input: intro, n: String(input.visits.length), count: input.visits.length }))}</p>`,
    `<nav aria-label="${escapeHtml(l.t('report.contents'))}"><ul>${nav.map(([id, label]) => `<li><a href="#${id}">${escapeHtml(label!)}</a></li>`).join('')}</ul></nav>`,
    '</header>',
    '<main>',
    figuresSection(input, l),
    chartsSection(input, l),
    tablesSection(input, l),
    agreeSection(input, l),
    eventsSection(input.events, l),
    assumptionsSection(input, l),
    filesSection(input.files, l),
    '</main>',
    `<footer><p>${escapeHtml(l.t('report.footer', { versions }))}</p></footer>`,
  ];
  // Fonts only for text DejaVu Sans cannot draw (Japanese); other reports stay as they were, with no font.
  const fontCss = fontFaceCss([title, ...body].join('\n'));
  const styles = fontCss ? [REPORT_CSS, fontCss] : [REPORT_CSS];
  const csp = contentSecurityPolicy({ scripts: scripts.map((s) => s.text), styles, fonts: fontCss !== '' });
  return (
    [
      '<!DOCTYPE html>',
      `<html lang="${input.lang ?? 'en'}">`,
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
