import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANALYSIS_TABLES } from '../../src/analysis/tables.js';
import { outputDataPackage } from '../../src/build/data-package.js';
import { manifestProblem } from '../../src/build/manifest.js';
import { parseFormats } from '../../src/build/options.js';
import { outputTableFor, readOutputTable } from '../../src/build/read-output.js';
import { fromDataFrame } from '../../src/dataset/dataframe.js';
import { InputError } from '../../src/messages.js';
import { ROOT, tempDir } from '../helpers.js';
import { ensureDist, runCli } from './cli.js';

let tmp: { dir: string; cleanup: () => void };
let out: string;

beforeAll(async () => {
  await ensureDist();
  tmp = tempDir('kuril-outputs-');
  copyFileSync(join(ROOT, 'data', 'sources.csv'), join(tmp.dir, 'sources.csv'));
  const text = readFileSync(join(ROOT, 'data', 'exchange-visits.csv'), 'utf8').replace(',Japanese citizens,2015,', ',"=1+1, +2",2015,');
  writeFileSync(join(tmp.dir, 'visits.csv'), text);
  const r = await runCli(['build', 'visits.csv', '--sources', 'sources.csv', '--out', 'out', '--formats', 'csv,json', '-q'], tmp.dir);
  expect(r.code, r.stderr).toBe(0);
  out = join(tmp.dir, 'out');
}, 120_000);

afterAll(() => tmp?.cleanup());

interface Resource {
  name: string;
  path: string;
  schema: { fields: { name: string; type: string }[]; foreignKeys?: { reference: { resource: string } }[] };
}

describe('datapackage.json', () => {
  it('describes every CSV of the folder with its columns in file order', () => {
    const pkg = JSON.parse(readFileSync(join(out, 'datapackage.json'), 'utf8')) as {
      profile: string;
      resources: Resource[];
      licenses?: unknown;
    };
    expect(pkg.profile).toBe('tabular-data-package');
    expect(pkg.licenses).toBeUndefined(); // a user's file: no licence is claimed for it
    expect(pkg.resources.map((r) => r.path)).toEqual([
      'data/exchange-visits.csv',
      'data/sources.csv',
      ...ANALYSIS_TABLES.map((t) => `tables/${t.path}`),
      'tables/consistency.csv',
      'tables/implied.csv',
    ]);
    const names = new Set(pkg.resources.map((r) => r.name));
    for (const r of pkg.resources) {
      const header = readFileSync(join(out, r.path), 'utf8').split('\n')[0];
      expect(header, r.path).toBe(r.schema.fields.map((f) => f.name).join(','));
      for (const f of r.schema.fields) expect(['string', 'integer', 'number', 'boolean', 'datetime']).toContain(f.type);
      for (const k of r.schema.foreignKeys ?? []) expect(names.has(k.reference.resource)).toBe(true);
    }
    const ratios = pkg.resources.find((r) => r.name === 'ratios')!;
    expect(ratios.schema.fields.find((f) => f.name === 'value')).toMatchObject({ type: 'number', unit: 'ratio' });
    expect((pkg as unknown as { description: string }).description).toContain('"lower" means the truth is at least value');
  });

  it('drops foreign keys into tables the folder does not hold', () => {
    const pkg = outputDataPackage({ sources: false, events: false, embedded: false });
    expect(pkg.resources.map((r) => r.name)).toEqual([
      'exchange-visits',
      'ratios',
      'shares',
      'changes',
      'cumulative',
      'consistency',
      'implied',
    ]);
    expect(JSON.stringify(pkg)).not.toContain('foreignKeys');
    expect(outputDataPackage({ sources: true, events: true, embedded: true }).licenses).toBeDefined();
  });
});

