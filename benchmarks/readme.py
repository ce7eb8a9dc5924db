"""benchmarks/README.md holds the last figures of each benchmark script, which the script writes
itself: each owns the part between its two marker comments, `<!-- NAME: begin -->` and
`<!-- NAME: end -->`, and leaves the rest of the file as it is."""

from __future__ import annotations

import os
import platform
import sys
from pathlib import Path

README = Path(__file__).resolve().with_name("README.md")


def write_section(name: str, body: str, path: Path = README) -> None:
    """Replace what stands between NAME's markers in `path` with `body`."""
    begin, end = f"<!-- {name}: begin -->", f"<!-- {name}: end -->"
    text = path.read_text(encoding="utf-8")
    before, found, rest = text.partition(begin)
    if not found or end not in rest:
        raise SystemExit(f"{path}: no {begin} ... {end} to write the figures between")
    after = rest.partition(end)[2]
    path.write_text(f"{before}{begin}\n{body.strip()}\n{end}{after}", encoding="utf-8")


def publish(name: str, body: str, path: Path | None) -> None:
    """Print a run's figures and, unless `path` is None (`--no-readme`), write them as NAME's
    section of `path`."""
    print(body)
    if path is not None:
        write_section(name, body, path)
        print(f"\nwritten to {path}")


def method(docstring: str) -> str:
    """A script's docstring without its usage lines: what it measures, how, and its targets."""
    paragraphs = docstring.strip().split("\n\n")
    return "\n\n".join(p for p in paragraphs if not p.startswith("    "))


def command_line() -> str:
    """The command that is running, as typed from the repository's root."""
    return " ".join([".venv/bin/python", f"benchmarks/{Path(sys.argv[0]).name}", *sys.argv[1:]])


def machine() -> str:
    """The machine in a few words: CPUs, memory, the system and its load."""
    memory = ""
    if hasattr(os, "sysconf") and "SC_PHYS_PAGES" in os.sysconf_names:
        memory = f", {os.sysconf('SC_PHYS_PAGES') * os.sysconf('SC_PAGE_SIZE') / 2**30:.0f} GB of memory"
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (
        f"{os.cpu_count()} CPUs{memory}, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}; load average {load} (1, 5, 15 min) at the end"
    )


def check(what: str, ok: bool, figure: str) -> str:
    """A target as a list item: ✓ or ✗, what it asks, and the figure measured."""
    return f"- {'✓' if ok else '✗'} {what}: {figure}"
