import { readFileSync } from 'node:fs';
import AjvModule from 'ajv-draft-04';
import { fixture } from '../helpers.js';

// The official nbformat 4.5 schema (draft-04), stored in test/fixtures/nbformat/ with its licence.
const schema = JSON.parse(readFileSync(fixture('nbformat', 'nbformat.v4.5.schema.json'), 'utf8')) as object;
// ajv-draft-04 is CommonJS: imported from ESM, its class is the module's `default` property.
const ajv = new AjvModule.default({ allErrors: true, strict: false });
const validate = ajv.compile(schema);

/** Schema errors of a notebook, as `path: message` lines; empty when it is valid. */
export function nbformatErrors(notebook: unknown): string[] {
  if (validate(notebook)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'}: ${e.message ?? ''}`);
}
