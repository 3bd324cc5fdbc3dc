// The public API of kuril-exchange: one flat list of named exports.

// dataset
export { FIGURES, SOURCES, EVENTS, SPUTNIK_SOURCE_ID } from './dataset/figures.js';
export { EXCHANGE_VISITS, SOURCES_TABLE, EVENTS_TABLE, INPUT_TABLES, YEAR_MIN, YEAR_MAX, columnNames, resourceDescriptor, inputDataPackage } from './dataset/schema.js';
export type { FieldSpec, TableSpec, FieldType, ForeignKeySpec } from './dataset/schema.js';
export { QUALIFIERS } from './dataset/types.js';
export type { Visit, Qualifier, Source, ExchangeEvent } from './dataset/types.js';
export { readExchangeVisits, readExchangeVisitsRows, parseExchangeVisits, validateExchangeVisitsFile, readSources, readEvents, quoteContainsCount, countForms } from './dataset/read.js';
export type { ReadOptions, ReadResult } from './dataset/read.js';
export { toCsv, toJson, csvCell } from './dataset/write.js';
export { formatNumber, neutraliseFormula } from './dataset/format.js';
export { restoreText } from './dataset/validate.js';
export { visitsToDataFrame, dataFrameToVisits, toDataFrame, fromDataFrame, isDataFrame } from './dataset/dataframe.js';
export { embeddedDataFiles, EMBEDDED_VISITS, EMBEDDED_SOURCES, EMBEDDED_EVENTS, DATA_DIR } from './dataset/embedded.js';
export { InputError, UsageError, formatProblem } from './messages.js';
export type { Problem, ProblemKind } from './messages.js';
