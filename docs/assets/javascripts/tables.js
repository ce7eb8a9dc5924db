/* Tables that sort, filter and search every row, at any size, their view in the address.
 *
 * A table is `<section data-table="SCOPE" data-rows="URL">` (templates/_tables.html.j2, built by
 * leaderboard/site/tables.py): its filter form, disabled until this file has the rows; the table
 * with its first rows; and a line with "Show more" and a link to the full CSV. Everything is in
 * the page as built, so that nothing moves when the table comes to life (the stylesheet hides the
 * controls in their place without JavaScript). The rows come once from URL, column by column: each
 * column's sort and filter keys, and its cells' markup as the build rendered it (trusted, escaped
 * at build time; the address never reaches it), each distinct cell once, split around its key's
 * text and its key's slug (tables.py cell_form).
 *
 * Filters (`data-filter` on a control, `data-column` naming its column's `data-key`):
 *   search     rows whose key contains every word typed (any case) stay
 *   select     rows whose key is the chosen option stay
 *   from, to   rows whose number lies within the bounds stay; rows without one go while a bound is set
 * Sorting: a column heading's button; numbers by value, text in the reader's collation, empty keys
 * last in either direction, ties in the built order. The rows that pass are drawn CHUNK at a time:
 * the next ones as "Show more" comes near the window (or is pressed). Each time the rows are
 * filtered, sorted and drawn is a User Timing measure, `lb-table:apply` (benchmarks/tables.py).
 *
 * The view is in the address through `window.lbState` (state.js), under the table's scope: each
 * control by its name (`results.family=Mistral`, `results.size-from=30`) and the sort as
 * `sort=KEY` or `sort=-KEY` (descending). Read back, a select's value must be one of its options, a
 * bound a number, a sort key a sortable column: anything else is ignored. "Download these" writes
 * the rows shown, in their order, as CSV: their records of the table's full CSV (made formula-safe
 * by tables.py), in a file named for the filters.
 */
