/* Accessible names the theme and vega-embed leave out (axe-core: aria-dialog-name, summary-name).
 *
 * Material's search dialog (`.md-search`, role="dialog") has no name; vega-embed's actions menu is a
 * `<details>` whose `<summary>` holds only an icon. Both get a name here: on every page (Material's
 * `document$` fires on first load and after each instant navigation) and whenever a chart is drawn
 * (charts.js dispatches `lb:chart-ready` on the chart's element, bubbling).
 */
(function () {
  "use strict";

  function name(selector, label, root) {
    (root || document).querySelectorAll(selector).forEach(function (element) {
      if (!element.hasAttribute("aria-label") && !element.hasAttribute("aria-labelledby")) {
        element.setAttribute("aria-label", label);
      }
    });
  }

  function nameAll(root) {
    name(".md-search[role=dialog]", "Search", root);
    name(".vega-embed details > summary", "Chart actions", root);
  }

  document.addEventListener("lb:chart-ready", function (event) {
    nameAll(event.target);
  });
  if (window.document$) {
    window.document$.subscribe(function () { nameAll(document); });
  } else {
    nameAll(document);
  }
})();
