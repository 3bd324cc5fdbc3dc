#!/usr/bin/env node
// Regenerates data/ from src/dataset (figures.ts and schema.ts). Run after `npm run build:ts`.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DATA_DIR, embeddedDataFiles } from '../dist/dataset/embedded.js';

for (const [name, text] of embeddedDataFiles()) {
  writeFileSync(join(DATA_DIR, name), text);
  process.stderr.write(`wrote data/${name}\n`);
}
