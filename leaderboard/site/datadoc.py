"""The "Data" page: every file of `data/` and its columns, rendered from `schema.py`.

The validator reads the same `Table` and `Column` definitions, so the page that tells a
contributor what to write and the check that enforces it cannot drift apart. The schema's
descriptions are the project's own Markdown (trusted); values from `data/` are escaped.
"""

from __future__ import annotations

import csv
import io

import jinja2
from markupsafe import Markup

from ..data import schema
from ..data.dataset import Dataset
from ..data.errors import DataProblem
from ..data.schema import Column, Table
from .pages import render

PAGE = "data.md"


def column_row(column: Column, example: str = "") -> dict:
    """What the page says about one column: its type, whether it is required, its meaning, and an
    example from the site's own data (`example`)."""
    type_label = column.type_label
    if column.kind == "ref" and column.ref:
        type_label += f" ([`{schema_file(column.ref)}`](#{anchor(column.ref)}))"
    return {
        "name": column.name,
        "required": "required" if column.required else "optional",
        "type": Markup(type_label),
        "description": Markup(column.description),
        "example": example,
    }


def schema_file(name: str) -> str:
    return next(table.filename for table in schema.TABLES if table.name == name)


def anchor(name: str) -> str:
    """The heading id of a table's section: `models-csv` for `models.csv`."""
    return schema_file(name).replace(".", "-")


def records_of(dataset: Dataset, name: str) -> list:
    """The typed records of one table (or of a figure's nested `points` or `reference_lines`)."""
    nested = {"points": "points", "reference_lines": "reference_lines"}
    if name in nested:
        return [item for figure in dataset.figures for item in getattr(figure, nested[name])]
    found = {
        "site": [dataset.site],
        "methods": list(dataset.methods.values()),
        "sources": list(dataset.sources.values()),
        "benchmarks": list(dataset.benchmarks.values()),
        "models": list(dataset.models.values()),
        "results": dataset.results,
        "figures": dataset.figures,
    }
    return found[name]


def as_typed(record, name: str):
    """A field of a typed record as its file holds it: a number as written (`55.80`), else its value."""
    return getattr(record, f"{name}_text", None) or getattr(record, name, None)


def example(records: list, column: Column) -> str:
    """The column's value in the first record that has one, written as in the file: a number as
    typed, `true`/`false`, a list in brackets (its first three items); long text cut short."""
    if column.kind == "records":
        return ""
    for record in records:
        value = as_typed(record, column.name)
        if value is None or value == "":
            continue
        if isinstance(value, bool):
            return str(value).lower()
        if isinstance(value, (list, tuple)):
            items = [f"{item:g}" if isinstance(item, float) else str(item) for item in value]
            return "[" + ", ".join(items[:3]) + (", ..." if len(items) > 3 else "") + "]"
        text = " ".join(str(value).split())
        return text if len(text) <= 48 else text[:45].rstrip() + "..."
    return ""


def table_section(table: Table, dataset: Dataset) -> dict:
    """One file of `data/`: what it holds, its key, its columns, and its nested records, each
    column with an example from the dataset."""
    nested = [
        {
            "column": column.name,
            "description": Markup(column.items.description),
            "rows": [
                column_row(c, example(records_of(dataset, column.items.name), c)) for c in column.items.columns
            ],
        }
        for column in table.columns
        if column.items is not None
    ]
    return {
        "name": table.name,
        "filename": table.filename,
        "anchor": table.filename.replace(".", "-"),
        "format": file_format(table),
        "description": Markup(table.description),
        "key": table.key,
        "rows": [column_row(column, example(records_of(dataset, table.name), column)) for column in table.columns],
        "nested": nested,
        "rules": [Markup(rule) for rule in table.rules],
    }


def file_format(table: Table) -> str:
    if table.filename.endswith(".csv"):
        return "CSV with a header row"
    return "YAML record (`key: value` lines)" if table.single else "YAML list of records"


def example_csv_row(table: Table, record) -> str:
    """The header of a CSV table and `record` as its row, as the file holds it."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(table.column_names)
    writer.writerow(
        [as_typed(record, name) or "" for name in table.column_names]
    )
    return buffer.getvalue().rstrip("\n")


def example_problem(dataset: Dataset) -> str:
    """A real-looking error: the first result of the data, typed without its decimal point."""
    result = next((r for r in dataset.results if "." in r.score_text), None)
    if result is None:
        return str(DataProblem("data/results.csv", 2, "score", "'abc' is not a number"))
    benchmark = dataset.benchmarks[result.benchmark]
    typed = result.score_text.replace(".", "")
    message = (
        f"score {typed} is outside {benchmark.min_text}–{benchmark.max_text} of {benchmark.id}: "
        "a missing decimal point?"
    )
    return str(DataProblem(f"data/{schema.RESULTS.filename}", result.origin.line, "score", message))


def data_page(env: jinja2.Environment, dataset: Dataset) -> dict[str, bytes]:
    """The Data page, by its path under `docs/`."""
    return {
        PAGE: render(
            env,
            "data.md.j2",
            PAGE,
            dataset=dataset,
            tables=[table_section(table, dataset) for table in schema.TABLES],
            sized=[b for b in dataset.benchmarks.values() if b.test_set_size],
            models=schema.MODELS,
            results=schema.RESULTS,
            sources=schema.SOURCES,
            results_example=example_csv_row(schema.RESULTS, dataset.results[0]) if dataset.results else "",
            models_required=Markup(", ".join(f"`{c.name}`" for c in schema.MODELS.columns if c.required)),
            problem=Markup(example_problem(dataset)),  # ids are slugs, numbers plain decimals
        )
    }
