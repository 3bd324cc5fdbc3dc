import { readFile } from 'node:fs/promises';
import { basename, isAbsolute, relative, resolve, sep } from 'node:path';
import type { FlowPair } from '../analysis/flow-pair.js';
import { FlowAccumulator } from '../analysis/flows.js';
import { EMBEDDED_EVENTS, EMBEDDED_SOURCES, EMBEDDED_VISITS } from '../dataset/embedded.js';
import type { Place } from '../dataset/places.js';
import { parseExchangeVisits, readEvents, readPlaces, readSources } from '../dataset/read.js';
import type { ExchangeEvent, Source, Visit } from '../dataset/types.js';
import { InputError, msg } from '../messages.js';
import { startProgress, type Progress, type ProgressStream } from '../stream/progress.js';
import { sha256 } from '../util/hash.js';
import type { ManifestInput } from './manifest.js';
import type { BuildInputs, InputFile } from './options.js';

/** The validated inputs of a build, their flow pairs, and what the manifest records about each file. */
export interface LoadedInputs {
  readonly visits: readonly Visit[];
  readonly sources: readonly Source[];
  readonly events: readonly ExchangeEvent[];
  readonly pairs: readonly FlowPair[];
  /** The places of a `--places` file; `null`: the embedded places table. */
  readonly places: readonly Place[] | null;
  readonly records: {
    readonly visits: ManifestInput;
    readonly sources: ManifestInput | null;
    readonly events: ManifestInput | null;
    /** Only when a places file was given, so a build without one records what it always did. */
    readonly places?: ManifestInput;
  };
}

/**
 * A path as the manifest records it: relative to the working folder, with `/` separators; absolute only
 * when no relative path exists (another drive on Windows).
 */
export function recordedPath(path: string, cwd = process.cwd()): string {
  const rel = relative(cwd, resolve(cwd, path));
  const shown = rel === '' || isAbsolute(rel) ? resolve(cwd, path) : rel;
  return shown.split(sep).join('/');
}

/**
 * The inputs named on the command line: FILE or the embedded dataset; without FILE, the embedded
 * sources and events too (a user's FILE gets only the sources and events files given with it).
 */
export function resolveInputs(
  file: string | undefined,
  sources: string | undefined,
  events: string | undefined,
  places?: string,
): BuildInputs {
  const given = (p: string): InputFile => ({ path: resolve(p), recorded: recordedPath(p) });
  const placesFile = places === undefined ? {} : { places: given(places) };
  if (file === undefined) {
    return {
      visits: { path: EMBEDDED_VISITS, recorded: null },
      sources: sources === undefined ? { path: EMBEDDED_SOURCES, recorded: null } : given(sources),
      events: events === undefined ? { path: EMBEDDED_EVENTS, recorded: null } : given(events),
      ...placesFile,
    };
  }
  return {
    visits: given(file),
    sources: sources === undefined ? null : given(sources),
    events: events === undefined ? null : given(events),
    ...placesFile,
  };
}

async function hashed(file: InputFile): Promise<{ bytes: Buffer; record: ManifestInput }> {
  const bytes = await readFile(file.path);
  return { bytes, record: { path: file.recorded, embedded: file.recorded === null, size: bytes.length, sha256: sha256(bytes) } };
}

/** `bytes` in chunks of 1 MiB, telling `progress` the bytes and rows so far before each. */
function* chunksOf(bytes: Uint8Array, rows: () => number, progress: Progress): Generator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += 1 << 20) {
    progress.update(at, rows());
    yield bytes.subarray(at, Math.min(bytes.length, at + (1 << 20)));
  }
}

/**
 * Reads and validates every input: sources first (their ids check `source_id`), then the visits
 * (flow pairs are accumulated as rows arrive), then events.
 * @throws InputError with every problem found, each naming file, line and column.
 */
/** `progressStream`: where a progress line goes while a large visits file is read (on a terminal only). */
export async function loadInputs(inputs: BuildInputs, progressStream?: ProgressStream | null): Promise<LoadedInputs> {
  let sources: Source[] = [];
  let sourcesRecord: ManifestInput | null = null;
  if (inputs.sources) {
    sourcesRecord = (await hashed(inputs.sources)).record;
    sources = await readSources(inputs.sources.path);
  }
  const sourceIds = inputs.sources ? new Set(sources.map((s) => s.id)) : undefined;

  const { bytes, record } = await hashed(inputs.visits);
  const acc = new FlowAccumulator();
  const visits: Visit[] = [];
  const progress = startProgress({
    label: msg.reading(basename(inputs.visits.path)),
    totalBytes: bytes.length,
    stream: progressStream,
  });
  // With a progress line, the bytes are parsed a chunk at a time (the same rows: the reader does not depend
  // on how its input is cut), and the line is redrawn between chunks.
  const result = await parseExchangeVisits(progress.enabled ? chunksOf(bytes, () => visits.length, progress) : bytes, {
    file: basename(inputs.visits.path),
    sources: inputs.sources?.path,
    onRow: (row) => {
      visits.push(row);
      acc.add(row);
    },
  });
  if (result.problems.length > 0) {
    progress.stop();
    throw new InputError(result.problems);
  }
  progress.finish(result.rowCount);

  let events: ExchangeEvent[] = [];
  let eventsRecord: ManifestInput | null = null;
  if (inputs.events) {
    eventsRecord = (await hashed(inputs.events)).record;
    events = await readEvents(inputs.events.path, sourceIds);
  }
  let places: Place[] | null = null;
  let placesRecord: ManifestInput | undefined;
  if (inputs.places) {
    placesRecord = (await hashed(inputs.places)).record;
    places = await readPlaces(inputs.places.path);
  }
  return {
    visits,
    sources,
    events,
    pairs: acc.pairs(),
    places,
    records: { visits: record, sources: sourcesRecord, events: eventsRecord, ...(placesRecord ? { places: placesRecord } : {}) },
  };
}
