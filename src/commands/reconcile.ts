import { basename } from 'node:path';
import { reconcile } from '../analysis/reconcile.js';
import { reconcileSummary } from '../analysis/reconcile-summary.js';
import { findReconcileTable, tableFileText } from '../analysis/table-registry.js';
import { EMBEDDED_SOURCES, EMBEDDED_VISITS } from '../dataset/embedded.js';
import { readExchangeVisitsRows, readSources } from '../dataset/read.js';
import { UsageError, reconcileText } from '../messages.js';
import type { CommandContext } from './context.js';

export interface ReconcileCommandOptions {
  file?: string;
  sources?: string;
  table?: string;
  format?: string;
  approxTolerance?: string;
  endYear?: number;
}

/** Exit code of `reconcile` when some figures cannot all hold (a finding about valid input, not bad input). */
export const EXIT_CONTRADICTED = 3;

/**
 * `reconcile [FILE] [--sources FILE] [--table consistency|implied] [--format csv|json] [--approx-tolerance F]`:
 * prints one reconciliation table on stdout and a summary on stderr; resolves to 0 when every figure can
 * hold together, `EXIT_CONTRADICTED` (3) when some cannot.
 * @throws UsageError for a bad option; InputError for a file that is not valid.
 */
export async function reconcileCommand(opts: ReconcileCommandOptions, ctx: CommandContext): Promise<number> {
  const tableName = opts.table ?? 'consistency';
  const table = findReconcileTable(tableName);
  if (!table) throw new UsageError(reconcileText.badTable(tableName));
  const format = opts.format ?? 'csv';
  if (format !== 'csv' && format !== 'json') throw new UsageError(reconcileText.badFormat(format));
  const tolerance = opts.approxTolerance === undefined ? undefined : Number(opts.approxTolerance);
  if (tolerance !== undefined && !(/^(0(\.\d+)?|1(\.0+)?|\.\d+)$/.test(opts.approxTolerance!) && tolerance >= 0 && tolerance <= 1))
    throw new UsageError(reconcileText.badTolerance(opts.approxTolerance!));
  const file = opts.file ?? EMBEDDED_VISITS;
  const sourcesFile = opts.sources ?? (opts.file === undefined ? EMBEDDED_SOURCES : undefined);
  ctx.progress(`reading ${basename(file)}`);
  const sources = sourcesFile ? await readSources(sourcesFile) : [];
  const rows = await readExchangeVisitsRows(file, sourcesFile ? { sourceIds: new Set(sources.map((s) => s.id)) } : {});
  const result = await reconcile(rows, { sources, approxTolerance: tolerance, endYear: opts.endYear });
  ctx.write(tableFileText(table.spec, table.rows(result), format));
  for (const line of reconcileSummary(result)) ctx.stderr(line);
  return result.holds ? 0 : EXIT_CONTRADICTED;
}
