import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { interpreterSource } from '../charts/interpreter-source.js';

/** One script inlined into the report: its name (for a comment) and its exact text. */
export interface InlineScript {
  readonly name: string;
  readonly text: string;
}

/** The folder of an installed package's main file (its `build/` folder for the vega packages). */
function buildDir(pkg: string): string {
  return dirname(fileURLToPath(import.meta.resolve(pkg)));
}

/**
 * Makes a library's text safe to place inside `<script>…</script>`: a literal `</script` or `<!--`
 * would end the element or change how HTML parses it. The replacements only occur inside JavaScript
 * strings or regular expressions, where `<\/` and `<\!` mean the same characters.
 */
export function scriptSafe(text: string): string {
  return text.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

/**
 * vega-interpreter as a classic script for the report (a module would need a URL or an import map): its one
 * import reads the helpers from the `vega` global and its one export sets a `vegaInterpreter` global (see
 * `interpreterSource`), inside a function scope.
 * @throws Error when the module no longer has the shape this expects (a newer vega-interpreter).
 */
export function interpreterAsClassicScript(moduleText: string): string {
  const body = interpreterSource(moduleText, 'globalThis.vega', 'globalThis.vegaInterpreter = ');
  return `(function () {\n'use strict';\n${body}\n})();\n`;
}

let cached: readonly InlineScript[] | undefined;

/**
 * The libraries the report runs with JavaScript on, in load order: vega, vega-lite, vega-embed (which
 * bundles vega-tooltip) and the CSP-safe expression interpreter. Read from node_modules once per process.
 */
export function vegaScripts(): readonly InlineScript[] {
  cached ??= [
    { name: 'vega', text: readFileSync(join(buildDir('vega'), 'vega.min.js'), 'utf8') },
    { name: 'vega-lite', text: readFileSync(join(buildDir('vega-lite'), 'vega-lite.min.js'), 'utf8') },
    { name: 'vega-embed', text: readFileSync(join(buildDir('vega-embed'), 'vega-embed.min.js'), 'utf8') },
    {
      name: 'vega-interpreter',
      text: interpreterAsClassicScript(readFileSync(fileURLToPath(import.meta.resolve('vega-interpreter')), 'utf8')),
    },
  ].map((s) => ({ name: s.name, text: scriptSafe(s.text) }));
  return cached;
}

/** Versions of the inlined libraries, from their package.json files. */
export function vegaVersions(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pkg of ['vega', 'vega-lite', 'vega-embed', 'vega-interpreter']) {
    const json = JSON.parse(readFileSync(join(buildDir(pkg), '..', 'package.json'), 'utf8')) as { version: string };
    out[pkg] = json.version;
  }
  return out;
}
