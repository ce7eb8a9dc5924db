#!/usr/bin/env python3
"""The interactive tables at 10,000 models beside the real site: the models index and the MATH page
in headless Chromium.

    .venv/bin/python benchmarks/tables.py                     # the real site and 10,000 models
    .venv/bin/python benchmarks/tables.py --models 2000 --runs 1 --no-readme   # a quick look

Builds the real site and a synthetic one (`synthetic.py`) as `make build` does and serves each on
127.0.0.1 with gzip, as GitHub Pages does. Each page is loaded `--runs` times, each in a fresh
browser context (cold cache), runs interleaved; the table shows medians. Bytes are counted by the
server, every request until the table is interactive and the network idle: the page's HTML, the
table's rows (`downloads/tables/*.json`), Material's search index (which its search fetches at
load) and the whole page (data included), raw / gzip as sent, in KB. Times in ms:
DOMContentLoaded and the first rows painted (the first frame once the table's first row is in
the document, never before first contentful paint), from the start of navigation; the table
interactive (tables.js has every row: `lb:table-ready`); then sorting (a score column's button),
filtering (the Family select set to its first family) and searching (`qwen2 72b` typed in the
Model box), each from the event to the next frame painted, and in brackets the part of it
tables.js spends filtering, sorting and drawing the rows (its User Timing measure
`lb-table:apply`). The actions start 3 s after the network is idle, once the charts near the
window are drawn.

Targets at 10,000 models: DOMContentLoaded and the first rows within 1 s; sort, filter and search
within 100 ms each; at most 500 KB gzip for the page, data included.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
from dataclasses import dataclass
from pathlib import Path

import readme
import synthetic

from tools.browser import FLAGS as CHROMIUM_FLAGS
from tools.browser import ensure as chromium_path
from tools.site import DATA, GzipServer, build_site, free_port, serve_gzip

SETTLE_MS = 3000
PAGES = {"Models index": ("models/", "MATH"), "MATH": ("benchmarks/math/", "Accuracy (%)")}

# Injected before any script of the page: the first frame with a row of the table in it.
PROBE_JS = """(() => {
  const perf = (window.__lbTables = { rows: null, ready: null });
  const look = (time) => {
    if (document.querySelector("[data-table] tbody tr")) {
      requestAnimationFrame((painted) => { perf.rows = painted; });
    } else requestAnimationFrame(look);
  };
  requestAnimationFrame(look);
  document.addEventListener("lb:table-ready", () => { perf.ready = performance.now(); });
})();"""

TIMINGS_JS = """() => {
  const nav = performance.getEntriesByType("navigation")[0];
  const fcp = performance.getEntriesByName("first-contentful-paint")[0];
  const probe = window.__lbTables;
  const rows = Math.max(probe.rows, fcp ? fcp.startTime : 0);
  return { dcl: nav.domContentLoadedEventEnd, rows, ready: probe.ready };
}"""

# Each action from its event to the next frame painted.
ACTIONS_JS = """async (sortName) => {
  const block = document.querySelector("[data-table]");
  const frame = () => new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0)));
  async function timed(act) {
    await frame();
    const start = performance.now();
    act();
    const [applied] = performance.getEntriesByName("lb-table:apply").filter((m) => m.startTime >= start);
    await frame();
    return [performance.now() - start, applied.duration];
  }
  const buttons = Array.from(block.querySelectorAll("button.lb-sort"));
  const button = buttons.find((b) => b.textContent.trim() === sortName);
  const family = block.querySelector("select[name='family']");
  const search = block.querySelector("input[type='search']");
  const sort = await timed(() => button.click());
  const filter = await timed(() => {
    family.value = family.options[1].value;
    family.dispatchEvent(new Event("change", { bubbles: true }));
  });
  family.value = "";
  family.dispatchEvent(new Event("change", { bubbles: true }));
  const searched = await timed(() => {
    search.value = "qwen2 72b";
    search.dispatchEvent(new Event("input", { bubbles: true }));
  });
  return { sort, filter, searching: searched };
}"""


@dataclass
class Run:
    html: tuple[int, int]  # (raw, sent) bytes
    data: tuple[int, int]  # the table's rows
    search: tuple[int, int]  # Material's search index, which its search fetches at load
    total: tuple[int, int]
    dcl: float
    rows: float
    ready: float
    sort: tuple[float, float]  # (to the next frame, filtering, sorting and drawing the rows)
    filter: tuple[float, float]
    searching: tuple[float, float]


def measure(browser, server: GzipServer, url: str, sort_name: str) -> Run:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.add_init_script(PROBE_JS)
    server.log.clear()
    page.goto(url, wait_until="load")
    page.locator("[data-table][data-enhanced='true']").wait_for(timeout=60000)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(SETTLE_MS)  # charts near the window drawn: the actions run on a quiet page
    timings = page.evaluate(TIMINGS_JS)
    actions = page.evaluate(ACTIONS_JS, sort_name)
    context.close()
    log = list(server.log)

    def size(keep) -> tuple[int, int]:
        chosen = [(raw, sent) for name, raw, sent in log if keep(name)]
        return sum(r for r, _ in chosen), sum(s for _, s in chosen)

    return Run(
        html=size(lambda name: name == "index.html"),
        data=size(lambda name: name == "models.json" or name.endswith("-results.json")),
        search=size(lambda name: name == "search_index.json"),
        total=size(lambda name: True),
        **timings,
        **actions,
    )


def median(runs: list[Run], attribute: str, part: int = 0) -> float:
    values = [getattr(run, attribute) for run in runs]
    return statistics.median(v[part] if isinstance(v, tuple | list) else v for v in values)


def action(runs: list[Run], attribute: str) -> str:
    return f"{median(runs, attribute):,.0f} ms ({median(runs, attribute, 1):,.0f})"


def kb(runs: list[Run], attribute: str) -> str:
    raw = statistics.median(getattr(run, attribute)[0] for run in runs)
    sent = statistics.median(getattr(run, attribute)[1] for run in runs)
    return f"{raw / 1000:,.0f} / {sent / 1000:,.0f}"


def table(results: dict[tuple[str, str], list[Run]]) -> str:
    header = (
        "| Site | Page | HTML KB | rows KB | search index KB | total KB | DOMContentLoaded | first rows "
        "| interactive | sort | filter | search |"
    )
    lines = [header, "|---|---|" + "---:|" * (header.count("|") - 3)]
    for (site, page), runs in results.items():
        sizes = " | ".join(kb(runs, kind) for kind in ("html", "data", "search", "total"))
        times = " | ".join(f"{median(runs, a):,.0f} ms" for a in ("dcl", "rows", "ready"))
        actions = " | ".join(action(runs, a) for a in ("sort", "filter", "searching"))
        lines.append(f"| {site} | {page} | {sizes} | {times} | {actions} |")
    return "\n".join(lines)


def verdicts(results: dict[tuple[str, str], list[Run]], largest: str) -> list[str]:
    lines = []
    for (site, page), runs in results.items():
        if site != largest:
            continue
        sent = statistics.median(run.total[1] for run in runs) / 1000
        lines += [
            readme.check(
                f"{page}: DOMContentLoaded within 1 s",
                median(runs, "dcl") <= 1000,
                f"{median(runs, 'dcl'):,.0f} ms",
            ),
            readme.check(
                f"{page}: first rows within 1 s",
                median(runs, "rows") <= 1000,
                f"{median(runs, 'rows'):,.0f} ms",
            ),
        ]
        for name, attribute in (("sort", "sort"), ("filter", "filter"), ("search", "searching")):
            value = median(runs, attribute)
            lines.append(readme.check(f"{page}: {name} within 100 ms", value <= 100, action(runs, attribute)))
        index = statistics.median(run.search[1] for run in runs) / 1000
        lines.append(
            readme.check(
                f"{page}: at most 500 KB gzip, data included",
                sent <= 500,
                f"{sent:,.0f} KB, of which {index:,.0f} KB Material's search index",
            )
        )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--models", type=int, default=10000, help="models of the synthetic site")
    parser.add_argument("--runs", type=int, default=3, help="cold loads per page (default 3)")
    parser.add_argument(
        "--readme", type=Path, default=readme.README, help="the file whose section to rewrite"
    )
    parser.add_argument("--no-readme", action="store_true", help="print the figures only")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        # Load inputs: both sites as `make build` builds them.
        work = Path(tmp)
        big = f"{args.models:,} models"
        sites = {"real (50 models)": DATA, big: synthetic.write_data(work / "data", args.models)}
        served = {}
        for number, (label, data) in enumerate(sites.items()):
            port = free_port()
            url = f"http://127.0.0.1:{port}/"
            served[label] = (url, serve_gzip(build_site(work / f"site-{number}", url, data), port))

        # Process data: every page of every site, runs interleaved.
        results = {(site, page): [] for site in sites for page in PAGES}
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
            for _ in range(args.runs):
                for site, page in results:
                    url, server = served[site]
                    path, sort_name = PAGES[page]
                    results[site, page].append(measure(browser, server, url + path, sort_name))
            version = browser.version
            browser.close()
        for _, server in served.values():
            server.shutdown()

    # Save outputs: the figures, printed and in their section of benchmarks/README.md.
    lines = [readme.method(__doc__), "", "```sh", readme.command_line(), "```", ""]
    lines += [
        f"Last run: {readme.machine()}; Chromium {version}, headless; medians of {args.runs} cold loads.",
        "",
    ]
    text = "\n".join([*lines, table(results), "", *verdicts(results, big)])
    readme.publish("tables.py", text, None if args.no_readme else args.readme)


if __name__ == "__main__":
    main()
