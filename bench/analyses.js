#!/usr/bin/env node
// Reads, validates and runs every analysis on one file, writing the four tables to a folder:
//   node bench/analyses.js FILE OUTDIR
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { once } from 'node:events';
import {
  ANALYSIS_TABLES, FlowAccumulator, changesFromPairs, cumulativeFromPairs, ratiosFromPairs, sharesFromPairs, validateExchangeVisitsFile,
} from '../dist/index.js';
import { csvChunks } from '../dist/dataset/write.js';

const [file, outDir] = process.argv.slice(2);
const acc = new FlowAccumulator();
const result = await validateExchangeVisitsFile(file, { onRow: (row) => acc.add(row) });
if (result.problems.length > 0) {
  process.stderr.write(`${result.problems.length} problems, first: ${result.problems[0].message}\n`);
  process.exit(2);
}
const pairs = acc.pairs();
await mkdir(outDir, { recursive: true });
const tables = { ratios: ratiosFromPairs(pairs), shares: sharesFromPairs(pairs), changes: changesFromPairs(pairs), cumulative: cumulativeFromPairs(pairs) };
for (const spec of ANALYSIS_TABLES) {
  const out = createWriteStream(join(outDir, spec.path));
  for (const chunk of csvChunks(spec, tables[spec.name])) if (!out.write(chunk)) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
}
process.stderr.write(`${result.rowCount} rows\n`);
