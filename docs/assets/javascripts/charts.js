/* Render every chart of the page with vega-embed.
 *
 * A chart is `<div class="lb-chart__view" data-vl-spec="URL">`; its Vega-Lite spec is a separate
 * JSON file. Material's `document$` fires on first load and after every instant navigation, so
 * charts render on both. The spec URL is relative to the page, which works under any sub-path.
 */
(function () {
  "use strict";

  function specUrl(view) {
    return new URL(view.dataset.vlSpec, document.baseURI).href;
  }

  async function render(view) {
    if (view.dataset.rendered) return;
    view.dataset.rendered = "pending";
    try {
      const response = await fetch(specUrl(view));
      if (!response.ok) throw new Error(`${response.status} ${response.statusText}`);
      const spec = await response.json();
      const result = await window.vegaEmbed(view, spec, {
        renderer: "svg",
        actions: { export: true, source: false, compiled: false, editor: false },
      });
      view.dataset.rendered = "true";
      view.dispatchEvent(new CustomEvent("lb:chart-ready", { bubbles: true, detail: result }));
    } catch (error) {
      view.dataset.rendered = "error";
      console.error("chart failed to render:", specUrl(view), error);
    }
  }

  function renderAll() {
    document.querySelectorAll(".lb-chart__view[data-vl-spec]").forEach(render);
  }

  if (window.document$) {
    window.document$.subscribe(renderAll);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", renderAll);
  } else {
    renderAll();
  }
})();
