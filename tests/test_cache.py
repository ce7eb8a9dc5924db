"""The cache of drawings (`.cache/`): a drawing is reused while its spec is unchanged, marked as
used each time it is read, and the files used least recently go once it holds more than its limit."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from utils import DATA, ROOT

from leaderboard import cache
from leaderboard.charts import images as chart_images

A_YEAR = 365 * 24 * 3600


def cached_file(folder: Path, name: str, size: int, age: float) -> Path:
    """A file of `size` bytes (sparse: it takes no disk), last used `age` seconds ago."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as file:
        file.truncate(size)
    when = time.time() - age
    os.utime(path, (when, when))
    return path


def test_the_cache_deletes_the_files_used_least_recently_once_it_holds_more_than_its_limit(tmp_path):
    oldest = cached_file(tmp_path, "chart-images/a.svg", 40, age=300)
    older = cached_file(tmp_path, "vega-6-vl-convert-1.js", 40, age=200)
    newer = cached_file(tmp_path, "chart-images/c.png", 40, age=100)
    newest = cached_file(tmp_path, "chart-images/d.svg", 40, age=0)
    being_written = cached_file(tmp_path, "chart-images/e.123.tmp", 40, age=A_YEAR)

    removed = cache.prune(tmp_path, limit=100)

    assert sorted(removed) == sorted([oldest, older])
    assert not oldest.exists() and not older.exists()
    assert newer.exists() and newest.exists() and being_written.exists()
    assert cache.prune(tmp_path, limit=100) == []


def test_a_drawing_read_from_the_cache_is_marked_as_used_and_not_drawn_again(tmp_path, monkeypatch):
    monkeypatch.setattr(chart_images, "CACHE", tmp_path)
    drawings = []

    def draw(spec: dict) -> bytes:
        drawings.append(spec)
        return b"<svg/>"

    first = chart_images.cached_image({"mark": "point"}, "svg", draw)
    (path,) = tmp_path.iterdir()
    os.utime(path, (time.time() - A_YEAR, time.time() - A_YEAR))
    again = chart_images.cached_image({"mark": "point"}, "svg", draw)

    assert first == again == b"<svg/>"
    assert len(drawings) == 1
    assert time.time() - path.stat().st_mtime < 60


def test_building_keeps_the_cache_under_its_limit_deleting_what_was_used_least_recently(tmp_path):
    folder = tmp_path / "cache"
    stale = cached_file(folder, "chart-images/stale.png", cache.LIMIT, age=A_YEAR)
    recent = cached_file(folder, "chart-images/recent.svg", 1000, age=60)
    result = subprocess.run(
        [sys.executable, "build_charts.py", "--data", str(DATA), "--docs", str(tmp_path / "docs")],
        cwd=ROOT,
        env={**os.environ, "LEADERBOARD_CACHE": str(folder)},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert not stale.exists() and recent.exists()
    drawn = [path for path in (folder / "chart-images").iterdir() if path.suffix == ".png"]
    assert len(drawn) > 1  # this build's drawings stay
    assert f"{folder} held over {cache.LIMIT:,} bytes: deleted 1 of" in result.stdout
