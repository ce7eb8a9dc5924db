#!/usr/bin/env python3
"""How the build grows with the number of models: the real site and synthetic sites, each beside a
bare `mkdocs build` of as many plain Markdown pages with the same theme, measured in the same run.

    .venv/bin/python benchmarks/scale.py                                    # real, 1,000, 10,000 models
    .venv/bin/python benchmarks/scale.py --sizes 200 --no-real --no-readme  # a quick run, printed only

For each site: the build as `make build` runs it (`build_charts.py` into a copy of the project, then
`mkdocs build --strict`), and a bare build of the same number of pages (outside the nav, as they
would be). The first build starts with an empty chart-image cache, as on a fresh clone; the rebuild
runs again with the images cached, as after an edit that leaves the charts alone. Reports
wall-clock and CPU time (user + system, steadier on a shared machine) as ratios to the bare build,
peak memory (the largest resident set of either step, from `wait4`), and the size of `site/`,
printed and in its section of benchmarks/README.md. Targets at the largest size (10,000 models):
the first build at most 1.3 times the bare build's CPU time, under 1 GB, CPU time growing at most
linearly with the number of models. The bare build varies by up to 15% between runs on a shared
machine; each ratio compares builds of one run.
"""

from __future__ import annotations

import argparse
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
import readme
import synthetic

from leaderboard import workspace

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


@dataclass
class Run:
    """One measured command: wall-clock and CPU seconds, peak resident memory in bytes."""

    wall: float
    cpu: float
    peak: int

    def __add__(self, other: Run) -> Run:
        return Run(self.wall + other.wall, self.cpu + other.cpu, max(self.peak, other.peak))


@dataclass
class Row:
    label: str
    models: int
    pages: int
    charts: Run  # build_charts.py: load, validate, charts, pages, downloads (chart images drawn)
    mkdocs: Run  # mkdocs build --strict
    rebuild: Run  # both steps again, the chart images now in the cache
    bare: Run
    site_bytes: int
    bare_bytes: int

    @property
    def site(self) -> Run:
        return self.charts + self.mkdocs


# Linux counts a child's peak memory from the moment it forks, so a child of a big process seems
# as big as its parent: each command runs under a small fresh Python that reports for it alone.
RUSAGE_WRAPPER = """
import resource, subprocess, sys
code = subprocess.call(sys.argv[2:])
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
open(sys.argv[1], "w").write(f"{usage.ru_utime + usage.ru_stime} {usage.ru_maxrss}")
sys.exit(code)
"""


