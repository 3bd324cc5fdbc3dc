import { reconcile } from '../../src/analysis/reconcile.js';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import AjvModule from 'ajv';
import { changes, cumulative, ratios, readExchangeVisitsRows, shares } from '../../src/index.js';
import { EVENTS, FIGURES, SOURCES } from '../../src/internals.js';
import type { ExchangeEvent, Source, Visit } from '../../src/index.js';
import { buildCharts, type ChartInput, type ChartSet } from '../../src/charts/index.js';
import { fixture } from '../helpers.js';

// Shared by the chart tests: the two datasets every chart is drawn from, and a validator for the
// Vega-Lite JSON schema that ships with vega-lite.

/** The user fixture: three place pairs, 2016–2020, one open-ended pair of figures, a gap and a zero. */
export const USER_FILE = fixture('user-three-pairs.csv');

/** The analysis tables and context for a set of visits. */
export function chartInput(
  visits: readonly Visit[],
  context: { sources?: readonly Source[]; events?: readonly ExchangeEvent[]; endYear?: number } = {},
): ChartInput {
  return {
    visits,
    ratios: ratios(visits),
    shares: shares(visits),
    changes: changes(visits),
    cumulative: cumulative(visits, { endYear: context.endYear }),
    sources: context.sources ?? [],
    events: context.events ?? [],
  };
}

/** The embedded figures with their sources and events. */
export const embeddedInput = (): ChartInput => chartInput(FIGURES, { sources: SOURCES, events: EVENTS });

/** The user fixture, read as the `charts` command reads a file without --sources or --events. */
export async function userInput(): Promise<ChartInput> {
  return chartInput(await readExchangeVisitsRows(USER_FILE));
}

/** The charts of both datasets, keyed `embedded` and `user`. */
export async function bothDatasets(): Promise<{ embedded: ChartSet; user: ChartSet }> {
  const user = await userInput();
  return {
    embedded: buildCharts({ ...embeddedInput(), reconciliation: await reconcile(FIGURES, { sources: SOURCES }) }),
    user: buildCharts({ ...user, reconciliation: await reconcile(user.visits) }),
  };
}

let validator: (((spec: unknown) => boolean) & { errors?: unknown }) | undefined;

/** Validates a spec against `vega-lite/build/vega-lite-schema.json` (draft-07) with ajv; compiled once per worker. */
export function validateSpec(spec: unknown): { valid: boolean; errors: unknown } {
  if (!validator) {
    const require = createRequire(import.meta.url);
    const schema = JSON.parse(readFileSync(require.resolve('vega-lite/vega-lite-schema.json'), 'utf8'));
    // strict: false because the schema uses keywords ajv's strict mode rejects; formats are not checked.
    // ajv is CommonJS: from ESM its class is the module's `default` property.
    const ajv = new AjvModule.default({ strict: false, allowUnionTypes: true, allErrors: true, validateFormats: false });
    validator = ajv.compile(schema);
  }
  const valid = validator(spec);
  return { valid, errors: validator.errors ?? null };
}

/** The contents of each mark group of one type in an SVG (`rect`, `text`, `symbol`, `rule`), role `mark` only. */
export function markGroups(svg: string, type: string): string[] {
  return [...svg.matchAll(new RegExp(`<g class="mark-${type} role-mark[^"]*"[^>]*>(.*?)</g>`, 'g'))].map((m) => m[1]!);
}

/** The text content of every `<text>` element in a piece of SVG. */
export function texts(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!);
}

/** The layers of a chart's first panel. */
export function layersOf(spec: unknown, panel = 0): Record<string, any>[] {
  const layers = (spec as { vconcat: { layer: Record<string, any>[] }[] }).vconcat[panel]!.layer;
  return layers.flatMap((l) => (l.layer ? l.layer.map((inner: Record<string, any>) => ({ ...inner, data: l.data })) : [l]));
}
