// The report's computed tables (ratios, shares, changes, cumulative) and its "Do the sources agree?"
// section, each table capped at MAX_TABLE_ROWS rows with a link to its full file.

import type { Locale } from '../i18n/locale.js';
import { reasonWords } from '../i18n/reasons.js';
import { amountWords, directionLabel, periodWords } from '../i18n/words.js';
import { changeText, changeValueText, cumulativeText, percentChangeText, ratioText, shareText } from './cells.js';
import { escapeHtml } from './escape.js';
import { agreeSentences } from './agree.js';
import { periodLabel } from '../analysis/format.js';
import { fileLinks, num, table, text, type ReportInput } from './html-parts.js';

/** The computed tables (ratios, shares, changes, cumulative), worded in the locale's language. */
export function tablesSection(input: ReportInput, l: Locale): string {
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
export function agreeSection(input: ReportInput, l: Locale): string {
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
