import type { NotebookSource } from './parse.js';

// The Jupyter notebook format, version 4.5: the parts this runner writes.

/** Data keyed by MIME type: text as one string, JSON types (`application/*+json`) as objects. */
export type MimeBundle = Record<string, string | object>;

export interface StreamOutput {
  output_type: 'stream';
  name: 'stdout' | 'stderr';
  text: string;
}
export interface DisplayDataOutput {
  output_type: 'display_data';
  data: MimeBundle;
  metadata: Record<string, unknown>;
}
export interface ExecuteResultOutput {
  output_type: 'execute_result';
  execution_count: number | null;
  data: MimeBundle;
  metadata: Record<string, unknown>;
}
export interface ErrorOutput {
  output_type: 'error';
  ename: string;
  evalue: string;
  traceback: string[];
}
export type Output = StreamOutput | DisplayDataOutput | ExecuteResultOutput | ErrorOutput;

export interface CodeCell {
  id: string;
  cell_type: 'code';
  metadata: Record<string, unknown>;
  source: string;
  execution_count: number | null;
  outputs: Output[];
}
export interface TextCell {
  id: string;
  cell_type: 'markdown' | 'raw';
  metadata: Record<string, unknown>;
  source: string;
}
export type Cell = CodeCell | TextCell;

export interface Notebook {
  nbformat: 4;
  nbformat_minor: 5;
  metadata: Record<string, unknown>;
  cells: Cell[];
}

/** What running a code cell left: its execution count (`null` when it did not run) and outputs. */
export interface CellRun {
  executionCount: number | null;
  outputs: Output[];
}

/** Kernel metadata: TypeScript, so Jupyter and nbconvert highlight the code; no kernel is needed to read it. */
export const NOTEBOOK_METADATA = {
  kernelspec: { display_name: 'TypeScript', language: 'typescript', name: 'typescript' },
  language_info: {
    name: 'typescript',
    file_extension: '.ts',
    mimetype: 'text/typescript',
    codemirror_mode: { name: 'javascript', typescript: true },
    pygments_lexer: 'typescript',
  },
  jupytext: { text_representation: { extension: '.ts', format_name: 'percent' } },
} as const;

/** Builds the notebook from its parsed cells and what running them recorded (cells not run have no outputs). */
export function buildNotebook(source: NotebookSource, runs: ReadonlyMap<number, CellRun>, title: string | null): Notebook {
  const cells: Cell[] = source.cells.map((c) => {
    const metadata: Record<string, unknown> = c.title ? { title: c.title } : {};
    if (c.type !== 'code') return { id: c.id, cell_type: c.type, metadata, source: c.source };
    const run = runs.get(c.index);
    return {
      id: c.id,
      cell_type: 'code',
      metadata,
      source: c.source,
      execution_count: run?.executionCount ?? null,
      outputs: run?.outputs ?? [],
    };
  });
  return { nbformat: 4, nbformat_minor: 5, metadata: { ...NOTEBOOK_METADATA, ...(title ? { title } : {}) }, cells };
}

/**
 * The notebook as `.ipynb` text, the way Jupyter writes it: keys sorted, one-space indent,
 * multi-line text as arrays of lines. Nothing in it depends on the time or the machine's state,
 * so running a notebook twice gives the same bytes.
 */
export function serializeNotebook(nb: Notebook): string {
  return `${JSON.stringify(toJupyterJson(nb), null, 1)}\n`;
}

const JSON_MIME = /^application\/(.*\+)?json$/;

function toJupyterJson(nb: Notebook): unknown {
  const cells = nb.cells.map((c) => {
    const base = { ...c, source: splitLines(c.source) };
    if (c.cell_type !== 'code') return base;
    return { ...base, outputs: c.outputs.map(outputJson) };
  });
  return sortKeys({ ...nb, cells });
}

function outputJson(o: Output): unknown {
  switch (o.output_type) {
    case 'stream':
      return { ...o, text: splitLines(o.text) };
    case 'error':
      return o;
    default:
      return { ...o, data: bundleJson(o.data) };
  }
}

function bundleJson(data: MimeBundle): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [mime, v] of Object.entries(data)) {
    // Text types as arrays of lines (as Jupyter writes them); base64 and JSON as they are.
    out[mime] =
      typeof v === 'string' && !JSON_MIME.test(mime) && (mime.startsWith('text/') || mime === 'image/svg+xml') ? splitLines(v) : v;
  }
  return out;
}

/** `"a\nb"` → `["a\n", "b"]`: lines keep their ends, as nbformat's multi-line strings. */
export function splitLines(s: string): string[] {
  return s === '' ? [] : s.match(/[^\n]*\n|[^\n]+$/g)!;
}

/** Joins nbformat's multi-line string back to text. */
export function joinLines(s: string | readonly string[]): string {
  return typeof s === 'string' ? s : s.join('');
}

function sortKeys(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(sortKeys);
  if (x === null || typeof x !== 'object') return x;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(x).sort()) {
    const v = (x as Record<string, unknown>)[k];
    if (v !== undefined) out[k] = sortKeys(v);
  }
  return out;
}
