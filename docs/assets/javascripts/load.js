/* Each of the site's scripts is loaded by the first page that needs it, and only then.
 *
 * Every page carries this file, state.js (the view in the address, which the others use) and
 * a11y.js. The rest each serve a kind of page, and running all of them on every page cost a
 * phone's slowed CPU about 100 ms of blocking time on pages that use none (Lighthouse, Downloads):
 * so a script is added to the document when a page shown holds what it works on, which
 * NEEDED_BY names by selector. Material's `document$` fires on first load and after every
 * instant navigation, so a page reached by instant navigation loads what it needs too; each
 * script, once it has run, subscribes to `document$` itself, which hands it the page shown at
 * once (it replays the latest page) and every later one.
 */
(function () {
  "use strict";

  const NEEDED_BY = {
    "charts.js": ".lb-chart__view[data-vg-spec]", // a chart to draw with Vega
    "embed.js": "a.lb-chart__embed[data-chart], .lb-embed__back a[data-chart]", // Embed, and its way back
    "tables.js": "[data-table][data-rows]", // a table that sorts, filters and searches
    "compare.js": "#lb-compare", // the compare page
  };
  const base = document.currentScript.src;
  const added = new Set();

  function loadNeeded() {
    for (const [name, selector] of Object.entries(NEEDED_BY)) {
      if (added.has(name) || !document.querySelector(selector)) continue;
      added.add(name);
      const script = document.createElement("script");
      script.src = new URL(name, base).href;
      script.async = false; // in the order above, as they were listed before
      document.head.appendChild(script);
    }
  }

  if (window.document$) {
    window.document$.subscribe(loadNeeded);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", loadNeeded);
  } else {
    loadNeeded();
  }
})();
