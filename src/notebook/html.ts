import { Marked, type Tokens } from 'marked';
import { VEGA_LITE_MIME } from './bundle.js';
import { escapeHtml } from '../util/escape.js';
import { joinLines, type Cell, type MimeBundle, type Notebook, type Output } from './nbformat.js';
import { locale, type Locale } from '../i18n/locale.js';
import type { Lang } from '../dataset/places.js';

// A standalone, offline HTML page of an executed notebook: inline CSS, charts as inline SVG,
// no scripts, and a Content-Security-Policy that lets the page load nothing but inline styles and
// data: images. Every text from the notebook is escaped; markdown is rendered with raw HTML shown
// as text.

/** What the page says about where it came from. */
export interface HtmlOptions {
  /** Page title. */
  readonly title: string;
  /** The notebook file, as shown at the top of the page. */
  readonly source: string;
  /** A short note shown on some cells, by cell id (the live preview marks cells unchanged since the last good run). */
  readonly cellNotes?: ReadonlyMap<string, CellNote>;
  /** Language of the page: its `<html lang>` and the words the page adds around the cells (default `en`). */
  readonly lang?: Lang;
}

/** A note on one cell: its text and a class name for its look (`kx-note-NAME`). */
export interface CellNote {
  readonly text: string;
  readonly kind: string;
}

/** Content-Security-Policy of the page: nothing is fetched or run; inline styles and data: images only. */
export const NOTEBOOK_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

/** A markdown renderer whose image placeholder is worded in the language of `l`. */
function markdownRendererFor(l: Locale): Marked {
  const markdownRenderer = new Marked({ gfm: true, async: false });
  markdownRenderer.use({
    renderer: {
      // Raw HTML in markdown is shown as text, never passed through.
      html(token: Tokens.HTML | Tokens.Tag): string {
        return escapeHtml(token.text);
      },
      link(token: Tokens.Link): string {
        const text = this.parser.parseInline(token.tokens);
        if (!isSafeHref(token.href)) return text;
        const title = token.title ? ` title="${escapeHtml(token.title)}"` : '';
        return `<a href="${escapeHtml(token.href)}"${title}>${text}</a>`;
      },
      // The page loads nothing: an image is shown as its description.
      image(token: Tokens.Image): string {
        return `<span class="kx-image-alt">${escapeHtml(l.t('notebook.image', { text: token.text }))}</span>`;
      },
    },
  });
  return markdownRenderer;
}

const renderers = new Map<Lang, { l: Locale; markdown: Marked }>();

/** The locale and markdown renderer of a language, made once. */
function wording(lang: Lang = 'en'): { l: Locale; markdown: Marked } {
  let w = renderers.get(lang);
  if (!w) {
    const l = locale({ lang });
    renderers.set(lang, (w = { l, markdown: markdownRendererFor(l) }));
  }
  return w;
}

