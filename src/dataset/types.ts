/** How a figure's wording bounds its number. */
export type Qualifier = 'exact' | 'more_than' | 'at_least' | 'approximately';

/** The qualifiers, in the order the schema lists them. */
export const QUALIFIERS: readonly Qualifier[] = ['exact', 'more_than', 'at_least', 'approximately'];

/** One row of an exchange-visits file: how many people travelled from one place to another in a period. */
export interface Visit {
  /** Unique slug. */
  id: string;
  /** Where the travellers came from, as the source words it. */
  origin: string;
  /** Where they went, as the source words it. */
  destination: string;
  /** Who travelled, as worded. */
  travelers: string;
  /** First year of the period. */
  period_start: number;
  /** Last year of the period; `null` when the source leaves it open ("since 1992"). */
  period_end: number | null;
  /** Number of people: a non-negative whole number. */
  count: number;
  /** How the wording bounds `count` ("over 20,000" is `more_than`). */
  qualifier: Qualifier;
  /** Key of the source that reports the figure. */
  source_id: string;
  /** The sentence stating the figure, verbatim; may be empty. */
  quote: string;
}

/** One row of `sources.csv`: where figures come from. */
export interface Source {
  id: string;
  publisher: string;
  dateline: string;
  /** Date the document shows, at its precision: `2019`, `2019-05`, `2019-05-23` or an ISO 8601 date-time. */
  published: string;
  /** Date the figures describe, when it differs from `published` (same forms); empty when not given. */
  as_of?: string;
  document: string;
  note: string;
}

/** One row of `events.csv`: a dated event, for chart annotations. */
export interface ExchangeEvent {
  id: string;
  /** ISO 8601 date at the precision the source gives: `1992`, `2016-12` or `2017-09-23`. */
  date: string;
  year: number;
  label: string;
  quote: string;
  source_id: string;
}

/** A parsed cell: string, number or `null` for an empty optional cell. */
export type Cell = string | number | null;
