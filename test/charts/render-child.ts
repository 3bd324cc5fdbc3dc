// Renders the embedded charts in a fresh process and prints the sha256 of each SVG and PNG as JSON,
// so a test can check that two processes produce the same bytes. Run: node --import tsx render-child.ts
import { createHash } from 'node:crypto';
import { buildCharts } from '../../src/charts/index.js';
import { renderPng, renderSvg } from '../../src/charts/render.js';
import { embeddedInput } from './setup.js';

const sha = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex');
const out: Record<string, { svg: string; png: string }> = {};
for (const { name, spec } of buildCharts(embeddedInput()).charts) {
  const svg = await renderSvg(spec);
  out[name] = { svg: sha(svg), png: sha(renderPng(svg)) };
}
process.stdout.write(JSON.stringify(out));
