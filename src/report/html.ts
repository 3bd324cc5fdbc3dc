import { locale, type Locale } from '../i18n/locale.js';
import { countWords, directionLabel, eventLabel, listWords, periodWords } from '../i18n/words.js';
import type { ExchangeEvent, Source } from '../dataset/types.js';
import { fontFaceCss } from '../charts/font-face.js';
import { vegaScripts, type InlineScript } from './assets.js';
import type { MessageKey } from '../i18n/en.js';
import { CLIENT_SCRIPT } from './client.js';
import { contentSecurityPolicy } from './csp.js';
import { escapeHtml, jsonForScript } from './escape.js';
import { REPORT_CSS } from './style.js';
import { agreeSentences } from './agree.js';

import { link, pairNames, dataLang, num, table, text, type ReportChart, type ReportInput, type ReportLink } from './html-parts.js';
import { agreeSection, tablesSection } from './tables-section.js';

export { MAX_TABLE_ROWS, type ReportChart, type ReportInput, type ReportLink } from './html-parts.js';

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
    `<figcaption>${escapeHtml(c.description || c.title)}${c.files.length ? `${escapeHtml(l.t('report.files', { count: c.files.length }))}${c.files.map((f) => link(f.href, f.label)).join(escapeHtml(l.t('list.separator')))}${escapeHtml(l.t('report.filesEnd'))}` : ''}</figcaption>`,
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
