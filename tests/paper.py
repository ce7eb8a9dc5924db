"""The paper's own numbers, read from the reference file, as the oracle tests compare to.

Tests never type a paper number themselves: they read it here from `tests/reference/step-dpo-paper.md`,
a copy of the reference the data was encoded from. The team keeps that reference in a `shared/`
folder beside the checkout (`../shared/reference/` from the repository's root); where it is there, a
test keeps the copy identical to it.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

REFERENCE = Path(__file__).resolve().parent / "reference" / "step-dpo-paper.md"
# Relative to the repository, so the same on any machine; absent on a runner that checks out the
# repository alone.
SHARED = Path(__file__).resolve().parents[2] / "shared" / "reference" / REFERENCE.name
# The works of data/sources.yaml: authors, arXiv ids and venues, read from the works themselves.
SOURCES_REFERENCE = REFERENCE.parent / "sources.md"
SOURCES_SHARED = SHARED.parent / SOURCES_REFERENCE.name


@cache
def sections() -> dict[str, list[list[str]]]:
    """Every Markdown table of the reference, by the heading above it, as rows of cells."""
    found: dict[str, list[list[str]]] = {}
    heading = ""
    for line in REFERENCE.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            heading = line.lstrip("# ").strip()
        elif line.startswith("|") and not re.match(r"^\|[-| ]+\|$", line):
            cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
            found.setdefault(heading, []).append(cells)
    return {key: rows[1:] for key, rows in found.items()}  # drop each header row


def _section(prefix: str) -> list[list[str]]:
    return next(rows for heading, rows in sections().items() if heading.startswith(prefix))


def figure1_title() -> str:
    """The title of Figure 1, as the heading of its section quotes it."""
    return re.search(r'^## Figure 1, "([^"]+)"', REFERENCE.read_text(encoding="utf-8"), re.M).group(1)


def figure1_x_ticks() -> list[float]:
    """The sizes, in billions, that label the x axis of Figure 1 (`7B, 32B, ...`)."""
    labels = re.search(r"ticks labelled\s+((?:\d+B,?\s*)+)", REFERENCE.read_text(encoding="utf-8")).group(1)
    return [float(label) for label in re.findall(r"(\d+)B", labels)]


def figure1_points() -> list[tuple[str, float, str]]:
    """(label, size in billions, MATH score as printed) of every point of Figure 1."""
    return [(label, float(x), score) for label, _, x, score in _section("Figure 1")]


def figure1_closed_lines() -> list[tuple[str, str]]:
    """(label, score) of the closed models drawn as dashed lines, from the notes under Figure 1."""
    text = REFERENCE.read_text(encoding="utf-8")
    sentence = re.search(r"Closed models drawn as.*?:\s*(.*?)\.\n", text, re.S).group(1)
    return re.findall(r"([A-Z][\w.-]+) (\d+\.\d)", sentence)


def printed_gains() -> list[tuple[str, str, str]]:
    """(row name, benchmark column, gain) for every "(+x.x)" printed in Tables 1 and 2."""
    gains = []
    for prefix, columns in (("Table 1", {4: "math", 5: "gsm8k"}), ("Table 2", {4: "odyssey-math"})):
        for row in _section(prefix):
            for index, benchmark in columns.items():
                match = re.search(r"\(([+-]\d+\.\d)\)", row[index])
                if match:
                    gains.append((row[0], benchmark, match.group(1)))
    return gains


@cache
def works() -> dict[str, dict]:
    """Each work of the sources reference by its id in sources.yaml: title, arXiv id (or None),
    authors (the list as printed, without the reference's remarks in brackets) and venue."""
    found = {}
    for line in SOURCES_REFERENCE.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if not line.startswith("| ") or len(cells) != 5 or cells[0] == "id in sources.yaml":
            continue
        work, title, arxiv, names, venue = cells
        names = re.sub(r"\s*\(.*\)$", "", names)
        # A comma inside one name ("Gemini Team, Google") leaves a part of one word: one name, whole.
        parts = names.split(", ")
        found[work] = {
            "title": title,
            "arxiv": None if arxiv == "–" else arxiv,
            "authors": parts if all(" " in part for part in parts) else [names],
            "venue": venue,
        }
    return found


def bibtex_keys() -> list[str]:
    """The keys the works' own BibTeX citations use, from the reference's notes."""
    text = SOURCES_REFERENCE.read_text(encoding="utf-8")
    return re.findall(r"`([a-z0-9]+)`", text.split("**BibTeX keys**")[1].split("\n-")[0])
