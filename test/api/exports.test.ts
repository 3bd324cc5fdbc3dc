import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';

/** The names a module exports, split into values and types-only, read with the TypeScript checker. */
function exportsOf(file: string): { values: string[]; types: string[] } {
  const program = ts.createProgram([file], {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true,
    skipLibCheck: true,
    noEmit: true,
  });
  const checker = program.getTypeChecker();
  const symbol = checker.getSymbolAtLocation(program.getSourceFile(file)!)!;
  const values: string[] = [];
  const types: string[] = [];
  for (const e of checker.getExportsOfModule(symbol)) {
    const target = e.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(e) : e;
    (target.flags & ts.SymbolFlags.Value ? values : types).push(e.name);
  }
  return { values: values.sort(), types: types.sort() };
}

/** The README's public API table: the names in its values and types columns. */
function documented(): { values: string[]; types: string[] } {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const table = /<!-- api -->\n([\s\S]*?)<!-- \/api -->/.exec(readme)?.[1] ?? '';
  const rows = table
    .split('\n')
    .filter((l) => l.startsWith('| ') && !l.startsWith('| area'))
    .map((l) => l.split('|').slice(2, 4));
  const names = (cell: string | undefined) => [...(cell ?? '').matchAll(/`([A-Za-z_]+)`/g)].map((m) => m[1]!);
  return { values: rows.flatMap((r) => names(r[0])).sort(), types: rows.flatMap((r) => names(r[1])).sort() };
}

describe('the public API', () => {
  const api = exportsOf(join(ROOT, 'src', 'index.ts'));

  it('is exactly the list the README documents', () => {
    expect(api).toEqual(documented());
  });

  it('keeps plumbing out, behind kuril-exchange/internals', () => {
    const internals = exportsOf(join(ROOT, 'src', 'internals.ts'));
    for (const name of ['add', 'subtract', 'FlowAccumulator', 'csvCell', 'planFromManifest', 'ratiosFromPairs', 'TableSpec']) {
      expect(api.values.concat(api.types)).not.toContain(name);
      expect(internals.values.concat(internals.types)).toContain(name);
    }
    // Nothing is exported twice, so there is one import path for each name.
    expect(internals.values.filter((n) => api.values.includes(n))).toEqual([]);
  });

  it('is what package.json exports, at . and ./internals only', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { exports: Record<string, unknown> };
    expect(pkg.exports).toEqual({
      '.': { types: './dist/index.d.ts', import: './dist/index.js' },
      './internals': { types: './dist/internals.d.ts', import: './dist/internals.js' },
      './package.json': './package.json',
    });
  });
});
