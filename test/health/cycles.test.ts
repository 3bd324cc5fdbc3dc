import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';
import { importCycles, importGraph, importSpecifiers } from './import-graph.js';

describe('import cycles', () => {
  it('there are none in src/ or notebooks/, runtime or type-only', () => {
    const graph = importGraph(ROOT, ['src', 'notebooks']);
    expect(graph.size).toBeGreaterThan(50);
    expect(importCycles(graph)).toEqual([]);
  });

  it('reads every kind of import: static, type-only, export-from, import() calls and types', () => {
    const text = [
      "import { a } from './a.js';",
      "import type { B } from './b.js';",
      "export { c } from './c.js';",
      "export type * from './d.js';",
      "const e = await import('./e.js');",
      "type F = typeof import('./f.js');",
      "import './g.js';",
    ].join('\n');
    expect(importSpecifiers('x.ts', text)).toEqual(['./a.js', './b.js', './c.js', './d.js', './e.js', './f.js', './g.js']);
  });

  it('finds a cycle, a self-import, and none in a tree', () => {
    const g = (edges: Record<string, string[]>) => new Map(Object.entries(edges).map(([k, v]) => [k, new Set(v)]));
    expect(importCycles(g({ a: ['b'], b: ['c'], c: ['a'], d: ['a'] }))).toEqual([['a', 'b', 'c']]);
    expect(importCycles(g({ a: ['a'], b: [] }))).toEqual([['a']]);
    expect(importCycles(g({ a: ['b', 'c'], b: ['c'], c: [] }))).toEqual([]);
  });
});
