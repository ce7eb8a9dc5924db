/* Render every chart of the page with Vega, and link it to the page.
 *
 * A chart is `<figure class="lb-chart">` holding a static image (drawn at build time) and
 * `<div class="lb-chart__view" data-vg-spec="URL">`: the chart compiled to Vega at build time.
 * Once the interactive chart is drawn, the view gets `data-rendered="true"` and the stylesheet
 * swaps it in for the image, in a frame of the same height. Material's `document$` fires on first
 * load and after every instant navigation, so charts render on both. Spec URLs are relative to the
 * page, which works under any sub-path. Vega (assets/vendor/vega.bundle.js, ~200 KB gzip) loads
 * only on pages that have a chart.
 *
 * What a chart does by itself is declared in its spec (leaderboard/charts/specs.py): a click on a
 * legend entry switches its group off or on (the selection `shown`), hovering a model dims the
 * others (`hover`), and the params `show_closed` and `show_gains` draw the overlays. This file does
 * what a spec cannot: it sets `dark` from Material's colour scheme (`data-md-color-scheme` on
 * <body>, which Material also sets from the system preference), links the checkboxes under the
 * chart to `shown` and the overlays, steps through the points by keyboard, saves the chart as
 * shown, and draws the tooltip: Vega's own handler sets the `title` of the chart's element, a
 * tooltip that keyboard stepping cannot show and the page's colours cannot style.
 */
