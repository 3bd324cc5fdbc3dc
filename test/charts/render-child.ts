// Renders the embedded charts in a fresh process and prints the sha256 of each SVG and PNG as JSON,
// so a test can check that two processes produce the same bytes. Run: node --import tsx render-child.ts
import { createHash } from 'node:crypto';
import { renderPng, renderSvg } from '../../src/charts/render.js';
import { bothDatasets } from './setup.js';

const sha = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex');
const out: Record<string, { svg: string; png: string }> = {};
// The same charts as the parent's `embedded` set (with the reconciliation, so the sources chart too).
for (const { name, spec } of (await bothDatasets()).embedded.charts) {
  const svg = await renderSvg(spec);
  out[name] = { svg: sha(svg), png: sha(renderPng(svg)) };
}
process.stdout.write(JSON.stringify(out));
