"""Weight and speed of the home page and the MATH page, beside the usual three-file Vega setup.

    .venv/bin/python benchmarks/perf.py [--runs 5]

Builds the site as `make build` does and serves it on 127.0.0.1 with gzip, as GitHub Pages does.
Each page is measured as published (Vega alone, drawing each chart's Vega spec compiled at build
time) and as a copy that does what the usual CDN snippet does: it loads vega, vega-lite and
vega-embed as three files and calls `vegaEmbed` on the Vega-Lite spec, compiled in the browser
(charts.js takes that path when the page has `window.vegaEmbed`; everything else is the same
code). The three files come from the npm registry (`npm pack`, cached under .cache/, never
committed), at the versions vl-convert bundles. Runs alternate between the two setups, each in a
fresh browser context (cold cache); the table shows medians. Each run is checked to have drawn
its charts the way its setup says (the published page fetches no Vega-Lite, the copy no compiled
Vega spec).

Measured in headless Chromium with the Performance API, from the start of navigation:
first contentful paint; the chart painted (the largest-contentful-paint entry of the chart's image
if Chromium reports one, else the first frame after the chart's image has loaded or its SVG is in
the page, and never before first contentful paint); the chart
interactive (every chart of the page drawn and wired: charts.js dispatches `lb:chart-ready`);
the load event. Bytes are counted by the server, per request: raw (uncompressed) and as sent.

Targets: at most 450 KB gzip for the home page; the chart painted at first contentful paint;
interactive within 1 s of the start of loading; lighter and faster than the three-file copy.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import os
import re
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

import vl_convert

from leaderboard.charts.bundle import VEGA_BUNDLE

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from conftest import build_site, free_port  # noqa: E402

from tools.browser import FLAGS as CHROMIUM_FLAGS  # noqa: E402
from tools.browser import ensure as chromium_path  # noqa: E402

CACHE = ROOT / ".cache" / "three-files"
PAGES = {"Home": "", "MATH": "benchmarks/math/"}
# charts.js uses the page's own vegaEmbed when there is one: the three files go before it.
BUNDLE_TAG = re.compile(r'<script src="([^"]*)assets/javascripts/charts\.js"></script>')
THREE_FILES = "index.three-files.html"
BUNDLE_PRELOAD = re.compile(r'\s*<link rel="preload" as="script" href="[^"]*vega\.bundle\.js"[^>]*>')
PUBLISHED, COPY = "published", "three files"  # the two setups
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
COMPRESSED = ("text/", "application/javascript", "application/json", "image/svg+xml", "application/xml")
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
  window.__lbPerf.ready.length >= document.querySelectorAll(".lb-chart__view").length"""

TIMINGS_JS = """() => {
  const perf = window.__lbPerf;
  const fcp = performance.getEntriesByName("first-contentful-paint")[0];
  const nav = performance.getEntriesByType("navigation")[0];
  const chart = perf.lcp !== null ? perf.lcp : perf.painted;
  return {
    fcp: fcp ? fcp.startTime : null,
    // Nothing is painted before the first paint: a chart in place by then is painted at FCP.
    painted: chart === null ? null : Math.max(fcp ? fcp.startTime : 0, chart),
    interactive: perf.ready.length ? Math.max(...perf.ready) : null,
    load: nav.loadEventEnd,
  };
}"""


