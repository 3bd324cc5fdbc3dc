import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { interpreterAsClassicScript, scriptSafe, vegaScripts } from '../../src/report/assets.js';
import {
  changeText,
  changeValueText,
  cumulativeText,
  percentChangeText,
  ratioText,
  shareText,
  signedText,
} from '../../src/report/cells.js';
import { contentSecurityPolicy, cspHash } from '../../src/report/csp.js';
import { escapeHtml, jsonForScript } from '../../src/report/escape.js';
import { scopeSvgIds } from '../../src/report/html.js';
import type { ChangeRow, CumulativeRow } from '../../src/analysis/types.js';

describe('escapeHtml', () => {
  it('escapes the five HTML-significant characters and nothing else', () => {
    expect(escapeHtml(`<a href="x">Tom & 'Jerry'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;');
    expect(escapeHtml('Russia\u2019s\u00a0islands → 20,000')).toBe('Russia\u2019s\u00a0islands → 20,000');
    expect(escapeHtml('&amp;')).toBe('&amp;amp;');
  });
});

describe('jsonForScript', () => {
  it('cannot close a script element or open a comment, and parses back to the same value', () => {
    const value = { q: '</script><!-- & \u2028\u2029 >', n: 2.5, list: [null, true] };
    const text = jsonForScript(value);
    expect(text).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(text)).toEqual(value);
  });
});

describe('cspHash and contentSecurityPolicy', () => {
  it('hashes the exact UTF-8 text as base64 SHA-256', () => {
    expect(cspHash('')).toBe("'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='");
    expect(cspHash('é')).toBe(`'sha256-${createHash('sha256').update(Buffer.from('é', 'utf8')).digest('base64')}'`);
  });

  it('allows nothing to load and only hashed scripts and styles, never unsafe-eval or unsafe-inline', () => {
    const csp = contentSecurityPolicy({ scripts: ['a()', 'a()'], styles: ['b{}'] });
    expect(csp).toBe(
      `default-src 'none'; script-src ${cspHash('a()')}; style-src ${cspHash('b{}')}; img-src data:; base-uri 'none'; form-action 'none'`,
    );
    expect(contentSecurityPolicy({ scripts: [], styles: [] })).toContain("script-src 'none'");
    expect(csp).not.toMatch(/unsafe/);
  });
});

describe('inlined libraries', () => {
  it('rewrites vega-interpreter into a classic script that reads vega-util from the vega global', () => {
    const text = interpreterAsClassicScript(
      "import { a, b } from 'vega-util';\nconst expression = { a, b };\nexport { expression as expressionInterpreter };\n",
    );
    expect(text).toBe(
      "(function () {\n'use strict';\nconst { a, b } = globalThis.vega;\nconst expression = { a, b };\nglobalThis.vegaInterpreter = { expressionInterpreter: expression };\n})();\n",
    );
    expect(() => interpreterAsClassicScript("import x from 'y';\nexport { expression as expressionInterpreter };")).toThrow(
      /unexpected module shape/,
    );
  });

  it('makes script text safe inside <script> without changing what it means', () => {
    expect(scriptSafe('s="</script>";t="<!--"')).toBe('s="<\\/script>";t="<\\!--"');
  });

  it('loads vega, vega-lite, vega-embed and the interpreter, none able to end its script element', () => {
    const scripts = vegaScripts();
    expect(scripts.map((s) => s.name)).toEqual(['vega', 'vega-lite', 'vega-embed', 'vega-interpreter']);
    for (const s of scripts) {
      expect(s.text.length, s.name).toBeGreaterThan(1000);
      expect(s.text, s.name).not.toMatch(/<\/script|<!--/i);
    }
    expect(scripts[3]!.text).not.toMatch(/^\s*(import|export)\b/m);
  });
});

describe('scopeSvgIds', () => {
  it('prefixes defined ids and every reference to them', () => {
    const svg =
      '<svg><defs><clipPath id="clip1"><rect/></clipPath></defs><g clip-path="url(#clip1)" data-id="x"><use href="#clip1"/><use xlink:href="#clip1"/></g></svg>';
    expect(scopeSvgIds(svg, 'chart-ratios')).toBe(
      '<svg><defs><clipPath id="chart-ratios-clip1"><rect/></clipPath></defs><g clip-path="url(#chart-ratios-clip1)" data-id="x"><use href="#chart-ratios-clip1"/><use xlink:href="#chart-ratios-clip1"/></g></svg>',
    );
  });
});

describe('cell wording: bounds are never shown as exact', () => {
  it('ratios and shares', () => {
    expect(ratioText({ value: 20000 / 9500, bound: 'lower' })).toBe('more than 2.10');
    expect(ratioText({ value: 9500 / 20000, bound: 'upper' })).toBe('less than 0.48');
    expect(ratioText({ value: 802 / 281, bound: 'exact' })).toBe('2.85');
    expect(ratioText({ value: null, bound: null })).toBe('not known');
    expect(shareText({ value: 20000 / 29500, bound: 'lower' })).toBe('more than 67.7%');
    expect(shareText({ value: null, bound: null })).toBe('not known');
  });

  it('signed changes keep their bound and use a real minus sign', () => {
    expect(signedText({ value: 41, bound: 'exact' }, 0)).toBe('+41');
    expect(signedText({ value: -18, bound: 'exact' }, 0)).toBe('\u221218');
    expect(signedText({ value: 3.051, bound: 'lower' }, 2)).toBe('more than +3.05');
    expect(signedText({ value: 5.3876, bound: 'exact' }, 1, '%')).toBe('+5.4%');
    expect(signedText({ value: 0, bound: 'exact' }, 0)).toBe('0');
    expect(signedText({ value: null, bound: null }, 0)).toBe('not known');
  });

  it('change rows mark the values behind a bounded change', () => {
    const row: ChangeRow = {
      series: 'flow',
      origin: 'A',
      destination: 'B',
      source_id: 's',
      from_year: 2015,
      to_year: 2016,
      from_value: 800,
      to_value: 900,
      change: 100,
      percent_change: 12.5,
      bound: 'lower',
      reason: null,
    };
    expect(changeValueText(row, 800)).toBe('800*');
    expect(changeValueText({ ...row, bound: 'exact' }, 1060)).toBe('1,060');
    expect(changeValueText({ ...row, series: 'ratio', bound: 'exact' }, 2.546)).toBe('2.55');
    expect(changeText(row)).toBe('at least +100');
    expect(percentChangeText(row)).toBe('at least +12.5%');
    expect(percentChangeText({ ...row, percent_change: null, bound: null })).toBe('not known');
  });

  it('cumulative rows: averages a year, shares in percent', () => {
    const base: CumulativeRow = {
      origin: 'Japan',
      destination: 'K',
      source_id: 's',
      period_start: 1992,
      period_end: null,
      measure: 'average_per_year',
      end_year: 2017,
      years: 26,
      year: null,
      base: false,
      value: 20000 / 26,
      lower: 20000 / 26,
      upper: null,
      bound: 'lower',
      reason: null,
    };
    expect(cumulativeText(base)).toBe('more than 769 a year');
    expect(cumulativeText({ ...base, value: 800, strict: true })).toBe('more than 800 a year');
    expect(cumulativeText({ ...base, measure: 'share_of_cumulative', value: 802 / 20000, bound: 'upper' })).toBe('at most 4.01%');
    expect(cumulativeText({ ...base, value: null, bound: null })).toBe('not known');
  });
});
