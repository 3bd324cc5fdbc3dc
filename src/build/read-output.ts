import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { DataFrame } from 'danfojs-node';
import { RECONCILE_TABLES } from '../analysis/reconcile-tables.js';
import { ANALYSIS_TABLES } from '../analysis/tables.js';
import { scanCsv } from '../dataset/csv-scan.js';
import { danfo } from '../dataset/dataframe.js';
import { INPUT_TABLES, type FieldSpec, type TableSpec } from '../dataset/schema.js';
import { restoreText, TableValidator } from '../dataset/validate.js';
import { InputError, msg, type Problem } from '../messages.js';

/** The tables a build writes, in the output folder's order: the copied input, then the analyses. */
export const OUTPUT_TABLES: readonly TableSpec[] = [...INPUT_TABLES, ...ANALYSIS_TABLES, ...RECONCILE_TABLES];

/** danfojs dtypes of the schema's field types. */
const DTYPES: Record<FieldSpec['type'], string> = {
  integer: 'int32',
  number: 'float32',
  boolean: 'boolean',
  string: 'string',
  datetime: 'string',
};

const INTEGER = /^-?[0-9]+$/;
const NUMBER = /^-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)$/;
const TRUE = new Set(['true', 'True', 'TRUE', '1']);
const FALSE = new Set(['false', 'False', 'FALSE', '0']);

type Value = string | number | boolean | null;

/** The table a file of an output folder holds, from its name (`ratios.csv`, `ratios.json`, `exchange-visits.csv`). */
export function outputTableFor(file: string): TableSpec | undefined {
  const name = basename(file);
  return OUTPUT_TABLES.find((t) => t.path === name || `${t.name}.json` === name);
}

/** One CSV cell as its field's type: empty → null, text with the writer's formula apostrophe removed. */
function csvValue(field: FieldSpec, raw: string, report: (message: string) => void): Value {
  if (raw === '') return null;
  switch (field.type) {
    case 'integer':
    case 'number':
      if (!(field.type === 'integer' ? INTEGER : NUMBER).test(raw)) {
        report(field.type === 'integer' ? msg.notWholeNumber(field.name, raw, '') : msg.notNumber(field.name, raw));
        return null;
      }
      return Number(raw);
    case 'boolean':
      if (TRUE.has(raw)) return true;
      if (FALSE.has(raw)) return false;
      report(msg.notBoolean(field.name, raw));
      return null;
    default:
      return restoreText(raw);
  }
}

async function csvRows(spec: TableSpec, bytes: Uint8Array, file: string): Promise<Value[][]> {
  const validator = new TableValidator(spec, { file });
  const problems: Problem[] = [];
  const rows: Value[][] = [];
  let header = true;
  const failure = await scanCsv(bytes, file, (fields, line) => {
    if (header) {
      header = false;
      if (!validator.header(fields, line)) problems.push(...validator.problems);
      return problems.length === 0;
    }
    if (fields.length === 1 && fields[0] === '') return true; // a blank last line
    if (fields.length !== spec.fields.length) {
      problems.push({
        kind: fields.length < spec.fields.length ? 'missing-cell' : 'extra-cell',
        file,
        line,
        column: Math.min(fields.length, spec.fields.length) + 1,
        message: msg.missingCell(
          fields.length,
          spec.fields.length,
          spec.fields.slice(fields.length).map((f) => f.name),
        ),
      });
      return problems.length < 100;
    }
    rows.push(
      spec.fields.map((f, i) =>
        csvValue(f, fields[i]!, (message) => problems.push({ kind: 'type-error', file, line, column: i + 1, message })),
      ),
    );
    return problems.length < 100;
  });
  if (failure) problems.push(failure);
  if (header && !failure) problems.push({ kind: 'source-error', file, line: 1, column: null, message: msg.emptyFile() });
  if (problems.length > 0) throw new InputError(problems);
  return rows;
}

function jsonRows(spec: TableSpec, text: string, file: string): Value[][] {
  const fail = (why: string): never => {
    throw new InputError([{ kind: 'source-error', file, line: 1, column: null, message: msg.notJsonTable(why) }]);
  };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    return fail((e as Error).message);
  }
  if (!Array.isArray(parsed)) return fail('the file is not a list');
  return parsed.map((row, i) => {
    if (typeof row !== 'object' || row === null || Array.isArray(row)) return fail(`item ${i + 1} is not an object`);
    return spec.fields.map((f) => {
      const v = (row as Record<string, unknown>)[f.name];
      return v === undefined || v === null
        ? null
        : typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'
          ? v
          : JSON.stringify(v);
    });
  });
}

/**
 * Reads a table a build wrote (`out/tables/ratios.csv`, its `.json` twin, or the copied input under
 * `out/data/`) into a danfojs-node DataFrame with the schema's columns and dtypes: whole numbers
 * `int32`, decimals `float32` (values stay full JavaScript doubles), booleans, text `string`; empty cells
 * become `null`, and the apostrophe the writer puts before formula-like text is removed.
 * The table is recognised by its file name, or given with `table`. Loads danfojs-node (about a second).
 * @throws InputError when the file does not hold that table (each problem with line and column).
 * @example
 * const df = await readOutputTable('out/tables/ratios.csv');
 * df.dtypes // => ['string', 'string', 'int32', 'int32', 'string', 'float32', 'float32', 'float32', 'string', 'string']
 */
export async function readOutputTable(path: string, options: { table?: TableSpec } = {}): Promise<DataFrame> {
  const file = basename(path);
  const spec = options.table ?? outputTableFor(file);
  if (!spec)
    throw new InputError([
      {
        kind: 'source-error',
        file,
        line: 1,
        column: null,
        message: msg.unknownOutputTable(
          file,
          OUTPUT_TABLES.flatMap((t) => [t.path, `${t.name}.json`]),
        ),
      },
    ]);
  const bytes = await readFile(path);
  const rows = file.endsWith('.json') ? jsonRows(spec, new TextDecoder().decode(bytes), file) : await csvRows(spec, bytes, file);
  const { DataFrame } = danfo();
  return new DataFrame(rows, { columns: spec.fields.map((f) => f.name), dtypes: spec.fields.map((f) => DTYPES[f.type]) });
}
