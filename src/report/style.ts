// The report's one stylesheet (its CSP hash is listed in the page's policy). It also styles what
// vega-embed and vega-tooltip would otherwise inject as <style> elements, which the CSP forbids.

/** The report's CSS. */
export const REPORT_CSS = `
:root { color-scheme: light; --text: #1f2328; --muted: #57606a; --rule: #d0d7de; --accent: #0072b2; --bg-alt: #f6f8fa; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1040px; padding: 1.5rem 1.25rem 3rem; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", Roboto, sans-serif; color: var(--text); background: #fff; }
h1 { font-size: 1.7rem; line-height: 1.25; margin: 0 0 .5rem; }
h2 { font-size: 1.35rem; margin: 2.5rem 0 .75rem; padding-bottom: .25rem; border-bottom: 1px solid var(--rule); }
h3 { font-size: 1.1rem; margin: 1.75rem 0 .5rem; }
a { color: var(--accent); }
nav ul { list-style: none; padding: 0; margin: .75rem 0 0; display: flex; flex-wrap: wrap; gap: .25rem 1.25rem; }
q { quotes: "\\201C" "\\201D"; font-style: italic; }
.muted, .note { color: var(--muted); }
.note { font-size: .9rem; }
.reason { color: var(--muted); font-size: .875rem; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; font-variant-numeric: tabular-nums; }
caption { text-align: left; font-weight: 600; padding: .25rem 0 .5rem; }
th, td { text-align: left; vertical-align: top; padding: .35rem .6rem; border-bottom: 1px solid var(--rule); }
thead th { background: var(--bg-alt); border-bottom: 2px solid var(--rule); }
td.num, th.num { text-align: right; white-space: nowrap; }
ul.sources li, ul.events li, ul.files li { margin-bottom: .5rem; }
figure.chart { margin: 1.5rem 0 2.25rem; }
figure.chart svg { display: block; max-width: 100%; height: auto; }
.chart-static svg text { font-family: "DejaVu Sans", Verdana, "Bitstream Vera Sans", sans-serif; }
.chart-view:empty { display: none; }
figcaption { color: var(--muted); font-size: .9rem; margin-top: .5rem; }
footer { margin-top: 3rem; color: var(--muted); font-size: .8rem; border-top: 1px solid var(--rule); padding-top: .75rem; }
.vega-embed { position: relative; display: inline-block; box-sizing: border-box; max-width: 100%; }
.vega-embed .chart-wrapper { width: fit-content; }
#vg-tooltip-element { visibility: hidden; padding: 8px; position: fixed; z-index: 1000; font: 12px/1.4 system-ui, "DejaVu Sans", sans-serif; border-radius: 3px; box-shadow: 2px 2px 4px rgba(0, 0, 0, .1); white-space: pre-line; background-color: rgba(255, 255, 255, .97); border: 1px solid #d9d9d9; color: #000; }
#vg-tooltip-element.visible { visibility: visible; }
#vg-tooltip-element h2 { margin: 0 0 8px; font-size: 13px; border: 0; padding: 0; }
#vg-tooltip-element table { border-spacing: 0; width: auto; font-size: 12px; }
#vg-tooltip-element td { border: 0; padding: 2px 0; }
#vg-tooltip-element td.key { color: #6e7781; max-width: 180px; text-align: right; padding-right: 6px; }
#vg-tooltip-element td.value { display: block; max-width: 320px; max-height: 7em; text-align: left; }
@media print { nav, .chart-view { display: none; } .chart-static[hidden] { display: block; } }
`;
