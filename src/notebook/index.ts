// The notebook layer: the display API notebooks call, and the runner behind `kuril-exchange notebook`.
// Importing this costs nothing heavy: the runner loads TypeScript, marked and vega only when used.

export { display, chartDirectory } from './display.js';
export { md, markdown, isMarkdown, dedent } from './markdown.js';
export type { Markdown } from './markdown.js';
export { VEGA_LITE_MIME, asChart, isVegaLiteSpec, richOutput } from './bundle.js';
export type { DisplayOptions, ChartValue, RenderedChart, RichOutput } from './bundle.js';
export { tableView, tableText, tableHtml, isTabular } from './table.js';
export type { TableOptions, TableView } from './table.js';
export { parsePercent } from './parse.js';
export type { NotebookSource, SourceCell, CellType } from './parse.js';
export { runNotebook } from './run.js';
export { notebookLanguage } from './runtime.js';
export type { RunOptions, NotebookRun } from './run.js';
export type { CellFailure } from './session.js';
export { buildNotebook, serializeNotebook, NOTEBOOK_METADATA } from './nbformat.js';
export type { Notebook, Cell, CodeCell, TextCell, Output, MimeBundle } from './nbformat.js';
