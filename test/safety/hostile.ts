import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { DOMParser, type Document as XmlDocument, type Node as XmlNode, type Element as XmlElement } from '@xmldom/xmldom';
import { parse as parseHtml } from 'parse5';
import type { DefaultTreeAdapterMap } from 'parse5';
import { fixture } from '../helpers.js';

// The hostile dataset of test/fixtures/safety and what the safety tests look for in the outputs.
// The fixture files are static; `fixture holds every hostile text` (outputs.test.ts) checks that they
// hold each text below, so this list and the files cannot drift apart.

/** The fixture files. hostile-visits.csv is read without sources, so its source ids are free text. */
export const FIXTURES = {
  visits: fixture('safety', 'hostile-visits.csv'),
  events: fixture('safety', 'hostile-events.csv'),
  sourcedVisits: fixture('safety', 'hostile-visits-sourced.csv'),
  sources: fixture('safety', 'hostile-sources.csv'),
};

/** Payloads that set `window.__xss` if they ever run as script (the browser test checks it stays undefined). */
export const XSS_IMG = '<img src=x onerror="window.__xss=1">';

/** Every hostile text in the fixture, by what it attacks. Each must come out of every output as the same text. */
export const HOSTILE = {
  /** Markup in a quote: ends a table cell, opens a script, images with event handlers, `"` and `&`, line separators. */
  quoteMarkup: `</td><script>alert(1)</script><img src=x onerror=alert(1)> ${XSS_IMG} "761" & &amp; \u2028 \u2029 '||alert(1)||'`,
  /** A place name that would break out of a single-quoted string in a generated expression. */
  exprBreakout: "'||alert(1)||'",
  /** A place name that is an HTML element with an event handler. */
  imgPlace: XSS_IMG,
  /** A place that is a spreadsheet formula running a command. */
  formulaPlace: "=cmd|' /C calc'!A0",
  /** Entities that must not be decoded twice, and quotes. */
  entities: '+Plus & "quoted" &amp; &lt;b&gt;',
  /** A place that reads as a negative number (a text column: neutralised; number columns are not). */
  negativeLookalike: '-6.02',
  /** Path traversal in a place name. */
  pathPlace: '@SUM(1+1) ../../etc/passwd',
  /** A place that closes a script element and opens a comment, after a tab. */
  scriptBreakout: '\tTab </script><!-- <script>',
  /** A CR, line and paragraph separators, CDATA markers, path separators, and ids and references that a careless id-scoping of inline SVG would rewrite. */
  separators: '\rCR \u2028line\u2029para ]]> <![CDATA[ C:\\Windows\\..\\x/y\\z url(#clip1) href="#clip1" id="x"',
  /** Source ids: a javascript: URL, a style breakout, path traversal out of the working folder, an absolute path. */
  sourceJsUrl: '＠SUM(A1) javascript:alert(1)',
  sourceStyle: '－1+1 </style><script>window.__xss=4</script>',
  sourcePathOut: '＝1+1 ../../../tmp/kuril-pwned',
  sourcePathAbsolute: '＋/etc/passwd',
  /** Travellers: template-engine syntax, a table breakout, a javascript: URL, paths. */
  template: "{{constructor.constructor('window.__xss=2')()}} ${window.__xss=3}",
  tableBreakout: '</q></td></tr></table><script>window.__xss=5</script>',
  travellerJsUrl: 'javascript:alert(1)',
  travellerPath: 'a/b\\c',
  travellerDots: '..',
  /** Event labels and quotes (drawn on the annual chart, listed in the report). */
  eventLabel: `<script>window.__xss=6</script>${XSS_IMG}`,
  eventQuote: '</script><script>window.__xss=7</script> & "x"',
  eventFormula: '=HYPERLINK("javascript:alert(1)","x")',
  eventSeparator: '../../etc/passwd \u2028 javascript:alert(1)',
  /** Hostile text in the sources file (second build). */
  publisher: '<script>window.__xss=9</script>Pub & "Co"',
  publisherFormula: '=HYPERLINK("javascript:alert(1)")',
  sourceNote: `${XSS_IMG} =1+1 \u2028`,
} as const;

/** The place names: drawn on every chart. */
export const PLACES = [
  HOSTILE.exprBreakout,
  HOSTILE.imgPlace,
  HOSTILE.formulaPlace,
  HOSTILE.entities,
  HOSTILE.negativeLookalike,
  HOSTILE.pathPlace,
  HOSTILE.scriptBreakout,
  HOSTILE.separators,
];

