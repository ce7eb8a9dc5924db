"""What the build draws or compiles with vl-convert, kept between builds in `.cache/`.

Chart images and compiled specs (`charts.images`, `charts.files`) and the Vega bundle (`charts.bundle`) are
slow to make and depend only on their input and vl-convert's version, so they are kept by those.
Each read marks a file as used; `prune` deletes the files used least recently once the cache holds
more than `LIMIT`. LEADERBOARD_CACHE moves the cache (benchmarks/scale.py measures a first build
with an empty one).
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(os.environ.get("LEADERBOARD_CACHE") or Path(__file__).resolve().parent.parent / ".cache")
LIMIT = 100_000_000  # bytes: a site's images take 3–10 MB; tests and edits add more


def read(path: Path) -> bytes | None:
    """The cached file's bytes, its time set to now so that `prune` keeps it; None if absent."""
    try:
        content = path.read_bytes()
        os.utime(path)
    except FileNotFoundError:  # never made, or pruned by another build meanwhile
        return None
    return content


def store(path: Path, content: bytes) -> bytes:
    """Write `content` to `path` whole or not at all: another build never reads half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_bytes(content)
    tmp.replace(path)
    return content


def prune(folder: Path = ROOT, limit: int = LIMIT) -> list[Path]:
    """Delete the least recently used files of the cache until it holds at most `limit` bytes;
    return them. Files being written (`*.tmp`) are left alone."""
    found = [(path, path.stat()) for path in folder.rglob("*") if path.is_file() and path.suffix != ".tmp"]
    found.sort(key=lambda item: item[1].st_mtime, reverse=True)
    kept, removed = 0, []
    for path, stat in found:
        kept += stat.st_size
        if kept > limit:
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed
