// %% [markdown]
// # Visa-free exchange: Japan and the South Kuril Islands
//
// A walkthrough of the figures this package embeds: where they come from, the ratios, shares and
// changes computed from them, every chart, and what the figures do and do not support.
//
// Every number in the prose is computed from the data in the cells, never typed in.
// Run it as a script (`npx tsx notebooks/exchange-visits.ts`) or execute it into a notebook
// (`kuril-exchange notebook notebooks/exchange-visits.ts`).

// %%
import {
  EMBEDDED_EVENTS,
  EMBEDDED_SOURCES,
  EMBEDDED_VISITS,
  buildCharts,
  changes,
  cumulative,
  display,
  formatCount,
  formatEstimate,
  md,
  periodLabel,
  ratios,
  readEvents,
  readExchangeVisits,
  readSources,
  reconcile,
  shares,
  type Estimate,
  type Visit,
} from 'kuril-exchange';

const visits = await readExchangeVisits(EMBEDDED_VISITS, { sources: EMBEDDED_SOURCES });
const sources = await readSources(EMBEDDED_SOURCES);
const events = await readEvents(EMBEDDED_EVENTS, new Set(sources.map((s) => s.id)));

/** The figure for one direction and period. */
const figure = (from: string, start: number, end: number | null): Visit => {
  const v = visits.find((x) => x.origin === from && x.period_start === start && x.period_end === end);
  if (!v) throw new Error(`no figure from ${from} for ${periodLabel(start, end)}`);
  return v;
};
/** A fraction as a percentage in words, keeping its bound: `74.1 %`, `more than 67.7 %`. */
const percent = (e: Estimate) => formatEstimate({ value: e.value === null ? null : e.value * 100, bound: e.bound, strict: e.strict }, 1, ' %');

const [japan, kurils] = [visits[0]!.origin, visits[0]!.destination];
const years = [...new Set(visits.filter((v) => v.period_end === v.period_start).map((v) => v.period_start))].sort((a, b) => a - b);
const [firstYear, lastYear] = [years[0]!, years[years.length - 1]!];
const since = visits.find((v) => v.period_end === null)!.period_start;
/** The columns of the ratio and share tables worth reading (source_id and reason say nothing new here). */
const estimateColumns = ['origin', 'destination', 'period_start', 'period_end', 'value', 'lower', 'upper', 'bound'];

// %% [markdown]
// ## The data and its source

// %%
const source = sources[0]!;
await display(visits, {
  title: 'Exchange visits',
  columns: ['origin', 'destination', 'travelers', 'period_start', 'period_end', 'count', 'qualifier'],
});

const quotes = [...new Set(visits.map((v) => v.quote))];
await display(md`
  ${visits.length} figures, all from one article (${source.publisher}, ${source.dateline}, published ${source.published.slice(0, 10)}).
  Each row keeps the sentence that states it:

  ${quotes.map((q) => `> ${q}`).join('\n>\n')}

  The wording matters: "over ${formatCount(figure(japan, since, null).count, 'exact')}" is a lower bound, so the row says
  \`${figure(japan, since, null).qualifier}\`, and "since ${since}" gives no end year, so \`period_end\` is empty.

  *Note on the source:* ${source.note}
`);

// %% [markdown]
// ## Ratios
//
// `ratio = flow one way / flow the other way`, for the same period and source.
// A bound on an input carries through: a lower bound divided by an exact count is a lower bound.

// %%
const ratioRows = ratios(visits);
await display(ratioRows, { title: 'Ratios', columns: estimateColumns });

const ratioOf = (from: string, start: number, end: number | null) =>
  ratioRows.find((r) => r.origin === from && r.period_start === start && r.period_end === end)!;
await display(md`
  In ${lastYear}, ${figure(japan, lastYear, lastYear).count} Japanese citizens visited the islands and
  ${figure(kurils, lastYear, lastYear).count} residents went to Japan: **${ratioOf(japan, lastYear, lastYear)}** visitors
  to the islands for every resident going the other way (${ratioOf(japan, firstYear, firstYear)} in ${firstYear}).

  Since ${since} the ratio is **${ratioOf(japan, since, null)}**, and only that: "over ${formatCount(figure(japan, since, null).count, 'exact')}"
  sets a floor, not a value, so the true ratio could be any number above it.
`);

// %% [markdown]
// ## Shares
//
// `share = flow one way / (flow one way + flow the other way)`: the part of all crossings made in
// one direction.

// %%
const shareRows = shares(visits);
await display(shareRows, { title: 'Shares of the two-way total', columns: estimateColumns });

const shareOf = (from: string, start: number, end: number | null) =>
  shareRows.find((r) => r.origin === from && r.period_start === start && r.period_end === end)!;
