import { accessSync, constants, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { EMBEDDED_EVENTS, EMBEDDED_SOURCES, EMBEDDED_VISITS } from '../dataset/embedded.js';
import { msg, UsageError } from '../messages.js';
import { loadInputs } from './inputs.js';
import { MANIFEST_FILE, comparePaths, listFiles, manifestProblem, type Manifest, type ManifestInput } from './manifest.js';
import type { BuildPlan, InputFile } from './options.js';
import { writeOutputs } from './pipeline.js';
import { TOOL_VERSION } from './version.js';

/** One way a folder differs from a fresh build. */
export interface Difference {
  readonly kind: 'input-changed' | 'version' | 'differs' | 'missing' | 'extra';
  /** The file (relative to the folder), or the input path. */
  readonly path: string;
  /** The difference in words (from `messages.ts`). */
  readonly message: string;
}

/** What `verifyOutput` found: the differences (none when the folder is what a fresh build writes) and how many files were compared. */
export interface VerifyResult {
  readonly differences: readonly Difference[];
  readonly files: number;
}

/**
 * Reads and checks `DIR/manifest.json`.
 * @throws UsageError when it is missing or not a manifest of this tool.
 */
export function readManifest(dir: string): Manifest {
  const file = join(dir, MANIFEST_FILE);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new UsageError(msg.manifestMissing(dir));
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new UsageError(msg.manifestInvalid(join(dir, MANIFEST_FILE), `not JSON (${(e as Error).message})`));
  }
  const problem = manifestProblem(parsed);
  if (problem) throw new UsageError(msg.manifestInvalid(join(dir, MANIFEST_FILE), problem));
  return parsed as Manifest;
}

function inputFrom(record: ManifestInput | null, embedded: string): InputFile | null {
  if (record === null) return null;
  if (record.path === null) return { path: embedded, recorded: null };
  return { path: resolve(record.path), recorded: record.path };
}

/** The plan a manifest records, so a build can be repeated exactly. */
export function planFromManifest(m: Manifest): BuildPlan {
  return {
    inputs: {
      visits: inputFrom(m.inputs.visits, EMBEDDED_VISITS)!,
      sources: inputFrom(m.inputs.sources, EMBEDDED_SOURCES),
      events: inputFrom(m.inputs.events, EMBEDDED_EVENTS),
      places: inputFrom(m.inputs.places ?? null, ''),
    },
    formats: m.options.formats,
    endYear: m.options.endYear,
    notebooks: m.options.notebooks,
    ...(m.options.lang ? { lang: m.options.lang } : {}),
    ...(m.options.naming ? { naming: m.options.naming } : {}),
  };
}

/**
 * Rebuilds a folder from the inputs and options its manifest records, into a temporary folder, and
 * compares the two byte for byte: every file that differs, is missing or is extra is a difference, as is
 * an input whose SHA-256 is not the one recorded. Paths in the manifest are relative to the working
 * folder the build ran in, so run it from there.
 * @throws UsageError when the manifest is missing or invalid, or an input cannot be read.
 * @throws InputError when an input no longer validates.
 */
export async function verifyOutput(dir: string, progress: (line: string) => void = () => {}): Promise<VerifyResult> {
  const manifest = readManifest(dir);
  const plan = planFromManifest(manifest);
  const differences: Difference[] = [];
  if (manifest.generator.version !== TOOL_VERSION) {
    differences.push({ kind: 'version', path: MANIFEST_FILE, message: msg.verifyVersion(manifest.generator.version, TOOL_VERSION) });
  }
  for (const key of ['visits', 'sources', 'events'] as const) {
    const input = plan.inputs[key];
    if (!input) continue;
    try {
      accessSync(input.path, constants.R_OK);
    } catch {
      throw new UsageError(msg.verifyInputMissing(input.recorded ?? input.path));
    }
  }
  progress(msg.verifyReading());
  const loaded = await loadInputs(plan.inputs);
  for (const key of ['visits', 'sources', 'events'] as const) {
    const now = loaded.records[key];
    const then = manifest.inputs[key];
    if (now && then && now.sha256 !== then.sha256)
      differences.push({
        kind: 'input-changed',
        path: then.path ?? '(embedded)',
        message: msg.verifyInputChanged(then.path ?? `embedded ${key}`),
      });
  }
  const fresh = mkdtempSync(join(tmpdir(), 'kuril-exchange-verify-'));
  try {
    progress(msg.verifyBuilding());
    await writeOutputs(fresh, plan, loaded, () => {});
    progress(msg.verifyComparing());
    const expected = listFiles(fresh);
    const actual = listFiles(dir);
    const inActual = new Set(actual);
    const inExpected = new Set(expected);
    for (const path of [...new Set([...expected, ...actual])].sort(comparePaths)) {
      if (!inActual.has(path)) differences.push({ kind: 'missing', path, message: msg.verifyMissing(path) });
      else if (!inExpected.has(path)) differences.push({ kind: 'extra', path, message: msg.verifyExtra(path) });
      else if (!readFileSync(join(fresh, path)).equals(readFileSync(join(dir, path))))
        differences.push({ kind: 'differs', path, message: msg.verifyDiffers(path) });
    }
    return { differences, files: expected.length };
  } finally {
    rmSync(fresh, { recursive: true, force: true });
  }
}
