/* The compare page (`compare/`): pick 2 to 4 models, see them side by side.
 *
 * The page (templates/compare.md.j2) holds the picker, disabled until this script has the models, empty
 * tables, and the chart (leaderboard/charts/compare.py), which charts.js draws like any other;
 * this script only sets the chart's `chosen` param. What each model shows comes from
 * compare/compare.json, written by the build from the rows the tables show.
 *
 * The picker is a combobox with a list of suggestions, as in the WAI-ARIA Authoring Practices'
 * "list autocomplete" pattern: typing filters the models (by name or id), the arrow keys move
 * through the suggestions (`aria-activedescendant`, so focus stays in the field), Enter adds the
 * one marked (or the only one left), Escape closes the list and then clears the field; a tap or
 * click adds a suggestion too. Each model chosen has a button that removes it. A status line
 * reads out how many models match, and what was added or removed. It is written here, not taken
 * from a library: a native `<datalist>` leaves matching and announcing to each browser and only
 * fills the field (adding would take another button); GOV.UK's accessible-autocomplete (3.0.1,
 * 55 KB minified) picks one value, not a list, and GitHub's combobox-nav (3.0.2, 8 KB) is an ES
 * module for the arrow keys alone; either would be a third-party file kept in the repository.
 *
 * The models chosen are in the address as `?models=ID,ID` (the address the model pages link to),
 * written with `history.replaceState` as they change; the page reads it when shown (first load,
 * Material's instant navigation, back and forward: `document$`). The address is input from anyone:
 * ids are compared with the ids the data has, the rest is named on the page as text, never as HTML.
 */
