import { describe, expect, it } from 'vitest';
import { help, msg } from '../../src/messages.js';
import {
  ANALYSIS_TABLES,
  CONSISTENCY_TABLE,
  FIGURES,
  RECONCILE_TABLES,
  RECONCILE_TABLE_LIST,
  TABLES,
  TABLE_LIST,
  TABLE_NAMES,
  computeTables,
  findReconcileTable,
  findTable,
  pairFlows,
  tableFileText,
} from '../../src/internals.js';
import { changes, cumulative, ratios, shares } from '../../src/index.js';

// The table registry is the one place a table is chosen by name: every table once, in the order outputs
// list them, and the command line's wording names exactly its tables.

describe('table registry', () => {
  it('lists every analysis table once, in the order of ANALYSIS_TABLES, keyed by its own name', () => {
    expect(TABLE_NAMES).toEqual(['ratios', 'shares', 'changes', 'cumulative']);
    expect(TABLE_LIST.map((t) => t.spec)).toEqual(ANALYSIS_TABLES);
    for (const t of TABLE_LIST) {
      expect(TABLES[t.name]).toBe(t);
      expect(t.spec.name).toBe(t.name);
      expect(findTable(t.name)).toBe(t);
    }
    expect(findTable('consistency')).toBeUndefined();
    expect(findTable('')).toBeUndefined();
  });

  it('computes each table as the public verb of the same name does', () => {
    const pairs = pairFlows(FIGURES);
    const all = computeTables(pairs);
    const verbs = { ratios: ratios(FIGURES), shares: shares(FIGURES), changes: changes(FIGURES), cumulative: cumulative(FIGURES) };
    for (const name of TABLE_NAMES) {
      expect(all[name]).toEqual(verbs[name]);
      expect(TABLES[name].compute(pairs)).toEqual(verbs[name]);
    }
  });

  it('only the cumulative table depends on the sources’ dates', () => {
    expect(TABLE_LIST.filter((t) => t.usesEndRanges).map((t) => t.name)).toEqual(['cumulative']);
  });

  it('lists the reconciliation tables in the order of RECONCILE_TABLES, with their rows', () => {
    expect(RECONCILE_TABLE_LIST.map((t) => t.spec)).toEqual(RECONCILE_TABLES);
    const rows = { consistency: [{ id: 'a' }] as never[], implied: [] as never[] };
    expect(findReconcileTable('consistency')?.rows(rows)).toBe(rows.consistency);
    expect(findReconcileTable('implied')?.rows(rows)).toBe(rows.implied);
    expect(findReconcileTable('ratios')).toBeUndefined();
  });

  it('writes a whole CSV file with its header (every line ends in a newline), a JSON file as a list', () => {
    const header = CONSISTENCY_TABLE.fields.map((f) => f.name).join(',');
    expect(tableFileText(CONSISTENCY_TABLE, [], 'csv')).toBe(`${header}\n`);
    const one = tableFileText(CONSISTENCY_TABLE, [{ id: 'a', status: 'consistent' }], 'csv');
    expect(one).toBe(`${header}\na,,,,,,,consistent${','.repeat(CONSISTENCY_TABLE.fields.length - 8)}\n`);
    expect(tableFileText(TABLES.shares.spec, [], 'json')).toBe('[]\n');
  });

  it('the analyze command’s help and errors name exactly the registry’s tables', () => {
    const spoken = `${TABLE_NAMES.slice(0, -1).join(', ')} or ${TABLE_NAMES.at(-1)}`;
    expect(help.commands.analyze.options.table).toBe(spoken);
    expect(help.commands.analyze.summary).toContain(`(${spoken})`);
    expect(help.commands.analyze.usage).toContain(`--table ${TABLE_NAMES.join('|')} `);
    expect(msg.analyzeTableRequired()).toBe(`analyze: --table is required: ${spoken}`);
    expect(msg.analyzeTable('x', TABLE_NAMES)).toBe(`analyze: --table must be one of ${TABLE_NAMES.join(', ')}, got "x"`);
  });
});
