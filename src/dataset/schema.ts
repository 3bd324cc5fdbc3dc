import { QUALIFIERS } from './types.js';

/** Frictionless Table Schema field types this project uses. */
export type FieldType = 'string' | 'integer' | 'number' | 'boolean' | 'datetime';

/** One column: its name, type, constraints and meaning. The one place columns are described. */
export interface FieldSpec {
  readonly name: string;
  readonly type: FieldType;
  readonly description: string;
  /** Empty cells are errors when true. */
  readonly required?: boolean;
  readonly unique?: boolean;
  readonly enum?: readonly string[];
  readonly minimum?: number;
  readonly maximum?: number;
  readonly pattern?: string;
  /** Unit of a numeric column, for people reading the data package. */
  readonly unit?: string;
  /** The value is a source date (`SOURCE_DATE_PATTERN`): errors describe it in words, not as the pattern. */
  readonly patternHint?: 'source-date';
}

export interface ForeignKeySpec {
  readonly fields: string;
  readonly reference: { readonly resource: string; readonly fields: string };
}

/** A table: its file, columns in order, and keys. */
export interface TableSpec {
  readonly name: string;
  readonly path: string;
  readonly title: string;
  readonly description: string;
  readonly fields: readonly FieldSpec[];
  readonly primaryKey?: readonly string[];
  /** Column sets whose values must be unique together (Table Schema v2 `uniqueKeys`). */
  readonly uniqueKeys?: readonly (readonly string[])[];
  readonly foreignKeys?: readonly ForeignKeySpec[];
}

/** Smallest and largest year a period may name. */
export const YEAR_MIN = 1900;
export const YEAR_MAX = 2100;

/** Slug pattern for ids: letters, digits, and `-`, `_` or `.` between them. */
export const ID_PATTERN = '^[A-Za-z0-9]+(?:[-_.][A-Za-z0-9]+)*$';

/** The input table: one row per reported figure. Column order is the file's column order. */
export const EXCHANGE_VISITS: TableSpec = {
  name: 'exchange-visits',
  path: 'exchange-visits.csv',
  title: 'Visa-free exchange visits',
  description:
    'People travelling between two places in a period, one row per figure a source reports, with the verbatim sentence that states it. ' +
    'The embedded data is the visa-free exchange between Japan and the South Kuril Islands (Iturup, Kunashir, Shikotan and the Habomai islets; ' +
    'the Northern Territories, as Japan calls them).',
  fields: [
    { name: 'id', type: 'string', required: true, unique: true, pattern: ID_PATTERN, description: 'Unique slug naming the figure.' },
    { name: 'origin', type: 'string', required: true, description: 'Place the travellers came from, as the source words it.' },
    {
      name: 'destination',
      type: 'string',
      required: true,
      description: 'Place the travellers went to, as the source words it. "South Kuril Islands" is also called "Northern Territories".',
    },
    { name: 'travelers', type: 'string', required: true, description: 'Who travelled, as the source words it.' },
    {
      name: 'period_start',
      type: 'integer',
      required: true,
      minimum: YEAR_MIN,
      maximum: YEAR_MAX,
      unit: 'year',
      description: 'First year of the period the figure covers.',
    },
    {
      name: 'period_end',
      type: 'integer',
      minimum: YEAR_MIN,
      maximum: YEAR_MAX,
      unit: 'year',
      description:
        'Last year of the period, at least period_start; empty when the source leaves the end open ("since 1992"). A single year has period_start = period_end.',
    },
    {
      name: 'count',
      type: 'integer',
      required: true,
      minimum: 0,
      unit: 'people',
      description: 'Number of people, a whole number written with digits only.',
    },
    {
      name: 'qualifier',
      type: 'string',
      required: true,
      enum: QUALIFIERS,
      description: 'How the wording bounds count: exact (stated plainly), more_than ("over"), at_least, approximately ("about").',
    },
    { name: 'source_id', type: 'string', required: true, description: 'Key of the source in sources.csv.' },
    {
      name: 'quote',
      type: 'string',
      description: 'The sentence stating the figure, verbatim; when not empty it contains count (with or without thousands separators).',
    },
  ],
  primaryKey: ['id'],
  uniqueKeys: [['origin', 'destination', 'travelers', 'period_start', 'period_end', 'source_id']],
  foreignKeys: [{ fields: 'source_id', reference: { resource: 'sources', fields: 'id' } }],
};

/**
 * A date at the precision a source gives: `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, or a date-time with a
 * time zone (`2021-07-29T00:23:00Z`).
 */