# Serving ---------------------------------------------------------------------------------------
class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, gzip-compressed for text types when the browser asks (as GitHub Pages does);
    every request is logged with its raw size and the size sent."""

    def do_GET(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        if not path.is_file():
            return super().do_GET()  # redirects and 404s as usual
        body = path.read_bytes()
        kind = self.guess_type(str(path))
        compress = "gzip" in self.headers.get("Accept-Encoding", "") and kind.startswith(COMPRESSED)
        payload = self.server.gzipped(path, body) if compress else body
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(payload)))
        self.send_header("Cache-Control", "max-age=600")
        if compress:
            self.send_header("Content-Encoding", "gzip")
        self.end_headers()
        self.wfile.write(payload)
        self.server.log.append((path.name, len(body), len(payload)))

    def log_message(self, *args):
        pass


class GzipServer(http.server.ThreadingHTTPServer):
    def __init__(self, directory: Path, port: int):
        super().__init__(("127.0.0.1", port), functools.partial(GzipHandler, directory=str(directory)))
        self.log: list[tuple[str, int, int]] = []  # (file name, raw size, size sent)
        self._gzip: dict[Path, bytes] = {}

    def gzipped(self, path: Path, body: bytes) -> bytes:
        if path not in self._gzip:
            self._gzip[path] = gzip.compress(body, compresslevel=6, mtime=0)
        return self._gzip[path]


# The three-file copy ---------------------------------------------------------------------------
def three_files(cache: Path = CACHE) -> dict[str, Path]:
    """vega, vega-lite and vega-embed as the CDN serves them (each package's `jsdelivr` file), at the
    versions vl-convert bundles; fetched once with `npm pack`."""
    versions = {
        "vega": vl_convert.get_vega_version(),
        "vega-lite": bundled_vega_lite_version(),
        "vega-embed": vl_convert.get_vega_embed_version(),
    }
    files = {}
    for name, version in versions.items():
        path = files[name] = cache / f"{name}-{version}.min.js"
        if path.exists():
            continue
        cache.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory() as tmp:
            subprocess.run(
                ["npm", "pack", "--silent", f"{name}@{version}"], cwd=tmp, check=True, capture_output=True
            )
            (tarball,) = Path(tmp).glob("*.tgz")
            with tarfile.open(tarball) as archive:
                path.write_bytes(archive.extractfile(f"package/build/{name}.min.js").read())
    return files


def bundled_vega_lite_version() -> str:
    """vl-convert names the Vega-Lite minor version it compiles with; its default bundle (vega,
    vega-lite, vega-embed: the site's bundle holds Vega alone) holds the exact one."""
    minor = vl_convert.get_vegalite_versions()[-1]
    found = re.search(rf'"({re.escape(minor)}\.\d+)"', vl_convert.javascript_bundle())
    if not found:
        raise SystemExit(f"no Vega-Lite {minor}.x version string in vl-convert's bundle")
    return found.group(1)


def add_three_file_copy(site: Path, page: str, files: dict[str, Path]) -> str:
    """Beside the page's index.html, a copy that loads the three files instead of the bundle."""
    html = (site / page / "index.html").read_text(encoding="utf-8")
    match = BUNDLE_TAG.search(html)
    if not match:
        raise SystemExit(f"{page or '/'}: no <script> of charts.js to put the three files before")
    vendor = site / "assets" / "vendor"
    tags = []
    for path in files.values():
        shutil.copy2(path, vendor / path.name)
        tags.append(f'<script src="{match.group(1)}assets/vendor/{path.name}"></script>')
    tags.append(match.group(0))
    html = BUNDLE_PRELOAD.sub("", html)  # the page's head asks for our bundle early; the copy has none
    (site / page / THREE_FILES).write_text(html.replace(match.group(0), "\n".join(tags)), encoding="utf-8")
    return page + THREE_FILES


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


def drawn_as_said(setup: str, run: Run, three: dict[str, Path]) -> list[str]:
    """What a run fetched against what its setup should: its own JavaScript and kind of chart spec
    (Vega compiled at build time, or Vega-Lite), none of the other setup's."""
    bundle, copy = {Path(VEGA_BUNDLE).name}, {path.name for path in three.values()}
    scripts, others = (bundle, copy) if setup == PUBLISHED else (copy, bundle)
    spec, other_spec = (".vg.json", ".vl.json") if setup == PUBLISHED else (".vl.json", ".vg.json")
    fetched = set(run.files)
    problems = [f"{name} not fetched" for name in sorted(scripts - fetched)]
    problems += [f"{name} fetched" for name in sorted(fetched) if name in others or name.endswith(other_spec)]
    if not any(name.endswith(spec) for name in fetched):
        problems.append(f"no {spec} spec fetched")
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
def table(results: dict[tuple[str, str], list[Run]]) -> str:
    kinds = ["HTML", "JS", "CSS", "data", "images"]
    lines = [
        "| Page | Setup | " + " | ".join(kinds) + " | Total | FCP | Chart painted | Interactive | Load |",
        "|---|---|" + "---:|" * (len(kinds) + 5),
    ]
    for (page, setup), runs in results.items():
        sizes = [f"{raw:.0f} / {sent:.0f}" for raw, sent in (kilobytes(runs, k) for k in kinds)]
        raw, sent = kilobytes(runs, None)
        times = [median(runs, a) for a in ("fcp", "painted", "interactive", "load")]
        cells = [page, setup, *sizes, f"{raw:.0f} / **{sent:.0f}**", *(ms(t) for t in times)]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def ms(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0f} ms"


def verdicts(results: dict[tuple[str, str], list[Run]]) -> list[str]:
    home = results[("Home", PUBLISHED)]
    lines = [
        check(
            "home page at most 450 KB gzip",
            kilobytes(home, None)[1] <= 450,
            f"{kilobytes(home, None)[1]:.0f} KB",
        )
    ]
    for page in PAGES:
        ours, theirs = results[(page, PUBLISHED)], results[(page, COPY)]
        late, ready = median(ours, "late"), median(ours, "interactive")
        lines.append(
            check(
                f"{page}: chart painted at first contentful paint",
                late is not None and late <= FRAME_MS,
                f"{ms(late)} after FCP",
            )
        )
        lines.append(
            check(f"{page}: chart interactive within 1 s", ready is not None and ready <= 1000, ms(ready))
        )
        lighter = kilobytes(ours, None)[1] / kilobytes(theirs, None)[1]
        faster = ready / median(theirs, "interactive")
        lines.append(
            check(f"{page}: lighter than the three-file copy", lighter < 1, f"{lighter:.2f}x the bytes")
        )
        lines.append(
            check(
                f"{page}: interactive sooner than the three-file copy", faster < 1, f"{faster:.2f}x the time"
            )
        )
    return lines


def check(what: str, ok: bool, figure: str) -> str:
    return f"- {'✓' if ok else '✗'} {what}: {figure}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per page and setup (default 5)")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    # Load inputs: the site as published, and the three files of the usual CDN snippet.
    files = three_files()
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    with tempfile.TemporaryDirectory() as tmp:
        site = build_site(Path(tmp), url)
        pages = {(name, PUBLISHED): path for name, path in PAGES.items()}
        pages |= {(name, COPY): add_three_file_copy(site, path, files) for name, path in PAGES.items()}

        # Process data: every page and setup, runs interleaved so that load on the machine is shared.
        server = GzipServer(site, port)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        results: dict[tuple[str, str], list[Run]] = {key: [] for key in pages}
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
            for _ in range(args.runs):
                for key, path in pages.items():
                    results[key].append(run := measure(browser, server, url + path))
                    if problems := drawn_as_said(key[1], run, files):
                        raise SystemExit(f"{key[0]}: not drawn as its setup says:\n" + "\n".join(problems))
            version = browser.version
            browser.close()
        server.shutdown()

    # Save outputs: the table (Markdown, for the README) and the targets.
    versions = {name: path.name.removesuffix(".min.js") for name, path in files.items()}
    print(f"KB raw / gzip sent; times from the start of navigation; median of {args.runs} cold loads.")
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"Chromium {version}, headless, {os.cpu_count()} cores, load average {load} after the runs.")
    print(
        f"{PUBLISHED}: vega {vl_convert.get_vega_version()} bundled by vl-convert-python "
        f"{vl_convert.__version__}, specs compiled by {versions['vega-lite']}; "
        f"{COPY}: {', '.join(versions.values())}.\n"
    )
    print(table(results))
    print()
    print("\n".join(verdicts(results)))


if __name__ == "__main__":
    main()
