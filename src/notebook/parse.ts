import { sha256 } from '../util/hash.js';

// Jupytext "percent" format for TypeScript: `// %%` starts a code cell, `// %% [markdown]` a markdown
// cell whose lines are `// ` comments, `// %% [raw]` a raw cell. The file stays a valid program.

/** What kind of cell a percent-format marker opens. */
export type CellType = 'code' | 'markdown' | 'raw';

/** One cell of a percent-format notebook, with where it sits in the file. */
export interface SourceCell {
  /** Position in the notebook, from 0. */
  readonly index: number;
  readonly type: CellType;
  /** Cell text as the notebook shows it: markdown and raw cells without their `// `, no blank lines at either end. */
  readonly source: string;
  /** Line of the `// %%` marker (1-based); `null` for code before the first marker. */
  readonly markerLine: number | null;
  /** First and last line (1-based, inclusive) of the cell's region, marker included; `last < first` for an empty region. */
  readonly firstLine: number;
  readonly lastLine: number;
  /** Title written after the marker (`// %% Load the data`), if any. */
  readonly title: string | null;
  /** Stable id for nbformat 4.5: index and a hash of type and text, so a rerun gives the same ids. */
  readonly id: string;
}

/** A parsed percent-format notebook. */
export interface NotebookSource {
  /** The file as given (used in messages and tracebacks). */
  readonly file: string;
  readonly text: string;
  readonly cells: readonly SourceCell[];
}

const MARKER = /^\/\/\s?%%(?!%)(.*)$/;
const TYPE_OPTION = /\[(markdown|md|raw)\]/;
const HEADER_FENCE = /^\/\/\s?---\s*$/;

/**
 * Splits a percent-format TypeScript notebook into cells.
 * Code before the first marker becomes a code cell unless it is blank or a Jupytext header
 * (`// ---` ... `// ---`), which is skipped like Jupytext does.
 * @example parsePercent('// %% [markdown]\n// # Title\n\n// %%\nconst x = 1;\n', 'a.ts').cells.map((c) => c.type) // => ['markdown', 'code']
 */
export function parsePercent(text: string, file: string): NotebookSource {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();

  type Region = { type: CellType; markerLine: number | null; first: number; last: number; title: string | null };
  const regions: Region[] = [];
  let start = 1;
  if (HEADER_FENCE.test(lines[0] ?? '')) {
    const close = lines.findIndex((l, i) => i > 0 && HEADER_FENCE.test(l));
    if (close > 0) start = close + 2;
  }
  let current: Region = { type: 'code', markerLine: null, first: start, last: start - 1, title: null };
  for (let n = start; n <= lines.length; n++) {
    const m = MARKER.exec(lines[n - 1]!);
    if (m) {
      regions.push(current);
      const rest = m[1]!;
      const typeMatch = TYPE_OPTION.exec(rest);
      const type: CellType = typeMatch ? (typeMatch[1] === 'raw' ? 'raw' : 'markdown') : 'code';
      const title = rest.replace(TYPE_OPTION, '').trim() || null;
      current = { type, markerLine: n, first: n, last: n, title };
    } else {
      current.last = n;
    }
  }
  regions.push(current);

  const cells: SourceCell[] = [];
  for (const r of regions) {
    const body = lines.slice(r.markerLine === null ? r.first - 1 : r.first, r.last);
    const content = r.type === 'code' ? body : body.map(uncomment);
    const source = trimBlankLines(content).join('\n');
    // Text before the first marker is a cell only when it holds something.
    if (r.markerLine === null && source === '') continue;
    const index = cells.length;
    cells.push({
      index,
      type: r.type,
      source,
      markerLine: r.markerLine,
      firstLine: r.first,
      lastLine: r.last,
      title: r.title,
      id: cellId(index, r.type, source),
    });
  }
  return { file, text, cells };
}

/** `// text` → `text`, `//` → ``; other lines are kept as they are. */
function uncomment(line: string): string {
  if (line.startsWith('// ')) return line.slice(3);
  if (line.startsWith('//')) return line.slice(2);
  return line;
}

function trimBlankLines(lines: readonly string[]): string[] {
  let a = 0;
  let b = lines.length;
  while (a < b && lines[a]!.trim() === '') a++;
  while (b > a && lines[b - 1]!.trim() === '') b--;
  return lines.slice(a, b);
}

/** `c3-1a2b3c4d`: matches the nbformat id pattern `^[a-zA-Z0-9-_]+$` and stays under 64 characters. */
export function cellId(index: number, type: CellType, source: string): string {
  const hash = sha256(`${type}\n${source}`).slice(0, 8);
  return `c${index}-${hash}`;
}
