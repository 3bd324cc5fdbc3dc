import type { Lang } from '../dataset/places.js';
import { cspHash } from '../report/csp.js';
import { msg } from '../messages.js';
import { escapeHtml } from '../util/escape.js';
import { NOTEBOOK_CSP, NOTEBOOK_CSS, pageHead } from './html.js';

// The live preview's page: the notebook page as the HTML export writes it, plus a status line at the
// top and one small script that listens to the update stream and swaps in the cells that changed.
// The script's text never changes, so the page's CSP lists it by hash (no 'unsafe-inline' scripts);
// what changes (the notebook, the status) comes over the stream as data, never as code.

/** How the last or current run is going, as the status line shows it. */
export interface PreviewStatus {
  /** `running` while a run goes, `ok` after a clean run, `error` after one with errors, `waiting` before any. */
  readonly state: 'running' | 'ok' | 'error' | 'waiting';
  /** The line, e.g. `Last run 21:58:03 (0.8 s) · ran 3 of 3 code cells · 0 errors`. */
  readonly text: string;
}

/** What the page shows: sent whole in the first page and in every `page` event. */
export interface PreviewContent {
  /** Changes with every update (a page ignores an update it already shows). */
  readonly key: string;
  readonly title: string;
  /** Inside `<main>`: `notebookMainHtml` of the run. */
  readonly main: string;
  readonly status: PreviewStatus;
}

/**
 * The page's script (ES5, no libraries): opens `/events`; on `page` replaces each top-level element of
 * `<main>` that differs from the new one and keeps the cell in the middle of the screen where it was
 * (so the scroll position holds when a cell above grows or shrinks); on `status` updates the status line; when the
 * stream drops, says so until it reconnects (EventSource retries by itself, and the server greets it with the page).
 */
export const PREVIEW_CLIENT = `(function () {
  'use strict';
  var main = document.getElementById('kx-main');
  var bar = document.getElementById('kx-status');
  var text = document.getElementById('kx-status-text');
  if (!main || !bar || !text || typeof window.EventSource !== 'function') return;
  var key = main.getAttribute('data-key');
  function setStatus(s) {
    text.textContent = s.text;
    bar.className = 'kx-status kx-status-' + s.state;
    bar.setAttribute('data-state', s.state);
  }
  function anchor() {
    var middle = (bar.offsetHeight + window.innerHeight) / 2;
    for (var i = 0; i < main.children.length; i++) {
      var r = main.children[i].getBoundingClientRect();
      if (r.bottom > middle) return { index: i, top: r.top };
    }
    return null;
  }
  function apply(page) {
    setStatus(page.status);
    if (page.key === key) return;
    var at = anchor();
    var x = window.scrollX;
    var y = window.scrollY;
    var t = document.createElement('template');
    t.innerHTML = page.main;
    var fresh = Array.prototype.slice.call(t.content.children);
    for (var i = 0; i < fresh.length; i++) {
      var old = main.children[i];
      if (!old) main.appendChild(fresh[i]);
      else if (!old.isEqualNode(fresh[i])) main.replaceChild(fresh[i], old);
    }
    while (main.children.length > fresh.length) main.removeChild(main.lastElementChild);
    key = page.key;
    main.setAttribute('data-key', key);
    document.title = page.title;
    var now = at && main.children[at.index];
    if (now) window.scrollBy(0, now.getBoundingClientRect().top - at.top);
    else window.scrollTo(x, y);
  }
  var stream = new EventSource('/events');
  stream.addEventListener('page', function (e) {
    apply(JSON.parse(e.data));
  });
  stream.addEventListener('status', function (e) {
    setStatus(JSON.parse(e.data));
  });
  stream.addEventListener('error', function () {
    text.textContent = bar.getAttribute('data-disconnected');
    bar.className = 'kx-status kx-status-offline';
    bar.setAttribute('data-state', 'offline');
  });
})();
`;

/**
 * The preview page's Content-Security-Policy: the notebook page's own (nothing loads, inline styles and
 * data: images only), plus its one script by hash and `connect-src 'self'` for the update stream.
 */
export const PREVIEW_CSP = `${NOTEBOOK_CSP}; script-src ${cspHash(PREVIEW_CLIENT)}; connect-src 'self'`;

const PREVIEW_CSS = `.kx-status { position: sticky; top: 0; z-index: 10; display: flex; align-items: center; gap: 0.55rem; margin: 0; padding: 0.45rem 1.25rem; font: 0.85rem/1.4 "DejaVu Sans", system-ui, sans-serif; background: #eef5fb; color: #123; border-bottom: 1px solid #c9d9e8; }
.kx-status-dot { flex: none; width: 0.7rem; height: 0.7rem; border-radius: 50%; background: #009E73; }
.kx-status-running { background: #fff8e1; border-bottom-color: #ecd9a0; }
.kx-status-running .kx-status-dot { background: #E69F00; }
.kx-status-error { background: #fdecea; color: #7a1712; border-bottom-color: #f0b8b3; }
.kx-status-error .kx-status-dot { background: #c62828; }
.kx-status-waiting .kx-status-dot, .kx-status-offline .kx-status-dot { background: #999; }
.kx-status-offline { background: #eee; color: #444; border-bottom-color: #ccc; }
.kx-cell-note { margin: 0 0 0.2rem; color: var(--muted); font-size: 0.75rem; }
.kx-code > .kx-cell-note { margin-left: 4.5rem; }
.kx-note-changed { box-shadow: -6px 0 0 #0072B2; }
.kx-note-changed > .kx-cell-note { color: #0072B2; font-weight: bold; }`;

/** The whole preview page, as first served; `<html lang>` is the notebook's language (`notebook --lang`). */
export function previewPage(content: PreviewContent, lang: Lang = 'en'): string {
  const head = pageHead({
    lang,
    csp: PREVIEW_CSP,
    generator: 'kuril-exchange notebook --watch',
    title: content.title,
    css: `${NOTEBOOK_CSS}\n${PREVIEW_CSS}`,
  });
  return `${head}<div id="kx-status" class="kx-status kx-status-${content.status.state}" data-state="${content.status.state}" role="status" aria-live="polite" data-disconnected="${escapeHtml(msg.statusDisconnected())}"><span class="kx-status-dot" aria-hidden="true"></span><span id="kx-status-text">${escapeHtml(content.status.text)}</span></div>
<main class="kx-notebook" id="kx-main" data-key="${escapeHtml(content.key)}">
${content.main}
</main>
<script>${PREVIEW_CLIENT}</script>
</body>
</html>
`;
}
