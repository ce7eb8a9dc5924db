"""Render the Markdown pages of the site from the Jinja2 templates in `templates/`.

Every value from `data/` is escaped on the way in: names, notes and sources are shown as typed,
never run as HTML, Markdown or Jinja.
"""

from __future__ import annotations

import json
import re
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

import jinja2
from markupsafe import Markup, escape

from . import citations, compare, tables
from ..data.dataset import FIRST_REPORTED, Dataset, author_year, size_label
from .findings import LISTED, key_findings
from ..data.lookups import build_lookups

if TYPE_CHECKING:
    from .changes import History

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
# `#` of an entity made by escape() (`&#39;`) stays bare: escaped, the table of contents shows `&amp;#39;`.
MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()+\-.!|~<>]|(?<!&)#)")
YAML_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\ufffe\uffff]")
# What an embed page shows below its chart's frame (switches, sources, the link back), in px at a
# frame of 1000 px: the height an <iframe> snippet gives the page is the chart's height plus this.
EMBED_CHROME_HEIGHT = 150


DICT_METHODS = frozenset(dir(dict))


class Environment(jinja2.Environment):
    """Jinja's environment, reading `row.name` from a dict by key first.

    Every row the templates read is a dict: Jinja's own lookup tries an attribute first and fails
    before it tries the key, on every access, which made sites of thousands of models slow. The
    result is the same for any key that is not the name of a dict method.
    """

    def getattr(self, obj, attribute):
        if type(obj) is dict and attribute not in DICT_METHODS:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return super().getattr(obj, attribute)


def environment(templates: Path = TEMPLATES) -> jinja2.Environment:
    env = Environment(
        loader=jinja2.FileSystemLoader(templates),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = markdown_text
    env.filters["front_matter"] = front_matter
    env.filters["yaml_string"] = yaml_string
    env.filters["signed"] = signed
    env.filters["markdown"] = markdown_source
    env.filters["open_label"] = open_label
    env.filters["size_label"] = size_label
    env.filters["author_year"] = author_year  # `Lovelace et al., 2024`
    env.globals["first_reported"] = FIRST_REPORTED
    env.globals["embed_chrome_height"] = EMBED_CHROME_HEIGHT
    env.filters.update(citations.FILTERS)  # bibtex, paper, benchmark_sources
    return env


def markdown_text(value: object) -> Markup:
    """Text that Markdown shows literally: HTML-escaped, then Markdown punctuation escaped."""
    escaped = str(escape(str(value))).replace("\n", " ")
    return Markup(MARKDOWN_SPECIALS.sub(r"\\\1", escaped))


def markdown_source(value: object) -> Markup:
    """A maintainer's Markdown (`intro` in `site.yaml`), formatted but never run: HTML is escaped
    (shown as typed), and so are the braces of `{: attribute lists }`, which could add attributes
    such as `onclick`. The validator has refused links to anything but https:// and the site."""
    escaped = str(escape(str(value)))
    return Markup(escaped.replace("{", "\\{").replace("}", "\\}"))


def front_matter(value: object) -> Markup:
    """A title or description for front matter: HTML, escaped here, because Material's templates
    (and Zensical's) print them unescaped into the page; as a YAML string (`yaml_string`)."""
    return yaml_string(escape(str(value)))


def yaml_string(value: object) -> Markup:
    """`value` as it is, as a one-line YAML string for front matter: a JSON string, which is valid
    YAML and escapes every quote and control character, with the characters YAML reads as line
    breaks (NEL, U+2028, U+2029) or refuses (C1 controls, U+FFFE, U+FFFF) escaped too."""
    text = json.dumps(str(value), ensure_ascii=False)
    return Markup(YAML_UNSAFE.sub(lambda found: f"\\u{ord(found[0]):04x}", text))


def signed(value: object) -> str:
    """`+1.0`, `\u22121`, `0.0`: a gain with its sign, a true minus sign (U+2212) when negative."""
    text = str(value)
    if text.startswith("-"):
        return "\u2212" + text[1:]
    return text if text.strip("0.") == "" else "+" + text


def open_label(value: bool | None) -> str:
    return {True: "Yes", False: "No", None: "Not stated"}[value]


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


def site_pages(
    env: jinja2.Environment, dataset: Dataset, charts: dict[str, dict], history: History | None = None
) -> dict[str, bytes]:
    """Every generated page, by its path under `docs/`: home, benchmarks, models, compare (with its
    data); and the rows of each interactive table as JSON and CSV (tables.py).

    Each page renders from lookups built once, so the build is linear in the number of models.
    """
    lookups = build_lookups(dataset)
    common = {"dataset": dataset, "charts": charts, "lookups": lookups, "history": history}
    pages = {}
    headline = dataset.featured_figure
    findings = key_findings(dataset, lookups, first=headline.benchmark if headline else None)
    several_sources = any(dataset.also_reported.values())
    pages["index.md"] = render(
        env,
        "home.md.j2",
        "index.md",
        headline=headline,
        findings=findings,
        listed=LISTED,
        several_sources=several_sources,
        **common,
    )
    pages["benchmarks/index.md"] = render(env, "benchmarks.md.j2", "benchmarks/index.md", **common)
    # The interactive tables: the page holds the first rows, the files beside the downloads all of them.
    macros = tables.row_macros(env)
    for benchmark in dataset.benchmarks.values():
        page = f"benchmarks/{benchmark.id}.md"
        rows = lookups.rows_by_benchmark[benchmark.id]
        table = tables.results_table(macros, benchmark, rows, root_prefix(page))
        pages.update(table.outputs())
        pages[page] = render(
            env,
            "benchmark.md.j2",
            page,
            benchmark=benchmark,
            rows=rows,
            table=table,
            sources=sources_of(rows),
            **common,
        )
    table = tables.models_table(macros, dataset, lookups, root_prefix("models/index.md"))
    pages.update(table.outputs())
    pages["models/index.md"] = render(env, "models.md.j2", "models/index.md", table=table, **common)
    for model in dataset.models.values():
        page = f"models/{model.id}.md"
        rows = lookups.rows_by_model.get(model.id, [])
        pages[page] = render(
            env,
            "model.md.j2",
            page,
            model=model,
            rows=rows,
            sources=sources_of(rows),
            base=dataset.models.get(model.base_model or ""),
            derived=[dataset.models[i] for i in lookups.trained_from_it.get(model.id, [])],
            gains=lookups.gains_by_model.get(model.id, []),
            gains_as_base=lookups.gains_by_base.get(model.id, []),
            **common,
        )
    pages.update(compare.compare_outputs(env, dataset, lookups, render))
    pages.update(embed_pages(env, dataset, charts))
    return pages


def chart_page(info: dict) -> str:
    """The page every chart is shown on, with its downloads: its benchmark's (the home page shows
    the featured figure too)."""
    return f"benchmarks/{info['benchmark']}/"


def embed_pages(env: jinja2.Environment, dataset: Dataset, charts: dict[str, dict]) -> dict[str, bytes]:
    """A page per chart at `embed/ID/`, the chart alone for an <iframe> on another site."""
    pages = {}
    for info in charts.values():
        page = f"embed/{info['id']}.md"
        pages[page] = render(env, "embed.md.j2", page, info=info, chart_page=chart_page(info), dataset=dataset)
    return pages


def sources_of(rows: list[dict]) -> list[dict]:
    """The works some scores come from, each once, in the order first cited."""
    seen = {}
    for row in rows:
        seen.setdefault(row["citation"], {"citation": row["citation"], "url": row["source_url"]})
    return list(seen.values())
