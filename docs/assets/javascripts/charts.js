/* Draw each chart of the page with Vega once a reader is about to use it, and link it to the page.
 *
 * A chart is `<figure class="lb-chart">` holding a static image (drawn at build time) and
 * `<div class="lb-chart__view" data-vg-spec="URL">`: the chart compiled to Vega at build time.
 * The image stays until the reader comes near the chart: when the chart is within half a screen
 * of the window and, the page loaded, the browser is idle, or at once on the first pointer, touch
 * or focus on it, Vega (assets/vendor/vega.bundle.js, ~150 KB gzip) is loaded and the view built,
 * one chart at a time. On a touch screen (no hover, a coarse pointer: a phone, a tablet) only the
 * first touch or focus builds it: the image is exact, a phone has no hover to answer, and Vega's
 * own steps block a phone's CPU for 100 ms and more each, which would come as the reader scrolls;
 * the point touched first then shows its tooltip once the view is drawn, as a touch on a drawn
 * chart does. A page without a chart loads nothing (a page whose first chart is at its
 * top has the theme ask for the bundle early: overrides/main.html). Once the view is drawn it gets
 * `data-rendered="true"` and the stylesheet swaps it in for the image, in a frame of the same
 * height, so nothing moves. Material's `document$` fires on first load and after every instant
 * navigation: each page gets its own watchers, and those of the page left go with it. Spec URLs
 * are relative to the page, which works under any sub-path.
 *
 * Building a view is a few steps (parse the spec, make the view, run its dataflow, draw it, wire
 * it), each in a task of its own, so that the page paints and answers input between them. Each
 * step is a User Timing measure named `lb-chart:STEP` with the chart's id as its detail, as is
 * Vega's loading (`lb-chart:vega`, ending as the bundle has run): the browser's performance panel
 * shows them, and the tests read them.
 *
 * What a chart does by itself is declared in its spec (leaderboard/charts/specs.py): a click on a
 * legend entry switches its group off or on (the selection `shown`), hovering a model dims the
 * others (`hover`), a click pins it so (`pinned`), the params `show_closed`, `show_gains` and
 * `show_intervals` draw the overlays, and on a chart by size `x_size` and `x_scale` choose its
 * axis. This file does what a spec cannot: it sets `dark` from Material's colour scheme
 * (`data-md-color-scheme` on <body>, which Material also sets from the system preference), links
 * the controls under the chart to `shown` and the params, steps through the points by keyboard
 * (Enter pins the one shown), saves the chart as shown, and draws the tooltip: Vega's own handler
 * sets the `title` of the chart's element, a tooltip that keyboard stepping cannot show and the
 * page's colours cannot style.
 *
 * The view is in the address (state.js), under the chart's id (`data-chart-id`), so any page that
 * holds the chart's figure opens it as the address says: the groups hidden, each control's value
 * under its `data-key`, the model pinned under the view's `data-pinned-key`, each written only
 * where it differs from the chart as built. The address is read as each page is shown (first load,
 * instant navigation, back and forward): the controls take its values at once, and a chart it
 * sets is built at once rather than when the reader comes near, since the static image shows the
 * chart as built. Only what the chart has is read (the groups of its checkboxes, "0" or "1" for a
 * switch, an option of a choice, a model of its data); everything else is ignored.
 */
