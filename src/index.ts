// The public API of kuril-exchange: one flat list of named exports.

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
export { QUALIFIERS } from './dataset/types.js';
export type { Visit, Qualifier, Source, ExchangeEvent } from './dataset/types.js';
export {
  readExchangeVisits,
  readExchangeVisitsRows,
  parseExchangeVisits,
  validateExchangeVisitsFile,
  readSources,
  readEvents,
  quoteContainsCount,
  countForms,
} from './dataset/read.js';
export type { ReadOptions, ReadResult } from './dataset/read.js';
export { toCsv, toJson, csvCell } from './dataset/write.js';
export { formatNumber, neutraliseFormula } from './dataset/format.js';
export { restoreText } from './dataset/validate.js';
export { visitsToDataFrame, dataFrameToVisits, toDataFrame, fromDataFrame, isDataFrame } from './dataset/dataframe.js';
export { embeddedDataFiles, EMBEDDED_VISITS, EMBEDDED_SOURCES, EMBEDDED_EVENTS, DATA_DIR } from './dataset/embedded.js';
export { InputError, UsageError, formatProblem } from './messages.js';
export type { Problem, ProblemKind } from './messages.js';

// analysis
export { ratios, ratiosFromPairs } from './analysis/ratios.js';
export { shares, sharesFromPairs } from './analysis/shares.js';
export { changes, changesFromPairs } from './analysis/changes.js';
export { cumulative, cumulativeFromPairs, defaultEndYear, SENSITIVITY_YEARS } from './analysis/cumulative.js';
export { FlowAccumulator, pairFlows, latestSingleYear } from './analysis/flows.js';
export type { FlowPair } from './analysis/flows.js';
export { interval, point, add, subtract, divide, share, percentChange, toEstimate } from './analysis/bounds.js';
export type { Interval, Outcome } from './analysis/bounds.js';
export { formatEstimate, formatCount, formatDecimal, periodLabel } from './analysis/format.js';
export { RATIOS_TABLE, SHARES_TABLE, CHANGES_TABLE, CUMULATIVE_TABLE, ANALYSIS_TABLES } from './analysis/tables.js';
export type { AnalysisInput } from './analysis/frame.js';
export type {
  Bound,
  Estimate,
  RatioRow,
  ShareRow,
  ChangeRow,
  ChangeSeries,
  CumulativeRow,
  CumulativeMeasure,
  CumulativeOptions,
  PeriodKey,
} from './analysis/types.js';
// reconciliation: all sources together
export { reconcile } from './analysis/reconcile.js';
export type { Reconciliation, ReconcileOptions, SeriesResult } from './analysis/reconcile.js';
export { CONSISTENCY_TABLE, IMPLIED_TABLE, RECONCILE_TABLES } from './analysis/reconcile-tables.js';
export type { ConsistencyRow, ImpliedRow, FigureStatus } from './analysis/reconcile-tables.js';
export { figureBounds, DEFAULT_APPROX_TOLERANCE } from './analysis/figure-bounds.js';
export { endRanges } from './analysis/open-end.js';
export type { EndRange } from './analysis/open-end.js';

// charts
export { buildCharts } from './charts/index.js';
export { sourcesChart } from './charts/sources.js';

// notebook
export {
  display,
  md,
  markdown,
  isMarkdown,
  runNotebook,
  parsePercent,
  serializeNotebook,
  buildNotebook,
  VEGA_LITE_MIME,
} from './notebook/index.js';
export type { DisplayOptions, TableOptions, Markdown, NotebookRun, RunOptions, CellFailure, Notebook } from './notebook/index.js';

// build
export { build } from './build/build.js';
export type { BuildRequest } from './build/build.js';
export { verifyOutput, readManifest, planFromManifest } from './build/verify.js';
export type { VerifyResult, Difference } from './build/verify.js';
export { readOutputTable, outputTableFor, OUTPUT_TABLES } from './build/read-output.js';
export { outputDataPackage, dataFolderPackage } from './build/data-package.js';
export { resolveInputs } from './build/inputs.js';
export { parseFormats, FORMATS } from './build/options.js';
export type { Format, BuildPlan, BuildInputs } from './build/options.js';
export type { Manifest, ManifestFile, ManifestInput } from './build/manifest.js';
export type { BuildProgress, BuildStep } from './build/pipeline.js';

// report
export { renderReport } from './report/html.js';
export { agreeSentences } from './report/agree.js';
export { escapeHtml, jsonForScript } from './report/escape.js';

// large files: parallel reading into flow pairs
export { reduceExchangeVisitsFile, PARALLEL_MIN_BYTES } from './dataset/parallel.js';
export type { ReduceOptions, ReduceResult, RowReducer, ReducerRef } from './dataset/parallel.js';
export { readFlowsFile, flowReducer } from './analysis/flow-reducer.js';
