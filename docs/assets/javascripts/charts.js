/* Render every chart of the page with vega-embed, and wire its switches.
 *
 * A chart is `<figure class="lb-chart">` holding a static image (drawn at build time) and
 * `<div class="lb-chart__view" data-vl-spec="URL">`; once the interactive chart is drawn, the
 * view gets `data-rendered="true"` and the stylesheet swaps it in for the image, in a frame of the
 * same height. Material's `document$` fires on first load and after every instant navigation,
 * so charts render on both. The spec URL is relative to the page, which works under any sub-path.
 *
 * The spec's params are the chart's switches: `dark` follows Material's colour scheme
 * (`data-md-color-scheme` on <body>, which Material also sets from the system preference),
 * `hidden` lists the groups switched off (a click on a legend entry, or the checkboxes under
 * the chart), `show_closed` and `show_gains` the overlays.
 */
(function () {
  "use strict";

  const live = new Set(); // {view, figure} of the charts on the page
  // Vega's JavaScript (~300 KB gzip) loads only on pages that have a chart, once per visit.
  const bundleUrl = new URL("../vendor/vega-embed.bundle.js", document.currentScript.src).href;
  let vegaLoaded = null;

  function loadVega() {
    if (window.vegaEmbed) return Promise.resolve();
    if (!vegaLoaded) {
      vegaLoaded = new Promise((resolve, reject) => {
        const script = document.createElement("script");
        script.src = bundleUrl;
        script.onload = resolve;
        script.onerror = () => reject(new Error(`could not load ${bundleUrl}`));
        document.head.appendChild(script);
      });
    }
    return vegaLoaded;
  }

  function isDark() {
    return document.body.getAttribute("data-md-color-scheme") === "slate";
  }

  function specUrl(element) {
    return new URL(element.dataset.vlSpec, document.baseURI).href;
  }

  function withParam(spec, name, value) {
    spec.params = (spec.params || []).map((p) => (p.name === name ? { ...p, value } : p));
    return spec;
  }

  /* Vega draws legends inert; make their entries take clicks (see `wire`). */
  function clickableLegends(vega) {
    (function walk(node) {
      for (const legend of node.legends || []) {
        legend.encode = legend.encode || {};
        for (const part of ["symbols", "labels"]) {
          legend.encode[part] = { ...(legend.encode[part] || {}), interactive: true };
        }
      }
      (node.marks || []).forEach(walk);
    })(vega);
    return vega;
  }

  async function render(element) {
    if (element.dataset.rendered) return;
    element.dataset.rendered = "pending";
    try {
      const [response] = await Promise.all([fetch(specUrl(element)), loadVega()]);
      if (!response.ok) throw new Error(`${response.status} ${response.statusText}`);
      const spec = withParam(await response.json(), "dark", isDark());
      const result = await window.vegaEmbed(element, spec, {
        renderer: "svg",
        actions: { export: true, source: false, compiled: false, editor: false },
        downloadFileName: element.dataset.chartId,
        patch: clickableLegends,
      });
      const figure = element.closest(".lb-chart");
      const chart = { view: result.view, figure, finalize: result.finalize };
      live.add(chart);
      wire(chart);
      await result.view.runAsync(); // draws again with the tooltip handler set in `wire`
      const svg = element.querySelector("svg.marks");
      if (svg) {
        // Reachable by keyboard, named by the chart's description (what it shows, its main finding).
        svg.setAttribute("tabindex", "0");
        svg.setAttribute("role", "graphics-document");
        svg.setAttribute("aria-label", spec.description || "");
      }
      element.dataset.rendered = "true";
      element.dispatchEvent(new CustomEvent("lb:chart-ready", { bubbles: true, detail: result }));
    } catch (error) {
      element.dataset.rendered = "error";
      console.error("chart failed to render:", specUrl(element), error);
    }
  }

  /* The checkboxes under the chart and the legend drive the same params. */
  function wire({ view, figure }) {
    const controls = figure.querySelector(".lb-chart__controls");
    // Marks switched off (or labels given way on a phone) are drawn transparent: no tooltip for them.
    const showTooltip = view.tooltip();
    view.tooltip(function (handler, event, item, value) {
      const invisible = item && item.opacity === 0;
      return showTooltip.call(this, handler, event, item, invisible ? null : value);
    });
    const hidden = new Set(view.signal("hidden") || []);

    function setHidden(group, hide) {
      if (hide) hidden.add(group);
      else hidden.delete(group);
      view.signal("hidden", [...hidden]).runAsync();
      if (controls) {
        controls.querySelectorAll("input[data-group]").forEach((input) => {
          input.checked = !hidden.has(input.dataset.group);
        });
      }
    }

    view.addEventListener("click", (event, item) => {
      const role = item && item.mark && item.mark.role;
      if (role !== "legend-symbol" && role !== "legend-label") return;
      const group = item.datum && item.datum.value;
      if (group !== undefined) setHidden(group, !hidden.has(group));
    });
    if (!controls) return;
    controls.addEventListener("change", (event) => {
      const input = event.target;
      if (input.dataset.group !== undefined) setHidden(input.dataset.group, !input.checked);
      else if (input.dataset.param) view.signal(input.dataset.param, input.checked).runAsync();
    });
    controls.disabled = false;
  }

  function followTheme() {
    const dark = isDark();
    for (const chart of live) {
      if (!chart.figure.isConnected) continue;
      if (chart.view.signal("dark") !== dark) chart.view.signal("dark", dark).runAsync();
    }
  }

  function renderAll() {
    for (const chart of [...live]) {
      if (!chart.figure.isConnected) {
        chart.finalize();
        live.delete(chart);
      }
    }
    document.querySelectorAll(".lb-chart__view[data-vl-spec]").forEach(render);
  }

  new MutationObserver(followTheme).observe(document.body, {
    attributes: true,
    attributeFilter: ["data-md-color-scheme"],
  });

  if (window.document$) {
    window.document$.subscribe(renderAll);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", renderAll);
  } else {
    renderAll();
  }
})();
