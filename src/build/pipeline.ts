import { msg } from '../messages.js';
import { locale, type Locale } from '../i18n/locale.js';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { endRanges } from '../analysis/open-end.js';
import { reconcile, type Reconciliation } from '../analysis/reconcile.js';
import { CHART_NAMES, type BuiltChart } from '../charts/types.js';
import { reconcileSummary } from '../analysis/reconcile-summary.js';
import { latestSingleYear } from '../analysis/flows.js';
import { computeTables, RECONCILE_TABLE_LIST, TABLE_LIST, tableFileText, type AnalysisTables } from '../analysis/table-registry.js';
import { EVENTS_TABLE, EXCHANGE_VISITS, SOURCES_TABLE, type TableSpec } from '../dataset/schema.js';
import { toCsv } from '../dataset/write.js';
import type { ReportChart, ReportLink } from '../report/html.js';
import { DATA_FOLDER, TABLES_FOLDER, dataFolderPackage, outputDataPackage } from './data-package.js';
import type { LoadedInputs } from './inputs.js';
import { GENERATOR, MANIFEST_FILE, MANIFEST_VERSION, comparePaths, describeFiles, manifestText, type Manifest } from './manifest.js';
import { wantsCharts, type BuildPlan } from './options.js';
import { PACKAGE_ROOT, TOOL_VERSION } from './version.js';
import type { BuildThread } from './build-thread.js';

/** Folder of chart files inside the output folder. */
export const CHARTS_FOLDER = 'charts';
/** Folder of executed notebooks inside the output folder. */
export const NOTEBOOKS_FOLDER = 'notebooks';
/** The report's file name. */
export const REPORT_FILE = 'report.html';
/** The output data package's file name. */
export const DATAPACKAGE_FILE = 'datapackage.json';

/** The steps of a build, in order; each progress line starts one. */
export type BuildStep = 'read' | 'analyse' | 'tables' | 'charts' | 'notebooks' | 'report' | 'manifest' | 'commit';

/** Called at the start of each step with a line for people (stderr) and the step's name (for timings). */
export type BuildProgress = (line: string, step: BuildStep) => void;

/** Computes the four analysis tables from the inputs' flow pairs (see `TABLES`). */
export function analyse(loaded: LoadedInputs, endYear: number | null): AnalysisTables {
  return computeTables(loaded.pairs, {
    endYear: endYear ?? undefined,
    endRanges: endRanges(loaded.visits, loaded.sources, endYear ?? undefined),
  });
}

/** Reconciles the inputs' figures, all sources together (see `reconcile`), with the build's end year when one was given. */
export function reconcileInputs(loaded: LoadedInputs, endYear: number | null): Promise<Reconciliation> {
  return reconcile(loaded.visits, { sources: loaded.sources, endYear: endYear ?? undefined });
}

/** Files written so far, with a description each for the report's list of files. */
class OutputFolder {
  readonly links: ReportLink[] = [];
  private abandoned = false;
  constructor(readonly dir: string) {}

  /** The build failed: nothing more is written. */
  abandon(): void {
    this.abandoned = true;
  }

  write(path: string, data: string | Uint8Array, description: string): void {
    this.later(path, description)(data);
  }

  /** Lists a file now (the report links it) and returns what writes it once its bytes are there (unless abandoned). */
  later(path: string, description: string): (data: string | Uint8Array) => void {
    this.links.push({ href: path, label: path, description });
    return (data) => {
      if (this.abandoned) return;
      const full = join(this.dir, ...path.split('/'));
      mkdirSync(dirname(full), { recursive: true });
      writeFileSync(full, data);
    };
  }
}

const json = (x: unknown): string => `${JSON.stringify(x, null, 2)}\n`;

/** Starts loading the chart modules (vega, vega-lite, resvg: about 0.3 s) so they load while inputs are read. */
export function preloadCharts(): Promise<[typeof import('../charts/index.js'), typeof import('../charts/render.js')]> {
  const p = Promise.all([import('../charts/index.js'), import('../charts/render.js')]);
  p.catch(() => {}); // awaited later; keep an early failure from being reported as unhandled
  return p;
}

/**
 * Writes every output of a build into `dir` (an empty folder) and returns the manifest it wrote last
 * (reconciling and drawing PNGs on `thread` when given, else on this thread: the same bytes either way):
 * - `data/`: the validated input rewritten as CSV (formula-like text neutralised), sources and events, `datapackage.json`;
 * - `tables/`: the four analysis tables as CSV, with JSON twins when `json` is asked for;
 * - `charts/`: each chart's Vega-Lite spec (`.vl.json`), SVG and PNG;
 * - `notebooks/`: the package's notebooks, executed (`.ipynb` and `.html`), with `notebooks: true`;
 * - `report.html`, `datapackage.json` and `manifest.json`.
 * File names are fixed here; nothing in the data names a file. Same inputs and plan, same bytes.
 */
export async function writeOutputs(
  dir: string,
  plan: BuildPlan,
  loaded: LoadedInputs,
  progress: BuildProgress,
  charts: ReturnType<typeof preloadCharts> | null = wantsCharts(plan.formats) ? preloadCharts() : null,
  thread: BuildThread | null = null,
): Promise<Manifest> {
  const out = new OutputFolder(dir);
  try {
    return await writeInto(out, plan, loaded, progress, charts, thread);
  } catch (e) {
    // The caller removes the folder: a PNG the build thread finishes after this must not bring it back.
    out.abandon();
    throw e;
  }
}

async function writeInto(
  out: OutputFolder,
  plan: BuildPlan,
  loaded: LoadedInputs,
  progress: BuildProgress,
  charts: ReturnType<typeof preloadCharts> | null,
  thread: BuildThread | null,
): Promise<Manifest> {
  const dir = out.dir;
  const formats = new Set(plan.formats);
  const endYearUsed = plan.endYear ?? latestSingleYear(loaded.pairs);
  progress(msg.analysing(loaded.visits.length), 'analyse');
  // Reconciling (HiGHS) takes longest: on the build thread it runs while this thread writes the other tables.
  const reconciling = thread
    ? thread.reconcile(loaded.visits, loaded.sources, plan.endYear ?? undefined)
    : reconcileInputs(loaded, plan.endYear);
  reconciling.catch(() => {}); // awaited below; keep a failure from being reported as unhandled meanwhile
  const tables = analyse(loaded, plan.endYear);
  const contents = {
    sources: plan.inputs.sources !== null,
    events: plan.inputs.events !== null,
    embedded: plan.inputs.visits.recorded === null,
  };

  // The descriptions of the files, listed in the report, in the report's language.
  const l = locale({ lang: plan.lang, naming: plan.naming });
  const tableTitle = (t: TableSpec): string => l.lookup(`table.${t.name}`) ?? t.title;
  progress(msg.writing('data/ and tables/'), 'tables');
  if (formats.has('csv')) {
    out.write(`${DATA_FOLDER}/${EXCHANGE_VISITS.path}`, toCsv(EXCHANGE_VISITS, loaded.visits), l.t('file.visits'));
    if (contents.sources) out.write(`${DATA_FOLDER}/${SOURCES_TABLE.path}`, toCsv(SOURCES_TABLE, loaded.sources), l.t('file.sources'));
    if (contents.events) out.write(`${DATA_FOLDER}/${EVENTS_TABLE.path}`, toCsv(EVENTS_TABLE, loaded.events), l.t('file.events'));
    out.write(`${DATA_FOLDER}/${DATAPACKAGE_FILE}`, json(dataFolderPackage(contents)), l.t('file.dataPackage'));
  }
  const writeTable = (t: TableSpec, rows: readonly object[]): void => {
    if (formats.has('csv'))
      out.write(`${TABLES_FOLDER}/${t.path}`, tableFileText(t, rows, 'csv'), l.t('file.tableCsv', { title: tableTitle(t) }));
    if (formats.has('json'))
      out.write(`${TABLES_FOLDER}/${t.name}.json`, tableFileText(t, rows, 'json'), l.t('file.tableJson', { title: tableTitle(t) }));
  };
  for (const t of TABLE_LIST) writeTable(t.spec, tables[t.name]);

  // The reconciliation, its two tables and its summary lines, once the build thread has it.
  let reconciled: Reconciliation | null = null;
  const reconciliationFor = async (step: BuildStep): Promise<Reconciliation> => {
    if (reconciled) return reconciled;
    const r = await reconciling;
    reconciled = r;
    // Figures that cannot all hold are a finding about the data, not a failure of the build: say so and go on.
    for (const line of reconcileSummary(r)) progress(line, step);
    for (const t of RECONCILE_TABLE_LIST) writeTable(t.spec, t.rows(r));
    return r;
  };
  if (!charts) await reconciliationFor('tables');

  const reportCharts: ReportChart[] = [];
  // PNGs being drawn on the build thread: the report is written meanwhile (it links them, and needs only the SVGs).
  const pngs: Promise<void>[] = [];
  let skippedCharts: readonly { name: string; reason: string }[] = [];
  if (charts) {
    const [{ buildCharts, sourcesChartDrawn }, { renderSvg, renderPng, specTitle }] = await charts;
    const input = { visits: loaded.visits, ...tables, sources: loaded.sources, events: loaded.events };
    const options = { lang: plan.lang, naming: plan.naming, ...(loaded.places ? { places: loaded.places } : {}) };
    // Every chart but `sources` (the last) is drawn while the build thread reconciles, then `sources` from
    // the reconciliation: the same charts, in the same order, as one `buildCharts` with the reconciliation.
    const first = buildCharts(input, { ...options, only: CHART_NAMES.filter((n) => n !== 'sources') });
    progress(msg.rendering(first.charts.length + (sourcesChartDrawn(loaded.visits) ? 1 : 0)), 'charts');
    // Each SVG goes to the build thread as soon as it is drawn, and this thread goes on with the next chart.
    const draw = async ({ name, spec }: BuiltChart): Promise<void> => {
      const files: ReportLink[] = [];
      const base = `${CHARTS_FOLDER}/${name}`;
      out.write(`${base}.vl.json`, json(spec), l.t('file.spec'));
      files.push({ href: `${base}.vl.json`, label: l.t('file.specLabel') });
      const svg = await renderSvg(spec);
      if (formats.has('svg')) {
        out.write(`${base}.svg`, svg, l.t('file.svg'));
        files.push({ href: `${base}.svg`, label: 'SVG' });
      }
      if (formats.has('png')) {
        const write = out.later(`${base}.png`, l.t('file.png'));
        if (thread) {
          const drawn = thread.png(svg).then(write);
          drawn.catch(() => {}); // awaited below; keep a failure from being reported as unhandled meanwhile
          pngs.push(drawn);
        } else write(renderPng(svg));
        files.push({ href: `${base}.png`, label: 'PNG' });
      }
      reportCharts.push({ name, title: specTitle(spec), description: spec.description ?? '', svg, spec, files });
    };
    for (const chart of first.charts) await draw(chart);
    const second = buildCharts({ ...input, reconciliation: await reconciliationFor('charts') }, { ...options, only: ['sources'] });
    for (const chart of second.charts) await draw(chart);
    skippedCharts = [...first.skipped, ...second.skipped];
  }
  const reconciliation = await reconciliationFor('charts');

  if (plan.notebooks) {
    // Notebooks draw PNGs on this thread with the same font copies: one thread at a time makes them.
    await Promise.all(pngs);
    await runNotebooks(out, progress, l);
  }

  if (formats.has('csv')) out.write(DATAPACKAGE_FILE, json(outputDataPackage(contents)), l.t('file.outputPackage'));

  if (formats.has('html')) {
    progress(msg.writing(REPORT_FILE), 'report');
    const { renderReport } = await import('../report/html.js');
    const { vegaVersions } = await import('../report/assets.js');
    const links = [
      ...out.links,
      { href: REPORT_FILE, label: REPORT_FILE, description: l.t('file.report') },
      { href: MANIFEST_FILE, label: MANIFEST_FILE, description: l.t('file.manifest') },
    ];
    const html = renderReport({
      visits: loaded.visits,
      sources: loaded.sources,
      events: loaded.events,
      ...tables,
      endYear: { used: endYearUsed, given: plan.endYear !== null },
      reconciliation,
      charts: reportCharts,
      skippedCharts,
      files: links.sort((a, b) => comparePaths(a.href, b.href)),
      inputName: plan.inputs.visits.recorded === null ? null : plan.inputs.visits.recorded.split('/').pop()!,
      versions: { 'kuril-exchange': TOOL_VERSION, ...vegaVersions() },
      lang: plan.lang,
      naming: plan.naming,
      ...(loaded.places ? { places: loaded.places } : {}),
    });
    out.write(REPORT_FILE, html, l.t('file.report'));
  }

  await Promise.all(pngs);
  progress(msg.writing(MANIFEST_FILE), 'manifest');
  const manifest: Manifest = {
    generator: { name: GENERATOR, version: TOOL_VERSION },
    manifestVersion: MANIFEST_VERSION,
    inputs: loaded.records,
    options: {
      formats: [...plan.formats],
      endYear: plan.endYear,
      notebooks: plan.notebooks,
      ...(plan.lang && plan.lang !== 'en' ? { lang: plan.lang } : {}),
      ...(plan.naming && plan.naming !== 'source' ? { naming: plan.naming } : {}),
    },
    files: describeFiles(dir),
  };
  writeFileSync(join(dir, MANIFEST_FILE), manifestText(manifest));
  return manifest;
}

