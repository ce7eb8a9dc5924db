"""What the build draws or compiles with vl-convert, kept between builds in `.cache/`.

Chart images and compiled specs (`charts.images`, `charts.files`) and the Vega bundle
(`charts.bundle`) are slow to make and depend only on their input and vl-convert's version, so
they are kept by those. Each read marks a file as used; `prune` deletes the files used least
recently once the cache holds more than `LIMIT`. LEADERBOARD_CACHE moves the cache
(benchmarks/scale.py measures a first build with an empty one).

Nothing read from the cache is trusted: each entry starts with the SHA-256 of its content,
written with it, so an entry cut short (a full disk, a killed copy) or overwritten is noticed
when it is read, reported in one line, and made again. A cache that cannot be written (a
read-only folder) is reported once and the build goes on without it.
"""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path

ROOT = Path(os.environ.get("LEADERBOARD_CACHE") or Path(__file__).resolve().parent.parent / ".cache")
LIMIT = 100_000_000  # bytes: a site's images take 3–10 MB; tests and edits add more
FORMAT = "checked-1"  # part of every entry's name: entries of an older format are never read
HEADER = b"leaderboard cache entry, sha256 "
_warned: set[str] = set()  # what a build has been told once


def read(path: Path) -> bytes | None:
    """The cached content, its file's time set to now so that `prune` keeps it; None if absent
    or damaged (a damaged entry is deleted, with a warning)."""
    try:
        raw = path.read_bytes()
    except (FileNotFoundError, NotADirectoryError):  # never made, or pruned by another build meanwhile
        return None
    except OSError as error:
        _warn_once(f"{path.parent}: cannot read the cache ({error.strerror or error}); building without it")
        return None
    content = checked(raw)
    if content is None:
        warn(f"{path}: damaged cache entry (cut short or overwritten); making it again")
        _quietly(path.unlink, missing_ok=True)
        return None
    _quietly(os.utime, path)
    return content


def checked(raw: bytes) -> bytes | None:
    """The content of an entry whose recorded hash matches it, else None."""
    head, newline, content = raw.partition(b"\n")
    if not newline or not head.startswith(HEADER):
        return None
    if head.removeprefix(HEADER).decode("ascii", "replace") != hashlib.sha256(content).hexdigest():
        return None
    return content


def store(path: Path, content: bytes) -> bytes:
    """Write `content` to `path` whole or not at all: another build never reads half a file."""
    entry = HEADER + hashlib.sha256(content).hexdigest().encode("ascii") + b"\n" + content
    tmp = path.with_suffix(f"{path.suffix}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(entry)
        tmp.replace(path)
    except OSError as error:
        _quietly(tmp.unlink, missing_ok=True)
        _warn_once(f"{path.parent}: cannot write the cache ({error.strerror or error}); building without it")
    return content


def prune(folder: Path = ROOT, limit: int = LIMIT) -> list[Path]:
    """Delete the least recently used files of the cache until it holds at most `limit` bytes;
    return them. Files being written (`*.tmp`) are left alone."""
    if not folder.is_dir():
        return []
    found = [(path, path.stat()) for path in folder.rglob("*") if path.is_file() and path.suffix != ".tmp"]
    found.sort(key=lambda item: item[1].st_mtime, reverse=True)
    kept, removed = 0, []
    for path, stat in found:
        kept += stat.st_size
        if kept > limit and _quietly(path.unlink, missing_ok=True):
            removed.append(path)
    return removed


def warn(message: str) -> None:
    print(f"warning: {message}", file=sys.stderr)


def _warn_once(message: str) -> None:
    """One warning for a cache that cannot be used at all, however many entries meet it."""
    kind = message.split(" (", 1)[0].rsplit(": ", 1)[-1]
    if kind not in _warned:
        _warned.add(kind)
        warn(message)


def _quietly(action, *args, **kwargs) -> bool:
    """Run a file operation whose failure changes nothing but speed (a read-only cache)."""
    try:
        action(*args, **kwargs)
    except OSError:
        return False
    return True
