import { LANGS, NAMINGS, type Lang, type Naming } from '../dataset/places.js';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FORMATS, type Format } from './options.js';
import { sha256 } from '../util/hash.js';

/** Name of the manifest in the output folder. */
export const MANIFEST_FILE = 'manifest.json';

/** The tool that writes manifests, as manifests name it. */
export const GENERATOR = 'kuril-exchange';

/** The version of the manifest layout below. */
export const MANIFEST_VERSION = 1;

/** One output file: path relative to the output folder (`/`-separated), size in bytes, SHA-256. */
export interface ManifestFile {
  readonly path: string;
  readonly size: number;
  readonly sha256: string;
}

/** One input file: where it was read (relative to the working folder; `null` for the embedded dataset), its size and SHA-256. */
export interface ManifestInput {
  readonly path: string | null;
  readonly embedded: boolean;
  readonly size: number;
  readonly sha256: string;
}

/**
 * `manifest.json`: what was built, from what, with which options and which tool version, and every
 * file with its size and SHA-256, sorted by path. No timestamps and no absolute paths, so two builds
 * of the same input give the same manifest wherever they are written.
 */
export interface Manifest {
  readonly generator: { readonly name: typeof GENERATOR; readonly version: string };
  readonly manifestVersion: typeof MANIFEST_VERSION;
  readonly inputs: {
    readonly visits: ManifestInput;
    readonly sources: ManifestInput | null;
    readonly events: ManifestInput | null;
    /** The `--places` file, when one was given. */
    readonly places?: ManifestInput;
  };
  readonly options: {
    readonly formats: readonly Format[];
    /** The end year given with `--end-year`, or `null` for the default. */
    readonly endYear: number | null;
    readonly notebooks: boolean;
    /** `--lang` and `--naming`, recorded only when not the defaults (`en`, `source`). */
    readonly lang?: Lang;
    readonly naming?: Naming;
  };
  readonly files: readonly ManifestFile[];
}

/** The manifest's text: pretty JSON ending with a newline. */
export function manifestText(m: Manifest): string {
  return `${JSON.stringify(m, null, 2)}\n`;
}

/** Whether parsed JSON claims to be a manifest this tool wrote (checked before replacing a folder). */
export function isOurManifest(x: unknown): boolean {
  return typeof x === 'object' && x !== null && (x as { generator?: { name?: unknown } }).generator?.name === GENERATOR;
}

/** Byte order of UTF-16 code units: the same on every machine and locale. */
export function comparePaths(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Every file under `dir`, as sorted `/`-separated relative paths (symbolic links are not followed). */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (sub: string): void => {
    for (const entry of readdirSync(join(dir, sub), { withFileTypes: true })) {
      const rel = sub ? `${sub}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(rel);
      else out.push(rel);
    }
  };
  walk('');
  return out.sort(comparePaths);
}

/** Size and SHA-256 of every file under `dir` except the manifest itself, sorted by path. */
export function describeFiles(dir: string): ManifestFile[] {
  return listFiles(dir)
    .filter((p) => p !== MANIFEST_FILE)
    .map((path) => {
      const bytes = readFileSync(join(dir, path));
      return { path, size: bytes.length, sha256: sha256(bytes) };
    });
}

const HEX64 = /^[0-9a-f]{64}$/;

function checkInput(x: unknown, where: string, optional: boolean): string | null {
  if (x === null && optional) return null;
  if (typeof x !== 'object' || x === null) return `${where} must be an object`;
  const i = x as Record<string, unknown>;
  if (typeof i.embedded !== 'boolean') return `${where}.embedded must be true or false`;
  if (!(i.path === null || (typeof i.path === 'string' && i.path !== ''))) return `${where}.path must be a path or null`;
  if (i.path === null && !i.embedded) return `${where}.path is null but the input is not the embedded dataset`;
  if (typeof i.sha256 !== 'string' || !HEX64.test(i.sha256)) return `${where}.sha256 must be 64 hex digits`;
  if (!Number.isSafeInteger(i.size) || (i.size as number) < 0) return `${where}.size must be a whole number`;
  return null;
}

/**
 * Checks parsed JSON against the manifest layout; returns what is wrong, or `null` when it is a manifest.
 * @example manifestProblem({}) // => "generator.name must be \"kuril-exchange\""
 */
export function manifestProblem(x: unknown): string | null {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return 'expected a JSON object';
  const m = x as Record<string, unknown>;
  if (!isOurManifest(m)) return `generator.name must be "${GENERATOR}"`;
  if (typeof (m.generator as { version?: unknown }).version !== 'string') return 'generator.version must be a string';
  if (m.manifestVersion !== MANIFEST_VERSION) return `manifestVersion must be ${MANIFEST_VERSION}`;
  const inputs = m.inputs as Record<string, unknown> | undefined;
  if (typeof inputs !== 'object' || inputs === null) return 'inputs must be an object';
  const bad =
    checkInput(inputs.visits, 'inputs.visits', false) ??
    checkInput(inputs.sources ?? null, 'inputs.sources', true) ??
    checkInput(inputs.events ?? null, 'inputs.events', true) ??
    checkInput(inputs.places ?? null, 'inputs.places', true);
  if (bad) return bad;
  const o = m.options as Record<string, unknown> | undefined;
  if (typeof o !== 'object' || o === null) return 'options must be an object';
  if (!Array.isArray(o.formats) || o.formats.length === 0 || !o.formats.every((f) => (FORMATS as readonly unknown[]).includes(f)))
    return `options.formats must list some of ${FORMATS.join(', ')}`;
  if (!(o.endYear === null || (Number.isInteger(o.endYear) && (o.endYear as number) >= 1000 && (o.endYear as number) <= 9999)))
    return 'options.endYear must be a year or null';
  if (typeof o.notebooks !== 'boolean') return 'options.notebooks must be true or false';
  if (o.lang !== undefined && !(LANGS as readonly unknown[]).includes(o.lang)) return `options.lang must be one of ${LANGS.join(', ')}`;
  if (o.naming !== undefined && !(NAMINGS as readonly unknown[]).includes(o.naming))
    return `options.naming must be one of ${NAMINGS.join(', ')}`;
  if (!Array.isArray(m.files)) return 'files must be a list';
  for (const f of m.files as unknown[]) {
    const file = f as Record<string, unknown>;
    if (
      typeof file !== 'object' ||
      file === null ||
      typeof file.path !== 'string' ||
      typeof file.sha256 !== 'string' ||
      !Number.isSafeInteger(file.size)
    )
      return 'each file needs path, size and sha256';
  }
  return null;
}
