/* Embedding a chart in another page: the "Embed" offer under each chart, and the embed page's
 * link back.
 *
 * Under a chart, "Embed" is a link to the chart's embed page (`embed/ID/`, the chart alone: see
 * templates/embed.md.j2), which is what a reader without JavaScript gets. Here it becomes a button
 * of the same text and look (so nothing moves) that shows an `<iframe>` snippet to copy: its
 * `src` the embed page's address with the chart's view as the reader set it up (its part of the
 * query string, `lbState.query(ID)`: the embed page reads it as the chart's page does), the chart's
 * title, the page's width and the chart's height (`data-height`), loaded lazily. The snippet is
 * written again each time it is shown, focused or copied, and as the chart's view changes.
 *
 * On an embed page, the link back to the chart's page takes the chart's view along when followed.
 *
 * The address is hostile input: it reaches the snippet only through URLSearchParams (encoded), as
 * an attribute value escaped here, and the page only as a textarea's value, never as HTML.
 */
(function () {
  "use strict";

  function attribute(text) {
    return String(text)
      .replace(/&/g, "&amp;")
      .replace(/"/g, "&quot;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;");
  }

  /* `href` (absolute) with the chart's view as its query string, its #fragment kept. */
  function withView(href, chart) {
    const address = new URL(href);
    address.search = window.lbState ? window.lbState.query(chart) : "";
    return address.href;
  }

  function snippet(button) {
    const { href, chart, title, height } = button.dataset;
    return (
      `<iframe src="${attribute(withView(href, chart))}" title="${attribute(title)}" ` +
      `width="100%" height="${Number(height)}" style="border: 0" loading="lazy"></iframe>`
    );
  }

  /* The panel under the downloads line: the snippet in a read-only text box, and "Copy". */
  function panel(button) {
    const id = `chart-${button.dataset.chart}-embed`;
    const box = document.createElement("div");
    box.className = "lb-chart__embed-panel";
    box.id = id;
    box.hidden = true;
    const label = box.appendChild(document.createElement("label"));
    label.htmlFor = `${id}-code`;
    label.textContent = "To show this chart as you see it now in your own page, copy this HTML into it:";
    const code = box.appendChild(document.createElement("textarea"));
    code.id = `${id}-code`;
    code.readOnly = true;
    code.rows = 3;
    code.spellcheck = false;
    const copy = box.appendChild(document.createElement("button"));
    copy.type = "button";
    copy.className = "lb-chart__copy";
    copy.textContent = "Copy";
    const status = box.appendChild(document.createElement("span"));
    status.className = "lb-chart__copied";
    status.setAttribute("role", "status");

    const refresh = () => {
      code.value = snippet(button);
    };
    code.addEventListener("focus", () => {
      refresh();
      code.select();
    });
    copy.addEventListener("click", async () => {
      refresh();
      try {
        await navigator.clipboard.writeText(code.value);
        status.textContent = "Copied.";
      } catch {
        // No clipboard here (an insecure context, or permission refused): the text, selected.
        code.focus();
        code.select();
        status.textContent = "Selected: copy it with Ctrl+C (⌘C on a Mac).";
      }
    });
    box.addEventListener("keydown", (event) => {
      if (event.key !== "Escape") return;
      toggle(button, false);
      button.focus();
    });
    // The view changes as the reader uses the chart: the snippet follows once charts.js has
    // written it to the address.
    const figure = button.closest(".lb-chart");
    for (const type of ["click", "change", "keyup"]) {
      figure.addEventListener(type, (event) => {
        if (!box.hidden && !box.contains(event.target)) requestAnimationFrame(refresh);
      });
    }
    box.refresh = refresh;
    button.closest("figcaption").appendChild(box);
    return box;
  }

  function toggle(button, open) {
    const box = document.getElementById(button.getAttribute("aria-controls")) || panel(button);
    const show = open === undefined ? box.hidden : open;
    if (show) box.refresh();
    box.hidden = !show;
    button.setAttribute("aria-expanded", String(show));
  }

  /* The link under a chart, as a button of the same text. */
  function offer(link) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = link.className;
    button.textContent = link.textContent;
    Object.assign(button.dataset, link.dataset, { href: link.href });
    button.setAttribute("aria-expanded", "false");
    button.setAttribute("aria-controls", `chart-${link.dataset.chart}-embed`);
    button.addEventListener("click", () => toggle(button));
    link.replaceWith(button);
  }

  /* The embed page's link to the chart's page, with the chart's view when followed. */
  function linkBack(link) {
    const href = link.href;
    const update = () => {
      link.href = withView(href, link.dataset.chart);
    };
    for (const type of ["pointerdown", "focus", "click", "contextmenu"]) link.addEventListener(type, update);
  }

  function setUp() {
    for (const link of document.querySelectorAll("a.lb-chart__embed[data-chart]")) offer(link);
    for (const link of document.querySelectorAll(".lb-embed__back a[data-chart]")) linkBack(link);
  }

  if (window.document$) {
    window.document$.subscribe(setUp);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
