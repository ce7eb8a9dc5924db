"""Weight and speed of the published home page and MATH page, in headless Chromium.

    .venv/bin/python benchmarks/perf.py [--runs 5]

Builds the site as `make build` does and serves it on 127.0.0.1 with gzip, as GitHub Pages does
(Python's own server sends no compression, and Vega's JavaScript would then dominate every figure).
Each page is loaded `--runs` times, each in a fresh browser context (cold cache); the table shows
medians. Each run is checked to have drawn its charts as published: Vega's bundle and the Vega
specs compiled at build time fetched, no Vega-Lite spec.

Bytes are counted by the server, per request: raw (uncompressed) / as sent, in KB. Times are in ms
from the start of navigation, read from Chromium's Performance API: first contentful paint (FCP);
the chart painted (the largest-contentful-paint entry of the chart's image if Chromium reports
one, else the first frame after the chart's image has loaded or its SVG is in the page, and never
before FCP); interactive (the page's first chart, in the window at load, drawn and wired:
charts.js dispatches `lb:chart-ready`; it draws the others as a reader comes near them); the load
event.

Targets: at most 450 KB gzip for the home page; each page's chart painted at first contentful
paint; interactive within 1 s of the start of loading.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
from dataclasses import dataclass
from pathlib import Path

import readme
import vl_convert

from leaderboard.charts.bundle import VEGA_BUNDLE
from tools.browser import FLAGS as CHROMIUM_FLAGS
from tools.browser import ensure as chromium_path
from tools.site import GzipServer, build_site, free_port, serve_gzip

PAGES = {"Home": "", "MATH": "benchmarks/math/"}
KINDS = {  # file extension: what a visitor downloads
    ".html": "HTML",
    ".js": "JS",
    ".css": "CSS",
    ".json": "data",
    ".csv": "data",
    ".bib": "data",
    ".xml": "data",
    ".png": "images",
    ".svg": "images",
    ".ico": "images",
    ".jpg": "images",
    ".webp": "images",
}
FRAME_MS = 17  # one frame at 60 Hz: "painted at first contentful paint" allows this much

# Injected before any script of the page: records the chart's paint and its readiness.
PROBE_JS = """(() => {
  const perf = (window.__lbPerf = { ready: [], painted: null, lcp: null });
  const paint = () => requestAnimationFrame((t) => { if (perf.painted === null) perf.painted = t; });
  document.addEventListener("load", (e) => {
    if (e.target.matches && e.target.matches(".lb-chart img")) paint();
  }, true);
  new MutationObserver((records) => {  // an SVG written in the page, as the parser meets it
    for (const r of records) for (const n of r.addedNodes) {
      if (n.nodeType === 1 && n.matches("svg") && n.closest(".lb-chart")) paint();
    }
  }).observe(document, { childList: true, subtree: true });
  document.addEventListener("lb:chart-ready", () => {
    performance.mark("lb-chart-ready");
    perf.ready.push(performance.now());
    paint();
  }, true);
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if (perf.lcp === null && e.element && e.element.closest(".lb-chart")) perf.lcp = e.startTime;
    }
  }).observe({ type: "largest-contentful-paint", buffered: true });
})();"""

READY_JS = """() => window.__lbPerf && document.readyState === "complete" &&
  window.__lbPerf.ready.length > 0"""

TIMINGS_JS = """() => {
  const perf = window.__lbPerf;
  const fcp = performance.getEntriesByName("first-contentful-paint")[0];
  const nav = performance.getEntriesByType("navigation")[0];
  const chart = perf.lcp !== null ? perf.lcp : perf.painted;
  return {
    fcp: fcp ? fcp.startTime : null,
    // Nothing is painted before the first paint: a chart in place by then is painted at FCP.
    painted: chart === null ? null : Math.max(fcp ? fcp.startTime : 0, chart),
    interactive: perf.ready.length ? Math.min(...perf.ready) : null,
    load: nav.loadEventEnd,
  };
}"""


# Measuring -------------------------------------------------------------------------------------
@dataclass
class Run:
    files: list[str]  # the names of the files served, in order
    raw: dict[str, int]
    sent: dict[str, int]
    fcp: float
    painted: float | None
    interactive: float | None
    load: float

    @property
    def late(self) -> float | None:
        """How long after first contentful paint the chart was painted."""
        return None if self.painted is None else self.painted - self.fcp


def measure(browser, server: GzipServer, url: str) -> Run:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.add_init_script(PROBE_JS)
    server.log.clear()
    page.goto(url, wait_until="load")
    page.wait_for_function(READY_JS, timeout=60000)
    page.wait_for_load_state("networkidle")
    timings = page.evaluate(TIMINGS_JS)
    context.close()
    raw: dict[str, int] = {}
    sent: dict[str, int] = {}
    for name, size, transferred in server.log:
        kind = KINDS.get(Path(name).suffix, "other")
        raw[kind] = raw.get(kind, 0) + size
        sent[kind] = sent.get(kind, 0) + transferred
    return Run([name for name, _, _ in server.log], raw, sent, **timings)


def drawn_as_published(run: Run) -> list[str]:
    """What a run fetched against what the published page should: Vega's bundle and compiled Vega
    specs, no Vega-Lite spec (nothing is compiled in the browser)."""
    fetched = set(run.files)
    problems = [] if Path(VEGA_BUNDLE).name in fetched else [f"{Path(VEGA_BUNDLE).name} not fetched"]
    problems += [f"{name} fetched" for name in sorted(fetched) if name.endswith(".vl.json")]
    if not any(name.endswith(".vg.json") for name in fetched):
        problems.append("no .vg.json spec fetched")
    return problems


def median(runs: list[Run], attribute: str) -> float | None:
    values = [getattr(r, attribute) for r in runs if getattr(r, attribute) is not None]
    return statistics.median(values) if values else None


def kilobytes(runs: list[Run], kind: str | None) -> tuple[float, float]:
    def total(sizes: dict[str, int]) -> int:
        return sum(sizes.values()) if kind is None else sizes.get(kind, 0)

    return (
        statistics.median(total(r.raw) for r in runs) / 1024,
        statistics.median(total(r.sent) for r in runs) / 1024,
    )


# Reporting -------------------------------------------------------------------------------------
def table(results: dict[str, list[Run]]) -> str:
    kinds = ["HTML", "JS", "CSS", "data", "images"]
    lines = [
        "| Page | " + " | ".join(kinds) + " | Total | FCP | Chart painted | Interactive | Load |",
        "|---|" + "---:|" * (len(kinds) + 5),
    ]
    for page, runs in results.items():
        sizes = [f"{raw:.0f} / {sent:.0f}" for raw, sent in (kilobytes(runs, k) for k in kinds)]
        raw, sent = kilobytes(runs, None)
        times = [median(runs, a) for a in ("fcp", "painted", "interactive", "load")]
        cells = [page, *sizes, f"{raw:.0f} / **{sent:.0f}**", *(ms(t) for t in times)]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def ms(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0f} ms"


def verdicts(results: dict[str, list[Run]]) -> list[str]:
    home = kilobytes(results["Home"], None)[1]
    lines = [readme.check("home page at most 450 KB gzip", home <= 450, f"{home:.0f} KB")]
    for page, runs in results.items():
        late, ready = median(runs, "late"), median(runs, "interactive")
        lines.append(
            readme.check(
                f"{page}: chart painted at first contentful paint",
                late is not None and late <= FRAME_MS,
                f"{ms(late)} after FCP",
            )
        )
        lines.append(
            readme.check(
                f"{page}: chart interactive within 1 s", ready is not None and ready <= 1000, ms(ready)
            )
        )
    return lines


def section(results: dict[str, list[Run]], runs: int, chromium: str) -> str:
    """This run's part of benchmarks/README.md: how to repeat it, on what it ran, what it found."""
    return "\n".join(
        [
            readme.method(__doc__),
            "",
            "```sh",
            readme.command_line(),
            "```",
            "",
            f"Last run: {readme.machine()}; Chromium {chromium}, headless; Vega "
            f"{vl_convert.get_vega_version()} bundled by vl-convert-python {vl_convert.__version__}. "
            f"KB raw / gzip as sent; times in ms from the start of navigation, medians of {runs} cold loads.",
            "",
            table(results),
            "",
            *verdicts(results),
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="cold loads per page (default 5)")
    parser.add_argument(
        "--readme", type=Path, default=readme.README, help="the file whose perf.py section to rewrite"
    )
    parser.add_argument("--no-readme", action="store_true", help="print the figures only")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    # Load inputs: the site as `make build` builds it.
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    with tempfile.TemporaryDirectory() as tmp:
        site = build_site(Path(tmp), url)

        # Process data: every page, runs interleaved so that load on the machine is shared.
        server = serve_gzip(site, port)
        results: dict[str, list[Run]] = {page: [] for page in PAGES}
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
            for _ in range(args.runs):
                for page, path in PAGES.items():
                    results[page].append(run := measure(browser, server, url + path))
                    if problems := drawn_as_published(run):
                        raise SystemExit(f"{page}: not drawn as published:\n" + "\n".join(problems))
            version = browser.version
            browser.close()
        server.shutdown()

    # Save outputs: the figures, printed and in their section of benchmarks/README.md.
    text = section(results, args.runs, version)
    readme.publish("perf.py", text, None if args.no_readme else args.readme)


if __name__ == "__main__":
    main()
