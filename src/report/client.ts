// The report's own script, run in the browser after the inlined vega libraries. Plain ES2017 in a
// string, so its bytes (and so its CSP hash) do not depend on how this package was compiled.

/**
 * Draws each chart again with vega-embed, from the Vega-Lite spec stored next to it in a
 * `<script type="application/json" class="chart-spec">` block: the CSP-safe expression interpreter
 * (`ast: true`), tooltips on, no actions menu (its links would leave the file), no injected styles (the
 * report's stylesheet has them; an injected `<style>` would break the CSP). The static SVG is hidden
 * only once the interactive view has rendered, so a failure leaves the picture in place.
 */
export const CLIENT_SCRIPT = `(function () {
  'use strict';
  var embed = window.vegaEmbed;
  var interpreter = window.vegaInterpreter && window.vegaInterpreter.expressionInterpreter;
  if (typeof embed !== 'function' || !interpreter) return;
  var blocks = document.querySelectorAll('script.chart-spec');
  Array.prototype.forEach.call(blocks, function (block) {
    var figure = block.parentNode;
    var view = figure.querySelector('.chart-view');
    var still = figure.querySelector('.chart-static');
    if (!view || !still) return;
    var spec;
    try {
      spec = JSON.parse(block.textContent || '');
    } catch (e) {
      return;
    }
    embed(view, spec, {
      mode: 'vega-lite',
      renderer: 'svg',
      actions: false,
      ast: true,
      expr: interpreter,
      defaultStyle: false,
      tooltip: { disableDefaultStyle: true },
    }).then(function () {
      still.hidden = true;
      figure.classList.add('is-interactive');
    }, function (error) {
      view.textContent = '';
      console.warn('kuril-exchange report: chart ' + figure.id + ' stays static: ' + (error && error.message));
    });
  });
})();
`;