def measure(command: list[str], cwd: Path, env: dict) -> Run:
    """Run `command`; its wall-clock and CPU time and peak memory. Fails loudly with its output."""
    with tempfile.NamedTemporaryFile("r", suffix=".rusage") as report:
        start = time.perf_counter()
        result = subprocess.run(
            [PYTHON, "-I", "-S", "-c", RUSAGE_WRAPPER, report.name, *command],
            cwd=cwd,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        wall = time.perf_counter() - start
        if result.returncode != 0:
            output = result.stdout.decode("utf-8", "replace")
            sys.stderr.write(output)
            step = command[2] if command[1] == "-m" else Path(command[1]).name
            raise BuildFailed(f"{step} failed: {last_error(output)}")
        cpu, peak_kb = report.read().split()
    return Run(wall, float(cpu), int(peak_kb) * 1024)


def environment(site_url: str) -> dict:
    return {**os.environ, "SITE_URL": site_url, "NO_MKDOCS_2_WARNING": "1"}


# The site, as `make build` builds it ----------------------------------------------------------


def project_copy(destination: Path, data: Path) -> Path:
    """The project as MkDocs reads it, with `data` linked in: builds never touch the working tree."""
    project = workspace.project_copy(destination)
    workspace.link_sources(project, data)
    return project


def build_site(work: Path, data: Path, cache: Path) -> tuple[Run, Run, int, int]:
    """The real pipeline, its chart images cached in `cache`; returns its two measured steps, the
    number of pages and the size of site/."""
    project = project_copy(work / "project", data)
    env = {**environment("https://example.org/scale/"), "LEADERBOARD_CACHE": str(cache)}
    charts = measure(
        [PYTHON, str(ROOT / "build_charts.py"), "--data", str(data), "--docs", str(project / "docs")],
        ROOT,
        env,
    )
    pages = sum(1 for _ in (project / "docs").rglob("*.md"))
    site = work / "site"
    mkdocs = measure(
        [PYTHON, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(site)],
        project,
        env,
    )
    return charts, mkdocs, pages, folder_size(site)


# The bare build: as many plain pages, the same theme -----------------------------------------


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml: `!ENV [NAME, default]` gives the default; other tags their raw value."""


_ConfigLoader.add_constructor(
    "!ENV",
    lambda loader, node: loader.construct_sequence(node)[-1] if isinstance(node, yaml.SequenceNode) else None,
)
_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def bare_project(destination: Path, pages: int) -> Path:
    """`pages` Markdown pages outside the nav, under the site's own theme (custom_dir included)."""
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_ConfigLoader)
    theme = config["theme"]
    docs = destination / "docs"
    (docs / "pages").mkdir(parents=True)
    if theme.get("custom_dir"):
        shutil.copytree(ROOT / theme["custom_dir"], destination / theme["custom_dir"])
    bare = {
        "site_name": config["site_name"],
        "site_url": "https://example.org/scale/",
        "theme": theme,
        "plugins": ["search"],
        "nav": ["index.md"],
        "not_in_nav": "/pages/",
    }
    if "exclude_docs" in config:
        bare["exclude_docs"] = config["exclude_docs"]
    (destination / "mkdocs.yml").write_text(yaml.safe_dump(bare, sort_keys=False), encoding="utf-8")
    (docs / "index.md").write_text("# Home\n\nA bare site.\n", encoding="utf-8")
    for number in range(1, pages):
        text = f"# Page {number}\n\nPlain text of page {number}, with a [link home](../index.md).\n"
        (docs / "pages" / f"page-{number:05d}.md").write_text(text, encoding="utf-8")
    return destination


def build_bare(work: Path, pages: int) -> tuple[Run, int]:
    project = bare_project(work / "bare", pages)
    site = work / "bare-site"
    run = measure(
        [PYTHON, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(site)],
        project,
        environment("https://example.org/scale/"),
    )
    return run, folder_size(site)


