import type { NotebookSource } from './parse.js';

// When may the live preview skip running the code after a save? Only when the code cannot behave
// differently: every line the runner compiles is the same, on the same line number. Markdown and raw
// cells are `//` comments to TypeScript, so an edit that stays inside them changes nothing the code can
// see, except code that reads the notebook file itself (the caller checks that).

/**
 * Whether `next` differs from `prev` only in the text of markdown and raw cells: the same cells of the
 * same types, and, once every comment or blank line of a markdown or raw cell is blanked out, the same
 * text line for line (so code, its line numbers and any stray code line in a markdown cell are unchanged).
 * @example onlyTextCellsChanged(parsePercent('// %% [markdown]\n// # A\n// %%\n1\n', 'a.ts'), parsePercent('// %% [markdown]\n// # B\n// %%\n1\n', 'a.ts')) // => true
 */
export function onlyTextCellsChanged(prev: NotebookSource, next: NotebookSource): boolean {
  if (prev.text === next.text) return true;
  if (prev.cells.length !== next.cells.length) return false;
  if (prev.cells.some((c, i) => c.type !== next.cells[i]!.type)) return false;
  const a = codeSkeleton(prev);
  const b = codeSkeleton(next);
  return a.length === b.length && a.every((line, i) => line === b[i]);
}

/** The notebook's lines with the comment and blank lines of markdown and raw cells emptied. */
export function codeSkeleton(nb: NotebookSource): string[] {
  const lines = nb.text.replace(/\r\n?/g, '\n').split('\n');
  for (const cell of nb.cells) {
    if (cell.type === 'code') continue;
    for (let n = cell.firstLine; n <= cell.lastLine; n++) {
      const line = lines[n - 1];
      if (line !== undefined && (line.trim() === '' || /^\s*\/\//.test(line))) lines[n - 1] = '';
    }
  }
  return lines;
}