/** The source ids of the first build (no sources file): named in every chart's source line. */
export const SOURCE_IDS = [HOSTILE.sourceJsUrl, HOSTILE.sourceStyle, HOSTILE.sourcePathOut, HOSTILE.sourcePathAbsolute];

/**
 * Formula triggers a text cell may start with: `=`, `+`, `-`, `@`, tab, CR and the full-width `＝` `＋`
 * `－` `＠`. The fixture's places and source ids start with each of them, and reach every analysis table.
 */
export const TRIGGER_CHARS = ['=', '+', '-', '@', '\t', '\r', '\uFF1D', '\uFF0B', '\uFF0D', '\uFF20'] as const;

/** Whether a CSV cell starts with a formula trigger. */
export const startsWithTrigger = (cell: string): boolean => /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/.test(cell);

/** A traveller that the writer had neutralised already: readers take `'=` to mean `=` (documented). */
export const ALREADY_NEUTRALISED = "'=already neutralised";

/** Names of the files a build writes: fixed in src/build/pipeline.ts, never taken from the data. */
export const EXPECTED_FILES = [
  'charts/annual-flows.png',
  'charts/annual-flows.svg',
  'charts/annual-flows.vl.json',
  'charts/changes.png',
  'charts/changes.svg',
  'charts/changes.vl.json',
  'charts/cumulative.png',
  'charts/cumulative.svg',
  'charts/cumulative.vl.json',
  'charts/ratios.png',
  'charts/ratios.svg',
  'charts/ratios.vl.json',
  'charts/shares.png',
  'charts/shares.svg',
  'charts/shares.vl.json',
  'charts/sources.png',
  'charts/sources.svg',
  'charts/sources.vl.json',
  'data/datapackage.json',
  'data/events.csv',
  'data/exchange-visits.csv',
  'datapackage.json',
  'manifest.json',
  'report.html',
  'tables/changes.csv',
  'tables/changes.json',
  'tables/consistency.csv',
  'tables/consistency.json',
  'tables/cumulative.csv',
  'tables/cumulative.json',
  'tables/implied.csv',
  'tables/implied.json',
  'tables/ratios.csv',
  'tables/ratios.json',
  'tables/shares.csv',
  'tables/shares.json',
];

// --- HTML (parse5: the WHATWG parsing algorithm, as browsers parse) -------------------------------

type HtmlNode = DefaultTreeAdapterMap['node'];
type HtmlElement = DefaultTreeAdapterMap['element'];

/** What a parsed page holds: every element (with its namespace-qualified path) and every text node. */
export interface HtmlFacts {
  elements: { name: string; path: string; attrs: { name: string; value: string }[]; text: string }[];
  texts: string[];
}

/** Parses a page as a browser would and lists its elements (with their own text) and its text nodes. */
export function htmlFacts(html: string): HtmlFacts {
  const facts: HtmlFacts = { elements: [], texts: [] };
  const walk = (node: HtmlNode, path: string): void => {
    if (node.nodeName === '#text') {
      facts.texts.push((node as DefaultTreeAdapterMap['textNode']).value);
      return;
    }
    const el = node as HtmlElement;
    let here = path;
    if (el.tagName !== undefined) {
      here = `${path}/${el.tagName}`;
      const text = (el.childNodes ?? [])
        .filter((c) => c.nodeName === '#text')
        .map((c) => (c as DefaultTreeAdapterMap['textNode']).value)
        .join('');
      facts.elements.push({
        name: el.tagName,
        path: here,
        attrs: el.attrs.map((a) => ({ name: a.prefix ? `${a.prefix}:${a.name}` : a.name, value: a.value })),
        text,
      });
    }
    for (const child of (node as { childNodes?: HtmlNode[] }).childNodes ?? []) walk(child, here);
    const content = (node as { content?: HtmlNode }).content; // <template>
    if (content) walk(content, `${here}#content`);
  };
  walk(parseHtml(html), '');
  return facts;
}