/** The package's notebooks (`notebooks/*.ts`), sorted by name. */
export function notebookFiles(): string[] {
  let names: string[];
  try {
    names = readdirSync(join(PACKAGE_ROOT, NOTEBOOKS_FOLDER));
  } catch {
    return [];
  }
  return names.filter((n) => n.endsWith('.ts') && !n.endsWith('.d.ts')).sort(comparePaths);
}

/**
 * Runs each notebook with the notebook runner (paths in its pages shown relative to the package, so
 * the pages do not depend on where the build runs) and writes `notebooks/NAME.ipynb` and `NAME.html`.
 * @throws Error when a notebook's cell fails: the build stops and the previous folder stays.
 */
async function runNotebooks(out: OutputFolder, progress: BuildProgress, l: Locale): Promise<void> {
  const { runNotebook } = await import('../notebook/run.js');
  for (const name of notebookFiles()) {
    progress(msg.runningNotebook(name), 'notebooks');
    const run = await runNotebook(join(PACKAGE_ROOT, NOTEBOOKS_FOLDER, name), { cwd: PACKAGE_ROOT, lang: l.lang, naming: l.naming });
    if (run.failures.length > 0) {
      const f = run.failures[0]!;
      throw new Error(msg.notebookFailed(name, f.ename, f.evalue));
    }
    const stem = name.replace(/\.ts$/, '');
    out.write(`${NOTEBOOKS_FOLDER}/${stem}.html`, run.html, l.t('file.notebookHtml'));
    out.write(`${NOTEBOOKS_FOLDER}/${stem}.ipynb`, run.ipynb, l.t('file.notebookIpynb'));
  }
}
