import { RECONCILE_TABLES } from '../analysis/reconcile-tables.js';
import { ANALYSIS_TABLES } from '../analysis/tables.js';
import { EVENTS_TABLE, EXCHANGE_VISITS, SOURCES_TABLE, inputDataPackage, resourceDescriptor, type TableSpec } from '../dataset/schema.js';

/** Which tables an output folder holds besides the exchange visits. */
export interface PackageContents {
  readonly sources: boolean;
  readonly events: boolean;
  /** The embedded dataset (its licence applies); a user's file gets no licence claim. */
  readonly embedded: boolean;
}

/** Folder of the copied input inside the output folder. */
export const DATA_FOLDER = 'data';
/** Folder of the analysis tables inside the output folder. */
export const TABLES_FOLDER = 'tables';

const BOUNDS =
  'Derived numbers carry value, lower, upper and bound: bound "exact" means value is pinned down; "lower" means the truth is at least value ' +
  '(it comes from a figure worded "over" or "at least"); "upper" means at most value; "approximate" means about value. lower and upper give the known ' +
  'ends of the interval the truth lies in (empty where open). An empty value comes with a reason. Text cells that begin with =, +, -, @, a tab ' +
  'or their full-width forms carry a leading apostrophe so spreadsheets do not run them as formulas; remove it when reading (readOutputTable does).';

/** The input tables present, in package order. */
function inputTables(c: PackageContents): TableSpec[] {
  return [EXCHANGE_VISITS, ...(c.sources ? [SOURCES_TABLE] : []), ...(c.events ? [EVENTS_TABLE] : [])];
}

/** A resource descriptor; foreign keys into a table that is not in the package are dropped (they could not be checked). */
function resource(table: TableSpec, path: string, c: PackageContents): Record<string, unknown> {
  const d = resourceDescriptor(table, path);
  const schema = d.schema as Record<string, unknown>;
  if (!c.sources) delete schema.foreignKeys;
  return d;
}

function common(c: PackageContents): Record<string, unknown> {
  const base = inputDataPackage();
  return {
    profile: 'tabular-data-package',
    name: base.name,
    title: base.title,
    ...(c.embedded ? { licenses: base.licenses } : {}),
    keywords: base.keywords,
  };
}

/**
 * `data/datapackage.json`: a Frictionless Data Package of the validated input as copied into `data/`
 * (exchange-visits.csv, and sources.csv and events.csv when the build had them), from the one schema.
 */
export function dataFolderPackage(c: PackageContents): Record<string, unknown> {
  return {
    ...common(c),
    description: inputDataPackage().description,
    resources: inputTables(c).map((t) => resource(t, t.path, c)),
  };
}

/**
 * `datapackage.json` at the top of the output folder: a Frictionless Data Package describing every CSV
 * in it (the copied input under `data/` and the analysis tables under `tables/`), with column types,
 * units, descriptions and the meaning of the bound columns, built from the same table specs the files
 * are written with; pandas, R (`frictionless`) and frictionless-py read the CSVs with the right types.
 * @example outputDataPackage({ sources: true, events: true, embedded: true }).resources.length // => 9
 */
export function outputDataPackage(c: PackageContents): Record<string, unknown> & { resources: Record<string, unknown>[] } {
  return {
    ...common(c),
    description:
      'Everything a kuril-exchange build writes as tables: the validated input (data/) and the analyses computed from it (tables/). ' +
      'JSON twins of the tables, when built, hold the same rows (tables/NAME.json). ' +
      BOUNDS,
    resources: [
      ...inputTables(c).map((t) => resource(t, `${DATA_FOLDER}/${t.path}`, c)),
      ...[...ANALYSIS_TABLES, ...RECONCILE_TABLES].map((t) => resource(t, `${TABLES_FOLDER}/${t.path}`, c)),
    ],
  };
}
