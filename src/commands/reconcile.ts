import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { reconcile, type Reconciliation } from '../analysis/reconcile.js';
import { reconcileSummary } from '../analysis/reconcile-summary.js';
import { findReconcileTable, tableFileText } from '../analysis/table-registry.js';
import { EMBEDDED_SOURCES, EMBEDDED_VISITS } from '../dataset/embedded.js';
import { parseExchangeVisits, readSources } from '../dataset/read.js';
import type { Visit } from '../dataset/types.js';
import { InputError, UsageError, msg, reconcileText } from '../messages.js';
import { countedChunks, startProgress } from '../stream/progress.js';
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
  ctx.progress(msg.reading(basename(file)));
  const sources = sourcesFile ? await readSources(sourcesFile) : [];
  const size = await stat(file).then(
    (s) => (s.isFile() ? s.size : 0),
    () => 0,
  );
  // On a terminal, a large file gets a progress line while it is read, and another while it is reconciled.
  const reading = startProgress({ label: msg.reading(basename(file)), totalBytes: size, stream: ctx.progressStream });
  const rows: Visit[] = [];
  const input = createReadStream(file, { highWaterMark: 1 << 20 });
  const read = await parseExchangeVisits(reading.enabled ? countedChunks(input, (bytes) => reading.update(bytes, rows.length)) : input, {
    file: basename(file),
    ...(sourcesFile ? { sourceIds: new Set(sources.map((s) => s.id)) } : {}),
    onRow: (row) => rows.push(row),
  }).catch((e: unknown) => {
    reading.stop();
    throw e;
  });
  if (read.problems.length > 0) {
    reading.stop();
    throw new InputError(read.problems);
  }
  reading.finish(read.rowCount);
  // Reconciling a large file takes longer than reading it: its line shows the figures reconciled, as a share of the file.
  const reconciling = startProgress({ label: msg.reconciling(basename(file)), totalBytes: size, stream: ctx.progressStream });
  const onProgress = (figures: number): void => reconciling.update(rows.length > 0 ? (size * figures) / rows.length : size, figures);
  let result: Reconciliation;
  try {
    result = await reconcile(rows, {
      sources,
      approxTolerance: tolerance,
      endYear: opts.endYear,
      ...(reconciling.enabled ? { onProgress } : {}),
    });
  } catch (e) {
    reconciling.stop();
    throw e;
  }
  reconciling.finish(rows.length);
  ctx.write(tableFileText(table.spec, table.rows(result), format));
  for (const line of reconcileSummary(result)) ctx.stderr(line);
  return result.holds ? 0 : EXIT_CONTRADICTED;
}
