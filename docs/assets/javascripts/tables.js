/* Tables that sort and filter, built on tables that read fine without JavaScript.
 *
 * Sorting: select a column heading of a `table[data-sortable]`. Cells sort by their `data-value`
 * when they have one (numbers), else by their text; empty values go last in either direction.
 *
 * Filtering: each heading with `data-filter` gets a control above the table, built here:
 *   search  a text box; rows whose cell contains the words typed (any case) stay
 *   select  a list of the column's values; rows with the chosen value stay
 *   range   two number boxes (from, to); rows whose `data-value` lies between stay, rows without
 *           a value go while a bound is set
 * Filters hide rows (`hidden`), so sorting and filtering combine; a live line counts the rows shown.
 */
(function () {
  "use strict";

  function key(cell, numeric) {
    const raw = cell.dataset.value !== undefined ? cell.dataset.value : cell.textContent.trim();
    if (raw === "") return null;
    return numeric ? parseFloat(raw) : raw.toLocaleLowerCase();
  }

  function sortBy(table, index, header) {
    const numeric = header.dataset.sort === "number";
    const ascending = header.getAttribute("aria-sort") !== "ascending";
    const body = table.tBodies[0];
    const rows = Array.from(body.rows);
    rows.sort(function (a, b) {
      const x = key(a.cells[index], numeric);
      const y = key(b.cells[index], numeric);
      if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
      const order = numeric ? x - y : x.localeCompare(y);
      return ascending ? order : -order;
    });
    const fragment = document.createDocumentFragment();
    rows.forEach(function (row) { fragment.appendChild(row); });
    body.appendChild(fragment);
    table.querySelectorAll("th[aria-sort]").forEach(function (th) { th.removeAttribute("aria-sort"); });
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  }

  function makeSortable(table) {
    Array.from(table.tHead.rows[0].cells).forEach(function (header, index) {
      if (!header.dataset.sort) return;
      const button = document.createElement("button");
      button.type = "button";
      button.className = "lb-sort";
      while (header.firstChild) button.appendChild(header.firstChild);
      header.appendChild(button);
      button.addEventListener("click", function () { sortBy(table, index, header); });
    });
  }

  /* Filters ------------------------------------------------------------------------------- */

  let counter = 0;

  function element(tag, attributes, text) {
    const node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function labelled(text, control) {
    const id = "lb-filter-" + (++counter);
    control.id = id;
    const wrapper = element("div", { class: "lb-filters__field" });
    wrapper.appendChild(element("label", { for: id }, text));
    wrapper.appendChild(control);
    return wrapper;
  }

  function headingText(header) {
    return header.textContent.trim();
  }

  function searchFilter(table, index, header) {
    const input = element("input", { type: "search", autocomplete: "off", placeholder: "Name contains…" });
    return {
      field: labelled(headingText(header), input),
      inputs: [input],
      test: function (row) {
        const words = input.value.trim().toLocaleLowerCase().split(/\s+/).filter(Boolean);
        const text = row.cells[index].textContent.toLocaleLowerCase();
        return words.every(function (word) { return text.indexOf(word) !== -1; });
      },
    };
  }

  function selectFilter(table, index, header) {
    const select = element("select");
    select.appendChild(element("option", { value: "" }, "All"));
    const values = new Set();
    Array.from(table.tBodies[0].rows).forEach(function (row) { values.add(row.cells[index].textContent.trim()); });
    Array.from(values).sort(function (a, b) { return a.localeCompare(b); }).forEach(function (value) {
      select.appendChild(element("option", { value: value }, value));
    });
    return {
      field: labelled(headingText(header), select),
      inputs: [select],
      test: function (row) {
        return select.value === "" || row.cells[index].textContent.trim() === select.value;
      },
    };
  }

  function rangeFilter(table, index, header) {
    const from = element("input", { type: "number", min: "0", step: "any", inputmode: "decimal", placeholder: "min" });
    const to = element("input", { type: "number", min: "0", step: "any", inputmode: "decimal", placeholder: "max" });
    const field = element("div", { class: "lb-filters__field lb-filters__range" });
    const name = headingText(header);
    field.appendChild(labelled(name + " from (B)", from));
    field.appendChild(labelled("to (B)", to));
    return {
      field: field,
      inputs: [from, to],
      test: function (row) {
        const low = from.value === "" ? null : parseFloat(from.value);
        const high = to.value === "" ? null : parseFloat(to.value);
        if (low === null && high === null) return true;
        const value = key(row.cells[index], true);
        if (value === null || isNaN(value)) return false;
        return (low === null || value >= low) && (high === null || value <= high);
      },
    };
  }

  const FILTERS = { search: searchFilter, select: selectFilter, range: rangeFilter };

  function makeFilterable(table) {
    const filters = [];
    Array.from(table.tHead.rows[0].cells).forEach(function (header, index) {
      const make = FILTERS[header.dataset.filter];
      if (make) filters.push(make(table, index, header));
    });
    if (!filters.length) return;

    const noun = table.dataset.noun || "rows";
    const rows = Array.from(table.tBodies[0].rows);
    const form = element("form", { class: "lb-filters", role: "search", "aria-label": "Filter the " + noun });
    filters.forEach(function (filter) { form.appendChild(filter.field); });
    const reset = element("button", { type: "reset", class: "md-button lb-filters__reset" }, "Clear filters");
    form.appendChild(reset);
    const status = element("p", { class: "lb-filters__status", "aria-live": "polite" });
    form.appendChild(status);

    function apply() {
      let shown = 0;
      rows.forEach(function (row) {
        const keep = filters.every(function (filter) { return filter.test(row); });
        row.hidden = !keep;
        if (keep) shown += 1;
      });
      status.textContent = "Showing " + shown + " of " + rows.length + " " + noun + ".";
    }

    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("input", apply);
    form.addEventListener("change", apply);
    form.addEventListener("reset", function () { setTimeout(apply, 0); });
    const wrapper = table.closest(".lb-table") || table;
    wrapper.parentNode.insertBefore(form, wrapper);
    apply();
  }

  function enhance(table) {
    if (table.dataset.enhanced) return;
    table.dataset.enhanced = "true";
    if (table.hasAttribute("data-sortable")) makeSortable(table);
    makeFilterable(table);
  }

  function enhanceAll() {
    document.querySelectorAll("table[data-sortable]").forEach(enhance);
    document.querySelectorAll("th[data-filter]").forEach(function (th) { enhance(th.closest("table")); });
  }

  if (window.document$) {
    window.document$.subscribe(enhanceAll);
  } else {
    document.addEventListener("DOMContentLoaded", enhanceAll);
  }
})();
