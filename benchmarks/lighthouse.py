"""Lighthouse scores of every type of page of the published site, beside a bare Material page.

    .venv/bin/python benchmarks/lighthouse.py [--runs 3] [--reports FOLDER]

Builds the site as `make build` does and, in the same run, a bare MkDocs site of one paragraph
under the site's own `theme:` block (and the favicon it names; no extra CSS, JavaScript or hooks),
and serves each on 127.0.0.1 with gzip, as GitHub Pages does. Lighthouse (npm `lighthouse@12.2.3`,
installed on first use into `.venv/lighthouse/`) drives the machine's Chromium headless with its
default mobile preset (the CPU slowed 4 times, the network to slow 4G, simulated), `--runs` times
on one page of each type, runs interleaved so that load on the machine is shared; a type the site
does not have yet is skipped and named. Where a type has several pages (benchmarks, models) the
heaviest is measured. The table shows the median of each figure: the four category scores, first
and largest contentful paint (FCP, LCP), total blocking time (TBT), cumulative layout shift (CLS),
and the bytes sent (Lighthouse's total byte weight, compressed; 1 KB = 1,024 bytes). Below it, for
each page: the audits that cost it points (the share of its category's score each costs, median of
the runs), the performance diagnostics that flag it, and any audit Lighthouse could not run.

Targets: on every page type, performance at least 0.98 and within 0.02 of the bare page's;
accessibility, best practices and SEO 1.0; CLS 0; TBT at most the bare page's plus 50 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import readme
import scale
import yaml

from tools.browser import FLAGS as CHROMIUM_FLAGS
from tools.browser import ensure as chromium_path
from tools.site import ROOT, build_site, free_port, serve_gzip

LIGHTHOUSE = "12.2.3"  # 13 wants a newer Node than Debian's
# Not in .cache/: the build keeps .cache/ under 100 MB by deleting its least recently used files,
# and Lighthouse's 146 packages alone come near that.
INSTALL = ROOT / ".venv" / "lighthouse"
CATEGORIES = {
    "performance": "Performance",
    "accessibility": "Accessibility",
    "best-practices": "Best practices",
    "seo": "SEO",
}
METRICS = {  # audit: column
    "first-contentful-paint": "FCP",
    "largest-contentful-paint": "LCP",
    "total-blocking-time": "TBT",
    "cumulative-layout-shift": "CLS",
    "total-byte-weight": "KB",
}
# (label, files of the built site that are pages of that type): the largest file is measured.
PAGE_TYPES = [
    ("Home", "index.html"),
    ("Benchmark page", "benchmarks/*/index.html"),
    ("Benchmarks index", "benchmarks/index.html"),
    ("Model page", "models/*/index.html"),
    ("Models index", "models/index.html"),
    ("Data", "data/index.html"),
    ("Downloads", "downloads/index.html"),
    ("Changes", "changes/index.html"),
    ("Compare", "compare/**/index.html"),
    ("Embed", "embed/**/*.html"),
]
BARE = "Bare Material page"
UNSCORED = ("informative", "notApplicable", "manual", "error")


# Lighthouse ------------------------------------------------------------------------------------
def lighthouse_cli() -> list[str]:
    """The command that runs Lighthouse LIGHTHOUSE, installed into INSTALL if it is not there."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if not node or not npm:
        raise SystemExit(
            "Lighthouse needs Node.js 18.16 or later and npm: install them (apt-get install npm)."
        )
    package = INSTALL / "node_modules" / "lighthouse" / "package.json"
    if not package.is_file() or json.loads(package.read_text(encoding="utf-8"))["version"] != LIGHTHOUSE:
        print(f"installing lighthouse@{LIGHTHOUSE} into {INSTALL}", file=sys.stderr, flush=True)
        install = [npm, "install", "--prefix", str(INSTALL), "--save-exact", "--no-audit", "--no-fund"]
        subprocess.run([*install, f"lighthouse@{LIGHTHOUSE}"], check=True, stdout=sys.stderr)
    return [node, str(INSTALL / "node_modules" / "lighthouse" / "cli" / "index.js")]


def run_lighthouse(cli: list[str], url: str, report: Path) -> dict:
    """One Lighthouse run of `url` (mobile preset, a fresh Chromium profile); its report, also
    written to `report`."""
    flags = " ".join(["--headless", *CHROMIUM_FLAGS])
    command = [
        *cli,
        url,
        "--quiet",
        "--output=json",
        f"--output-path={report}",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={flags}",
    ]
    env = {**os.environ, "CHROME_PATH": chromium_path()}
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)
    if result.returncode != 0 or not report.is_file():
        raise SystemExit(f"lighthouse {url} exited with {result.returncode}:\n{result.stderr[-3000:]}")
    lhr = json.loads(report.read_text(encoding="utf-8"))
    if lhr.get("runtimeError"):
        raise SystemExit(f"lighthouse {url}: {lhr['runtimeError'].get('message')}")
    return lhr


