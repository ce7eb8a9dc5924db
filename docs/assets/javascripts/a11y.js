/* An accessible name the theme leaves out (axe-core: aria-dialog-name).
 *
 * Material's search dialog (`.md-search`, role="dialog") has no name. It gets one here, on every
 * page (Material's `document$` fires on first load and after each instant navigation).
 */
(function () {
  "use strict";

  function name(selector, label) {
    document.querySelectorAll(selector).forEach(function (element) {
      if (!element.hasAttribute("aria-label") && !element.hasAttribute("aria-labelledby")) {
        element.setAttribute("aria-label", label);
      }
    });
  }

  function nameAll() {
    name(".md-search[role=dialog]", "Search");
  }

  if (window.document$) {
    window.document$.subscribe(nameAll);
  } else {
    nameAll();
  }
})();
