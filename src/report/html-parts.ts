// The pieces every section of the report is made of: what the report shows (ReportInput and the types of
// its charts and file links), tables, links to files, and the text helpers. Used by html.ts (the page and
// its sections) and tables-section.ts (the tables and "Do the sources agree?").

import type { ChangeRow, CumulativeRow, RatioRow, ShareRow } from '../analysis/types.js';
import type { Lang, Naming, Place } from '../dataset/places.js';
import type { Locale } from '../i18n/locale.js';
import { pairLabel } from '../i18n/words.js';
import type { ExchangeEvent, Source, Visit } from '../dataset/types.js';
import { escapeHtml } from './escape.js';
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

/** A table cell: its HTML, and whether it holds a number (right-aligned). */
export type Cell = { readonly html: string; readonly numeric?: boolean };
/** A text cell, escaped. */
export const text = (s: string): Cell => ({ html: escapeHtml(s) });
/** A number cell, escaped and right-aligned. */
export const num = (s: string): Cell => ({ html: escapeHtml(s), numeric: true });

/** A table with a caption, column headings and at most MAX_TABLE_ROWS rows (the rest: a link to `file`). */
export function table(
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

/** A link to a file of the output folder. */
export function link(href: string, label: string): string {
  return `<a href="${escapeHtml(href)}">${escapeHtml(label)}</a>`;
}

/** " Files: a, b." for the files of `wanted` that were written (nothing when none was). */
export function fileLinks(l: Locale, files: readonly ReportLink[], wanted: readonly string[]): string {
  const found = files.filter((f) => wanted.includes(f.href));
  return found.length === 0
    ? ''
    : `${escapeHtml(l.t('report.files', { count: found.length }))}${found.map((f) => link(f.href, f.label)).join(escapeHtml(l.t('list.separator')))}${escapeHtml(l.t('report.filesEnd'))}`;
}

/** Text in the language of the data (quotes, source notes): marked as English when the page is not. */
export function dataLang(l: Locale): string {
  return l.lang === 'en' ? '' : ' lang="en"';
}

/** Pairs of places in order of first appearance, as `a ↔ b`. */
export function pairNames(visits: readonly Visit[], l: Locale): string[] {
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