export const SOURCE_DATE_PATTERN =
  '^\\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\\d|3[01])(T([01]\\d|2[0-3]):[0-5]\\d(:[0-5]\\d(\\.\\d+)?)?(Z|[+-]\\d{2}:\\d{2}))?)?)?$';

const SOURCE_DATE_HINT = 'source-date' as const;

/** Where figures come from. */
export const SOURCES_TABLE: TableSpec = {
  name: 'sources',
  path: 'sources.csv',
  title: 'Sources',
  description: 'The documents the figures come from.',
  fields: [
    {
      name: 'id',
      type: 'string',
      required: true,
      unique: true,
      pattern: ID_PATTERN,
      description: 'Unique slug; exchange-visits.csv refers to it in source_id.',
    },
    { name: 'publisher', type: 'string', required: true, description: 'Who published the document.' },
    { name: 'dateline', type: 'string', description: 'Place the report was filed from.' },
    {
      name: 'published',
      type: 'string',
      pattern: SOURCE_DATE_PATTERN,
      patternHint: SOURCE_DATE_HINT,
      description:
        'Date the document shows, at the precision it gives: YYYY, YYYY-MM, YYYY-MM-DD, or an ISO 8601 date-time with its time zone.',
    },
    {
      name: 'as_of',
      type: 'string',
      pattern: SOURCE_DATE_PATTERN,
      patternHint: SOURCE_DATE_HINT,
      description:
        'Date the figures describe, when it differs from published (same forms). An open period ("since 1992") of this source ends at the latest ' +
        'in the year of as_of, else of published. Optional: a file without this column is read as if it were empty.',
    },
    { name: 'document', type: 'string', description: 'File name of the stored copy of the document.' },
    { name: 'note', type: 'string', description: 'What a reader needs to know to interpret the figures.' },
  ],
  primaryKey: ['id'],
};

/** Dated events, drawn as chart annotations. */
export const EVENTS_TABLE: TableSpec = {
  name: 'events',
  path: 'events.csv',
  title: 'Events',
  description: 'Dated events the source gives, drawn as annotations on charts with a time axis.',
  fields: [
    { name: 'id', type: 'string', required: true, unique: true, pattern: ID_PATTERN, description: 'Unique slug.' },
    {
      name: 'date',
      type: 'string',
      required: true,
      pattern: '^\\d{4}(-\\d{2}(-\\d{2})?)?$',
      description: 'Date at the precision the source gives: YYYY, YYYY-MM or YYYY-MM-DD.',
    },
    {
      name: 'year',
      type: 'integer',
      required: true,
      minimum: YEAR_MIN,
      maximum: YEAR_MAX,
      unit: 'year',
      description: 'Year of the event, for placing it on a time axis.',
    },
    { name: 'label', type: 'string', required: true, description: 'Short label drawn on charts.' },
    { name: 'quote', type: 'string', description: 'The sentence giving the event, verbatim.' },
    { name: 'source_id', type: 'string', required: true, description: 'Key of the source in sources.csv.' },
  ],
  primaryKey: ['id'],
  foreignKeys: [{ fields: 'source_id', reference: { resource: 'sources', fields: 'id' } }],
};

/** The sources table as files written before the `as_of` column read it: the same columns without `as_of`. */
export const SOURCES_TABLE_WITHOUT_AS_OF: TableSpec = {
  ...SOURCES_TABLE,
  fields: SOURCES_TABLE.fields.filter((f) => f.name !== 'as_of'),
};

const placeName = (lang: string, what: string): FieldSpec => ({ name: `name_${lang}`, type: 'string', description: what });
const conventionName = (naming: string, lang: string, whose: string): FieldSpec => ({
  name: `${naming}_${lang}`,
  type: 'string',
  description: `The name ${whose} uses, in ${lang === 'en' ? 'English' : lang === 'ja' ? 'Japanese' : 'Russian'}; empty: name_${lang}.`,
});

/**
 * Places and their names: the plain name per language, the name each naming convention uses per language,
 * and the aliases that identify the place in data. Charts and the report show names from here
 * (`--lang`, `--naming`); the data and the tables keep the wording of the source.
 */
