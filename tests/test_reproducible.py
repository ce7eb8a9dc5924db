"""Reproducible builds: two builds of the same commit produce byte-identical `site/` trees.

The only date in the site is the build's (the sitemap's `<lastmod>` and the gzip header of
`sitemap.xml.gz`); it comes from SOURCE_DATE_EPOCH, which the Makefile sets to the last commit's
time. The two builds differ in everything else that could leak into the output: the folder they
run in, Python's hash seed (set and dict order), the locale, and the time zone: UTC-12 and UTC+14,
26 hours apart, so a date read from the clock in local time differs between them on any day.
"""

from __future__ import annotations

import gzip
import os
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from utils import DATA, ROOT, SITE_URL, differences, tree

from leaderboard.outputs import MANIFEST
from tools.site import build_site, source_date_epoch

A_DAY_LONG_AGO = "1000000000"  # 2001-09-09 01:46:40 UTC


def lastmods(site: Path) -> set[str]:
    text = (site / "sitemap.xml").read_text(encoding="utf-8")
    return {
        line.strip().removeprefix("<lastmod>").removesuffix("</lastmod>")
        for line in text.splitlines()
        if "<lastmod>" in line
    }


def gzip_mtime(path: Path) -> int:
    return int.from_bytes(path.read_bytes()[4:8], "little")  # RFC 1952: MTIME, bytes 4-7


def day(epoch: str | int) -> str:
    return datetime.fromtimestamp(int(epoch), UTC).strftime("%Y-%m-%d")


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> tuple[Path, Path]:
    first = build_site(
        tmp_path_factory.mktemp("first"),
        SITE_URL,
        extra_env={"PYTHONHASHSEED": "1", "TZ": "Etc/GMT+12", "LC_ALL": "C.UTF-8"},
    )
    second = build_site(
        tmp_path_factory.mktemp("second-in-another-folder"),
        SITE_URL,
        extra_env={"PYTHONHASHSEED": "2", "TZ": "Pacific/Kiritimati", "LC_ALL": "C"},
    )
    return first, second


def test_two_builds_of_the_same_commit_are_byte_identical(builds):
    first, second = (tree(site) for site in builds)
    assert len(first) > 10, sorted(first)
    problems = differences(first, second)
    assert not problems, f"{len(problems)} of {len(first)} files differ:\n" + "\n".join(problems)


def test_the_sitemap_is_dated_by_the_last_commit(builds):
    epoch = source_date_epoch()
    assert epoch, "no SOURCE_DATE_EPOCH and no git history to take it from"
    site = builds[0]
    assert lastmods(site) == {day(epoch)}
    assert gzip.decompress((site / "sitemap.xml.gz").read_bytes()) == (site / "sitemap.xml").read_bytes()
    assert day(gzip_mtime(site / "sitemap.xml.gz")) == day(epoch)


def test_source_date_epoch_sets_the_only_date_in_the_site(builds, tmp_path):
    """A build dated 2001 differs from the others in the sitemap alone: no other file holds a date."""
    dated = build_site(tmp_path, SITE_URL, extra_env={"SOURCE_DATE_EPOCH": A_DAY_LONG_AGO})
    assert lastmods(dated) == {day(A_DAY_LONG_AGO)}
    assert day(gzip_mtime(dated / "sitemap.xml.gz")) == day(A_DAY_LONG_AGO)
    changed = [problem.split(":")[0] for problem in differences(tree(builds[0]), tree(dated))]
    assert changed == ["sitemap.xml", "sitemap.xml.gz"]


def test_the_makefile_dates_builds_by_the_last_commit():
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("SOURCE_DATE_EPOCH", "MAKEFLAGS", "MAKELEVEL")
    }
    show = 'show-source-date-epoch: ; @echo "$$SOURCE_DATE_EPOCH"'
    result = subprocess.run(
        ["make", "-s", "--eval", show, "show-source-date-epoch"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    commit = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True)
    assert result.stdout.strip() == commit.stdout.strip() != ""


def generate(code: Path, docs: Path) -> dict[str, bytes]:
    """The files `build_charts.py` (from the code under `code`) generates, by path under docs/."""
    result = subprocess.run(
        [sys.executable, str(code / "build_charts.py"), "--data", str(DATA), "--docs", str(docs)],
        cwd=code,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    listed = (docs / MANIFEST).read_text(encoding="utf-8").split()
    return {name: (docs / name).read_bytes() for name in listed}


def test_a_fresh_clone_generates_the_same_files_as_a_warm_cache(tmp_path):
    """vl-convert draws the Vega bundle, chart images and previews; `.cache/` keeps them between
    builds. A copy of the code has its own empty `.cache/`, so it draws everything afresh."""
    fresh = tmp_path / "fresh-clone"
    for name in ("leaderboard", "templates"):
        shutil.copytree(ROOT / name, fresh / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy2(ROOT / "build_charts.py", fresh / "build_charts.py")
    drawn = generate(fresh, tmp_path / "fresh-docs")
    assert (fresh / ".cache").is_dir()  # it drew into its own cache, not the project's
    cached = generate(ROOT, tmp_path / "cached-docs")
    problems = differences(cached, drawn)
    assert not problems, f"{len(problems)} of {len(cached)} files differ:\n" + "\n".join(problems)
