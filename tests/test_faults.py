"""Faults do not reach the site: a damaged cache entry is made again with one warning, a cache that
cannot be written only slows the build, and a build killed while writing `docs/` is finished by
the next one, which writes exactly what a clean build writes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from utils import DATA, ROOT, tree

from leaderboard import cache, outputs
from leaderboard.pipeline import build

FAULTS = {
    "truncated": lambda content: content[: len(content) // 2],
    "emptied": lambda content: b"",
    "garbage": lambda content: os.urandom(len(content)),
}


def run_build(docs: Path, cache_folder: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "build_charts.py", "--data", str(DATA), "--docs", str(docs)],
        cwd=ROOT,
        env={**os.environ, "LEADERBOARD_CACHE": str(cache_folder)},
        capture_output=True,
        text=True,
    )


def warnings(result: subprocess.CompletedProcess) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("warning: ")]


@pytest.fixture(scope="module")
def clean(tmp_path_factory) -> tuple[dict[str, bytes], Path]:
    """What a build writes into an empty docs/ from an empty cache; the cache it filled."""
    folder = tmp_path_factory.mktemp("clean")
    result = run_build(folder / "docs", folder / "cache")
    assert result.returncode == 0, result.stderr
    assert warnings(result) == []
    return tree(folder / "docs"), folder / "cache"


def entries(cache_folder: Path) -> dict[str, Path]:
    """One cache entry of each kind: a chart image (SVG, PNG), a compiled spec, the Vega bundle."""
    images = sorted((cache_folder / "chart-images").iterdir())
    return {
        "svg": next(p for p in images if p.suffix == ".svg"),
        "png": next(p for p in images if p.suffix == ".png"),
        "compiled spec": next(p for p in images if p.name.endswith(".vg.json")),
        "bundle": next(cache_folder.glob("vega-*.js")),
    }


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_a_damaged_cache_entry_of_each_kind_is_made_again_with_one_warning_each(fault, clean, tmp_path):
    expected, filled = clean
    copy = tmp_path / "cache"
    subprocess.run(["cp", "-a", str(filled), str(copy)], check=True)
    damaged = entries(copy)
    for path in damaged.values():
        path.write_bytes(FAULTS[fault](path.read_bytes()))

    result = run_build(tmp_path / "docs", copy)

    assert result.returncode == 0, result.stderr
    assert sorted(warnings(result)) == sorted(
        f"warning: {path}: damaged cache entry (cut short or overwritten); making it again"
        for path in damaged.values()
    )
    assert tree(tmp_path / "docs") == expected
    assert all(cache.checked(path.read_bytes()) is not None for path in entries(copy).values())


def test_an_entry_of_an_older_format_is_never_read(clean, tmp_path):
    _expected, filled = clean
    for path in entries(filled).values():
        content = cache.checked(path.read_bytes())
        assert content is not None and cache.checked(content) is None  # the bare content is refused


def test_a_cache_that_cannot_be_made_only_slows_the_build_with_one_warning(clean, tmp_path):
    expected, _filled = clean
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be\n")

    result = run_build(tmp_path / "docs", blocker / "cache")

    assert result.returncode == 0, result.stderr
    assert len(warnings(result)) == 1
    assert "cannot write the cache" in warnings(result)[0] and "building without it" in warnings(result)[0]
    assert tree(tmp_path / "docs") == expected


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root may write anywhere")
def test_a_read_only_cache_only_slows_the_build(clean, tmp_path):
    expected, _filled = clean
    folder = tmp_path / "cache"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        result = run_build(tmp_path / "docs", folder)
    finally:
        folder.chmod(0o755)
    assert result.returncode == 0, result.stderr
    assert len(warnings(result)) == 1
    assert tree(tmp_path / "docs") == expected


def test_a_missing_cache_folder_is_made(clean, tmp_path):
    expected, _filled = clean
    result = run_build(tmp_path / "docs", tmp_path / "deep" / "new" / "cache")
    assert result.returncode == 0, result.stderr
    assert warnings(result) == []
    assert (tmp_path / "deep" / "new" / "cache" / "chart-images").is_dir()
    assert tree(tmp_path / "docs") == expected


class Killed(BaseException):
    """The build stopped from outside, as by Ctrl-C or a kill."""


@pytest.fixture(scope="module")
def generated() -> dict[str, bytes]:
    return build(DATA)


@pytest.mark.parametrize("killed_at", ["first", "middle", "last"])
def test_a_build_killed_while_writing_docs_is_finished_by_the_next_one(
    killed_at, generated, tmp_path, monkeypatch
):
    clean_docs, docs = tmp_path / "clean", tmp_path / "docs"
    outputs.write_outputs(generated, clean_docs)
    stop = {"first": 1, "middle": len(generated) // 2, "last": len(generated) + 1}[killed_at]  # + manifest
    write_bytes, written = Path.write_bytes, []

    def half_then_killed(path: Path, content: bytes):
        written.append(path)
        if len(written) == stop:
            write_bytes(path, content[: len(content) // 2])
            raise Killed
        return write_bytes(path, content)

    monkeypatch.setattr(Path, "write_bytes", half_then_killed)
    with pytest.raises(Killed):
        outputs.write_outputs(generated, docs)
    monkeypatch.setattr(Path, "write_bytes", write_bytes)
    assert list(docs.rglob(f"{outputs.TEMPORARY}*")), "the killed build left a file half written"

    outputs.write_outputs(generated, docs)

    assert tree(docs) == tree(clean_docs)