# The pages -------------------------------------------------------------------------------------
def pages_of(site: Path) -> tuple[dict[str, str], list[str]]:
    """The page measured for each type the site has ({label: path under the site's address}), and
    the labels of the types it does not have."""
    found, missing = {}, []
    for label, pattern in PAGE_TYPES:
        files = sorted(site.glob(pattern), key=lambda path: (-path.stat().st_size, path.as_posix()))
        if not files:
            missing.append(label)
            continue
        path = files[0].relative_to(site).as_posix()
        found[label] = path.removesuffix("index.html")
    return found, missing


def build_bare(work: Path, site_url: str) -> Path:
    """The bare site: scale.py's bare project of one page (the site's theme, one paragraph, and the
    favicon the theme names), at `site_url`; returns its built folder."""
    project = scale.bare_project(work / "bare", 1)
    config_path = project / "mkdocs.yml"
    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    config["site_url"] = site_url
    if favicon := config["theme"].get("favicon"):  # the theme names it: a 404 would cost points
        (project / "docs" / favicon).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / "docs" / favicon, project / "docs" / favicon)
    config_path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    site = work / "bare-site"
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config_path), "-d", str(site)]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"the bare site did not build:\n{result.stderr}")
    return site


# One run's figures -----------------------------------------------------------------------------
@dataclass
class Run:
    scores: dict[str, float | None]  # category id: score, 0 to 1; None if a weighted audit failed to run
    metrics: dict[str, float]  # audit id: numeric value (ms, bytes, or CLS's unitless figure)
    costs: dict[tuple[str, str], float]  # (category, audit id): points of the category it costs
    hints: dict[str, str]  # performance diagnostic below full score: its display value
    titles: dict[str, str]  # audit id: title
    errors: dict[str, str]  # audit id: why Lighthouse could not run it
    benchmark_index: float
    warnings: list[str]


def summary(lhr: dict) -> Run:
    """What the table and the audit lists need from one Lighthouse report."""
    audits = lhr["audits"]
    costs, hints = {}, {}
    for category, entry in lhr["categories"].items():
        refs = [r for r in entry["auditRefs"] if audits[r["id"]]["scoreDisplayMode"] not in UNSCORED]
        weights = sum(r["weight"] for r in refs)
        for ref in refs:
            audit = audits[ref["id"]]
            if audit["score"] is None or audit["score"] >= 1:
                continue
            if ref["weight"] > 0:
                costs[(category, ref["id"])] = ref["weight"] * (1 - audit["score"]) / weights
            elif category == "performance" and audit["scoreDisplayMode"] in ("metricSavings", "binary"):
                hints[ref["id"]] = audit.get("displayValue") or ""
    return Run(
        scores={c: lhr["categories"][c]["score"] for c in CATEGORIES},
        metrics={a: audits[a]["numericValue"] for a in METRICS},
        costs=costs,
        hints=hints,
        titles={a: audits[a]["title"] for a in audits},
        errors={
            a: audits[a].get("errorMessage") or "" for a in audits if audits[a]["scoreDisplayMode"] == "error"
        },
        benchmark_index=lhr["environment"]["benchmarkIndex"],
        warnings=list(lhr.get("runWarnings", [])),
    )


def median(values: list[float | None]) -> float | None:
    """The median of the values there are (a category whose audit failed has none); None if none."""
    known = [v for v in values if v is not None]
    return statistics.median(known) if known else None


@dataclass
class Page:
    label: str
    path: str
    runs: list[Run]

    def score(self, category: str) -> float | None:
        return median([r.scores[category] for r in self.runs])

    def metric(self, audit: str) -> float:
        return median([r.metrics[audit] for r in self.runs])


