// The public API of kuril-exchange: the verbs a user calls and their types, as one flat list.
// Plumbing (interval arithmetic, flow accumulators, CSV cells, table specs, manifest planning, the
// parallel reader...) is in `kuril-exchange/internals` (src/internals.ts), with no stability promise.

// dataset: read and check figures, and write tables
export { EMBEDDED_VISITS, EMBEDDED_SOURCES, EMBEDDED_EVENTS } from './dataset/embedded.js';
export {
  readExchangeVisits,
  readExchangeVisitsRows,
  parseExchangeVisits,
  validateExchangeVisitsFile,
  readSources,
  readEvents,
} from './dataset/read.js';
export type { ReadOptions, ReadResult } from './dataset/read.js';
export { QUALIFIERS } from './dataset/types.js';
export type { Visit, Qualifier, Source, ExchangeEvent } from './dataset/types.js';
export { toCsv, toJson } from './dataset/write.js';
export { InputError, formatProblem } from './messages.js';
export type { Problem, ProblemKind } from './messages.js';

// analysis: the four analyses, and numbers in words
export { ratios } from './analysis/ratios.js';
export { shares } from './analysis/shares.js';
export { changes } from './analysis/changes.js';
export { cumulative } from './analysis/cumulative.js';
export { formatEstimate, formatCount, formatDecimal, periodLabel } from './analysis/format.js';
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
export type { ConsistencyRow, ImpliedRow, FigureStatus } from './analysis/reconcile-tables.js';
export { endRanges } from './analysis/open-end.js';
export type { EndRange } from './analysis/open-end.js';

// places and languages: the places table, and the options charts and the report are worded with
export { PLACES, LANGS, NAMINGS } from './dataset/places.js';
export type { Place, Lang, Naming } from './dataset/places.js';
export { readPlaces } from './dataset/read.js';
export { EMBEDDED_PLACES } from './dataset/embedded.js';

// charts
export { buildCharts } from './charts/index.js';
export { sourcesChart } from './charts/sources.js';
export type { ChartSet, ChartOptions } from './charts/index.js';
export type { BuiltChart, ChartInput, ChartName, SkippedChart } from './charts/types.js';

// notebook: the display API and the runner
export { display, md, markdown, notebookLanguage, runNotebook } from './notebook/index.js';
export type { DisplayOptions, TableOptions, Markdown, NotebookRun, RunOptions, CellFailure, Notebook } from './notebook/index.js';

// build, verify, and reading a build's tables back
export { build } from './build/build.js';
export type { BuildRequest } from './build/build.js';
export { resolveInputs } from './build/inputs.js';
export type { Format, BuildPlan, BuildInputs, InputFile } from './build/options.js';
export type { BuildProgress, BuildStep } from './build/pipeline.js';
export type { Manifest, ManifestFile, ManifestInput } from './build/manifest.js';
export { verifyOutput } from './build/verify.js';
export type { VerifyResult, Difference } from './build/verify.js';
export { readOutputTable } from './build/read-output.js';
export { agreeSentences } from './report/agree.js';
