"""How to cite the works of `data/sources.yaml`: a BibTeX entry per source, from its fields only.

Every author is listed, joined by ` and `; an organisation's name is braced (`{Gemini Team, Google}`)
so that BibTeX keeps it whole. A work with a verified venue is an `@inproceedings` with it as
`booktitle`; any other work (a preprint, a report on arXiv only, a web page) is a `@misc`, with
`eprint` and `archivePrefix` for an arXiv id, as arXiv's own BibTeX export gives it. Nothing is
added that the data does not hold. `FILTERS` are the Jinja2 filters templates use (`source |
bibtex`, `dataset | paper`, `source | arxiv_id`).
"""

from __future__ import annotations

import re
import unicodedata

from ..data.dataset import Dataset, surname
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


def paper(dataset: Dataset) -> Source:
    """The work the site presents: `work` in `site.yaml`."""
    return dataset.sources[dataset.site.work]


def benchmark_sources(dataset: Dataset) -> list[Source]:
    """The work that introduced each benchmark, once each, in the order of benchmarks.yaml."""
    seen: dict[str, Source] = {}
    for benchmark in dataset.benchmarks.values():
        seen.setdefault(benchmark.source, dataset.sources[benchmark.source])
    return list(seen.values())


def bibtex(source: Source) -> str:
    """One entry; the title in double braces so that its capitals survive."""
    fields = [
        ("title", "{" + latex(source.title) + "}"),
        ("author", authors(source)),
        ("year", str(source.year)),
    ]
    if source.venue:
        fields.append(("booktitle", latex(source.venue)))
    url = source.url
    if url:
        if arxiv := arxiv_id(source):
            fields += [("eprint", arxiv), ("archivePrefix", "arXiv")]
        fields.append(("url", url.replace("{", "%7B").replace("}", "%7D")))
    body = "".join(f"  {name} = {{{value}}},\n" for name, value in fields)
    kind = "inproceedings" if source.venue else "misc"
    return f"@{kind}{{{key(source)},\n{body}}}"


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
    """The work's own key (`bibtex_key`), else `lovelace2024my`: the first author's surname (an
    organisation's first word), the year, the first word of the title, in ASCII letters."""
    if source.bibtex_key:
        return source.bibtex_key
    first = source.authors[0]
    name = first.split()[0] if source.organisation else surname(first)
    words = source.title.split()
    return f"{ascii_word(name) or 'anonymous'}{source.year}{ascii_word(words[0]) if words else ''}"


def ascii_word(text: str) -> str:
    """`Rozière` → `roziere`: lowercase ASCII letters and digits only."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]", "", folded.lower())


def authors(source: Source) -> str:
    """Every author joined by ` and `; a name BibTeX would split (an organisation's, or one
    holding the word `and`) is braced so that it stays one name."""
    return " and ".join(
        "{" + latex(name) + "}" if source.organisation or re.search(r"\band\b", name, re.I) else latex(name)
        for name in source.authors
    )


def latex(text: str) -> str:
    """Text that BibTeX and LaTeX print as typed: special characters escaped, one line."""
    return "".join(LATEX_SPECIALS.get(character, character) for character in " ".join(str(text).split()))


def arxiv_id(source: Source) -> str | None:
    """`2401.00001` for a work whose `url` is its arXiv abstract page."""
    found = ARXIV.match(source.url or "")
    return found.group(1) if found else None


FILTERS = {"bibtex": bibtex, "paper": paper, "benchmark_sources": benchmark_sources, "arxiv_id": arxiv_id}
