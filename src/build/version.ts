import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Root folder of the installed package (where package.json, data/ and notebooks/ are). */
export const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** This tool's version, from its package.json; manifests record it. */
export const TOOL_VERSION: string = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
