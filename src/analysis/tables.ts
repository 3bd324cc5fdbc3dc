import type { TableSpec, FieldSpec } from '../dataset/schema.js';

// Column descriptions of the output tables: one place, used for CSV headers, JSON key order,
// the output data package and the README's column table.

const ESTIMATE_FIELDS: FieldSpec[] = [
  {
    name: 'value',
    type: 'number',
    description: 'The number; for a bound, the bound itself (see bound). Empty when the figures say nothing (see reason).',
  },
  { name: 'lower', type: 'number', description: 'Known lower end of the interval the truth lies in; empty when unknown.' },
  { name: 'upper', type: 'number', description: 'Known upper end of the interval the truth lies in; empty when open or unknown.' },
  {
    name: 'bound',
    type: 'string',
    enum: ['exact', 'lower', 'upper', 'approximate'],
    description:
      'exact: pinned down; lower: the truth is at least value; upper: at most value; approximate: about value. Empty with value.',
  },
  { name: 'reason', type: 'string', description: 'Why value is empty, or a note on an approximate figure.' },
];

const PLACE_FIELDS: FieldSpec[] = [
  { name: 'origin', type: 'string', required: true, description: 'Place the flow starts from.' },
  { name: 'destination', type: 'string', required: true, description: 'Place the flow goes to.' },
];

const PERIOD_FIELDS: FieldSpec[] = [
  { name: 'period_start', type: 'integer', required: true, unit: 'year', description: 'First year of the period.' },
  { name: 'period_end', type: 'integer', unit: 'year', description: 'Last year of the period; empty when open-ended ("since").' },
];

const SOURCE_FIELD: FieldSpec = { name: 'source_id', type: 'string', required: true, description: 'Source both figures come from.' };

export const RATIOS_TABLE: TableSpec = {
  name: 'ratios',
  path: 'ratios.csv',
  title: 'Ratios',
  description:
    'ratio = flow origin→destination / flow destination→origin, for the same period and source. Unit: travellers one way per traveller the other way.',
  fields: [
    ...PLACE_FIELDS,
    ...PERIOD_FIELDS,
    SOURCE_FIELD,
    ...ESTIMATE_FIELDS.map((f) => (f.type === 'number' ? { ...f, unit: 'ratio' } : f)),
  ],
};

export const SHARES_TABLE: TableSpec = {
  name: 'shares',
  path: 'shares.csv',
  title: 'Shares',
  description:
    'share = flow origin→destination / (flow origin→destination + flow destination→origin), a fraction from 0 to 1, for the same period and source.',
  fields: [
    ...PLACE_FIELDS,
    ...PERIOD_FIELDS,
    SOURCE_FIELD,
    ...ESTIMATE_FIELDS.map((f) => (f.type === 'number' ? { ...f, unit: 'fraction' } : f)),
  ],
};

export const CHANGES_TABLE: TableSpec = {
  name: 'changes',
  path: 'changes.csv',
  title: 'Year-over-year changes',
  description:
    'change = to_value - from_value; percent_change = (to_value / from_value - 1) × 100, between consecutive single years present for a pair and source.',
  fields: [
    {
      name: 'series',
      type: 'string',
      required: true,
      enum: ['flow', 'total', 'ratio'],
      description: 'flow: one direction; total: both directions added; ratio: origin→destination over the reverse.',
    },
    ...PLACE_FIELDS,
    SOURCE_FIELD,
    { name: 'from_year', type: 'integer', required: true, unit: 'year', description: 'Earlier year.' },
    {
      name: 'to_year',
      type: 'integer',
      required: true,
      unit: 'year',
      description: 'Later year: the next single year present for the pair.',
    },
    { name: 'from_value', type: 'number', description: 'Value in from_year (people, or a ratio); for a bounded ratio, the bound.' },
    { name: 'to_value', type: 'number', description: 'Value in to_year.' },
    { name: 'change', type: 'number', description: 'to_value - from_value; a bound when bound says so.' },
    {
      name: 'percent_change',
      type: 'number',
      unit: 'percent',
      description: '(to_value / from_value - 1) × 100, in percent (5.39 means +5.39 %); a bound when bound says so.',
    },
    {
      name: 'bound',
      type: 'string',
      enum: ['exact', 'lower', 'upper', 'approximate'],
      description: 'What change and percent_change are: exact, a lower or upper bound, or approximate. Empty with them.',
    },
    { name: 'reason', type: 'string', description: 'Why change is empty, or a note on an approximate figure.' },
  ],
};

export const CUMULATIVE_TABLE: TableSpec = {
  name: 'cumulative',
  path: 'cumulative.csv',
  title: 'Cumulative context',
  description:
    'For each multi-year figure ("since 1992"): average_per_year = count / (end_year - period_start + 1), for the base end year and the three after it; ' +
    'share_of_cumulative = single-year figure / cumulative figure (same direction and source), a fraction from 0 to 1; ' +
    'average_per_year_range: an open-ended figure\u2019s average over every year it may end in, as an interval.',
  fields: [
    ...PLACE_FIELDS,
    ...PERIOD_FIELDS,
    SOURCE_FIELD,
    {
      name: 'measure',
      type: 'string',
      required: true,
      enum: ['average_per_year', 'average_per_year_range', 'share_of_cumulative'],
      description:
        'What value measures. average_per_year_range: the average a year of an open-ended figure over every year it may end in ' +
        '(from the latest year its source reports to the year of the source\u2019s as_of, else published, date); lower and upper give the interval, reason the years.',
    },
    { name: 'end_year', type: 'integer', unit: 'year', description: 'average_per_year: the last year counted (inclusive).' },
    { name: 'years', type: 'integer', unit: 'years', description: 'average_per_year: years counted, end_year - period_start + 1.' },
    {
      name: 'year',
      type: 'integer',
      unit: 'year',
      description: 'share_of_cumulative: the single year compared with the cumulative figure.',
    },
    {
      name: 'base',
      type: 'boolean',
      required: true,
      description:
        'true on rows computed with the base end year (the default: the latest single year in the data, or the one set with --end-year).',
    },
    ...ESTIMATE_FIELDS,
  ],
};

/** The analysis tables, in the order outputs list them. */
export const ANALYSIS_TABLES: readonly TableSpec[] = [RATIOS_TABLE, SHARES_TABLE, CHANGES_TABLE, CUMULATIVE_TABLE];
