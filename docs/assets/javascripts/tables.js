/* Sortable tables: select a column heading of a `table[data-sortable]` to sort by it.
 *
 * Cells sort by their `data-value` when they have one (numbers), else by their text. Empty
 * values go last in either direction. The table reads fine without JavaScript.
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
    rows.forEach(function (row) { body.appendChild(row); });
    table.querySelectorAll("th[aria-sort]").forEach(function (th) { th.removeAttribute("aria-sort"); });
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  }

  function enhance(table) {
    if (table.dataset.sortReady) return;
    table.dataset.sortReady = "true";
    Array.from(table.tHead.rows[0].cells).forEach(function (header, index) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "lb-sort";
      while (header.firstChild) button.appendChild(header.firstChild);
      header.appendChild(button);
      button.addEventListener("click", function () { sortBy(table, index, header); });
    });
  }

  function enhanceAll() {
    document.querySelectorAll("table[data-sortable]").forEach(enhance);
  }

  if (window.document$) {
    window.document$.subscribe(enhanceAll);
  } else {
    document.addEventListener("DOMContentLoaded", enhanceAll);
  }
})();