(function () {
  "use strict";

  const NEAR = "50% 0px"; // a chart this close to the window (half its height) is prepared
  const TOUCH_REACH = 32; // px from a touch within which the nearest point answers it
  const touchFirst = window.matchMedia("(hover: none) and (pointer: coarse)");
  const touchedAt = new WeakMap(); // a chart's view element → where the touch that built it landed
  const IDLE_WAIT = 2000; // ms an idle step waits for the browser to be idle before it runs anyway

  const live = new Set(); // {view, figure} of the charts drawn
  const bundleUrl = new URL("../vendor/vega.bundle.js", document.currentScript.src).href;
  let vegaLoaded = null;

  /* A step of the work, timed as a User Timing measure. */
  function timed(step, id, work) {
    const start = performance.now();
    try {
      return work();
    } finally {
      performance.measure(`lb-chart:${step}`, { start, detail: id });
    }
  }

  function loadVega() {
    if (window.vega) return Promise.resolve();
    if (!vegaLoaded) {
      vegaLoaded = new Promise((resolve, reject) => {
        const script = document.createElement("script");
        const start = performance.now();
        script.src = bundleUrl;
        script.onload = () => {
          performance.measure("lb-chart:vega", { start });
          resolve();
        };
        script.onerror = () => reject(new Error(`could not load ${bundleUrl}`));
        document.head.appendChild(script);
      });
    }
    return vegaLoaded;
  }

  /* Material's colour scheme; on a page without it (an embed page), the reader's preference. */
  const prefersDark = window.matchMedia("(prefers-color-scheme: dark)");

  function isDark() {
    const scheme = document.body.getAttribute("data-md-color-scheme");
    return scheme ? scheme === "slate" : prefersDark.matches;
  }

  /* Each chart's spec URL, resolved as its page is shown: Material's instant navigation changes
     the address before it replaces the page, and a chart of the page being left that is built in
     between would resolve its URL against the next page's address. */
  const specUrls = new WeakMap();

  function specUrl(element) {
    if (!specUrls.has(element)) {
      specUrls.set(element, new URL(element.dataset.vgSpec, document.baseURI).href);
    }
    return specUrls.get(element);
  }

  async function fetchJson(address) {
    const response = await fetch(address);
    if (!response.ok) throw new Error(`${response.status} ${response.statusText}: ${address}`);
    return response.json();
  }

  /* The start value of a signal. */
  function withValue(spec, name, value) {
    spec.signals = spec.signals.map((s) => (s.name === name ? { ...s, value } : s));
    return spec;
  }

  /* The view in the address ------------------------------------------------------------------ */

  function controlsOf(figure) {
    const box = figure.querySelector(".lb-chart__controls");
    return {
      groups: box ? [...box.querySelectorAll("input[data-group][data-key]")] : [],
      params: box ? [...box.querySelectorAll("[data-param][data-key]")] : [],
    };
  }

  function encoded(control, value) {
    return control.type === "checkbox" ? (value ? "1" : "0") : String(value);
  }

  /* A control's value written as `text` in the address, or undefined if the control has none such. */
  function decoded(control, text) {
    if (control.type === "checkbox") return text === "1" ? true : text === "0" ? false : undefined;
    return [...control.options].some((option) => option.value === text) ? text : undefined;
  }

  /* What the address sets of the chart's view, known values only: {hidden: [group] (if given),
     params: {name: value}, pinned: text (if given, checked against the data once it is read)}. */
  function addressed(element) {
    const state = { params: {} };
    if (!window.lbState) return state;
    const found = window.lbState.read(element.dataset.chartId);
    const { groups, params } = controlsOf(element.closest(".lb-chart"));
    if (groups.length && found.has(groups[0].dataset.key)) {
      const known = groups.map((box) => box.dataset.group);
      state.hidden = found.get(groups[0].dataset.key).split(",").filter((group) => known.includes(group));
    }
    for (const control of params) {
      if (!found.has(control.dataset.key)) continue;
      const value = decoded(control, found.get(control.dataset.key));
      if (value !== undefined) state.params[control.dataset.param] = value;
    }
    const key = element.dataset.pinnedKey;
    if (key && found.has(key)) state.pinned = found.get(key);
    return state;
  }

  function sets(state) {
    return Boolean((state.hidden && state.hidden.length) || Object.keys(state.params).length || state.pinned);
  }

  /* The controls show the state before the view is built (they are disabled until it is). */
  function showState(figure, state) {
    const { groups, params } = controlsOf(figure);
    if (state.hidden) for (const box of groups) box.checked = !state.hidden.includes(box.dataset.group);
    for (const control of params) {
      if (!(control.dataset.param in state.params)) continue;
      const value = state.params[control.dataset.param];
      if (control.type === "checkbox") control.checked = value;
      else control.value = value;
    }
  }

  /* The models a chart draws: those a pinned model in the address may name. */
  function modelsOf(spec) {
    const ids = new Set();
    for (const data of spec.data || []) {
      for (const row of Array.isArray(data.values) ? data.values : []) {
        if (row && typeof row.model_id === "string") ids.add(row.model_id);
      }
    }
    return ids;
  }

  /* The spec with the state as its start: the params' values and the selections' stores. */
  function withState(spec, state) {
    const signals = new Map(spec.signals.map((signal) => [signal.name, signal]));
    for (const [name, value] of Object.entries(state.params)) if (signals.has(name)) withValue(spec, name, value);
    const store = (name) => (spec.data || []).find((data) => data.name === name);
    const shown = store("shown_store");
    if (state.hidden && shown && Array.isArray(shown.values)) {
      shown.values = shown.values.filter((tuple) => !state.hidden.includes(tuple.values[0]));
    }
    const pinned = store("pinned_store");
    const fields = signals.get("pinned_tuple_fields");
    if (state.pinned !== undefined && pinned && fields && modelsOf(spec).has(state.pinned)) {
      pinned.values = [{ fields: fields.value, values: [state.pinned] }];
    }
    return spec;
  }

  /* The start values of the spec's signals: the chart as built, which the address leaves out. */
  function starts(spec) {
    return new Map(spec.signals.filter((signal) => "value" in signal).map((s) => [s.name, s.value]));
  }

  function pinnedModel(view) {
    const { model_id: [id] = [] } = view.signal("pinned") || {};
    return id;
  }

  /* Write the view's state to the address: each value that differs from the chart as built. The
     chart's scope is its own: keys in it that the chart does not know (or values too long to
     read) go, so that an address with junk in it is clean once the reader changes the view. */
  function remember({ view, figure, first }) {
    if (!window.lbState) return;
    const element = figure.querySelector(".lb-chart__view");
    const { groups, params } = controlsOf(figure);
    const entries = {};
    if (groups.length) {
      const { group: shown = [] } = view.signal("shown") || {};
      const hidden = groups.map((box) => box.dataset.group).filter((group) => !shown.includes(group));
      entries[groups[0].dataset.key] = hidden.length ? hidden.join(",") : null;
    }
    for (const control of params) {
      const value = view.signal(control.dataset.param);
      entries[control.dataset.key] = value === first.get(control.dataset.param) ? null : encoded(control, value);
    }
    if (element.dataset.pinnedKey && first.has("pinned_tuple_fields")) {
      entries[element.dataset.pinnedKey] = pinnedModel(view) ?? null;
    }
    window.lbState.clear(element.dataset.chartId);
    window.lbState.write(element.dataset.chartId, entries);
  }

  /* Pin the model, or unpin it if it is the one pinned; its name, or null once unpinned. */
  function pin(view, item) {
    const id = item.datum && item.datum.model_id;
    if (id === undefined) return null;
    const unpin = pinnedModel(view) === id;
    view.data("pinned_store", unpin ? [] : [{ fields: view.signal("pinned_tuple_fields"), values: [id] }]);
    view.runAsync();
    return unpin ? null : item.datum.model;
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
     Enter pins the point shown (a click's work), or unpins it. Escape, or leaving the chart,
     hides the tooltip. */
  function stepByKeyboard(view, svg, figure, pinnable) {
    const status = figure.appendChild(document.createElement("p"));
    status.className = "lb-chart__status";
    status.setAttribute("aria-live", "polite");
    let current = -1;
    let shown = null; // the point whose tooltip shows
    svg.addEventListener("keydown", (event) => {
      if (event.key === "Escape") {
        hideTooltip();
        current = -1;
        shown = null;
        return;
      }
      if (event.key === "Enter" && pinnable && shown) {
        event.preventDefault();
        const name = pin(view, shown);
        status.textContent = name === null ? "Unpinned." : `Pinned: ${name}.`;
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
      shown = item;
      const box = svg.getBoundingClientRect();
      const [left, top] = view.origin();
      showTooltip(null, { clientX: box.left + left + x, clientY: box.top + top + y }, item, item.tooltip);
      status.textContent = spoken(item.tooltip);
    });
    svg.addEventListener("blur", hideTooltip);
  }

  /* Pacing between the steps of building a view: the next task, so that input and paint come
     first; or, for a chart nobody has touched yet, the browser's next idle period once the page
     has loaded (after the next frame where there is no requestIdleCallback, as in Safari). */
  function nextTask() {
    if (window.scheduler && window.scheduler.yield) return window.scheduler.yield();
    return new Promise((resolve) => setTimeout(resolve, 0));
  }

  const loaded = new Promise((resolve) => {
    if (document.readyState === "complete") resolve();
    else window.addEventListener("load", resolve, { once: true });
  });

  async function idle() {
    await loaded; // the page's own images and styles come first
    if (window.requestIdleCallback) {
      return new Promise((resolve) => window.requestIdleCallback(() => resolve(), { timeout: IDLE_WAIT }));
    }
    return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  }

  /* The charts waiting to be built, in the order they were asked for; those touched go first. */
  const queue = [];
  const urgent = new Set();
  let building = false;

  function pace() {
    return urgent.size ? nextTask() : idle();
  }

  function want(element, now) {
    const state = element.dataset.rendered;
    if (state && state !== "pending") return; // drawn, or failed
    if (now) urgent.add(element);
    if (state || queue.includes(element)) return;
    queue.push(element);
    if (!building) buildQueue();
  }

  async function buildQueue() {
    building = true;
    while (queue.length) {
      const element = queue.find((e) => urgent.has(e)) || queue[0];
      queue.splice(queue.indexOf(element), 1);
      await render(element);
      urgent.delete(element);
    }
    building = false;
  }

  /* Build the chart's view in steps, in the page's colour scheme; null if the page was left
     meanwhile. The view runs its dataflow before it has a renderer, then draws: two steps, not
     one. Warnings go to the console, and no `hover` (Vega-Lite's output has no hover set). */
  async function build(element) {
    const id = element.dataset.chartId;
    await pace();
    const [spec] = await Promise.all([fetchJson(specUrl(element)), loadVega()]);
    await pace();
    if (!element.isConnected) return null;
    const { vega } = window;
    const first = starts(spec);
    const runtime = timed("parse", id, () =>
      vega.parse(withValue(withState(spec, addressed(element)), "dark", isDark())),
    );
    await pace();
    if (!element.isConnected) return null;
    const options = { renderer: "none", container: element, logLevel: vega.Warn };
    const view = timed("view", id, () => new vega.View(runtime, options));
    await pace();
    const steps = [
      ["run", () => view.runAsync()],
      ["draw", () => view.tooltip(showTooltip).renderer("svg").initialize(element).runAsync()],
    ];
    for (const [step, work] of steps) {
      if (!element.isConnected) {
        view.finalize();
        return null;
      }
      const start = performance.now();
      await work();
      performance.measure(`lb-chart:${step}`, { start, detail: id });
      await pace();
    }
    return { view, description: spec.description, first };
  }

  async function render(element) {
    element.dataset.rendered = "pending";
    try {
      const built = await build(element);
      if (!built) return;
      if (!element.isConnected) {
        built.view.finalize(); // the page was left as the chart was drawn
        return;
      }
      timed("wire", element.dataset.chartId, () => {
        const { view, description, first } = built;
        const figure = element.closest(".lb-chart");
        const chart = { view, figure, first };
        live.add(chart);
        watchScheme();
        wire(chart);
        const svg = element.querySelector("svg.marks");
        if (svg) {
          // Reachable by keyboard, named by the chart's description (what it shows, its main finding).
          svg.setAttribute("tabindex", "0");
          svg.setAttribute("role", "graphics-document");
          svg.setAttribute("aria-label", description || "");
          stepByKeyboard(view, svg, figure, first.has("pinned_tuple_fields"));
        }
        element.dataset.rendered = "true";
        element.dispatchEvent(new CustomEvent("lb:chart-ready", { bubbles: true, detail: { view } }));
        if (svg) answerTouch(view, svg, touchedAt.get(element));
      });
    } catch (error) {
      element.dataset.rendered = "error";
      console.error("chart failed to render:", element.dataset.vgSpec, error);
    }
  }

  /* The touch that built the view gets the answer a touch on the drawn chart gets: the tooltip
     of the point under it, the nearest within TOUCH_REACH. */
  function answerTouch(view, svg, touch) {
    if (!touch) return;
    const box = svg.getBoundingClientRect();
    const [left, top] = view.origin();
    let best = null;
    for (const point of points(view)) {
      const x = box.left + left + point.x;
      const y = box.top + top + point.y;
      const distance = Math.hypot(x - touch.clientX, y - touch.clientY);
      if (distance <= TOUCH_REACH && (!best || distance < best.distance)) best = { ...point, x, y, distance };
    }
    if (best) showTooltip(null, { clientX: best.x, clientY: best.y }, best.item, best.item.tooltip);
  }

  /* Show these groups alone: the selection's store gets a tuple per group, written as a click
     on a legend entry writes it (its fields and value), so that clicks toggle them after. */
  function showGroups(view, groups) {
    const fields = view.signal("shown_tuple_fields");
    view.data("shown_store", groups.map((group) => ({ fields, values: [group] }))).runAsync();
  }

  /* The controls under the chart change the spec's params (a checkbox's on or off, a choice's
     value); the group checkboxes follow the legend too. Each change is written to the address.
     The chart as shown (theme, groups, overlays, axis, model pinned) saves as PNG or SVG. */
  function wire(chart) {
    const { view, figure, first } = chart;
    exports(view, figure);
    const write = () => remember(chart);
    if (first.has("pinned_tuple_fields")) view.addSignalListener("pinned", write);
    const controls = figure.querySelector(".lb-chart__controls");
    if (!controls) return;
    const { groups, params } = controlsOf(figure);
    if (groups.length) {
      // The selection's value: {group: [the groups drawn]}, or {} when it is empty.
      view.addSignalListener("shown", (_name, { group: shown = [] }) => {
        for (const input of groups) input.checked = shown.includes(input.dataset.group);
        write();
      });
    }
    for (const control of params) {
      view.addSignalListener(control.dataset.param, (_name, value) => {
        if (control.type === "checkbox") control.checked = value;
        else control.value = value;
        write();
      });
    }
    controls.addEventListener("change", (event) => {
      const input = event.target;
      if (input.dataset.group !== undefined) {
        showGroups(view, groups.filter((box) => box.checked).map((box) => box.dataset.group));
      } else if (input.dataset.param) {
        const value = input.type === "checkbox" ? input.checked : decoded(input, input.value);
        if (value !== undefined) view.signal(input.dataset.param, value).runAsync();
      }
    });
    controls.disabled = false;
  }

  /* "As shown: PNG, SVG" after the chart's downloads (what vega-embed's menu offered). */
  function exports(view, figure) {
    const id = figure.querySelector(".lb-chart__view").dataset.chartId;
    for (const button of figure.querySelectorAll(".lb-chart__exports button[data-export]")) {
      const type = button.dataset.export;
      button.addEventListener("click", async () => {
        const link = document.createElement("a");
        link.href = await view.toImageURL(type, type === "png" ? 2 : 1);
        link.download = `${id}-as-shown.${type}`;
        link.click();
      });
    }
  }

  function followTheme() {
    const dark = isDark();
    for (const chart of live) {
      if (!chart.figure.isConnected) continue;
      if (chart.view.signal("dark") !== dark) chart.view.signal("dark", dark).runAsync();
    }
  }

  /* The scheme is watched from the first chart drawn on: a page without a chart runs nothing. */
  let schemeWatch = null;

  function watchScheme() {
    if (schemeWatch) return;
    schemeWatch = new MutationObserver(followTheme);
    schemeWatch.observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });
    prefersDark.addEventListener("change", followTheme);
  }

  /* What watches the page shown for a reader coming near a chart. */
  let near = null;

  function watch() {
    hideTooltip();
    if (near) near.disconnect();
    near = null;
    queue.length = 0;
    for (const chart of [...live]) {
      if (!chart.figure.isConnected) {
        chart.view.finalize();
        live.delete(chart);
      }
    }
    for (const element of [...urgent]) if (!element.isConnected) urgent.delete(element);
    const views = document.querySelectorAll(".lb-chart__view[data-vg-spec]");
    if (!views.length) return;
    if ("IntersectionObserver" in window) {
      near = new IntersectionObserver(
        (entries, observer) => {
          for (const entry of entries) {
            if (!entry.isIntersecting) continue;
            observer.unobserve(entry.target);
            want(entry.target.querySelector(".lb-chart__view"), false);
          }
        },
        { rootMargin: NEAR },
      );
    }
    for (const element of views) {
      specUrl(element); // resolved against this page's address, while it is the page's
      const figure = element.closest(".lb-chart");
      const state = addressed(element);
      showState(figure, state);
      if (sets(state)) want(element, true); // the reader asked for this view: no static image of it
      const now = () => want(element, true);
      for (const type of ["pointerenter", "touchstart", "focusin"]) {
        figure.addEventListener(type, now, { once: true, passive: true });
      }
      const touched = (event) => {
        const [touch] = event.touches;
        if (touch && element.dataset.rendered !== "true") {
          touchedAt.set(element, { clientX: touch.clientX, clientY: touch.clientY });
        }
      };
      element.parentElement.addEventListener("touchstart", touched, { once: true, passive: true }); // the frame
      if (touchFirst.matches) continue; // built on the first touch or focus alone
      if (near) near.observe(figure);
      else want(element, false);
    }
  }

  if (window.document$) {
    window.document$.subscribe(watch);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", watch);
  } else {
    watch();
  }
})();
