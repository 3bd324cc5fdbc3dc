import { createRequire } from 'node:module';
import type * as TS from 'typescript';
import { msg } from '../messages.js';
import type { NotebookSource } from './parse.js';
import { RUNTIME } from './runtime.js';

// Turns a percent-format notebook into one ES module that runs its cells in order, in one scope,
// and reports to the runner at each cell boundary. Every edit keeps the line structure (code is only
// inserted or replaced within a line), so line numbers in the edited TypeScript are the notebook's
// own; TypeScript's inline source map then maps the emitted JavaScript back to them.
//
// The shape of the module, for cells `const a = f();` and `g(a)`:
//
//   ;await __kuril_notebook__.cell(0);// %%
//   if(__kuril_notebook__.go()){try{var   a = f();}catch(e){__kuril_notebook__.fail(e)}}
//   ;await __kuril_notebook__.cell(1);// %%
//   if(__kuril_notebook__.go()){try{__kuril_notebook__.result((g(a)));}catch(e){__kuril_notebook__.fail(e)}}
//
// - Each cell's statements run inside try/catch, so an error is recorded in its cell and, with
//   --allow-errors, later cells still run.
// - Top-level `const`/`let` become `var` and classes `var C = class C {}`: a `var` in a block at
//   module level belongs to the module, so later cells see it (as in a REPL).
// - Imports, exports, function, enum, namespace and type declarations stay at top level, outside
//   the try blocks: imports are hoisted as in any module, functions as in any script.
// - A cell whose last statement is an expression shows its value (`result`), as Jupyter does.

/** A problem that stops the notebook from running at all (a syntax error, code outside a code cell). */
export interface CompileProblem {
  /** 1-based line and column in the notebook file. */
  readonly line: number;
  readonly column: number;
  readonly message: string;
  /** Index of the cell the problem is in, or `null` outside any cell. */
  readonly cell: number | null;
}

/** An `import` in the notebook: where it is, to place a failed import in its cell. */
export interface ImportSite {
  readonly specifier: string;
  readonly line: number;
  readonly cell: number;
}

/** The executable module, or the problems that prevent it. */
export interface CompiledNotebook {
  /** JavaScript (ES2022 module) with an inline source map pointing at the notebook file. */
  readonly code: string;
  readonly problems: readonly CompileProblem[];
  readonly imports: readonly ImportSite[];
}

interface Edit {
  readonly pos: number;
  readonly remove: number;
  readonly insert: string;
}

// `require`, not `import`: imported from ESM, Node would scan the 9 MB CommonJS file for its export
// names and for module syntax first (about a second of CPU time).
const ts = createRequire(import.meta.url)('typescript') as typeof TS;

const COMPILER_OPTIONS: TS.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  inlineSourceMap: true,
  useDefineForClassFields: true,
};

/**
 * Compiles a parsed notebook into the module the runner imports.
 * @param fileName absolute path of the notebook (named in the source map, so stack traces point at it)
 */