const total = (year: number) => figure(japan, year, year).count + figure(kurils, year, year).count;
await display(md`
  Of the ${total(lastYear)} crossings in ${lastYear}, visits to the islands made up ${percent(shareOf(japan, lastYear, lastYear))}
  (${percent(shareOf(japan, firstYear, firstYear))} of ${total(firstYear)} in ${firstYear}).
  Since ${since} the share is ${percent(shareOf(japan, since, null))}: a lower bound, for the same reason as the ratio.
`);

// %% [markdown]
// ## Changes from one year to the next

// %%
const changeRows = changes(visits);
await display(changeRows, {
  title: 'Year-over-year changes',
  columns: ['series', 'origin', 'destination', 'from_year', 'to_year', 'from_value', 'to_value', 'change', 'percent_change', 'bound'],
  digits: 2,
});

const change = (series: string, from: string) => changeRows.find((r) => r.series === series && r.origin === from)!;
const signed = (x: number | null, digits: number) => (x === null ? 'not known' : `${x > 0 ? '+' : ''}${x.toFixed(digits)}`);
await display(md`
  From ${firstYear} to ${lastYear}, visits to the islands changed by ${signed(change('flow', japan).change, 0)}
  (${signed(change('flow', japan).percent_change, 1)} %), visits to Japan by ${signed(change('flow', kurils).change, 0)}
  (${signed(change('flow', kurils).percent_change, 1)} %), and the two-way total by ${signed(change('total', japan).change, 0)}
  (${signed(change('total', japan).percent_change, 1)} %).
`);

// %% [markdown]
// ## The cumulative totals against single years

// %%
const cumulativeRows = cumulative(visits);
await display(
  cumulativeRows.filter((r) => r.measure === 'average_per_year'),
  { title: `Average a year since ${since}, by the year the total is assumed to end`, columns: ['origin', 'destination', 'end_year', 'years', 'value', 'bound'], digits: 1 },
);
await display(
  cumulativeRows.filter((r) => r.measure === 'share_of_cumulative'),
  { title: `Each single year as a share of the total since ${since}`, columns: ['origin', 'destination', 'year', 'value', 'bound'], digits: 4 },
);

const averages = (from: string) => cumulativeRows.filter((r) => r.origin === from && r.measure === 'average_per_year');
const [baseAverage] = averages(japan);
const lastAverage = averages(japan).at(-1)!;
await display(md`
  The article gives no end year for the totals since ${since}. Counting to ${baseAverage!.end_year} (the latest single year
  in the data), they average ${formatEstimate(baseAverage!, 0)} Japanese visitors a year; counting to ${lastAverage.end_year},
  ${formatEstimate(lastAverage, 0)}. Residents going to Japan average ${formatEstimate(averages(kurils)[0]!, 0)} to
  ${formatEstimate(averages(kurils).at(-1)!, 0)} a year over the same end years. The sensitivity notebook
  (\`cumulative-sensitivity.ts\`) looks at this more closely.
`);

// %% [markdown]
// ## Charts
//
// Every chart the package draws from these tables, in its fixed order.

// %%
const { charts, skipped } = buildCharts({
  visits,
  ratios: ratioRows,
  shares: shareRows,
  changes: changeRows,
  cumulative: cumulativeRows,
  sources,
  events,
  reconciliation: await reconcile(visits, { sources }),
});
for (const chart of charts) await display(chart);
if (skipped.length > 0) await display(skipped, { title: 'Charts left out' });

// %% [markdown]
// ## What the figures do and do not support

// %%
const ratioChange = change('ratio', japan);
await display(md`
  **They support:**

  - In both ${firstYear} and ${lastYear}, more people crossed from Japan to the islands than the other way:
    ${ratioOf(japan, firstYear, firstYear)} and ${ratioOf(japan, lastYear, lastYear)} to one.
  - Over the whole period since ${since}, the ratio is ${ratioOf(japan, since, null)} to one: the imbalance is not
    a feature of those two years alone.

  **They do not support:**

  - *A trend.* Two single years give one change (the ratio moved by ${signed(ratioChange.change, 2)}, ${signed(ratioChange.percent_change, 1)} %);
    one step says nothing about the years before ${firstYear} or after ${lastYear}.
  - *An exact long-run ratio.* The since-${since} ratio is only a lower bound (${ratioOf(japan, since, null)}), because the Japanese total
    is given as "over" a number.
  - *A yearly average with a known base.* The totals' end date is uncertain: the averages above run from
    ${formatEstimate(baseAverage!, 0)} to ${formatEstimate(lastAverage, 0)} a year depending on the end year assumed, and the article
    was published in ${source.published.slice(0, 4)}.
  - *Independent confirmation.* All ${visits.length} figures come from one article.
`);
