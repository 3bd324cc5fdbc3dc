// Texts the analyses write into their tables (the `reason` columns of the CSV and JSON outputs, which stay
// English whatever --lang says), and the reconcile command's own lines. Re-exported by messages.ts.

/** Texts of the `reason` column in analysis outputs. */
export const reasons = {
  noFigure: (origin: string, destination: string, start: number, end: number | null) =>
    end === null
      ? `no ${origin} to ${destination} figure since ${start}`
      : `no ${origin} to ${destination} figure for ${end === start ? start : `${start}\u2013${end}`}`,
  reverseZero: () => 'reverse flow is 0',
  totalZero: () => 'two-way total is 0',
  fromZero: (year: number) => `${year} value is 0, so the percent change is not defined`,
  ratioMissing: (year: number, why: string) => `no ratio for ${year}: ${why}`,
  unboundedRatio: () => 'both flows are open-ended (lower bounds only), so the ratio can be anything from 0 to infinity',
  unboundedShare: () => 'both flows are open-ended (lower bounds only), so the share can be anything from 0 to 1',
  unboundedChange: () => 'both values are bounds in directions that cancel, so the change can be anything',
  unboundedAverage: () => 'the cumulative figure is not bounded',
  approximate: () => 'approximate: computed from a figure reported as approximate',
  noEndYear: () => 'no end year: the data has no single-year figure to default to (set one with --end-year)',
  endBeforeStart: (end: number, start: number) => `end year ${end} is before the period's start ${start}`,
  cumulativeZero: () => 'the cumulative figure is 0',
  endYearRange: (from: number, to: number, basis: string) =>
    `the period ends in an unknown year from ${from} (the latest year its source reports) to ${to} (the year of the source\u2019s ${basis === 'as_of' ? 'as_of' : 'publication'} date); the average is over every one of them`,
} as const;

const people = (n: number): string =>
  Number.isInteger(n) ? n.toLocaleString('en-US') : n.toLocaleString('en-US', { maximumFractionDigits: 2 });
const yearList = (years: readonly number[]): string => {
  // 2011, 2012, 2013 and 2016 → "2011–2013 and 2016"
  const runs: string[] = [];
  for (let i = 0; i < years.length;) {
    let j = i;
    while (j + 1 < years.length && years[j + 1] === years[j]! + 1) j++;
    runs.push(j === i ? String(years[i]) : `${years[i]}\u2013${years[j]}`);
    i = j + 1;
  }
  return runs.length <= 1 ? (runs[0] ?? '') : `${runs.slice(0, -1).join(', ')} and ${runs[runs.length - 1]}`;
};

/** Texts of the `reason` column of `consistency.csv`. */
export const reconcileReasons = {
  interval: (lower: number, upper: number | null) =>
    upper === null ? `${people(lower)} or more` : lower === upper ? people(lower) : `${people(lower)} to ${people(upper)}`,
  setAside: (ids: readonly string[]) => `set aside: cannot hold together with ${ids.join(', ')}`,
  conflictKept: (ids: readonly string[]) => `cannot hold together with ${ids.join(', ')} (set aside)`,
  redundant: (implied: string) => `the other figures already imply ${implied}`,
  tightened: (implied: string) => `the other figures narrow it to ${implied}`,
  consistent: () => 'the other figures allow it and do not narrow it',
  openEnd: (from: number, to: number, basis: 'as_of' | 'published' | 'undated' | 'pinned') =>
    basis === 'pinned'
      ? `; its open period is taken to end in ${from} (--end-year)`
      : basis === 'undated'
        ? `; its open period is assumed to end in ${from}, the latest year its source reports (the source has no date)`
        : from === to
          ? `; its open period ends in ${from}`
          : `; its open period ends in an unknown year from ${from} (the latest year its source reports) to ${to} (the source\u2019s ${basis === 'as_of' ? 'as_of' : 'publication'} date)`,
  badEndYears: (years: readonly number[]) => `; the figures cannot all hold if its source\u2019s open periods end in ${yearList(years)}`,
} as const;

/** Texts of the `reconcile` command and the build's reconciliation lines. */
export const reconcileText = {
  badTable: (got: string) => `reconcile: --table must be consistency or implied, got ${JSON.stringify(got)}`,
  badFormat: (got: string) => `reconcile: --format must be csv or json, got ${JSON.stringify(got)}`,
  badTolerance: (got: string) => `reconcile: --approx-tolerance needs a fraction from 0 to 1 (0.05 means 5 %), got ${JSON.stringify(got)}`,
  tooManyFiles: () => 'reconcile: expected at most one FILE (see kuril-exchange reconcile --help)',
  allHold: (figures: number, series: number) => `all ${figures} figure${figures === 1 ? '' : 's'} in ${series} series can hold together`,
  seriesContradicts: (
    origin: string,
    destination: string,
    travelers: string,
    setAside: readonly string[],
    conflicts: readonly (readonly string[])[],
  ) =>
    `${origin} to ${destination} (${travelers}): the figures cannot all hold; set aside ${setAside.length} (${setAside.join(', ')}); ` +
    `conflicts: ${conflicts.map((c) => c.join(' + ')).join('; ')}`,
} as const;