(function () {
  "use strict";

  const KEY = "models";
  const MAX_VALUE = window.lbState ? window.lbState.MAX_VALUE : 1000; // longer values are not read
  const MAX_NAMED = 10; // unknown ids named, at most
  const MAX_SHOWN_ID = 60; // characters of an unknown id shown
  const MAX_OPTIONS = 50; // suggestions listed at once
  const loaded = new Map(); // URL of compare.json -> promise of its data
  // The shapes the chart gives the models chosen (compare.json's `slots`), as Vega draws them.
  const SHAPES = {
    circle: "M1,0A1,1,0,1,1,-1,0A1,1,0,1,1,1,0Z",
    square: "M-0.9,-0.9H0.9V0.9H-0.9Z",
    "triangle-up": "M0,-1L0.95,0.8H-0.95Z",
    diamond: "M0,-1.1L1,0L0,1.1L-1,0Z",
  };
  const SVG = "http://www.w3.org/2000/svg";

  /* The chart's colour and shape for a model chosen: the legend of the chart. */
  function swatch(slot) {
    const svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("class", "lb-compare__swatch");
    svg.setAttribute("viewBox", "-1.2 -1.2 2.4 2.4");
    svg.setAttribute("aria-hidden", "true");
    svg.style.setProperty("--lb-swatch", slot.light);
    svg.style.setProperty("--lb-swatch-dark", slot.dark);
    const path = svg.appendChild(document.createElementNS(SVG, "path"));
    path.setAttribute("d", SHAPES[slot.shape] || SHAPES.circle);
    return svg;
  }

  function data(url) {
    if (!loaded.has(url)) {
      loaded.set(
        url,
        fetch(url).then((response) => {
          if (!response.ok) throw new Error(`${response.status} ${response.statusText}: ${url}`);
          return response.json();
        }),
      );
    }
    return loaded.get(url);
  }

  /* `<tag class=...>` holding text (never HTML). */
  function element(tag, className, text) {
    const found = document.createElement(tag);
    if (className) found.className = className;
    if (text !== undefined) found.textContent = text;
    return found;
  }

  function link(href, text) {
    const found = element("a", "", text);
    found.href = href;
    return found;
  }

  /* The ids in the address: {ids: known ids (the first `most`), unknown: ids the data lacks,
     dropped: known ids past `most`, tooLong: the value's length when it was too long to read}. */
  function fromAddress(byId, most) {
    const value = new URLSearchParams(window.location.search).get(KEY);
    const found = { ids: [], unknown: [], dropped: [], tooLong: 0 };
    if (value === null) return found;
    if (value.length > MAX_VALUE) {
      found.tooLong = value.length;
      return found;
    }
    for (const raw of value.split(",")) {
      const id = raw.trim();
      if (!id || found.ids.includes(id) || found.dropped.includes(id)) continue;
      if (!byId.has(id)) {
        if (!found.unknown.includes(id)) found.unknown.push(id);
      } else if (found.ids.length < most) found.ids.push(id);
      else found.dropped.push(id);
    }
    return found;
  }

  function toAddress(ids) {
    const address = new URL(window.location.href);
    if (ids.length) address.searchParams.set(KEY, ids.join(","));
    else address.searchParams.delete(KEY);
    address.search = address.searchParams.toString().replace(/%2C/gi, ",");
    if (address.href !== window.location.href) history.replaceState(history.state, "", address.href);
  }

  function shortened(id) {
    return id.length > MAX_SHOWN_ID ? `${id.slice(0, MAX_SHOWN_ID)}…` : id;
  }

  /* The page's messages about the address and the choice, as text. */
  function messages(box, state, most) {
    const lines = [];
    if (state.tooLong) {
      lines.push(`The list of models in the address is too long to read (${state.tooLong} characters).`);
    }
    for (const id of state.unknown.slice(0, MAX_NAMED)) lines.push(`No model with id “${shortened(id)}”.`);
    if (state.unknown.length > MAX_NAMED) {
      lines.push(`And ${state.unknown.length - MAX_NAMED} more ids of no model.`);
    }
    if (state.dropped.length) {
      lines.push(`At most ${most} models can be compared: showing the first ${most} of the address.`);
    }
    if (state.ids.length < 2) {
      const more = 2 - state.ids.length;
      lines.push(`Pick ${more === 2 ? "2 models" : "1 more model"} to compare (up to ${most}).`);
    }
    box.replaceChildren(...lines.map((line) => element("p", "lb-compare__message", line)));
  }

  function scoreCell(score, root) {
    const cell = element("td");
    cell.dataset.value = score.score_text;
    cell.append(element("span", "lb-compare__score", score.score_text));
    if (score.plus_minus) cell.append(" ", element("span", "lb-pm", score.plus_minus));
    cell.append(element("small", "lb-compare__rank", `rank ${score.rank} of ${score.of}`));
    const source = element("small", "lb-compare__source");
    source.append(score.source_url ? link(score.source_url, score.source) : score.source);
    cell.append(source);
    if (score.note) cell.append(element("small", "", score.note));
    for (const also of score.also) cell.append(element("small", "lb-also", `also reported: ${also}`));
    return cell;
  }

  function modelLink(model, root) {
    return link(`${root}models/${model.id}/`, model.name);
  }

  function header(table, chosen, root, first) {
    const row = element("tr");
    row.append(Object.assign(element("th", "", first), { scope: "col" }));
    for (const model of chosen) {
      const th = Object.assign(element("th"), { scope: "col" });
      th.append(modelLink(model, root));
      row.append(th);
    }
    table.tHead.replaceChildren(row);
  }

  /* Rows of benchmark and setting, in the data's order of benchmarks, each setting once. */
  function scoresTable(table, chosen, benchmarks, root) {
    header(table, chosen, root, "Benchmark");
    const rows = [];
    for (const benchmark of benchmarks) {
      const settings = [];
      for (const model of chosen) {
        for (const score of model.scores) {
          if (score.benchmark === benchmark.id && !settings.includes(score.setting)) settings.push(score.setting);
        }
      }
      for (const setting of settings) {
        const row = element("tr");
        row.dataset.benchmark = benchmark.id;
        row.dataset.setting = setting;
        const th = Object.assign(element("th"), { scope: "row" });
        th.append(link(`${root}benchmarks/${benchmark.id}/`, benchmark.name));
        th.append(element("small", "", setting));
        row.append(th);
        for (const model of chosen) {
          const score = model.scores.find((s) => s.benchmark === benchmark.id && s.setting === setting);
          if (score) row.append(scoreCell(score, root));
          else row.append(element("td", "lb-compare__none", "not reported"));
        }
        rows.push(row);
      }
    }
    table.tBodies[0].replaceChildren(...rows);
  }

  function lineageTable(table, chosen, byId, root) {
    header(table, chosen, root, "Fact");
    const facts = [
      ["Family", (model) => model.family],
      ["Size", (model) => model.size],
      ["Training method", (model) => model.method],
      ["Trained from", (model) => (model.base ? [byId.get(model.base)] : [])],
      ["Trained into", (model) => model.derived.map((id) => byId.get(id))],
    ];
    const rows = facts.map(([name, value]) => {
      const row = element("tr");
      row.append(Object.assign(element("th", "", name), { scope: "row" }));
      for (const model of chosen) {
        const found = value(model);
        const cell = element("td");
        if (typeof found === "string") cell.textContent = found;
        else if (!found.length) cell.append(element("span", "lb-compare__none", "none"));
        else {
          found.forEach((other, index) => {
            if (index) cell.append(", ");
            cell.append(modelLink(other, root));
          });
        }
        row.append(cell);
      }
      return row;
    });
    table.tBodies[0].replaceChildren(...rows);
  }

  /* The chart's `chosen` param, once charts.js has drawn the chart (and at every change after).
     The chart shows with the tables, once 2 models are chosen: it has no static image to keep
     its place, so a chart shown at once would move the page as Vega drew it, and bring Vega to a
     page that may never need it. */
  function chart(root) {
    const figure = root.querySelector(".lb-chart--compare");
    let view = null;
    let ids = [];
    figure.addEventListener("lb:chart-ready", (event) => {
      view = event.detail.view;
      view.signal("chosen", ids).runAsync();
    });
    return (chosen) => {
      ids = chosen;
      figure.hidden = chosen.length < 2;
      if (view) view.signal("chosen", ids).runAsync();
    };
  }

  /* The combobox: `onPick(id)` adds a model; `available()` lists the models that can be added. */
  function combobox(input, list, live, available, onPick) {
    let options = []; // the models listed
    let active = -1;

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function mark(index) {
      const items = list.children;
      if (active >= 0 && items[active]) items[active].setAttribute("aria-selected", "false");
      active = index;
      if (active >= 0 && items[active]) {
        items[active].setAttribute("aria-selected", "true");
        input.setAttribute("aria-activedescendant", items[active].id);
        items[active].scrollIntoView({ block: "nearest" });
      } else input.removeAttribute("aria-activedescendant");
    }

    function open() {
      const query = input.value.trim().toLowerCase();
      const { models, full } = available();
      const matching = models.filter(
        (model) => !query || model.name.toLowerCase().includes(query) || model.id.includes(query),
      );
      options = matching.slice(0, MAX_OPTIONS);
      list.replaceChildren(
        ...options.map((model, index) => {
          const item = element("li", "lb-combobox__option");
          item.id = `lb-compare-option-${index}`;
          item.setAttribute("role", "option");
          item.setAttribute("aria-selected", "false");
          item.append(element("span", "lb-combobox__name", model.name));
          item.append(element("span", "lb-combobox__detail", `${model.family}, ${model.size}`));
          return item;
        }),
      );
      active = -1;
      input.removeAttribute("aria-activedescendant");
      const shown = options.length > 0 && !full;
      list.hidden = !shown;
      input.setAttribute("aria-expanded", String(shown));
      if (full) live.textContent = "The most models are chosen: remove one to add another.";
      else if (!matching.length) live.textContent = "No model matches.";
      else if (matching.length > options.length) {
        live.textContent = `${matching.length} models match; the first ${options.length} are listed.`;
      } else live.textContent = `${matching.length} ${matching.length === 1 ? "model matches" : "models match"}.`;
    }

    function pick(index) {
      const model = options[index];
      if (!model) return;
      input.value = "";
      close();
      onPick(model.id);
    }

    input.addEventListener("input", open);
    input.addEventListener("focus", () => {
      if (input.value) open();
    });
    input.addEventListener("keydown", (event) => {
      const isOpen = !list.hidden;
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        if (!isOpen) {
          open();
          if (list.hidden) return;
        }
        const count = options.length;
        if (!count) return;
        const step = event.key === "ArrowDown" ? 1 : -1;
        mark(active < 0 ? (step > 0 ? 0 : count - 1) : (active + step + count) % count);
      } else if (event.key === "Enter") {
        if (!isOpen) return;
        event.preventDefault();
        if (active >= 0) pick(active);
        else if (options.length === 1) pick(0);
      } else if (event.key === "Escape") {
        if (isOpen) close();
        else input.value = "";
      } else if (event.key === "Tab") close();
    });
    // A press on a suggestion keeps the focus in the field; the click then adds it.
    list.addEventListener("pointerdown", (event) => event.preventDefault());
    list.addEventListener("click", (event) => {
      const item = event.target.closest("[role=option]");
      if (item) pick([...list.children].indexOf(item));
    });
    input.addEventListener("blur", close);
    return { close };
  }

  async function start(root) {
    const input = root.querySelector(".lb-combobox__input");
    const list = root.querySelector(".lb-combobox__options");
    const live = root.querySelector(".lb-compare__live");
    const chosenList = root.querySelector(".lb-compare__chosen");
    const messageBox = root.querySelector(".lb-compare__messages");
    const result = root.querySelector(".lb-compare__result");
    const siteRoot = root.dataset.root;
    const most = Number(root.dataset.most);
    const setChart = chart(root);

    const { models, benchmarks, slots } = await data(new URL(root.dataset.compare, document.baseURI).href);
    if (!root.isConnected) return; // the page was left meanwhile
    input.disabled = false; // the picker is in the page as built, disabled until the models are here
    const byId = new Map(models.map((model) => [model.id, model]));
    const state = fromAddress(byId, most);
    let ids = state.ids;

    function show() {
      const chosen = ids.map((id) => byId.get(id));
      chosenList.replaceChildren(
        ...chosen.map((model, place) => {
          const item = element("li", "lb-compare__chip");
          item.dataset.model = model.id;
          item.append(swatch(slots[place]), modelLink(model, siteRoot));
          const remove = element("button", "lb-compare__remove", "×");
          remove.type = "button";
          remove.setAttribute("aria-label", `Remove ${model.name}`);
          remove.addEventListener("click", () => {
            const at = ids.indexOf(model.id);
            ids = ids.filter((id) => id !== model.id);
            live.textContent = `Removed ${model.name}.`;
            change();
            const buttons = chosenList.querySelectorAll(".lb-compare__remove");
            (buttons[Math.min(at, buttons.length - 1)] || input).focus();
          });
          item.append(remove);
          return item;
        }),
      );
      messages(messageBox, state, most);
      result.hidden = chosen.length < 2;
      if (chosen.length >= 2) {
        scoresTable(root.querySelector(".lb-compare__scores"), chosen, benchmarks, siteRoot);
        lineageTable(root.querySelector(".lb-compare__lineage"), chosen, byId, siteRoot);
      }
      setChart(ids);
      root.dataset.ready = "true";
    }

    /* A choice made on the page: what the address said no longer applies. */
    function change() {
      Object.assign(state, { ids, unknown: [], dropped: [], tooLong: 0 });
      toAddress(ids);
      show();
    }

    combobox(
      input,
      list,
      live,
      () => ({ models: models.filter((model) => !ids.includes(model.id)), full: ids.length >= most }),
      (id) => {
        if (ids.length >= most || ids.includes(id)) return;
        ids = [...ids, id];
        live.textContent = `Added ${byId.get(id).name}.`;
        change();
      },
    );
    show();
  }

  function init() {
    const root = document.getElementById("lb-compare");
    if (!root) return;
    start(root).catch((error) => console.error("the comparison failed:", error));
  }

  if (window.document$) {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
