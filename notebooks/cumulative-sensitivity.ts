// %% [markdown]
// # How sensitive are the cumulative totals to their end date?
//
// The article gives two totals "since" the start of the visa-free exchange and no end date. To set
// them beside the single-year flows we have to assume one. This notebook tries the end years from
// the latest single year in the data onward, and the year the article was published, and shows how
// much the comparison moves.
//
// Every number in the prose is computed in the cells.

// %%
import {
  EMBEDDED_SOURCES,
  EMBEDDED_VISITS,
  cumulative,
  display,
  formatCount,
  formatEstimate,
  md,
  readExchangeVisits,
  readSources,
  type Bound,
  type CumulativeRow,
} from 'kuril-exchange';

const visits = await readExchangeVisits(EMBEDDED_VISITS, { sources: EMBEDDED_SOURCES });
const [source] = await readSources(EMBEDDED_SOURCES);
const published = Number(source!.published.slice(0, 4));

const totals = visits.filter((v) => v.period_end === null);
const singles = visits.filter((v) => v.period_end === v.period_start);
const since = totals[0]!.period_start;
const singleYears = [...new Set(singles.map((v) => v.period_start))].sort((a, b) => a - b);

// The analysis's own sensitivity rows (the latest single year and the three after it), plus the
// publication year: the latest the totals can run to.
const rows: CumulativeRow[] = [
  ...cumulative(visits),
  ...cumulative(visits, { endYear: published, sensitivityYears: 0 }).filter((r) => r.measure === 'average_per_year'),
];
const averages = rows.filter((r) => r.measure === 'average_per_year');
const endYears = [...new Set(averages.map((r) => r.end_year!))].sort((a, b) => a - b);

await display(md`
  Totals since ${since}: ${totals.map((t) => `${formatCount(t.count, t.qualifier)} ${t.travelers} (${t.origin} to ${t.destination})`)}.
  Single years in the data: ${singleYears}. End years tried: ${endYears} (the last is the year the article was published).
`);

// %% [markdown]
// ## Average a year, by assumed end year
//
// `average = total / years`, `years = end year − start year + 1`. An "over" total gives an average
// that is a lower bound too.

// %%
/** A single-year flow divided by an average a year: the bound flips (a flow over a lower bound is an upper bound). */
function flowOverAverage(flow: number, avg: CumulativeRow): { value: number | null; bound: Bound | null } {
  if (avg.value === null || avg.value === 0) return { value: null, bound: null };
  const flipped: Record<Bound, Bound> = { exact: 'exact', lower: 'upper', upper: 'lower', approximate: 'approximate' };
  return { value: flow / avg.value, bound: avg.bound === null ? null : flipped[avg.bound] };
}

const directions = totals.map((t) => ({ origin: t.origin, destination: t.destination, label: `${t.origin} → ${t.destination}` }));
const flow = (origin: string, year: number) => singles.find((v) => v.origin === origin && v.period_start === year)!.count;

const table = endYears.flatMap((end) =>
  directions.map((d) => {
    const avg = averages.find((r) => r.origin === d.origin && r.end_year === end)!;
    const row: Record<string, string | number> = {
      'end year': end,
      years: avg.years!,
      direction: d.label,
      'average a year': formatEstimate(avg, 0),
    };
    for (const y of singleYears) row[`${y} flow ÷ average`] = formatEstimate(flowOverAverage(flow(d.origin, y), avg), 2);
    return row;
  }),
);
await display(table, { title: `Average a year since ${since}, and each single year's flow as a multiple of it` });

// %% [markdown]
// ## The same as a chart

// %%
const averagePoints = averages.map((r) => ({
  direction: directions.find((d) => d.origin === r.origin)!.label,
  end_year: r.end_year!,
  average: r.value!,
  open: r.bound === 'lower',
  label: formatEstimate(r, 0),
}));
// Each direction's larger single-year flow is labelled above its line, the smaller one below, so close lines keep apart.
const flowRules = singles.map((v) => {
  const same = singles.filter((w) => w.origin === v.origin).map((w) => w.count);
  return {
    direction: directions.find((d) => d.origin === v.origin)!.label,
    count: v.count,
    above: v.count === Math.max(...same),
    label: `${v.period_start}: ${v.count}`,
  };
});
const colours = { domain: directions.map((d) => d.label), range: ['#0072B2', '#E69F00'] };
const colour = {
  field: 'direction',
  type: 'nominal',
  scale: colours,
  title: null,
  legend: { orient: 'bottom', symbolType: 'stroke', symbolStrokeWidth: 2 },
};
const width = 560;
const x = { field: 'end_year', type: 'quantitative' };
const y = { field: 'average', type: 'quantitative' };

