"""Render the Markdown pages of the site from the Jinja2 templates in `templates/`.

Every value from `data/` is escaped on the way in: names, notes and sources are shown as typed,
never run as HTML, Markdown or Jinja.
"""

from __future__ import annotations

import json
import re
from pathlib import Path, PurePosixPath

import jinja2
from markupsafe import Markup, escape

from . import citations
from .dataset import Dataset, benchmark_rows

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|~<>])")


def environment(templates: Path = TEMPLATES) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = markdown_text
    env.filters["yaml_str"] = yaml_string
    env.filters.update(citations.FILTERS)  # bibtex, paper, benchmark_sources
    return env


def markdown_text(value: object) -> Markup:
    """Text that Markdown shows literally: HTML-escaped, then Markdown punctuation escaped."""
    escaped = str(escape(str(value))).replace("\n", " ")
    return Markup(MARKDOWN_SPECIALS.sub(r"\\\1", escaped))


def yaml_string(value: object) -> Markup:
    """A front-matter string: JSON is valid YAML and escapes every quote and control character."""
    return Markup(json.dumps(str(value), ensure_ascii=False))


def root_prefix(page: str) -> str:
    """The relative path from a page's URL to the site root, with directory URLs.

    `index.md` is served at `/`, `benchmarks/math.md` at `/benchmarks/math/`.
    """
    path = PurePosixPath(page)
    depth = len(path.parts) - 1 + (0 if path.stem == "index" else 1)
    return "../" * depth


def render(env: jinja2.Environment, template: str, page: str, **context) -> bytes:
    text = env.get_template(template).render(root=root_prefix(page), page=page, **context)
    return text.encode("utf-8")


def site_pages(env: jinja2.Environment, dataset: Dataset, charts: dict[str, dict]) -> dict[str, bytes]:
    """Every generated page, by its path under `docs/`."""
    pages = {}
    headline = dataset.figures[0] if dataset.figures else None
    pages["index.md"] = render(env, "home.md.j2", "index.md", dataset=dataset,
                               headline=headline, charts=charts)
    for benchmark in dataset.benchmarks.values():
        page = f"benchmarks/{benchmark['id']}.md"
        rows = benchmark_rows(dataset, benchmark["id"])
        pages[page] = render(env, "benchmark.md.j2", page, dataset=dataset, benchmark=benchmark,
                             rows=rows, charts=charts)
    return pages
