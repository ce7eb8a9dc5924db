"""The data contract: every file of `data/`, its columns, their types and meanings.

One definition serves both the validator (`validate.py`) and the generated Data page, so the
page that tells contributors what to write and the check that enforces it cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass

# The point shapes of Vega that charts can draw and tell apart.
SHAPES = (
    "circle",
    "square",
    "cross",
    "diamond",
    "triangle-up",
    "triangle-down",
    "triangle-right",
    "triangle-left",
)


@dataclass(frozen=True)
class Column:
    """One column of a CSV file or one key of a YAML record."""

    name: str
    kind: str  # slug | text | markdown | number | integer | bool | url | enum | ref | refs | colour
    #          | numbers | names | records
    description: str
    required: bool = True
    allowed: tuple[str, ...] = ()
    ref: str = ""  # the table a `ref` column points into
    example: str = ""
    positive: bool = False  # numbers only: must be above 0
    items: Table | None = None  # records only: the keys of each record in the list
    length: int = 0  # numbers only: exactly this many, lowest first (0: any number, at least one)

    @property
    def type_label(self) -> str:
        labels = {
            "slug": "slug (lowercase letters, digits, `.` and `-`)",
            "text": "text",
            "markdown": "Markdown text (no HTML; links to `https://` addresses or pages of the site)",
            "refs": f"list of `id`s of `{self.ref}`, e.g. `[{self.example.strip('[]')}]`",
            "colour": "colour as `#rrggbb`",
            "number": "number above 0" if self.positive else "number",
            "integer": "whole number above 0" if self.positive else "whole number",
            "bool": "`true` or `false`",
            "url": "URL (`https://...`)",
            "enum": "one of " + ", ".join(f"`{value}`" for value in self.allowed),
            "ref": f"an `id` of `{self.ref}`",
            "numbers": "`[lowest, highest]`" if self.length == 2 else "list of numbers, e.g. `[7, 32]`",
            "names": "list of names, e.g. `[Ada Lovelace, Alan Turing]`",
            "records": f"list of {self.items.name if self.items else 'records'} (below)",
        }
        return labels[self.kind]


@dataclass(frozen=True)
class Table:
    """One file of `data/`: a CSV table or a YAML list of records."""

    name: str
    filename: str
    description: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ("id",)
    rules: tuple[str, ...] = ()  # checks across columns or files, in words (validate.py enforces them)
    single: bool = False  # a YAML file holding one record (a mapping), not a list of records

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns)

    def column(self, name: str) -> Column:
        return next(column for column in self.columns if column.name == name)


SOURCES = Table(
    name="sources",
    filename="sources.yaml",
    description="The works numbers are read from: papers, reports and benchmark pages.",
    rules=(
        "No two sources share an `id`, nor a `bibtex_key`.",
        "`authors` names every author once, as printed on the work and in its order: never "
        "`et al.` (BibTeX and the Downloads list them all; pages shorten them to `Lovelace et al.`).",
        "A source with `organisation: true` has exactly one name in `authors`; the name of a person "
        "holds no comma (`Ada Lovelace`, not `Lovelace, Ada`).",
    ),
    columns=(
        Column("id", "slug", "Short name other files use to cite this work.", example="my-paper"),
        Column("title", "text", "Title of the work.", example="My Paper: A Study of ..."),
        Column(
            "authors",
            "names",
            "Every author as printed on the work, in its order; or the organisation the work asks "
            "to be cited by (with `organisation: true`).",
            example="[Ada Lovelace, Alan Turing, Grace Hopper, ...]",
        ),
        Column(
            "organisation",
            "bool",
            "`true` when the work is credited to an organisation (`OpenAI`), cited by its whole name; "
            "empty for people.",
            required=False,
            example="true",
        ),
        Column("year", "integer", "Year of publication.", example="2024", positive=True),
        Column(
            "venue",
            "text",
            "Where it was published, e.g. `NeurIPS 2024`, only when verified; empty for a preprint "
            "or a report on arXiv only (BibTeX then cites its arXiv id).",
            required=False,
            example="NeurIPS 2024",
        ),
        Column(
            "url",
            "url",
            "Where to read it (an arXiv abstract page when there is one).",
            required=False,
            example="https://arxiv.org/abs/2401.00001",
        ),
        Column(
            "bibtex_key",
            "slug",
            "The key of the work's own BibTeX citation, when it gives one; otherwise the first "
            "author's surname, the year and the title's first word (`lovelace2024my`).",
            required=False,
            example="lovelace2024my",
        ),
    ),
)

BENCHMARKS = Table(
    name="benchmarks",
    filename="benchmarks.yaml",
    description="The benchmarks scores are reported on, and how to read their numbers.",
    rules=(
        "No two benchmarks share an `id`.",
        "`max` is above `min`.",
        "`source` is the `id` of a source in `sources.yaml`.",
    ),
    columns=(
        Column("id", "slug", "Short name results use to refer to the benchmark.", example="my-benchmark"),
        Column("name", "text", "Name as printed in papers.", example="My-Benchmark"),
        Column("description", "text", "What the benchmark measures, in one sentence."),
        Column("metric", "text", "What a score counts, e.g. `accuracy`.", example="accuracy"),
        Column("unit", "text", "Unit of a score, e.g. `%` or `of 30`.", example="%"),
        Column("min", "number", "Lowest possible score.", example="0"),
        Column("max", "number", "Highest possible score.", example="100"),
        Column("higher_is_better", "bool", "Whether a higher score is better.", example="true"),
        Column("url", "url", "Where the benchmark is described.", required=False),
        Column("source", "ref", "The work that introduced the benchmark.", ref="sources", example="my-paper"),
        Column(
            "test_set_size",
            "integer",
            "Number of test problems, when known.",
            required=False,
            example="5000",
            positive=True,
        ),
    ),
)

MODELS = Table(
    name="models",
    filename="models.csv",
    description="One row per model: what it is and what it was trained from.",
    rules=(
        "No two models share an `id`; a duplicate is reported with the line of the first.",
        "A model whose method trains from a base (`from_base: true` in `methods.yaml`) names its "
        "`base_model`; every `base_model` is the `id` of a model.",
        "Following `base_model` from model to model never comes back to where it started.",
        "`active_params_b` is at most `params_b`, and is given only with it.",
    ),
    columns=(
        Column(
            "id",
            "slug",
            "Unique short name results use to refer to the model.",
            example="my-model-7b-tuned",
        ),
        Column("name", "text", "Name as printed in the source.", example="My-Model-7B-Tuned"),
        Column("family", "text", "Model family, e.g. `My-Model`.", example="My-Model"),
        Column(
            "params_b",
            "number",
            "Total parameters in billions; empty when undisclosed.",
            required=False,
            example="7",
            positive=True,
        ),
        Column(
            "active_params_b",
            "number",
            "Parameters active per token in billions (mixture-of-experts models only).",
            required=False,
            example="14",
            positive=True,
        ),
        Column("method", "ref", "How the model was trained last.", ref="methods", example="my-method"),
        Column(
            "base_model",
            "ref",
            "The `id` of the model it was trained from (required when its method trains from a base); "
            "the site computes the model's gain over it.",
            required=False,
            ref="models",
            example="my-model-7b",
        ),
        Column(
            "open_weights",
            "bool",
            "Whether the weights are public; empty when the source does not say.",
            required=False,
            example="true",
        ),
        Column("url", "url", "The model's home page or card.", required=False),
    ),
)

RESULTS = Table(
    name="results",
    filename="results.csv",
    description="One row per reported score. A model has one score per benchmark and setting from "
    "each source: several sources may report the same score, and each is shown.",
    key=("model", "benchmark", "setting", "source"),
    rules=(
        "`model`, `benchmark` and `source` are the `id`s of a model, a benchmark and a source.",
        "`score` lies within the benchmark's `min` and `max` "
        "(a score ten times too high suggests a missing decimal point).",
        "A source reports a model's score on a benchmark once per setting: a second row with the same "
        "`model`, `benchmark`, `setting` and `source` is an error.",
        "Where several sources report a score, charts and findings use one, and every table names "
        "the others: the site's `work` (in `site.yaml`) first, then the most recent source (its "
        "`year`), then the source listed first in `sources.yaml`.",
    ),
    columns=(
        Column("model", "ref", "The model's `id`.", ref="models", example="my-model-7b-tuned"),
        Column("benchmark", "ref", "The benchmark's `id`.", ref="benchmarks", example="my-benchmark"),
        Column(
            "score",
            "number",
            "The score exactly as printed, within the benchmark's `min` and `max`.",
            example="55.8",
        ),
        Column(
            "setting",
            "text",
            "Empty for the score as first reported; a short label such as "
            "`greedy decoding` for a re-evaluation.",
            required=False,
        ),
        Column("source", "ref", "The work the number is read from.", ref="sources", example="my-paper"),
        Column("locator", "text", "Where in the source, e.g. `Table 1`.", example="Table 1"),
        Column("note", "text", "Anything a reader should know about this number.", required=False),
    ),
)

POINTS = Table(
    name="points",
    filename="figures.yaml",
    description="One result drawn as a point of a figure; the score is looked up in `results.csv`.",
    key=("model", "setting"),
    columns=(
        Column(
            "model",
            "ref",
            "The model's `id`; it needs a `params_b`.",
            ref="models",
            example="my-model-7b-tuned",
        ),
        Column(
            "label",
            "text",
            "The label drawn next to the point, as in the source.",
            example="My-Model-7B-Tuned",
        ),
        Column(
            "setting",
            "text",
            "The `setting` of the result to draw; empty for the first-reported score.",
            required=False,
            example="greedy decoding",
        ),
        Column(
            "label_side",
            "enum",
            "Which side of the point the label goes; `right` when empty.",
            required=False,
            allowed=("left", "right"),
            example="left",
        ),
    ),
)

LINES = Table(
    name="reference_lines",
    filename="figures.yaml",
    description="One result drawn as a dashed horizontal line across a figure.",
    key=("model", "setting"),
    columns=(
        Column("model", "ref", "The model's `id`.", ref="models", example="closed-model"),
        Column("label", "text", "The label drawn above the line, as in the source.", example="Closed-Model"),
        POINTS.column("setting"),
    ),
)

FIGURES = Table(
    name="figures",
    filename="figures.yaml",
    description="Figures that reproduce a source's chart: which results they show and how.",
    rules=(
        "No two figures share an `id`.",
        "A figure has at least one point.",
        "Each point and line names a model that has a result on the figure's benchmark under "
        "that `setting`; a point's model has a `params_b`.",
        "`y_domain` is `[lowest, highest]`, and `y_tick_step` draws at most 100 ticks across it.",
    ),
    columns=(
        Column("id", "slug", "Short name; the chart's files are named after it.", example="accuracy-by-size"),
        Column("title", "text", "Title drawn above the chart.", example="Accuracy by model size"),
        Column(
            "benchmark",
            "ref",
            "The benchmark whose scores are plotted.",
            ref="benchmarks",
            example="my-benchmark",
        ),
        Column("source", "ref", "The work whose figure this reproduces.", ref="sources", example="my-paper"),
        Column("locator", "text", "Where in the source, e.g. `Figure 1`.", example="Figure 1"),
        Column("caption", "text", "The source's caption or footnote.", required=False),
        Column(
            "x_ticks",
            "numbers",
            "Model sizes (billions) labelled on the x axis.",
            required=False,
            example="[7, 13, 34, 70]",
        ),
        Column(
            "y_domain",
            "numbers",
            "Lowest and highest score on the y axis.",
            required=False,
            length=2,
            example="[40, 80]",
        ),
        Column(
            "y_tick_step",
            "number",
            "Distance between y axis ticks (at most 100 ticks).",
            required=False,
            positive=True,
            example="2.5",
        ),
        Column(
            "points", "records", "Results drawn as points, placed by the model's `params_b`.", items=POINTS
        ),
        Column(
            "reference_lines",
            "records",
            "Results drawn as dashed horizontal lines (closed models whose size is undisclosed).",
            required=False,
            items=LINES,
        ),
    ),
)

METHODS = Table(
    name="methods",
    filename="methods.yaml",
    description="How models are trained: the label every page, table and legend shows for a method, "
    "and the shape and colours every chart draws it with. Legends list them in this order.",
    rules=(
        "No two methods share an `id`, nor a `label`.",
        "A colour stands at least 3:1 against its background (white for `colour`, the dark "
        "scheme's `#1e2029` for `colour_dark`), so that its marks can be seen.",
    ),
    columns=(
        Column("id", "slug", "Short name `models.csv` uses for the method.", example="my-method"),
        Column("label", "text", "The method's name as shown.", example="My-Method"),
        Column("shape", "enum", "The shape of its points.", allowed=SHAPES, example="triangle-up"),
        Column("colour", "colour", "Its colour on the light scheme.", example="#d62728"),
        Column("colour_dark", "colour", "Its colour on the dark scheme.", example="#ff6b6b"),
        Column(
            "from_base",
            "bool",
            "`true` for a method that trains an existing model further: its models name their "
            "`base_model`, and the site shows their gains over it.",
            required=False,
            example="true",
        ),
    ),
)

SITE = Table(
    name="site",
    filename="site.yaml",
    description="What the site presents: its title and introduction, the work it is about, the figure "
    "on its home page, and the methods it highlights.",
    key=(),
    single=True,
    rules=(
        "`work` is the `id` of a source, `featured_figure` the `id` of a figure, and each of "
        "`highlight` the `id` of a method.",
        "`name` holds no `<` or `>` (the theme shows it in tooltips that read it as HTML).",
    ),
    columns=(
        Column(
            "name",
            "text",
            "The site's short name, in the header and the title of every page.",
            example="LLM reasoning results",
        ),
        Column("title", "text", "The home page's heading.", example="Reasoning of large language models"),
        Column("description", "text", "One sentence for search engines and link previews."),
        Column(
            "intro",
            "markdown",
            "Shown under the heading, before the citation of `work`.",
            example="Every score of the paper's tables, exact and sourced.",
        ),
        Column(
            "work",
            "ref",
            "The work the site presents: cited under the introduction and in the cite box; its scores "
            "come first when several sources report one.",
            ref="sources",
            example="my-paper",
        ),
        Column(
            "featured_figure",
            "ref",
            "The figure drawn on the home page.",
            required=False,
            ref="figures",
            example="accuracy-by-size",
        ),
        Column(
            "highlight",
            "refs",
            "The methods drawn as the highlighted group: their own shape on the featured figure (every "
            "other model a circle), and their best model compared with the closed models.",
            ref="methods",
            example="[my-method]",
        ),
    ),
)

TABLES = (SITE, METHODS, SOURCES, BENCHMARKS, MODELS, RESULTS, FIGURES)