describe('readOutputTable', () => {
  it('reads an analysis table with the schema dtypes and null for empty cells', async () => {
    const df = await readOutputTable(join(out, 'tables', 'ratios.csv'));
    expect(df.columns).toEqual([
      'origin',
      'destination',
      'period_start',
      'period_end',
      'source_id',
      'value',
      'lower',
      'upper',
      'bound',
      'reason',
    ]);
    expect(df.dtypes).toEqual(['string', 'string', 'int32', 'int32', 'string', 'float32', 'float32', 'float32', 'string', 'string']);
    const rows = fromDataFrame(df);
    const since = rows.find((r) => r.origin === 'Japan' && r.period_end === null)!;
    expect(since.value).toBeCloseTo(20000 / 9500, 10);
    expect(since.upper).toBeNull();
    expect(since.bound).toBe('lower');
    expect(rows.find((r) => r.period_start === 2016 && r.origin === 'Japan')!.value).toBeCloseTo(802 / 281, 10);
  });

  it('reads the JSON twin to the same rows, and booleans as booleans', async () => {
    const csv = fromDataFrame(await readOutputTable(join(out, 'tables', 'cumulative.csv')));
    const json = fromDataFrame(await readOutputTable(join(out, 'tables', 'cumulative.json')));
    // CSV numbers carry 12 significant digits, JSON numbers all of them.
    expect(json.length).toBe(csv.length);
    json.forEach((row, i) => {
      for (const [k, v] of Object.entries(row)) {
        if (typeof v === 'number') expect(csv[i]![k] as number, k).toBeCloseTo(v, 9);
        else expect(csv[i]![k], k).toEqual(v);
      }
    });
    expect(csv.map((r) => r.base)).toContain(false);
    expect(csv.every((r) => typeof r.base === 'boolean')).toBe(true);
  });

  it('removes the apostrophe that neutralised formula-like text', async () => {
    expect(readFileSync(join(out, 'data', 'exchange-visits.csv'), 'utf8')).toContain(`"'=1+1, +2"`);
    const rows = fromDataFrame(await readOutputTable(join(out, 'data', 'exchange-visits.csv')));
    expect(rows.map((r) => r.travelers)).toContain('=1+1, +2');
  });

  it('names the file, line and column of a bad cell, and refuses a file it does not know', async () => {
    const bad = join(tmp.dir, 'ratios.csv');
    const lines = readFileSync(join(out, 'tables', 'ratios.csv'), 'utf8').split('\n');
    lines[2] = lines[2]!.replace(/,([0-9.]+),/, ',2,5,').replace(/,2,5,/, ',two,');
    writeFileSync(bad, lines.join('\n'));
    const e = await readOutputTable(bad).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(InputError);
    expect((e as InputError).problems[0]).toMatchObject({ file: 'ratios.csv', line: 3, kind: 'type-error' });
    expect(outputTableFor('notes.csv')).toBeUndefined();
    await expect(readOutputTable(join(tmp.dir, 'sources.csv'))).resolves.toBeDefined();
    await expect(readOutputTable(join(tmp.dir, 'visits.csv'))).rejects.toThrow(/is not a table a build writes/);
  });
});

describe('options and manifest checks', () => {
  it('parses --formats in any order to the canonical order', () => {
    expect(parseFormats('html, CSV,csv')).toEqual(['csv', 'html']);
    expect(() => parseFormats('csv,pdf')).toThrow('"pdf" is not a format');
    expect(() => parseFormats(' , ')).toThrow('--formats needs at least one of');
  });

  it('accepts the manifest a build wrote and says what is wrong with a broken one', () => {
    const m = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as Record<string, unknown>;
    expect(manifestProblem(m)).toBeNull();
    expect(manifestProblem([])).toBe('expected a JSON object');
    expect(manifestProblem({ ...m, manifestVersion: 2 })).toBe('manifestVersion must be 1');
    expect(manifestProblem({ ...m, options: { formats: ['pdf'], endYear: null, notebooks: false } })).toBe(
      'options.formats must list some of csv, json, svg, png, html',
    );
    expect(manifestProblem({ ...m, inputs: { visits: { path: null, embedded: false, size: 1, sha256: 'a'.repeat(64) } } })).toBe(
      'inputs.visits.path is null but the input is not the embedded dataset',
    );
  });
});