/** The text nodes of the inline `<svg>` in each `<figure id="chart-NAME">` of a page, by NAME, in document order. */
export function figureSvgTexts(html: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const walk = (node: HtmlNode, into: string[] | null, inSvg: boolean): void => {
    if (node.nodeName === '#text') {
      if (inSvg) into?.push((node as DefaultTreeAdapterMap['textNode']).value);
      return;
    }
    const el = node as HtmlElement;
    let list = into;
    const id = el.attrs?.find((a) => a.name === 'id')?.value;
    if (el.tagName === 'figure' && id?.startsWith('chart-')) out.set(id.slice('chart-'.length), (list = []));
    for (const child of (node as { childNodes?: HtmlNode[] }).childNodes ?? []) walk(child, list, inSvg || el.tagName === 'svg');
  };
  walk(parseHtml(html), null, false);
  return out;
}

// --- SVG (xmldom, every warning and error fatal) -------------------------------------------------

/** Parses an SVG file as strict XML: any parse warning or error throws. */
export function parseSvg(text: string, name: string): XmlDocument {
  const problems: string[] = [];
  const doc = new DOMParser({
    onError: (level, message) => problems.push(`${level}: ${message}`),
    // XML 1.0 line ends only (xmldom's default also turns U+2028 and U+0085 into LF, as XML 1.1 does).
    normalizeLineEndings: (s) => s.replace(/\r\n?/g, '\n'),
  }).parseFromString(text, 'image/svg+xml');
  if (problems.length > 0) throw new Error(`${name} is not well-formed XML: ${problems.join('; ')}`);
  return doc;
}

/** Every element of an XML document, and every text node, in document order. */
export function xmlFacts(doc: XmlDocument): { elements: XmlElement[]; texts: string[] } {
  const elements: XmlElement[] = [];
  const texts: string[] = [];
  const walk = (node: XmlNode): void => {
    if (node.nodeType === 1) elements.push(node as XmlElement);
    if (node.nodeType === 3 || node.nodeType === 4) texts.push(node.nodeValue ?? '');
    for (let c = node.firstChild; c; c = c.nextSibling) walk(c);
  };
  walk(doc);
  return { elements, texts };
}

/** Whether an attribute value is a URL that runs script (`javascript:`, `vbscript:`, `data:text/html`), as browsers read it. */
export function isScriptUrl(value: string): boolean {
  // Browsers strip ASCII whitespace and control characters from URLs before reading the scheme.
  const v = value.replace(/[\u0000-\u0020]/g, '').toLowerCase();
  return v.startsWith('javascript:') || v.startsWith('vbscript:') || v.startsWith('data:text/html');
}

/** Attributes that browsers read as URLs. */
export const URL_ATTRIBUTES = new Set(['href', 'xlink:href', 'src', 'action', 'formaction', 'data', 'poster', 'background', 'srcdoc']);

// --- files ---------------------------------------------------------------------------------------

/**
 * Every entry under `dir` (files, folders and links, not following links) with its content hash,
 * link target or `dir`; the folders named in `skip` (relative paths) are listed but not entered.
 */
export function snapshot(dir: string, skip: readonly string[] = []): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (sub: string): void => {
    for (const name of readdirSync(join(dir, sub)).sort()) {
      const rel = sub ? `${sub}/${name}` : name;
      const full = join(dir, rel);
      const st = lstatSync(full);
      if (st.isSymbolicLink()) out[rel] = `link → ${readlinkSync(full)}`;
      else if (st.isDirectory()) {
        out[rel] = 'dir';
        if (!skip.includes(rel)) walk(rel);
      } else out[rel] = createHash('sha256').update(readFileSync(full)).digest('hex');
    }
  };
  walk('');
  return out;
}

// --- counting for the closing note ---------------------------------------------------------------

/** Counts what a safety or fault test file tried and what went wrong, printed once at the end. */
export class Tally {
  tried = 0;
  readonly crashes: string[] = [];
  readonly silent: string[] = [];
  readonly lost: string[] = [];
  /** Failures caused by known bugs in code other people own (tests marked `fails`). */
  readonly known: string[] = [];
  constructor(readonly name: string) {}

  /** One more hostile input (or fault) tried. */
  input(n = 1): void {
    this.tried += n;
  }

  /** The line the file prints at its end. */
  summary(): string {
    const list = (xs: string[]): string => (xs.length ? ` (${xs.join('; ')})` : '');
    return `${this.name}: ${this.tried} hostile inputs tried, ${this.crashes.length} crashes${list(this.crashes)}, ${this.silent.length} silent acceptances${list(this.silent)}, ${this.lost.length} outputs lost${list(this.lost)}${this.known.length ? `; known bugs elsewhere: ${this.known.length}${list(this.known)}` : ''}`;
  }
}
