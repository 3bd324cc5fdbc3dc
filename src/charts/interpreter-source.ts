/**
 * vega-interpreter (the expression evaluator that needs no `Function` or `eval`) ships only as an ES module
 * that imports three helpers from vega-util and exports one object. Its text, with the one import rewritten to
 * read the helpers from `vegaExpr` (the vega bundle exports them) and the one export to `exportTo` followed by
 * `{ expressionInterpreter: expression }`, runs as a plain script: the report inlines it that way, and
 * `render.ts` loads it beside the vega bundle instead of as some fifty vega-util modules.
 * @throws Error when the module no longer has the shape this expects (a newer vega-interpreter).
 * @example interpreterSource("import { isString } from 'vega-util';\nconst expression = {};\nexport { expression as expressionInterpreter };\n", 'v', 'out = ')
 * // => "const { isString } = v;\nconst expression = {};\nout = { expressionInterpreter: expression };"
 */
export function interpreterSource(moduleText: string, vegaExpr: string, exportTo: string): string {
  const imports = /^import \{([^}]*)\} from 'vega-util';\s*$/m;
  const exports = /^export \{ expression as expressionInterpreter \};\s*$/m;
  const names = imports.exec(moduleText)?.[1];
  if (
    names === undefined ||
    !exports.test(moduleText) ||
    /^\s*(import|export)\b/m.test(moduleText.replace(imports, '').replace(exports, ''))
  ) {
    throw new Error('vega-interpreter: unexpected module shape; update src/charts/interpreter-source.ts');
  }
  return moduleText
    .replace(imports, `const {${names}} = ${vegaExpr};`)
    .replace(exports, `${exportTo}{ expressionInterpreter: expression };`);
}
