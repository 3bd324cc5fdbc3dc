// %% [markdown]
// # Do the sources agree?
//
// Each source gives its own "since 1992" totals and ends them at a date it does not state. Read one at a
// time, they sit side by side. Read together, every figure bounds the same unknown yearly flows, so the
// figures can contradict each other, add nothing to each other, or together say more than any one does.
// This notebook reconciles the figures (`reconcile`, solved with HiGHS) for the embedded article alone, then
// with two wire reports added (data/examples/).
//
// Every number in the prose below comes from the reconciliation tables (`consistency` and `implied`).

// %%
import { dirname, join } from 'node:path';
import {
  EMBEDDED_SOURCES,
  EMBEDDED_VISITS,
  agreeSentences,
  display,
  md,
  readExchangeVisits,
  readSources,
  reconcile,
  sourcesChart,
  type ConsistencyRow,
  type ImpliedRow,
  type Reconciliation,
} from 'kuril-exchange';

const visits = await readExchangeVisits(EMBEDDED_VISITS, { sources: EMBEDDED_SOURCES });
const sources = await readSources(EMBEDDED_SOURCES);
const embedded = await reconcile(visits, { sources });

/** The columns of `consistency` a reader needs first. */
const statusTable = (r: Reconciliation) =>
  r.consistency.map((c: ConsistencyRow) => ({
    id: c.id,
    period: c.period_end === null ? `since ${c.period_start}` : `${c.period_start}-${c.period_end}`,
    source: c.source_id,
    status: c.status,
    reported: c.reported_upper === null ? `${c.reported_lower}+` : `${c.reported_lower}-${c.reported_upper}`,
    others_imply: c.implied_lower === null ? '' : c.implied_upper === null ? `${c.implied_lower}+` : `${c.implied_lower}-${c.implied_upper}`,
  }));
const bullets = (lines: readonly string[]) => lines.map((l) => `- ${l}`).join('\n');

const e = agreeSentences(embedded, visits, sources);
await display(md`
  ## The embedded article alone

  ${e.summary.join(' ')} ${e.assumption}
`);
await display(statusTable(embedded));

// %% [markdown]
// Even one source says something new once its figures are read together: the totals less the two single
// years leave the years without a yearly figure.

// %%
const rest = (r: Reconciliation, travelers: string) =>
  r.implied.find((x: ImpliedRow) => x.travelers === travelers && x.period_end === null && x.excluded_years !== '')!;
const japanese = rest(embedded, 'Japanese citizens');
const residents = rest(embedded, 'South Kuril residents');
await display(md`
  In the years without a yearly figure (from ${japanese.period_start} to the unknown end of the article's totals, less
  ${japanese.excluded_years.split(' ').join(' and ')}), at least ${japanese.lower.toLocaleString('en-US')} Japanese visitors
  (over ${(japanese.lower - 1).toLocaleString('en-US')}) and ${residents.lower === residents.upper ? 'exactly' : 'at least'}
  ${residents.lower.toLocaleString('en-US')} island residents travelled.

  ${bullets(e.implied)}
`);

// %% [markdown]
// ## Three sources: the article and two wire reports
//
// `data/examples/wire-reports.csv` adds the figures of an Itar-Tass report (Vladivostok, 6 August 2011) and a
// TASS report (Tokyo, 23 May 2019) to the article's. Their quotes are left empty: the figures and citations are
// facts, their sentences are not ours to copy. Each report's "since 1992" totals end in an unknown year up to
// its date.

// %%
// The example sits beside the embedded data, in data/examples/.
const exampleFile = join(dirname(EMBEDDED_VISITS), 'examples', 'wire-reports.csv');
const exampleSourcesFile = join(dirname(EMBEDDED_VISITS), 'examples', 'wire-reports-sources.csv');
const wireSources = await readSources(exampleSourcesFile);
const wire = await readExchangeVisits(exampleFile, { sources: exampleSourcesFile });
const together = await reconcile(wire, { sources: wireSources });
const w = agreeSentences(together, wire, wireSources);
await display(md`
  ${w.summary.join(' ')}

  ${bullets(w.figures)}
`);
await display(statusTable(together));

// %% [markdown]
// ## What they imply together

// %%
const find = (r: Reconciliation, travelers: string, start: number, end: number | null) =>
  r.implied.find((x) => x.travelers === travelers && x.period_start === start && x.period_end === end && x.excluded_years === '')!;
const japan2016 = find(together, 'Japanese citizens', 1992, 2016);
const residents2016 = find(together, 'South Kuril residents', 1992, 2016);
const gap = find(together, 'South Kuril residents', 2012, 2014);
const y2015 = find(together, 'South Kuril residents', 2015, 2015);
const y2016 = find(together, 'South Kuril residents', 2016, 2016);
const gapYears = gap.period_end! - gap.period_start + 1;
const recentAverage = (y2015.lower + y2016.lower) / 2;
const article = together.consistency.find((c) => c.id === 'kurils-to-japan-since-1992')!;
await display(md`
  ${bullets(w.implied)}

  From 1992 to 2016, at least ${japan2016.lower.toLocaleString('en-US')} Japanese visited the islands, and
  ${residents2016.lower.toLocaleString('en-US')} to ${residents2016.upper!.toLocaleString('en-US')} residents visited Japan.
  If the article's ${article.reported_lower.toLocaleString('en-US')} is exact, island residents in ${gap.period_start}–${gap.period_end} total at most
  ${gap.upper!.toLocaleString('en-US')}: about ${Math.round(gap.upper! / gapYears)} a year at most, against about
  ${Math.round(recentAverage)} a year in ${y2015.period_start} and ${y2016.period_start}. Either those years were
  unusually quiet, or one of the totals is rounded or counts something else.
`);
const chart = sourcesChart({ visits: wire, ...together }, { sources: wireSources, events: [] });
if (chart) await display({ name: 'sources', spec: chart });
