#!/usr/bin/env node
// Reads, validates and runs every analysis on one file, writing the four tables to a folder:
//   node bench/analyses.js FILE OUTDIR
// The file is read as `analyze` reads it (two threads from 16 MB up, flow pairs aggregated as rows
// arrive) and each table is written as it is built.
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { once } from 'node:events';
import { TABLE_LIST } from '../dist/internals.js';
import { readFlowsFile } from '../dist/stream/read-flows.js';
import { analysisRows } from '../dist/stream/table-piece.js';
import { csvChunks } from '../dist/dataset/write.js';

const [file, outDir] = process.argv.slice(2);
const result = await readFlowsFile(file);
if (result.problems.length > 0) {
  process.stderr.write(`${result.problems.length} problems, first: ${result.problems[0].message}\n`);
  process.exit(2);
}
await mkdir(outDir, { recursive: true });
for (const table of TABLE_LIST) {
  const out = createWriteStream(join(outDir, table.spec.path));
  for (const chunk of csvChunks(table.spec, analysisRows(table, result.flows))) if (!out.write(chunk)) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
}
process.stderr.write(`${result.rowCount} rows\n`);
