import type { FieldSpec, TableSpec } from '../dataset/schema.js';

/**
 * What the other figures say about a figure:
 * - `contradicted`: it lies in a conflict (a smallest set of figures that cannot all hold);
 * - `redundant`: the interval the other figures imply for its period lies inside its own;
 * - `tightened`: the two overlap and the other figures narrow it;
 * - `consistent`: otherwise (the others allow it and do not narrow it).
 */
export type FigureStatus = 'contradicted' | 'redundant' | 'tightened' | 'consistent';

/** The statuses, in the order the schema lists them. */
export const FIGURE_STATUSES: readonly FigureStatus[] = ['contradicted', 'redundant', 'tightened', 'consistent'];

/** One row of `consistency.csv`: an input figure and what all the figures together say about it. */
export interface ConsistencyRow {
  id: string;
  origin: string;
  destination: string;
  travelers: string;
  period_start: number;
  period_end: number | null;
  source_id: string;
  status: FigureStatus;
  /** Whether it is among the fewest figures set aside so that the rest can hold. */
  set_aside: boolean;
  /** The whole numbers the figure allows: `more_than 20000` is 20001 to no bound. */
  reported_lower: number;
  reported_upper: number | null;
  /** The interval the other figures (less those set aside) imply for its period. */
  implied_lower: number | null;
  implied_upper: number | null;
  /** Ids of the other figures of its conflict, separated by spaces. */
  conflicts_with: string;
  reason: string;
}

/** One row of `implied.csv`: what all the figures that hold together imply for a sum of yearly flows. */
export interface ImpliedRow {
  origin: string;
  destination: string;
  travelers: string;
  period_start: number;
  /** Last year; `null` when the period runs to its source's unknown end year. */
  period_end: number | null;
  /** Years left out of the period, separated by spaces (the single years reported inside it). */
  excluded_years: string;
  /** Least number of people (at least 0: flows are never negative). */
  lower: number;
  upper: number | null;
  /** Ids of the figures that set the bounds, separated by spaces. */
  basis: string;
}

const SERIES_FIELDS: FieldSpec[] = [
  { name: 'origin', type: 'string', required: true, description: 'Place the travellers came from.' },
  { name: 'destination', type: 'string', required: true, description: 'Place they went to.' },
  { name: 'travelers', type: 'string', required: true, description: 'Who travelled; with origin and destination it names the series.' },
];

export const CONSISTENCY_TABLE: TableSpec = {
  name: 'consistency',
  path: 'consistency.csv',
  title: 'Do the figures agree?',
  description:
    'One row per input figure. Every figure bounds the sum of its series\u2019 unknown yearly flows (each at least 0) over its period: ' +
    'exact n is n, at_least n is n or more, more_than n is n + 1 or more, approximately n is n \u00b1 the tolerance (default 5 %). ' +
    'An open period ends in an unknown year from the latest year its source reports to the year of its as_of (else published) date. ' +
    'status says whether the other figures contradict it, already imply it (redundant), narrow it (tightened) or allow it (consistent).',
  fields: [
    { name: 'id', type: 'string', required: true, description: 'Id of the figure in the input.' },
    ...SERIES_FIELDS,
    { name: 'period_start', type: 'integer', required: true, unit: 'year', description: 'First year of the period.' },
    { name: 'period_end', type: 'integer', unit: 'year', description: 'Last year of the period; empty when open-ended ("since").' },
    { name: 'source_id', type: 'string', required: true, description: 'Source of the figure.' },
    {
      name: 'status',
      type: 'string',
      required: true,
      enum: FIGURE_STATUSES,
      description:
        'contradicted: it lies in a smallest set of figures that cannot all hold; redundant: the interval the other figures imply for its period lies inside its own; ' +
        'tightened: the two overlap and the others narrow it; consistent: otherwise.',
    },
    {
      name: 'set_aside',
      type: 'boolean',
      required: true,
      description:
        'true for the fewest figures of the series that must be set aside for the rest to hold (ties: the figures later in the file are set aside, by the largest sum of row positions).',
    },
    { name: 'reported_lower', type: 'integer', required: true, unit: 'people', description: 'Least number of people the figure allows.' },
    {
      name: 'reported_upper',
      type: 'integer',
      unit: 'people',
      description: 'Most people the figure allows; empty: no bound ("over", "at least").',
    },
    {
      name: 'implied_lower',
      type: 'number',
      unit: 'people',
      description:
        'Least the other figures (less those set aside) allow for its period; for an open period, up to the last year it may end in. Empty when the others cannot hold.',
    },
    {
      name: 'implied_upper',
      type: 'number',
      unit: 'people',
      description: 'Most the other figures allow for its period; for an open period, up to the first year it may end in. Empty: no bound.',
    },
    { name: 'conflicts_with', type: 'string', description: 'Ids of the other figures of its conflict, separated by spaces.' },
    { name: 'reason', type: 'string', description: 'The status in words, with the end years an open period may have.' },
  ],
};

export const IMPLIED_TABLE: TableSpec = {
  name: 'implied',
  path: 'implied.csv',
  title: 'What the figures imply together',
  description:
    'Per series, the least and the most people the figures that hold together (less those set aside) allow over a period: every reported period ' +
    '(an open one at every year it may end in), every stretch between consecutive boundaries of reported periods, and every multi-year period less the single years reported inside it. ' +
    'Where an open period\u2019s end year is unknown, the interval is the union over its possible end years, so it holds whichever year it is.',
  fields: [
    ...SERIES_FIELDS,
    { name: 'period_start', type: 'integer', required: true, unit: 'year', description: 'First year of the period.' },
    {
      name: 'period_end',
      type: 'integer',
      unit: 'year',
      description: 'Last year of the period; empty when it runs to the unknown end year of an open figure\u2019s source.',
    },
    {
      name: 'excluded_years',
      type: 'string',
      description: 'Years left out of the period (single years reported inside it), separated by spaces.',
    },
    { name: 'lower', type: 'number', unit: 'people', required: true, description: 'Least number of people over the period.' },
    { name: 'upper', type: 'number', unit: 'people', description: 'Most people over the period; empty: no bound.' },
    {
      name: 'basis',
      type: 'string',
      description: 'Ids of the figures that set the bounds, separated by spaces; empty when only "flows are at least 0" does.',
    },
  ],
};

/** The reconciliation tables, in the order outputs list them. */
export const RECONCILE_TABLES: readonly TableSpec[] = [CONSISTENCY_TABLE, IMPLIED_TABLE];