(function () {
  "use strict";

  const CHUNK = 100; // rows drawn at a time (the page holds as many: tables.py FIRST_ROWS)
  const NEAR = "600px 0px"; // "Show more" this close to the window draws the next rows
  let collator = null; // made on the first sort by text: making one costs a slowed phone ~70 ms

  /* Keys and rows ------------------------------------------------------------------------ */

  function compareKeys(x, y, numeric) {
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
    if (numeric) return x - y;
    collator = collator || new Intl.Collator();
    return collator.compare(x, y);
  }

  function words(text) {
    return text.trim().toLocaleLowerCase().split(/\s+/).filter(Boolean);
  }

  /* A CSV file's header and records, each as written (a quoted field may hold a line break). */
  function csvRecords(text) {
    const records = [];
    let open = "";
    for (const line of text.replace(/\n$/, "").split("\n")) {
      open = open ? `${open}\n${line}` : line;
      if ((open.match(/"/g) || []).length % 2 === 0) {
        records.push(open);
        open = "";
      }
    }
    return records;
  }

  const ENTITIES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
  function escapeHtml(text) {
    return text.replace(/[&<>"']/g, (character) => ENTITIES[character]);
  }

  /* A text as a slug (tables.py key_slug): lower case in no particular locale, each run of other
   * characters than a-z, digits and "." one "-", none at either end. */
  function slug(text) {
    return text.toLowerCase().replace(/[^a-z0-9.]+/g, "-").replace(/^-+|-+$/g, "");
  }

  /* One table ---------------------------------------------------------------------------- */

  function enhance(block) {
    if (block.dataset.enhanced) return;
    block.dataset.enhanced = "loading";
    const url = new URL(block.dataset.rows, window.location.href);
    fetch(url)
      .then((response) => {
        if (!response.ok) throw new Error(`${response.status} ${response.statusText}: ${url}`);
        return response.json();
      })
      .then((data) => {
        if (block.isConnected) start(block, data);
      })
      .catch((error) => {
        block.dataset.enhanced = "error";
        console.error(`tables.js: cannot load the rows of ${block.dataset.table}: ${error.message}`);
      });
  }

  function start(block, data) {
    const scope = block.dataset.table;
    const noun = block.dataset.noun || "rows";
    const form = block.querySelector("form.lb-filters");
    const status = block.querySelector(".lb-filters__status");
    const body = block.querySelector("table tbody");
    const more = block.querySelector(".lb-table__more");
    const headers = Array.from(block.querySelectorAll("thead th[data-key]"));
    const columns = new Map(headers.map((th, index) => [th.dataset.key, { th, index, numeric: th.dataset.sort === "number" }]));
    const controls = Array.from(form.querySelectorAll("[data-filter]")).filter((c) => columns.has(c.dataset.column));
    // By column: keys[column][row]; forms[column] its distinct cells; cells[column][row] a row's form,
    // or null where the column has one form. A form's numbers are slots: 0 the key's text, 1 its slug.
    const { keys, forms, cells } = data;
    const rows = keys.length ? keys[0].map((_, order) => order) : []; // a row is its built order
    const folded = new Map(); // column index → each row's key in lower case, for search

    let sort = null; // {key, descending}
    let shown = rows;
    let drawn = body.rows.length; // the page holds the first rows, in the built order

    /* The filters, as the controls stand. */
    function tests() {
      const found = [];
      for (const control of controls) {
        const index = columns.get(control.dataset.column).index;
        const value = control.value;
        if (value === "") continue;
        if (control.dataset.filter === "search") {
          const wanted = words(value);
          if (!folded.has(index)) folded.set(index, keys[index].map((key) => String(key ?? "").toLocaleLowerCase()));
          const texts = folded.get(index);
          found.push((row) => wanted.every((word) => texts[row].includes(word)));
        } else if (control.dataset.filter === "select") {
          const column = keys[index];
          found.push((row) => column[row] === value);
        } else {
          const bound = parseFloat(value);
          if (!Number.isFinite(bound)) continue;
          const low = control.dataset.filter === "from";
          const column = keys[index];
          found.push((row) => {
            const number = column[row];
            return typeof number === "number" && (low ? number >= bound : number <= bound);
          });
        }
      }
      return found;
    }

    function rowHtml(row) {
      let html = "<tr>";
      for (let index = 0; index < forms.length; index += 1) {
        const key = keys[index][row];
        for (const part of forms[index][cells[index] ? cells[index][row] : 0]) {
          if (part === 0) html += escapeHtml(String(key ?? "")); // tables.py key_text
          else if (part === 1) html += slug(key); // tables.py key_slug
          else html += part;
        }
      }
      return `${html}</tr>`;
    }

    function draw(from) {
      const html = shown.slice(from, from + CHUNK).map(rowHtml).join("");
      if (from === 0) body.innerHTML = html;
      else body.insertAdjacentHTML("beforeend", html);
      drawn = Math.min(shown.length, from + CHUNK);
      more.hidden = drawn >= shown.length;
    }

    function apply() {
      const begun = performance.now();
      const keep = tests();
      shown = keep.length ? rows.filter((row) => keep.every((test) => test(row))) : rows.slice();
      if (sort) {
        const { index, numeric } = columns.get(sort.key);
        const sign = sort.descending ? -1 : 1;
        const column = keys[index];
        shown.sort((a, b) => {
          const x = column[a];
          const y = column[b];
          if (x === null || y === null) return compareKeys(x, y, numeric);
          return sign * compareKeys(x, y, numeric);
        });
      }
      for (const { th } of columns.values()) th.removeAttribute("aria-sort");
      if (sort) columns.get(sort.key).th.setAttribute("aria-sort", sort.descending ? "descending" : "ascending");
      draw(0);
      status.textContent = `Showing ${shown.length} of ${rows.length} ${noun}.`;
      performance.measure("lb-table:apply", { start: begun, detail: scope });
    }

    /* The address ------------------------------------------------------------------------ */

    function save() {
      const entries = { sort: sort ? (sort.descending ? "-" : "") + sort.key : null };
      for (const control of controls) entries[control.name] = control.value.trim() === "" ? null : control.value;
      window.lbState.write(scope, entries);
    }

    /* The view the address asks for; false when it asks for nothing this table knows. */
    function restore() {
      const state = window.lbState.read(scope);
      let changed = false;
      for (const control of controls) {
        const value = state.get(control.name);
        if (value === undefined) continue;
        if (control.dataset.filter === "select") {
          if (!Array.from(control.options).some((option) => option.value === value)) continue;
          control.value = value;
        } else if (control.dataset.filter === "search") {
          control.value = value;
        } else {
          const number = Number(value);
          if (value.trim() === "" || !Number.isFinite(number) || number < 0) continue;
          control.value = String(number);
        }
        changed = true;
      }
      const asked = state.get("sort");
      if (asked !== undefined) {
        const descending = asked.startsWith("-");
        const key = descending ? asked.slice(1) : asked;
        const column = columns.get(key);
        if (column && column.th.dataset.sort) {
          sort = { key, descending };
          changed = true;
        }
      }
      return changed;
    }

    /* Events ------------------------------------------------------------------------------ */

    function changed() {
      apply();
      save();
    }

    form.addEventListener("submit", (event) => event.preventDefault());
    form.addEventListener("input", changed);
    form.addEventListener("change", changed);
    form.addEventListener("reset", () => setTimeout(changed, 0));
    for (const [key, { th }] of columns) {
      const button = th.querySelector("button.lb-sort");
      if (!button) continue;
      button.addEventListener("click", () => {
        const descending = sort !== null && sort.key === key && !sort.descending;
        sort = { key, descending };
        changed();
      });
      button.disabled = false;
    }
    more.addEventListener("click", () => draw(drawn));
    if ("IntersectionObserver" in window) {
      const observer = new IntersectionObserver(
        (entries) => {
          if (!block.isConnected) return observer.disconnect();
          if (entries.some((entry) => entry.isIntersecting) && !more.hidden) draw(drawn);
        },
        { rootMargin: NEAR },
      );
      observer.observe(more);
    }
    const csvLink = block.querySelector(".lb-table__foot a[download]");
    form.querySelector("[data-download]").addEventListener("click", () => download(scope, csvLink.href, shown, controls));

    if (restore()) apply();
    else more.hidden = drawn >= rows.length;
    more.disabled = false;
    form.querySelector("fieldset").disabled = false;
    block.dataset.enhanced = "true";
    block.dispatchEvent(new CustomEvent("lb:table-ready", { bubbles: true }));
  }

  /* "Download these": the full CSV's header and the records of the rows shown, in their order, in
     a file named for the filters set. The full CSV is fetched once, on the first download. */
  const fullCsv = new Map(); // URL → Promise of its records
  function download(scope, url, rows, controls) {
    const parts = [scope];
    for (const control of controls) {
      const value = slug(control.value);
      if (value) parts.push(`${control.name}-${value}`);
    }
    const name = parts.join("-").slice(0, 120).replace(/-+$/, "");
    if (!fullCsv.has(url)) {
      fullCsv.set(url, fetch(url).then((response) => {
        if (!response.ok) throw new Error(`${response.status} ${response.statusText}: ${url}`);
        return response.text().then(csvRecords);
      }));
    }
    fullCsv.get(url).then((records) => {
      const lines = [records[0], ...rows.map((row) => records[row + 1])];
      const blob = new Blob([`${lines.join("\n")}\n`], { type: "text/csv;charset=utf-8" });
      const link = document.createElement("a");
      link.href = URL.createObjectURL(blob);
      link.download = `${name}.csv`;
      link.hidden = true;
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(link.href), 0);
    }, (error) => {
      fullCsv.delete(url);
      console.error(`tables.js: cannot download the rows of ${scope}: ${error.message}`);
    });
  }

  function enhanceAll() {
    document.querySelectorAll("[data-table][data-rows]").forEach(enhance);
  }

  if (window.document$) window.document$.subscribe(enhanceAll);
  else document.addEventListener("DOMContentLoaded", enhanceAll);
})();