(function () {
  "use strict";

  const live = new Set(); // {view, figure} of the charts on the page
  const bundleUrl = new URL("../vendor/vega.bundle.js", document.currentScript.src).href;
  let vegaLoaded = null;

  function loadVega() {
    if (window.vega) return Promise.resolve();
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

  function url(path) {
    return new URL(path, document.baseURI).href;
  }

  async function fetchJson(path) {
    const response = await fetch(url(path));
    if (!response.ok) throw new Error(`${response.status} ${response.statusText}: ${url(path)}`);
    return response.json();
  }

  /* The start value of a signal. */
  function withValue(spec, name, value) {
    spec.signals = spec.signals.map((s) => (s.name === name ? { ...s, value } : s));
    return spec;
  }

  /* The tooltip: one element for the page, a table of the mark's fields written as text. */
  let tip = null;

  function tooltipElement() {
    if (!tip) {
      tip = document.createElement("div");
      tip.className = "lb-tooltip";
      tip.id = "lb-tooltip";
      tip.setAttribute("role", "tooltip");
      tip.hidden = true;
    }
    if (!tip.isConnected) document.body.appendChild(tip);
    return tip;
  }

  function hideTooltip() {
    if (tip) tip.hidden = true;
  }

  function text(value) {
    if (value === null || value === undefined) return "";
    return typeof value === "object" ? JSON.stringify(value) : String(value);
  }

  function fillTooltip(element, value) {
    element.replaceChildren();
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      element.textContent = text(value);
      return;
    }
    const { title, ...fields } = value;
    if (title !== undefined) {
      const heading = element.appendChild(document.createElement("div"));
      heading.className = "lb-tooltip__title";
      heading.textContent = text(title);
    }
    const table = element.appendChild(document.createElement("table"));
    for (const [key, field] of Object.entries(fields)) {
      const row = table.insertRow();
      const name = row.insertCell();
      name.className = "key";
      name.textContent = key;
      const cell = row.insertCell();
      cell.className = "value";
      cell.textContent = text(field);
    }
  }

  const OFFSET = 10; // px between the pointer and the tooltip
  const MARGIN = 4; // px the tooltip keeps from the window's edges

  function placeTooltip(element, event) {
    const box = element.getBoundingClientRect();
    const width = document.documentElement.clientWidth;
    const height = window.innerHeight;
    let x = event.clientX + OFFSET;
    if (x + box.width > width - MARGIN) x = event.clientX - OFFSET - box.width;
    let y = event.clientY + OFFSET;
    if (y + box.height > height - MARGIN) y = event.clientY - OFFSET - box.height;
    element.style.left = `${Math.max(MARGIN, Math.min(x, width - box.width - MARGIN))}px`;
    element.style.top = `${Math.max(MARGIN, Math.min(y, height - box.height - MARGIN))}px`;
  }

  /* Vega's tooltip handler. Marks switched off (or labels given way on a phone) are drawn
     transparent: no tooltip for them. */
  function showTooltip(_handler, event, item, value) {
    if (value === null || value === undefined || value === "" || (item && item.opacity === 0)) {
      hideTooltip();
      return;
    }
    const element = tooltipElement();
    fillTooltip(element, value);
    element.hidden = false;
    if (event && "clientX" in event) placeTooltip(element, event);
  }

  /* The points of the chart a visitor can see (the data's symbols, not the legend's), left to
     right, each with where it is drawn in the view's coordinates. */
  function points(view) {
    const found = [];
    (function walk(mark, dx, dy) {
      for (const item of mark.items || []) {
        if (mark.marktype === "group") {
          for (const child of item.items || []) walk(child, dx + (item.x || 0), dy + (item.y || 0));
        } else if (mark.marktype === "symbol" && mark.role === "mark" && item.tooltip && item.opacity !== 0) {
          found.push({ item, x: dx + item.x, y: dy + item.y });
        }
      }
    })(view.scenegraph().root, 0, 0);
    return found.sort((a, b) => a.x - b.x || a.y - b.y);
  }

  function spoken(value) {
    if (value === null || typeof value !== "object") return text(value);
    return Object.entries(value)
      .map(([key, field]) => (key === "title" ? text(field) : `${key}: ${text(field)}`))
      .join("; ");
  }

  /* With the chart focused, the arrow keys step through its points, left to right (Home and End:
     the first and the last): each shows its tooltip beside it, and a live region reads it out.
     Escape, or leaving the chart, hides it. */
  function stepByKeyboard(view, svg, figure) {
    const status = figure.appendChild(document.createElement("p"));
    status.className = "lb-chart__status";
    status.setAttribute("aria-live", "polite");
    let current = -1;
    svg.addEventListener("keydown", (event) => {
      if (event.key === "Escape") {
        hideTooltip();
        current = -1;
        return;
      }
      const steps = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };
      if (!(event.key in steps) && event.key !== "Home" && event.key !== "End") return;
      const all = points(view);
      if (!all.length) return;
      event.preventDefault();
      if (event.key === "Home") current = 0;
      else if (event.key === "End") current = all.length - 1;
      else current = Math.max(0, Math.min(all.length - 1, current + steps[event.key]));
      const { item, x, y } = all[current];
      const box = svg.getBoundingClientRect();
      const [left, top] = view.origin();
      showTooltip(null, { clientX: box.left + left + x, clientY: box.top + top + y }, item, item.tooltip);
      status.textContent = spoken(item.tooltip);
    });
    svg.addEventListener("blur", hideTooltip);
  }

  /* Draw the chart from its Vega spec, in the page's colour scheme. Returns the view, not yet run:
     warnings go to the console, and no `hover` (Vega-Lite's output has no hover set). */
  async function draw(element) {
    const [spec] = await Promise.all([fetchJson(element.dataset.vgSpec), loadVega()]);
    const { vega } = window;
    const runtime = vega.parse(withValue(spec, "dark", isDark()));
    const view = new vega.View(runtime, { renderer: "svg", container: element, logLevel: vega.Warn });
    view.tooltip(showTooltip);
    return { view, description: spec.description };
  }

  async function render(element) {
    if (element.dataset.rendered) return;
    element.dataset.rendered = "pending";
    try {
      const { view, description } = await draw(element);
      const figure = element.closest(".lb-chart");
      const chart = { view, figure };
      live.add(chart);
      wire(chart);
      await view.runAsync();
      const svg = element.querySelector("svg.marks");
      if (svg) {
        // Reachable by keyboard, named by the chart's description (what it shows, its main finding).
        svg.setAttribute("tabindex", "0");
        svg.setAttribute("role", "graphics-document");
        svg.setAttribute("aria-label", description || "");
        stepByKeyboard(view, svg, figure);
      }
      element.dataset.rendered = "true";
      element.dispatchEvent(new CustomEvent("lb:chart-ready", { bubbles: true, detail: { view } }));
    } catch (error) {
      element.dataset.rendered = "error";
      console.error("chart failed to render:", element.dataset.vgSpec, error);
    }
  }

  /* Show these groups alone: the selection's store gets a tuple per group, written as a click
     on a legend entry writes it (its fields and value), so that clicks toggle them after. */
  function showGroups(view, groups) {
    const fields = view.signal("shown_tuple_fields");
    view.data("shown_store", groups.map((group) => ({ fields, values: [group] }))).runAsync();
  }

  /* The checkboxes under the chart change the spec's params; the group checkboxes follow the
     legend too. The chart as shown (theme, groups, overlays) saves as PNG or SVG. */
  function wire({ view, figure }) {
    exports(view, figure);
    const controls = figure.querySelector(".lb-chart__controls");
    if (!controls) return;
    const groups = [...controls.querySelectorAll("input[data-group]")];
    if (groups.length) {
      // The selection's value: {group: [the groups drawn]}, or {} when it is empty.
      view.addSignalListener("shown", (_name, { group: shown = [] }) => {
        for (const input of groups) input.checked = shown.includes(input.dataset.group);
      });
    }
    controls.addEventListener("change", (event) => {
      const input = event.target;
      if (input.dataset.group !== undefined) {
        showGroups(view, groups.filter((box) => box.checked).map((box) => box.dataset.group));
      } else if (input.dataset.param) {
        view.signal(input.dataset.param, input.checked).runAsync();
      }
    });
    controls.disabled = false;
  }

  /* "As shown: PNG, SVG" after the chart's downloads (what vega-embed's menu offered). */
  function exports(view, figure) {
    const downloads = figure.querySelector(".lb-chart__downloads");
    const id = figure.querySelector(".lb-chart__view").dataset.chartId;
    if (!downloads || downloads.querySelector(".lb-chart__exports")) return;
    const span = document.createElement("span");
    span.className = "lb-chart__exports";
    span.append(" As shown: ");
    for (const [i, type] of ["png", "svg"].entries()) {
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = type.toUpperCase();
      button.setAttribute("aria-label", `Save the chart as shown as ${type.toUpperCase()}`);
      button.addEventListener("click", async () => {
        const link = document.createElement("a");
        link.href = await view.toImageURL(type, type === "png" ? 2 : 1);
        link.download = `${id}-as-shown.${type}`;
        link.click();
      });
      span.append(i ? ", " : "", button);
    }
    span.append(".");
    downloads.append(span);
  }

  function followTheme() {
    const dark = isDark();
    for (const chart of live) {
      if (!chart.figure.isConnected) continue;
      if (chart.view.signal("dark") !== dark) chart.view.signal("dark", dark).runAsync();
    }
  }

  function renderAll() {
    hideTooltip();
    for (const chart of [...live]) {
      if (!chart.figure.isConnected) {
        chart.view.finalize();
        live.delete(chart);
      }
    }
    document.querySelectorAll(".lb-chart__view[data-vg-spec]").forEach(render);
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