const spec = {
  $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
  title: {
    text: `Average travellers a year since ${since}, by assumed end year`,
    subtitle: [`Dashed lines: the single-year flows (${singleYears.join(' and ')}). Hollow points are lower bounds ("more than").`],
  },
  description: `Average number of travellers a year since ${since} in each direction, for end years ${endYears.join(', ')}, against the single-year flows.`,
  width,
  height: 320,
  config: {
    font: 'DejaVu Sans',
    background: 'white',
    padding: 16,
    view: { stroke: null },
    title: { anchor: 'start', fontSize: 15, subtitleFontSize: 11 },
  },
  layer: [
    {
      data: { values: flowRules },
      mark: { type: 'rule', strokeDash: [4, 4], strokeWidth: 1 },
      encoding: { y: { field: 'count', type: 'quantitative' }, color: colour },
    },
    ...[true, false].map((above) => ({
      data: { values: flowRules.filter((f) => f.above === above) },
      mark: { type: 'text', align: 'right', baseline: above ? 'bottom' : 'top', dy: above ? -3 : 3, fontSize: 10 },
      encoding: { x: { value: width }, y: { field: 'count', type: 'quantitative' }, text: { field: 'label' }, color: colour },
    })),
    {
      data: { values: averagePoints },
      mark: { type: 'line', strokeWidth: 2 },
      encoding: {
        // Room on the right for the flow labels.
        x: {
          ...x,
          title: 'Assumed last year of the totals',
          scale: { domain: [endYears[0]! - 0.5, endYears.at(-1)! + 1.5] },
          axis: { values: endYears, format: 'd' },
        },
        y: { ...y, title: 'Travellers a year', scale: { zero: true } },
        color: colour,
      },
    },
    ...[true, false].map((open) => ({
      data: { values: averagePoints.filter((p) => p.open === open) },
      mark: { type: 'point', filled: !open, fill: open ? 'white' : undefined, size: 70, strokeWidth: 2, opacity: 1 },
      encoding: { x, y, color: colour },
    })),
    // Labels with a white halo, so they stay readable where they cross a dashed line.
    ...[true, false].map((halo) => ({
      data: { values: averagePoints },
      mark: { type: 'text', baseline: 'bottom', dy: -9, fontSize: 10.5, ...(halo ? { stroke: 'white', strokeWidth: 4, strokeJoin: 'round' } : {}) },
      encoding: { x, y, text: { field: 'label' }, ...(halo ? {} : { color: colour }) },
    })),
  ],
};
await display({ name: 'average-by-end-year', spec });

// %% [markdown]
// ## What changes and what does not

// %%
const [first, last] = [endYears[0]!, endYears.at(-1)!];
const avg = (origin: string, end: number) => averages.find((r) => r.origin === origin && r.end_year === end)!;
const [out, back] = directions;
const lastSingle = singleYears.at(-1)!;
/** The last single year's flow as a multiple of the average a year, counting to `end`. */
const multiple = (origin: string, end: number) => formatEstimate(flowOverAverage(flow(origin, lastSingle), avg(origin, end)), 2);
/** Why a multiple is only a bound, when it is one. */
const boundNote = (origin: string) => {
  const total = totals.find((t) => t.origin === origin)!;
  return avg(origin, first).bound === 'lower' ? `: a bound, as the total is "${formatCount(total.count, total.qualifier)}"` : '';
};
await display(md`
  - Moving the end year from ${first} to ${last} lowers the average from ${formatEstimate(avg(out!.origin, first), 0)} to
    ${formatEstimate(avg(out!.origin, last), 0)} a year (${out!.label}) and from ${formatEstimate(avg(back!.origin, first), 0)} to
    ${formatEstimate(avg(back!.origin, last), 0)} (${back!.label}).
  - With an end in ${first}, the ${lastSingle} flow of ${flow(out!.origin, lastSingle)} is ${multiple(out!.origin, first)} times
    the average a year (${out!.label})${boundNote(out!.origin)}; with an end in ${last}, ${multiple(out!.origin, last)} times.
  - For ${back!.label} the ${lastSingle} flow of ${flow(back!.origin, lastSingle)} is ${multiple(back!.origin, first)}
    to ${multiple(back!.origin, last)} times the average a year${boundNote(back!.origin)}.
  - Whatever the end year, the direction of the imbalance is the same; its size per year is not pinned down, and
    neither is whether the single years were typical.
`);
