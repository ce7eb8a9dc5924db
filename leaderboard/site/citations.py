"""How to cite the works of `data/sources.yaml`: a BibTeX entry per source, from its fields only.

Nothing is added that the data does not hold: `Lai et al.` becomes `Lai and others`, never a guessed
author list. `FILTERS` are the Jinja2 filters templates use (`source | bibtex`, `dataset | paper`).
"""

from __future__ import annotations

import re

from ..data.dataset import Dataset
from ..data.records import Source

LATEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
ARXIV = re.compile(r"^https?://arxiv\.org/abs/([0-9]{4}\.[0-9]{4,5})(v[0-9]+)?/?$")


def paper(dataset: Dataset) -> Source | None:
    """The work the site is about: the source of the headline figure, else the most cited source."""
    if dataset.figures:
        return dataset.sources[dataset.figures[0].source]
    counts: dict[str, int] = {}
    for result in dataset.results:
        counts[result.source] = counts.get(result.source, 0) + 1
    return dataset.sources[max(counts, key=counts.get)] if counts else None


def benchmark_sources(dataset: Dataset) -> list[Source]:
    """The work that introduced each benchmark, once each, in the order of benchmarks.yaml."""
    seen: dict[str, Source] = {}
    for benchmark in dataset.benchmarks.values():
        seen.setdefault(benchmark.source, dataset.sources[benchmark.source])
    return list(seen.values())


def bibtex(source: Source) -> str:
    """One `@misc` entry; the title in double braces so that its capitals survive."""
    fields = [
        ("title", "{" + latex(source.title) + "}"),
        ("author", authors(source.authors)),
        ("year", str(source.year)),
    ]
    url = source.url
    if url:
        arxiv = ARXIV.match(url)
        if arxiv:
            fields += [("eprint", arxiv.group(1)), ("archivePrefix", "arXiv")]
        fields.append(("url", url.replace("{", "%7B").replace("}", "%7D")))
    body = "".join(f"  {name} = {{{value}}},\n" for name, value in fields)
    return f"@misc{{{key(source)},\n{body}}}"


def bibliography(sources: list[Source]) -> str:
    """Entries separated by blank lines; a key used twice gets `a`, `b`... added."""
    entries, used = [], {}
    for source in sources:
        entry = bibtex(source)
        base = key(source)
        used[base] = used.get(base, 0) + 1
        if used[base] > 1:
            entry = entry.replace(base, base + "abcdefghijklmnopqrstuvwxyz"[used[base] - 2], 1)
        entries.append(entry)
    return "\n\n".join(entries) + "\n"


def key(source: Source) -> str:
    """`lai2024stepdpo`: first author's name, year, first word of the title."""
    author = re.sub(r"[^a-z]", "", surname(source.authors).lower()) or "anonymous"
    word = re.sub(r"[^a-z0-9]", "", source.title.split()[0].lower()) if source.title.split() else ""
    return f"{author}{source.year}{word}"


def surname(authors: str) -> str:
    return re.sub(r"\s+et al\.?$", "", authors.strip()).split(",")[0].split(" and ")[0].strip()


def authors(text: str) -> str:
    """`Lai et al.` → `Lai and others`; a name without `et al.` (`MAA`) is kept whole, in braces."""
    text = " ".join(text.split())
    match = re.match(r"^(.+?)\s+et al\.?$", text)
    if match:
        return f"{latex(match.group(1))} and others"
    return "{" + latex(text) + "}"


def latex(text: str) -> str:
    """Text that BibTeX and LaTeX print as typed: special characters escaped, one line."""
    return "".join(LATEX_SPECIALS.get(character, character) for character in " ".join(str(text).split()))


FILTERS = {"bibtex": bibtex, "paper": paper, "benchmark_sources": benchmark_sources}