/** Links that navigate (never run code): web, mail, in-page and relative. */
function isSafeHref(href: string): boolean {
  const h = href.trim().toLowerCase();
  if (/^(https?:|mailto:|#)/.test(h)) return true;
  return !/^[a-z][a-z0-9+.-]*:/.test(h);
}

/**
 * Markdown to HTML, with raw HTML escaped and only safe links; an image is shown as its description,
 * worded in `lang` (default English).
 * @example markdownToHtml('![map](m.png)') // => '<p><span class="kx-image-alt">[image: map]</span></p>\n'
 */
export function markdownToHtml(text: string, lang?: Lang): string {
  return wording(lang).markdown.parse(text) as string;
}

/**
 * What goes inside the page's `<main class="kx-notebook">`: where the notebook came from, then every cell.
 * The live preview sends this again after each run.
 */
export function notebookMainHtml(nb: Notebook, options: HtmlOptions): string {
  const charts = { count: 0 };
  const { l } = wording(options.lang);
  const cells = nb.cells.map((c) => cellHtml(c, charts, options.cellNotes?.get(c.id), options.lang)).join('\n');
  const [before, after] = l.t('notebook.executed', { file: '\u0000' }).split('\u0000');
  return `<p class="kx-origin">${escapeHtml(before ?? '')}<code>${escapeHtml(options.source)}</code>${escapeHtml(after ?? '')}</p>
${cells}`;
}

/** A notebook page up to and with `<body>`: its language, CSP, generator, title (escaped here) and styles. */
export function pageHead(page: { lang: string; csp: string; generator: string; title: string; css: string }): string {
  return `<!DOCTYPE html>
<html lang="${page.lang}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${page.csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="${page.generator}">
<title>${escapeHtml(page.title)}</title>
<style>
${page.css}
</style>
</head>
<body>
`;
}

/** The notebook as one standalone HTML page. */
export function notebookToHtml(nb: Notebook, options: HtmlOptions): string {
  const head = pageHead({
    lang: options.lang ?? 'en',
    csp: NOTEBOOK_CSP,
    generator: 'kuril-exchange notebook',
    title: options.title,
    css: NOTEBOOK_CSS,
  });
  return `${head}<main class="kx-notebook">
${notebookMainHtml(nb, options)}
</main>
</body>
</html>
`;
}

function cellHtml(cell: Cell, charts: { count: number }, note: CellNote | undefined, lang: Lang | undefined): string {
  const { l } = wording(lang);
  const source = joinLines(cell.source);
  const noted = note ? ` kx-noted kx-note-${escapeHtml(note.kind)}` : '';
  const noteHtml = note ? `<p class="kx-cell-note">${escapeHtml(note.text)}</p>\n` : '';
  if (cell.cell_type !== 'code') {
    return cell.cell_type === 'markdown'
      ? `<section class="kx-cell kx-markdown${noted}" id="${escapeHtml(cell.id)}">\n${noteHtml}${markdownToHtml(source, lang)}</section>`
      : `<section class="kx-cell kx-raw${noted}" id="${escapeHtml(cell.id)}">${noteHtml}<pre>${escapeHtml(source)}</pre></section>`;
  }
  const ran = cell.execution_count !== null;
  const prompt = `In [${ran ? cell.execution_count : '&nbsp;'}]:`;
  const outputs = cell.outputs.map((o) => outputHtml(o, charts, l)).join('\n');
  return [
    `<section class="kx-cell kx-code${ran ? '' : ' kx-not-run'}${noted}" id="${escapeHtml(cell.id)}">`,
    noteHtml.trimEnd(),
    `<div class="kx-input"><div class="kx-prompt">${prompt}</div><pre><code>${escapeHtml(source)}</code></pre></div>`,
    ran ? '' : `<p class="kx-note">${escapeHtml(l.t('notebook.notRun'))}</p>`,
    outputs ? `<div class="kx-outputs">\n${outputs}\n</div>` : '',
    '</section>',
  ]
    .filter(Boolean)
    .join('\n');
}

function outputHtml(o: Output, charts: { count: number }, l: Locale): string {
  switch (o.output_type) {
    case 'stream':
      return `<pre class="kx-stream kx-${o.name}">${escapeHtml(joinLines(o.text))}</pre>`;
    case 'error':
      return `<pre class="kx-error" role="alert">${escapeHtml(o.traceback.join('\n'))}</pre>`;
    default:
      return `<div class="kx-output kx-${o.output_type.replace('_', '-')}">${bundleHtml(o.data, o.metadata, charts, l)}</div>`;
  }
}

/** The richest form of a MIME bundle a static page can show. */
function bundleHtml(data: MimeBundle, metadata: Record<string, unknown>, charts: { count: number }, l: Locale): string {
  const text = (mime: string) => {
    const v = data[mime];
    return typeof v === 'string' || Array.isArray(v) ? joinLines(v as string | string[]) : null;
  };
  const svg = text('image/svg+xml');
  if (svg !== null) {
    const label = text('text/plain') ?? l.t('notebook.chart');
    return `<figure class="kx-chart">${inlineSvg(svg, label, `kx${++charts.count}-`)}</figure>`;
  }
  const png = text('image/png');
  if (png !== null) {
    const size = (metadata['image/png'] ?? {}) as { width?: number; height?: number };
    const dims = size.width ? ` width="${Number(size.width)}"${size.height ? ` height="${Number(size.height)}"` : ''}` : '';
    return `<figure class="kx-chart"><img src="data:image/png;base64,${escapeHtml(png.replace(/\s+/g, ''))}"${dims} alt="${escapeHtml(text('text/plain') ?? l.t('notebook.chart'))}"></figure>`;
  }
  // text/html comes only from this package's table renderer, which escapes every cell.
  const html = text('text/html');
  if (html !== null) return `<div class="kx-html">${html}</div>`;
  const md = text('text/markdown');
  if (md !== null) return `<div class="kx-markdown-output">${markdownToHtml(md, l.lang)}</div>`;
  if (data[VEGA_LITE_MIME] !== undefined && text('text/plain') === null) return `<p>${escapeHtml(l.t('notebook.vegaLite'))}</p>`;
  return `<pre class="kx-text">${escapeHtml(text('text/plain') ?? '')}</pre>`;
}

const UNSAFE_SVG = /<script|<foreignObject|<iframe|<!DOCTYPE|<!ENTITY|\son[a-z]+\s*=|javascript:|href\s*=\s*["'](?!#)/i;

/**
 * An SVG drawn by vega, inline. Anything that could run or fetch (scripts, event attributes,
 * external references) makes it an `<img>` with a data: URL instead, where none of that can act.
 */
function inlineSvg(svg: string, label: string, idPrefix: string): string {
  const body = svg.replace(/^\s*<\?xml[^>]*\?>\s*/, '');
  if (!UNSAFE_SVG.test(body) && body.startsWith('<svg')) return prefixIds(body, idPrefix);
  return `<img src="data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}" alt="${escapeHtml(label)}">`;
}

/**
 * Gives an inline SVG's ids (clip paths, gradients) a prefix: every vega SVG numbers them from 1,
 * and on one page `url(#clip1)` would otherwise point at the first chart's clip path.
 */
function prefixIds(svg: string, prefix: string): string {
  return svg
    .replace(/\sid="([^"]+)"/g, (_, id: string) => ` id="${prefix}${id}"`)
    .replace(/url\(#([^)]+)\)/g, (_, id: string) => `url(#${prefix}${id})`)
    .replace(/(\s(?:xlink:)?href=")#([^"]+)"/g, (_, attr: string, id: string) => `${attr}#${prefix}${id}"`);
}

/** The page's stylesheet (the live preview adds its status line's rules). */
export const NOTEBOOK_CSS = `:root { color-scheme: light; --ink: #1b1b1b; --muted: #5a5a5a; --rule: #d9d9d9; --code-bg: #f6f7f8; --accent: #0072B2; }
* { box-sizing: border-box; }
body { margin: 0; background: #fff; color: var(--ink); font: 16px/1.55 "DejaVu Sans", system-ui, -apple-system, "Segoe UI", sans-serif; }
.kx-notebook { max-width: 62rem; margin: 0 auto; padding: 1.5rem 1.25rem 4rem; }
.kx-origin { color: var(--muted); font-size: 0.85rem; margin: 0 0 1rem; }
.kx-cell { margin: 0 0 1.1rem; }
.kx-markdown h1 { font-size: 1.9rem; line-height: 1.25; margin: 0.5rem 0 0.75rem; }
.kx-markdown h2 { font-size: 1.4rem; margin: 1.75rem 0 0.5rem; padding-bottom: 0.2rem; border-bottom: 1px solid var(--rule); }
.kx-markdown h3 { font-size: 1.15rem; margin: 1.25rem 0 0.4rem; }
.kx-markdown p, .kx-markdown li, .kx-markdown-output p, .kx-markdown-output li { max-width: 46rem; }
blockquote { margin: 0.75rem 0; padding: 0.25rem 1rem; border-left: 4px solid var(--rule); color: #333; }
a { color: var(--accent); }
code { font-family: "DejaVu Sans Mono", ui-monospace, Menlo, Consolas, monospace; font-size: 0.88em; }
.kx-input { display: grid; grid-template-columns: 4.5rem minmax(0, 1fr); align-items: start; }
.kx-prompt { color: var(--muted); font: 0.8rem/1.9 "DejaVu Sans Mono", ui-monospace, monospace; padding-top: 0.45rem; }
.kx-input pre { margin: 0; padding: 0.55rem 0.75rem; background: var(--code-bg); border: 1px solid #e3e5e8; border-radius: 4px; white-space: pre-wrap; overflow-wrap: anywhere; font-size: 0.85rem; line-height: 1.45; }
.kx-outputs { margin: 0.4rem 0 0 4.5rem; }
.kx-outputs > * { margin: 0 0 0.6rem; }
.kx-stream, .kx-text { margin: 0; padding: 0.35rem 0; white-space: pre-wrap; font: 0.85rem/1.45 "DejaVu Sans Mono", ui-monospace, monospace; overflow-x: auto; }
.kx-stderr { background: #fff6e5; padding: 0.35rem 0.6rem; }
.kx-error { margin: 0; padding: 0.6rem 0.75rem; background: #fdecea; color: #7a1712; border-left: 4px solid #c62828; white-space: pre-wrap; font: 0.85rem/1.45 "DejaVu Sans Mono", ui-monospace, monospace; }
.kx-not-run .kx-input pre { opacity: 0.6; }
.kx-note { margin: 0.3rem 0 0 4.5rem; color: var(--muted); font-size: 0.85rem; font-style: italic; }
.kx-chart { margin: 0.25rem 0; overflow-x: auto; }
.kx-chart svg, .kx-chart img { max-width: 100%; height: auto; }
.kx-html { overflow-x: auto; }
.kx-table { border-collapse: collapse; font-size: 0.85rem; margin: 0.25rem 0; }
.kx-table caption { caption-side: top; text-align: left; font-weight: bold; padding: 0 0 0.35rem; }
.kx-table th, .kx-table td { border-bottom: 1px solid var(--rule); padding: 0.3rem 0.65rem; text-align: left; vertical-align: top; }
.kx-table th { border-bottom: 2px solid #999; background: #fafafa; }
.kx-table .num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.kx-table .nowrap { white-space: nowrap; }
.kx-table tbody tr:nth-child(even) { background: #fbfbfb; }
.kx-more { color: var(--muted); font-size: 0.85rem; }
.kx-image-alt { color: var(--muted); font-style: italic; }
@media print { .kx-notebook { max-width: none; } }`;