# Reporting -------------------------------------------------------------------------------------
def table(pages: list[Page]) -> str:
    header = ["Page", *CATEGORIES.values(), "FCP", "LCP", "TBT", "CLS", "KB"]
    lines = ["| " + " | ".join(header) + " |", "|---|" + "---:|" * (len(header) - 1)]
    for page in pages:
        name = f"{page.label} (`/{page.path}`)" if page.label != BARE else page.label
        cells = [
            name,
            *(score(page.score(c)) for c in CATEGORIES),
            f"{page.metric('first-contentful-paint'):,.0f} ms",
            f"{page.metric('largest-contentful-paint'):,.0f} ms",
            f"{page.metric('total-blocking-time'):,.0f} ms",
            cls(page.metric("cumulative-layout-shift")),
            f"{page.metric('total-byte-weight') / 1024:,.0f}",
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def score(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}"


def cls(value: float) -> str:
    return "0" if value == 0 else f"{value:.3f}" if value >= 0.001 else f"{value:.1e}"


def audit_lists(pages: list[Page]) -> list[str]:
    """Per page: each audit that costs it points, with the share of its category's score it costs
    (median over the runs, 0 for a run where it passed) and in how many runs; the performance
    diagnostics below full score in any run; the audits Lighthouse could not run, those it could run
    on no page said once, first."""
    everywhere = set.intersection(*(set(failed_audits(page)) for page in pages))
    lines = []
    if everywhere:
        reasons = {failed_audits(pages[0])[a] for a in everywhere}
        names = ", ".join(f"`{a}`" for a in sorted(everywhere))
        lines += [f"- On every page Lighthouse could not run {names}: {'; '.join(sorted(reasons))}."]
    for page in pages:
        costs: dict[tuple[str, str], list[float]] = {}
        for run in page.runs:
            for key, cost in run.costs.items():
                costs.setdefault(key, []).append(cost)
        order = sorted(costs, key=lambda key: (list(CATEGORIES).index(key[0]), -median(costs[key])))
        parts = [cost_text(page, key, costs[key]) for key in order if shown_cost(page, costs[key]) >= 0.005]
        lines.append(f"- {page.label}: " + ("; ".join(parts) if parts else "no audit costs points") + ".")
        hints = {audit: value for run in page.runs for audit, value in run.hints.items()}
        if hints:
            flagged = ", ".join(f"`{a}`" + (f" ({v})" if v else "") for a, v in sorted(hints.items()))
            lines.append(f"  Diagnostics: {flagged}.")
        if failed := {a: why for a, why in failed_audits(page).items() if a not in everywhere}:
            listed = ", ".join(f"`{a}` ({why})" for a, why in sorted(failed.items()))
            lines.append(f"  Lighthouse could not run: {listed}.")
    return lines


def failed_audits(page: Page) -> dict[str, str]:
    """The audits Lighthouse could not run on the page in some run, each with the root of its error
    (what a gatherer it needed raised, without the chain of gatherers before it)."""
    found = {}
    for run in page.runs:
        for audit, why in run.errors.items():
            found[audit] = re.split(r"(?:error|exception): ", why.splitlines()[0])[-1] if why else "no reason"
    return found


def cost_text(page: Page, key: tuple[str, str], costs: list[float]) -> str:
    """`accessibility `color-contrast` (Background and foreground colors ...) costs 0.04`."""
    category, audit = key
    runs = len(page.runs)
    text = f"{CATEGORIES[category].lower()} `{audit}` ({page.runs[0].titles[audit]})"
    text += f" costs {shown_cost(page, costs):.2f}"
    return text if len(costs) == runs else f"{text}, in {len(costs)} of {runs} runs"


def shown_cost(page: Page, costs: list[float]) -> float:
    """The median cost over every run of the page, 0 in a run where the audit passed."""
    return median(costs + [0.0] * (len(page.runs) - len(costs)))


def verdicts(pages: list[Page]) -> list[str]:
    """The targets, each checked on every page type against the bare page of the same run."""
    bare = next(p for p in pages if p.label == BARE)
    site = [p for p in pages if p.label != BARE]
    tbt = bare.metric("total-blocking-time") + 50

    def failing(test, show) -> list[str]:
        return [f"{p.label} {show(p)}" for p in site if not test(p)]

    checks = [
        (
            "performance at least 0.98",
            failing(
                lambda p: at_least(p.score("performance"), 0.98), lambda p: score(p.score("performance"))
            ),
        ),
        (
            f"performance within 0.02 of the bare page's {score(bare.score('performance'))}",
            failing(
                lambda p: at_least(p.score("performance"), (bare.score("performance") or 0) - 0.02),
                lambda p: score(p.score("performance")),
            ),
        ),
        *(
            (
                f"{CATEGORIES[c].lower()} 1.0",
                failing(lambda p, c=c: at_least(p.score(c), 1), lambda p, c=c: score(p.score(c))),
            )
            for c in ("accessibility", "best-practices", "seo")
        ),
        (
            "CLS 0",
            failing(
                lambda p: p.metric("cumulative-layout-shift") == 0,
                lambda p: cls(p.metric("cumulative-layout-shift")),
            ),
        ),
        (
            f"TBT at most the bare page's {bare.metric('total-blocking-time'):,.0f} ms + 50 ms",
            failing(
                lambda p: p.metric("total-blocking-time") <= tbt,
                lambda p: f"{p.metric('total-blocking-time'):,.0f} ms",
            ),
        ),
    ]
    return [
        readme.check(f"{what} on every page type", not bad, ", ".join(bad) if bad else "all pass")
        for what, bad in checks
    ]


def at_least(value: float | None, floor: float) -> bool:
    """Scores have two decimals: compare them as such, and a missing score as failing."""
    return value is not None and round(value, 2) >= round(floor, 2)


def section(pages: list[Page], missing: list[str], runs: int, chromium: str, load_before: str) -> str:
    """This run's part of benchmarks/README.md: how to repeat it, on what it ran, what it found."""
    index = median([r.benchmark_index for p in pages for r in p.runs])
    warnings = sorted({" ".join(w.split(". ")[0].split()) for p in pages for r in p.runs for w in r.warnings})
    lines = [readme.method(__doc__), "", "```sh", readme.command_line(), "```", ""]
    lines += [
        f"Last run: {readme.machine()}, {load_before} at the start; Chromium {chromium}, headless; "
        f"Lighthouse {LIGHTHOUSE}, mobile preset, medians of {runs} runs; Lighthouse's CPU benchmark "
        f"index {index:.0f} (median of the runs).",
        "",
    ]
    if warnings:
        lines += ["Lighthouse warned: " + "; ".join(w.rstrip(".") for w in warnings) + ".", ""]
    lines.append(table(pages))
    if missing:
        lines += ["", f"Not measured, the site has no such page yet: {', '.join(missing)}."]
    lines += ["", *verdicts(pages), "", "Audits below full score:", "", *audit_lists(pages)]
    return "\n".join(lines)


def load_average() -> str:
    return ", ".join(f"{x:.1f}" for x in os.getloadavg())


def chromium_version() -> str:
    result = subprocess.run([chromium_path(), "--version"], capture_output=True, text=True)
    found = re.search(r"\d+(\.\d+)+", result.stdout)
    return found.group() if found else "(version unknown)"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page (default 3)")
    parser.add_argument("--reports", type=Path, help="keep every run's Lighthouse report (JSON) here")
    parser.add_argument(
        "--readme", type=Path, default=readme.README, help="the file whose lighthouse.py section to rewrite"
    )
    parser.add_argument("--no-readme", action="store_true", help="print the figures only")
    args = parser.parse_args(argv)
    load_before = load_average()

    with tempfile.TemporaryDirectory(prefix="lighthouse-") as tmp:
        # Load inputs: the site as `make build` builds it, the bare site, Lighthouse.
        work = Path(tmp)
        site_port = free_port()
        while (bare_port := free_port()) == site_port:
            pass
        site_url, bare_url = f"http://127.0.0.1:{site_port}/", f"http://127.0.0.1:{bare_port}/"
        site = build_site(work / "site", site_url)
        bare = build_bare(work / "bare", bare_url)
        cli = lighthouse_cli()
        found, missing = pages_of(site)
        urls = {label: site_url + path for label, path in found.items()} | {BARE: bare_url}
        for label in missing:
            print(f"  skipped {label}: the site has no such page", file=sys.stderr, flush=True)

        # Process data: every page, runs interleaved so that load on the machine is shared.
        servers = [serve_gzip(site, site_port), serve_gzip(bare, bare_port)]
        reports = args.reports or work / "reports"
        reports.mkdir(parents=True, exist_ok=True)
        pages = [Page(label, found.get(label, ""), []) for label in urls]
        for number in range(1, args.runs + 1):
            for page in pages:
                name = page.label.lower().replace(" ", "-")
                lhr = run_lighthouse(cli, urls[page.label], reports / f"{name}-{number}.json")
                page.runs.append(run := summary(lhr))
                print(
                    f"  run {number} {page.label}: performance {run.scores['performance']:.2f}, "
                    f"TBT {run.metrics['total-blocking-time']:.0f} ms",
                    file=sys.stderr,
                    flush=True,
                )
        for server in servers:
            server.shutdown()

    # Save outputs: the figures, printed and in their section of benchmarks/README.md.
    text = section(pages, missing, args.runs, chromium_version(), load_before)
    readme.publish("lighthouse.py", text, None if args.no_readme else args.readme)
    return 0


if __name__ == "__main__":
    sys.exit(main())