def folder_size(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


class BuildFailed(Exception):
    """A build that did not finish: the table says so instead of a figure."""


def last_error(output: str) -> str:
    """The line of a traceback that says what went wrong (`ValueError: ...`, `RangeError: ...`)."""
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    errors = [line for line in lines if re.match(r"^[A-Za-z.]*(Error|Exception|Abort)\b", line)]
    return " / ".join(errors[-2:]) if errors else (lines[-1] if lines else "no output")


# The table ------------------------------------------------------------------------------------


def measure_site(label: str, data: Path, models: int, work: Path) -> Row | str:
    """The row of one site, or the line of a site that failed to build."""
    work.mkdir(parents=True)
    try:
        charts, mkdocs, pages, site_bytes = build_site(work / "first", data, work / "cache")
        again, mkdocs_again, _, _ = build_site(work / "again", data, work / "cache")
    except BuildFailed as error:
        print(f"  {label}: {error}", file=sys.stderr, flush=True)
        return f"| {label} | {models:,} | build failed: {error} |"
    bare, bare_bytes = build_bare(work, pages)
    row = Row(label, models, pages, charts, mkdocs, again + mkdocs_again, bare, site_bytes, bare_bytes)
    print(f"  measured {label}: {row.site.wall:.1f} s, bare {bare.wall:.1f} s", file=sys.stderr, flush=True)
    return row


def table(rows: list[Row | str]) -> str:
    """Times in seconds: wall-clock, and CPU (user + system, steadier on a shared machine)."""
    header = (
        "| site | models | pages | build_charts.py CPU | mkdocs build CPU | bare build CPU | CPU ratio "
        "| rebuild CPU ratio | build wall | bare wall | wall ratio | peak memory | bare peak "
        "| size of site/ | bare size |"
    )
    lines = [header, "|" + "---|" * (header.count("|") - 1)]
    for row in rows:
        if isinstance(row, str):
            lines.append(row)
            continue
        site = row.site
        lines.append(
            f"| {row.label} | {row.models:,} | {row.pages:,} "
            f"| {row.charts.cpu:.1f} s | {row.mkdocs.cpu:.1f} s "
            f"| {row.bare.cpu:.1f} s | **{site.cpu / row.bare.cpu:.2f}x** "
            f"| {row.rebuild.cpu / row.bare.cpu:.2f}x "
            f"| {site.wall:.1f} s | {row.bare.wall:.1f} s | {site.wall / row.bare.wall:.2f}x "
            f"| {megabytes(site.peak)} | {megabytes(row.bare.peak)} "
            f"| {megabytes(row.site_bytes)} | {megabytes(row.bare_bytes)} |"
        )
    return "\n".join(lines)


def synthetic_rows(rows: list[Row | str]) -> list[Row]:
    """The synthetic sites that built, smallest first."""
    return sorted((r for r in rows if isinstance(r, Row) and r.label != "real"), key=lambda r: r.models)


def growth(rows: list[Row | str]) -> str:
    """How CPU time grows between the two largest synthetic sites, beside the bare build's growth."""
    built = synthetic_rows(rows)
    if len(built) < 2:
        return ""
    small, large = built[-2], built[-1]
    bare = math.log(large.bare.cpu / small.bare.cpu) / math.log(large.models / small.models)
    return (
        f"Growth from {small.models:,} to {large.models:,} models: CPU time ∝ models^{exponent(rows):.2f} "
        f"(bare build: ^{bare:.2f}; 1.00 is linear)."
    )


def exponent(rows: list[Row | str]) -> float | None:
    """k in CPU time ∝ models^k between the two largest synthetic sites (1 = linear)."""
    built = synthetic_rows(rows)
    if len(built) < 2:
        return None
    small, large = built[-2], built[-1]
    return math.log(large.site.cpu / small.site.cpu) / math.log(large.models / small.models)


def verdicts(rows: list[Row | str]) -> list[str]:
    """The targets, checked at the largest synthetic site."""
    built = synthetic_rows(rows)
    if not built:
        return []
    large = built[-1]
    first, again = large.site.cpu / large.bare.cpu, large.rebuild.cpu / large.bare.cpu
    lines = [
        readme.check(
            f"memory under 1 GB at {large.models:,} models", large.site.peak < 1e9, megabytes(large.site.peak)
        ),
        readme.check(
            f"first build at most 1.3 times the bare build at {large.models:,} models",
            first <= 1.3,
            f"{first:.2f}x (wall-clock {large.site.wall / large.bare.wall:.2f}x)",
        ),
    ]
    if (k := exponent(rows)) is not None:
        linear = readme.check("CPU time at most linear in the number of models", k <= 1.1, f"models^{k:.2f}")
        lines.append(linear)
    return [*lines, f"- The rebuild, its chart images cached: {again:.2f} times the bare build's CPU time."]


def section(rows: list[Row | str]) -> str:
    """This run's part of benchmarks/README.md: how to repeat it, on what it ran, what it found."""
    lines = [readme.method(__doc__), "", "```sh", readme.command_line(), "```", ""]
    lines += [f"Last run: {readme.machine()}.", "", table(rows)]
    if line := growth(rows):
        lines += ["", line]
    return "\n".join([*lines, "", *verdicts(rows)])


def megabytes(size: int) -> str:
    return f"{size / 1e6:,.0f} MB"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 10000], help="synthetic sizes")
    parser.add_argument("--no-real", action="store_true", help="skip the real site")
    parser.add_argument("--work", type=Path, help="keep the builds in this folder (default: a temporary one)")
    parser.add_argument(
        "--readme", type=Path, default=readme.README, help="the file whose scale.py section to rewrite"
    )
    parser.add_argument("--no-readme", action="store_true", help="print the figures only")
    args = parser.parse_args(argv)

    work = args.work or Path(tempfile.mkdtemp(prefix="scale-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        # Load inputs.
        sites = [] if args.no_real else [("real", ROOT / "data")]
        for count in args.sizes:
            sites.append((f"{count:,} models", synthetic.write_data(work / f"data-{count}", count)))

        # Process data.
        rows = []
        for number, (label, data) in enumerate(sites):
            models = sum(1 for _ in (data / "models.csv").open(encoding="utf-8")) - 1
            rows.append(measure_site(label, data, models, work / f"site-{number}"))

        # Save outputs: the figures, printed and in their section of benchmarks/README.md.
        text = section(rows)
        readme.publish("scale.py", text, None if args.no_readme else args.readme)
    finally:
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
