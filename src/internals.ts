// kuril-exchange/internals: the plumbing under the public API (src/index.ts), for tests, benchmarks and
// tools that need to reach below the verbs. No stability promise: names here may change in any release.

// dataset
export { FIGURES, SOURCES, EVENTS, SPUTNIK_SOURCE_ID } from './dataset/figures.js';
export {
  EXCHANGE_VISITS,
  SOURCES_TABLE,
  EVENTS_TABLE,
  INPUT_TABLES,
  YEAR_MIN,
  YEAR_MAX,
  columnNames,
  resourceDescriptor,
  inputDataPackage,
} from './dataset/schema.js';
export type { FieldSpec, TableSpec, FieldType, ForeignKeySpec } from './dataset/schema.js';
export { quoteContainsCount, countForms } from './dataset/read.js';
export { csvCell } from './dataset/write.js';
export { formatNumber, neutraliseFormula } from './dataset/format.js';
export { restoreText } from './dataset/validate.js';
export { visitsToDataFrame, dataFrameToVisits, toDataFrame, fromDataFrame, isDataFrame } from './dataset/dataframe.js';
export { embeddedDataFiles, DATA_DIR } from './dataset/embedded.js';
export { UsageError } from './messages.js';
export { reduceExchangeVisitsFile, PARALLEL_MIN_BYTES } from './stream/reduce.js';
export { placeIndex, displayPlace, unmatchedPlaces, placeKey } from './dataset/places.js';
export type { PlaceIndex } from './dataset/places.js';
export { PLACES_TABLE } from './dataset/schema.js';
export { locale, CATALOGUES } from './i18n/locale.js';
export type { Locale, LocaleOptions } from './i18n/locale.js';
export type { ReduceOptions, ReduceResult } from './stream/reduce.js';
export type { RowReducer, ReducerRef } from './dataset/row-reducer.js';

// analysis
export { ratiosFromPairs } from './analysis/ratios.js';
export { sharesFromPairs } from './analysis/shares.js';
export { changesFromPairs } from './analysis/changes.js';
export { cumulativeFromPairs, defaultEndYear, SENSITIVITY_YEARS } from './analysis/cumulative.js';
export { FlowAccumulator, pairFlows, latestSingleYear } from './analysis/flows.js';
export type { FlowPair } from './analysis/flow-pair.js';
export { flowReducer } from './analysis/flow-reducer.js';
export { readFlowsFile } from './stream/read-flows.js';
export { startProgress } from './stream/progress.js';
export type { Progress, ProgressOptions, ProgressStream } from './stream/progress.js';
export { interval, point, add, subtract, divide, share, percentChange, toEstimate } from './analysis/bounds.js';
export type { Interval, Outcome } from './analysis/bounds.js';
export { RATIOS_TABLE, SHARES_TABLE, CHANGES_TABLE, CUMULATIVE_TABLE, ANALYSIS_TABLES } from './analysis/tables.js';
export {
  TABLES,
  TABLE_LIST,
  TABLE_NAMES,
  findTable,
  computeTables,
  tableFileText,
  tableChunks,
  RECONCILE_TABLE_LIST,
  findReconcileTable,
} from './analysis/table-registry.js';
export type {
  AnalysisTable,
  AnalysisTableName,
  AnalysisTables,
  TableComputeOptions,
  TableFormat,
  ReconcileTable,
  ReconcileTables,
} from './analysis/table-registry.js';

// reconciliation: its table specs and the bounds a qualifier gives a figure
export { CONSISTENCY_TABLE, IMPLIED_TABLE, RECONCILE_TABLES } from './analysis/reconcile-tables.js';
export { figureBounds, DEFAULT_APPROX_TOLERANCE } from './analysis/figure-bounds.js';

// charts
export { fontFaceCss } from './charts/font-face.js';

// notebook
export { isMarkdown, parsePercent, serializeNotebook, buildNotebook, VEGA_LITE_MIME } from './notebook/index.js';

// build
export { readManifest, planFromManifest } from './build/verify.js';
export { outputTableFor, OUTPUT_TABLES } from './build/read-output.js';
export { outputDataPackage, dataFolderPackage } from './build/data-package.js';
export { parseFormats, FORMATS } from './build/options.js';

// report
export { renderReport } from './report/html.js';
export { escapeHtml, jsonForScript } from './report/escape.js';
