"""The data contract: every file of `data/`, its columns, their types and meanings.

One definition serves both the validator (`validate.py`) and the generated Data page, so the
page that tells contributors what to write and the check that enforces it cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field

METHODS = ("base", "sft", "instruct", "rl", "dpo", "step-dpo", "other")


@dataclass(frozen=True)
class Column:
    """One column of a CSV file or one key of a YAML record."""

    name: str
    kind: str  # slug | text | number | integer | bool | url | enum | ref | list
    description: str
    required: bool = True
    allowed: tuple[str, ...] = ()
    ref: str = ""  # the table an `ref` column points into
    example: str = ""

    @property
    def type_label(self) -> str:
        labels = {
            "slug": "slug (lowercase letters, digits, `.` and `-`)",
            "text": "text",
            "number": "number",
            "integer": "whole number",
            "bool": "`true` or `false`",
            "url": "URL (`https://...`)",
            "enum": "one of " + ", ".join(f"`{value}`" for value in self.allowed),
            "ref": f"an `id` of `{self.ref}`",
            "list": "list",
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
    extra_keys_allowed: tuple[str, ...] = field(default=())

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns)

    def column(self, name: str) -> Column:
        return next(column for column in self.columns if column.name == name)


SOURCES = Table(
    name="sources",
    filename="sources.yaml",
    description="The works numbers are read from: papers, reports and benchmark pages.",
    columns=(
        Column("id", "slug", "Short name other files use to cite this work.", example="step-dpo"),
        Column("title", "text", "Title of the work.", example="Step-DPO: Step-wise Preference ..."),
        Column("authors", "text", "Authors as cited, e.g. `Lai et al.`.", example="Lai et al."),
        Column("year", "integer", "Year of publication.", example="2024"),
        Column("url", "url", "Where to read it (an arXiv abstract page when there is one).",
               required=False, example="https://arxiv.org/abs/2406.18629"),
    ),
)

BENCHMARKS = Table(
    name="benchmarks",
    filename="benchmarks.yaml",
    description="The benchmarks scores are reported on, and how to read their numbers.",
    columns=(
        Column("id", "slug", "Short name results use to refer to the benchmark.", example="math"),
        Column("name", "text", "Name as printed in papers.", example="MATH"),
        Column("description", "text", "What the benchmark measures, in one sentence."),
        Column("metric", "text", "What a score counts, e.g. `accuracy`.", example="accuracy"),
        Column("unit", "text", "Unit of a score, e.g. `%` or `of 30`.", example="%"),
        Column("min", "number", "Lowest possible score.", example="0"),
        Column("max", "number", "Highest possible score.", example="100"),
        Column("higher_is_better", "bool", "Whether a higher score is better.", example="true"),
        Column("url", "url", "Where the benchmark is described.", required=False),
        Column("source", "ref", "The work that introduced the benchmark.", ref="sources",
               example="math"),
        Column("test_set_size", "integer", "Number of test problems, when known.", required=False,
               example="5000"),
    ),
)

MODELS = Table(
    name="models",
    filename="models.csv",
    description="One row per model: what it is and what it was trained from.",
    columns=(
        Column("id", "slug", "Unique short name results use to refer to the model.",
               example="qwen2-7b-sft-step-dpo"),
        Column("name", "text", "Name as printed in the source.", example="Qwen2-7B-SFT + Step-DPO"),
        Column("family", "text", "Model family, e.g. `Qwen2`.", example="Qwen2"),
        Column("params_b", "number", "Total parameters in billions; empty when undisclosed.",
               required=False, example="7"),
        Column("active_params_b", "number",
               "Parameters active per token in billions (mixture-of-experts models only).",
               required=False, example="14"),
        Column("method", "enum", "How the model was trained last.", allowed=METHODS,
               example="step-dpo"),
        Column("base_model", "ref", "The `id` of the model it was trained from "
               "(required for `step-dpo`).", required=False, ref="models",
               example="qwen2-7b-sft"),
        Column("open_weights", "bool", "Whether the weights are public; empty when the source does not say.",
               required=False, example="true"),
        Column("url", "url", "The model's home page or card.", required=False),
    ),
)

RESULTS = Table(
    name="results",
    filename="results.csv",
    description="One row per reported score. A model may have several scores on one benchmark "
    "only under different settings.",
    key=("model", "benchmark", "setting"),
    columns=(
        Column("model", "ref", "The model's `id`.", ref="models", example="qwen2-7b-sft-step-dpo"),
        Column("benchmark", "ref", "The benchmark's `id`.", ref="benchmarks", example="math"),
        Column("score", "number", "The score exactly as printed, within the benchmark's "
               "`min` and `max`.", example="55.8"),
        Column("setting", "text", "Empty for the score as first reported; a short label such as "
               "`authors' prompt` for a re-evaluation.", required=False),
        Column("source", "ref", "The work the number is read from.", ref="sources",
               example="step-dpo"),
        Column("locator", "text", "Where in the source, e.g. `Table 1`.", example="Table 1"),
        Column("note", "text", "Anything a reader should know about this number.",
               required=False),
    ),
)

FIGURES = Table(
    name="figures",
    filename="figures.yaml",
    description="Figures that reproduce a source's chart: which results they show and how.",
    columns=(
        Column("id", "slug", "Short name; the chart's files are named after it.",
               example="math-by-size"),
        Column("title", "text", "Title drawn above the chart.",
               example="Accuracy on the MATH test set"),
        Column("benchmark", "ref", "The benchmark whose scores are plotted.", ref="benchmarks",
               example="math"),
        Column("source", "ref", "The work whose figure this reproduces.", ref="sources",
               example="step-dpo"),
        Column("locator", "text", "Where in the source, e.g. `Figure 1`.", example="Figure 1"),
        Column("caption", "text", "The source's caption or footnote.", required=False),
        Column("x_ticks", "list", "Model sizes (billions) labelled on the x axis.",
               required=False),
        Column("y_domain", "list", "Lowest and highest score on the y axis.", required=False),
        Column("y_tick_step", "number", "Distance between y axis ticks.", required=False),
        Column("points", "list", "Results drawn as points: `model`, `label`, optional "
               "`setting` and `label_side` (`left` or `right`)."),
        Column("reference_lines", "list", "Results drawn as dashed horizontal lines: `model`, "
               "`label`, optional `setting`.", required=False),
    ),
)

TABLES = (SOURCES, BENCHMARKS, MODELS, RESULTS, FIGURES)