export const PLACES_TABLE: TableSpec = {
  name: 'places',
  path: 'places.csv',
  title: 'Places',
  description:
    'Places named in the data, with their names in English, Japanese and Russian and under each naming convention: russian ' +
    '(South Kuril Islands / Южные Курилы), japanese (Northern Territories / 北方領土) and neutral (both names). ' +
    'Origins and destinations are matched to a place by any of its aliases, ignoring case, letter width and extra spaces.',
  fields: [
    { name: 'id', type: 'string', required: true, unique: true, pattern: ID_PATTERN, description: 'Unique slug.' },
    {
      name: 'kind',
      type: 'string',
      required: true,
      enum: ['country', 'region', 'group', 'island', 'place'],
      description: 'What the place is: country, region, group (of islands), island, or place.',
    },
    { name: 'part_of', type: 'string', description: 'Id of the place this one is part of (an island of its group); empty when none.' },
    { ...placeName('en', 'The plain name in English.'), required: true },
    placeName('ja', 'The plain name in Japanese; empty: name_en.'),
    placeName('ru', 'The plain name in Russian; empty: name_en.'),
    ...['en', 'ja', 'ru'].map((l) => conventionName('russian', l, 'Russia')),
    ...['en', 'ja', 'ru'].map((l) => conventionName('japanese', l, 'Japan')),
    ...['en', 'ja', 'ru'].map((l) => conventionName('neutral', l, 'a form naming both sides')),
    {
      name: 'aliases',
      type: 'string',
      required: true,
      description: 'Names that identify the place in data, separated by "|"; each alias belongs to one place only.',
    },
  ],
  primaryKey: ['id'],
};

/** The column names of a table, in file order. */
export function columnNames(table: TableSpec): string[] {
  return table.fields.map((f) => f.name);
}

/** A field as a Frictionless Table Schema field descriptor. */
export function fieldDescriptor(field: FieldSpec): Record<string, unknown> {
  const constraints: Record<string, unknown> = {};
  if (field.required) constraints.required = true;
  if (field.unique) constraints.unique = true;
  if (field.enum) constraints.enum = [...field.enum];
  if (field.minimum !== undefined) constraints.minimum = field.minimum;
  if (field.maximum !== undefined) constraints.maximum = field.maximum;
  if (field.pattern !== undefined) constraints.pattern = field.pattern;
  const d: Record<string, unknown> = { name: field.name, type: field.type, description: field.description };
  if (field.type === 'integer' || field.type === 'number') d.bareNumber = true;
  if (field.unit) d.unit = field.unit;
  if (Object.keys(constraints).length > 0) d.constraints = constraints;
  return d;
}

/** A table as a Frictionless Data Resource descriptor (tabular-data-resource, UTF-8 CSV). */
export function resourceDescriptor(table: TableSpec, path = table.path): Record<string, unknown> {
  const schema: Record<string, unknown> = {
    fields: table.fields.map(fieldDescriptor),
    missingValues: [''],
  };
  if (table.primaryKey) schema.primaryKey = [...table.primaryKey];
  if (table.uniqueKeys) schema.uniqueKeys = table.uniqueKeys.map((k) => [...k]);
  if (table.foreignKeys) schema.foreignKeys = table.foreignKeys.map((k) => ({ fields: k.fields, reference: { ...k.reference } }));
  return {
    name: table.name,
    path,
    profile: 'tabular-data-resource',
    title: table.title,
    description: table.description,
    format: 'csv',
    mediatype: 'text/csv',
    encoding: 'utf-8',
    dialect: { delimiter: ',', lineTerminator: '\n', quoteChar: '"', doubleQuote: true, header: true },
    schema,
  };
}

/** The embedded dataset's tables, in the order data/datapackage.json lists them. */
export const INPUT_TABLES: readonly TableSpec[] = [EXCHANGE_VISITS, SOURCES_TABLE, EVENTS_TABLE];

/** The Frictionless Data Package descriptor of `data/`. */
export function inputDataPackage(): Record<string, unknown> {
  return {
    profile: 'tabular-data-package',
    name: 'kuril-exchange',
    title: 'Visa-free exchange between Japan and the South Kuril Islands',
    description:
      'Figures on the visa-free exchange between Japan and the South Kuril Islands (Iturup, Kunashir, Shikotan, Habomai), ' +
      'called the Northern Territories in Japan, as one news article reports them, each with the sentence that states it. ' +
      'Text cells that begin with =, +, -, @, a tab or their full-width forms are written with a leading apostrophe so spreadsheets do not run them as formulas.',
    licenses: [
      {
        name: 'ODC-PDDL-1.0',
        path: 'https://opendatacommons.org/licenses/pddl/',
        title: 'Open Data Commons Public Domain Dedication and License v1.0',
      },
    ],
    keywords: ['Kuril Islands', 'Northern Territories', 'Japan', 'Russia', 'visa-free exchange'],
    resources: [...INPUT_TABLES, PLACES_TABLE].map((t) => resourceDescriptor(t)),
  };
}