export function compileNotebook(nb: NotebookSource, fileName: string): CompiledNotebook {
  const text = nb.text.replace(/\r\n?/g, '\n');
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  // The parser's own list of syntax errors (what `transpileModule` reports), without a second parse.
  const syntaxErrors = (sf as unknown as { parseDiagnostics?: readonly TS.Diagnostic[] }).parseDiagnostics ?? [];
  const lineCell = cellOfLine(nb, sf.getLineStarts().length);
  const problems: CompileProblem[] = [];
  const where = (pos: number) => {
    const { line, character } = sf.getLineAndCharacterOfPosition(pos);
    return { line: line + 1, column: character + 1, cell: lineCell[line + 1] ?? null };
  };
  for (const d of syntaxErrors) {
    const at = where(d.start ?? 0);
    problems.push({ ...at, message: ts.flattenDiagnosticMessageText(d.messageText, '\n') });
  }
  if (problems.length > 0) return { code: '', problems, imports: [] };

  const edits: Edit[] = [];
  const insert = (pos: number, s: string) => edits.push({ pos, remove: 0, insert: s });
  const rt = RUNTIME;

  // Cell boundaries, on the marker line itself (or the first line of code before any marker).
  for (const cell of nb.cells) {
    if (cell.type !== 'code') continue;
    const line = cell.markerLine ?? cell.firstLine;
    insert(sf.getPositionOfLineAndCharacter(line - 1, 0), `;await ${rt}.cell(${cell.index});`);
  }

  // Statements of each cell, in order.
  const byCell = new Map<number, TS.Statement[]>();
  const imports: ImportSite[] = [];
  for (const stmt of sf.statements) {
    const start = where(stmt.getStart(sf));
    const end = where(stmt.getEnd());
    const cell = start.cell === null ? undefined : nb.cells[start.cell];
    if (!cell || cell.type !== 'code') {
      problems.push({ ...start, message: msg.notebookCodeOutsideCell(cell ? cell.type : null) });
      continue;
    }
    if (end.cell !== start.cell) {
      problems.push({
        ...start,
        message: msg.notebookStatementAcrossCells(start.cell! + 1, (end.cell ?? 0) + 1),
      });
      continue;
    }
    if (ts.isImportDeclaration(stmt) && ts.isStringLiteral(stmt.moduleSpecifier)) {
      imports.push({ specifier: stmt.moduleSpecifier.text, line: start.line, cell: cell.index });
    }
    const list = byCell.get(cell.index) ?? [];
    list.push(stmt);
    byCell.set(cell.index, list);
  }
  if (problems.length > 0) return { code: '', problems, imports };

  for (const stmts of byCell.values()) {
    // The opener goes in before a statement's own edits at the same position, the closer after them.
    let runEnd: TS.Statement | null = null;
    const closeRun = () => {
      if (runEnd) insert(runEnd.getEnd(), `}catch(e){${rt}.fail(e)}}`);
      runEnd = null;
    };
    stmts.forEach((stmt, i) => {
      if (staysTopLevel(stmt)) {
        closeRun();
        return;
      }
      if (!runEnd) insert(stmt.getStart(sf), `if(${rt}.go()){try{`);
      runEnd = stmt;
      if (ts.isVariableStatement(stmt)) {
        const flags = stmt.declarationList.flags;
        const keyword = stmt.declarationList.getStart(sf);
        if (flags & ts.NodeFlags.Const) edits.push({ pos: keyword, remove: 5, insert: 'var  ' });
        else if (flags & ts.NodeFlags.Let) edits.push({ pos: keyword, remove: 3, insert: 'var' });
      } else if (ts.isClassDeclaration(stmt) && stmt.name) {
        insert(stmt.getStart(sf), `var ${stmt.name.text} = `);
        insert(stmt.getEnd(), ';');
      } else if (i === stmts.length - 1 && ts.isExpressionStatement(stmt) && showsValue(stmt.expression)) {
        insert(stmt.expression.getStart(sf), `${rt}.result((`);
        insert(stmt.expression.getEnd(), '))');
      }
    });
    closeRun();
  }

  const edited = applyEdits(text, edits);
  const out = ts.transpileModule(edited, { fileName, compilerOptions: COMPILER_OPTIONS });
  return { code: out.outputText, problems, imports };
}

/** Statements that must stay at module level (or may, having no effect when run). */
function staysTopLevel(stmt: TS.Statement): boolean {
  if (
    ts.isImportDeclaration(stmt) ||
    ts.isImportEqualsDeclaration(stmt) ||
    ts.isExportDeclaration(stmt) ||
    ts.isExportAssignment(stmt) ||
    ts.isFunctionDeclaration(stmt) ||
    ts.isInterfaceDeclaration(stmt) ||
    ts.isTypeAliasDeclaration(stmt) ||
    ts.isEnumDeclaration(stmt) ||
    ts.isModuleDeclaration(stmt) ||
    ts.isEmptyStatement(stmt)
  ) {
    return true;
  }
  // `export const`, `declare let`, decorated or abstract classes: leave them as written.
  if (ts.canHaveModifiers(stmt) && (ts.getModifiers(stmt)?.length ?? 0) > 0) return true;
  if (ts.canHaveDecorators(stmt) && (ts.getDecorators(stmt)?.length ?? 0) > 0) return true;
  // `using` declarations are block-scoped by design; a try block would end their scope early.
  if (ts.isVariableStatement(stmt) && (stmt.declarationList.flags & ts.NodeFlags.Using) !== 0) return true;
  return false;
}

/** Whether a cell ending in this expression shows its value: not for assignments, as in IPython. */
function showsValue(e: TS.Expression): boolean {
  if (ts.isBinaryExpression(e)) {
    const k = e.operatorToken.kind;
    return !(k >= ts.SyntaxKind.FirstAssignment && k <= ts.SyntaxKind.LastAssignment);
  }
  return !ts.isVoidExpression(e) && !ts.isDeleteExpression(e);
}

/** For each line (1-based), the index of the cell whose region holds it. */
function cellOfLine(nb: NotebookSource, lineCount: number): (number | undefined)[] {
  const out = new Array<number | undefined>(lineCount + 2);
  for (const cell of nb.cells) {
    for (let n = cell.firstLine; n <= cell.lastLine; n++) out[n] = cell.index;
  }
  return out;
}

function applyEdits(text: string, edits: readonly Edit[]): string {
  // Stable by position: edits at one position apply in the order they were made.
  const sorted = edits.map((e, i) => ({ e, i })).sort((a, b) => a.e.pos - b.e.pos || a.i - b.i);
  let out = '';
  let at = 0;
  for (const { e } of sorted) {
    out += text.slice(at, e.pos) + e.insert;
    at = e.pos + e.remove;
  }
  return out + text.slice(at);
}
