import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { msg } from '../messages.js';
import { asChart, plainText, renderChart, type DisplayOptions } from './bundle.js';
import { isMarkdown } from './markdown.js';
import { activeRuntime } from './runtime.js';
import { isTabular, tableText, tableView } from './table.js';
import { showPath } from './traceback.js';

/**
 * Shows a value in a notebook, or prints it when the notebook runs as a plain script:
 *
 * | value | under `kuril-exchange notebook` | in a terminal (`npx tsx notebooks/x.ts`) |
 * |---|---|---|
 * | `md\`...\`` | markdown output | the markdown text |
 * | Vega-Lite spec, or `{ name, spec }` | chart: SVG, PNG and the spec | SVG and PNG files under `out/notebook-charts/NOTEBOOK/`, paths printed |
 * | DataFrame, array of objects | HTML table and aligned text | aligned text |
 * | anything else | text (strings as they are, other values inspected) | the same text |
 *
 * Await it: a chart is drawn asynchronously. Under the runner the output lands in the cell that
 * called `display` even if it is not awaited.
 * @example await display(ratios(visits), { title: 'Ratios', columns: ['origin', 'destination', 'value', 'bound'] })
 */
export function display(value: unknown, options: DisplayOptions = {}): Promise<void> {
  const runtime = activeRuntime();
  if (runtime) return runtime.display(value, options);
  return printValue(value, options);
}

async function printValue(value: unknown, options: DisplayOptions): Promise<void> {
  if (isMarkdown(value)) {
    console.log(`${value.text}\n`);
    return;
  }
  const chart = asChart(value, options);
  if (chart) {
    const r = await renderChart(chart);
    const dir = chartDirectory();
    mkdirSync(dir, { recursive: true });
    const svgPath = join(dir, `${r.name}.svg`);
    const pngPath = join(dir, `${r.name}.png`);
    writeFileSync(svgPath, r.svg);
    writeFileSync(pngPath, r.png);
    console.log(`${msg.notebookChartFiles(r.name, showPath(svgPath, process.cwd()), showPath(pngPath, process.cwd()))}\n`);
    return;
  }
  if (isTabular(value)) {
    console.log(`${tableText(tableView(value, options))}\n`);
    return;
  }
  console.log(plainText(value));
}

/** Where a terminal run writes charts: `out/notebook-charts/NAME/` in the working folder, NAME the script's. */
export function chartDirectory(): string {
  const script = process.argv[1];
  const name = script ? basename(script, extname(script)) : 'notebook';
  return join(process.cwd(), 'out', 'notebook-charts', name || 'notebook');
}
