"""The interactive tables: the models index and each benchmark's results, at any size.

A table's page holds its first `FIRST_ROWS` rows, its filter form and a link to its full CSV, so
it reads and downloads without JavaScript; every row is written once more beside the downloads,
`downloads/tables/SCOPE.json`, which `docs/assets/javascripts/tables.js` loads once to sort,
filter and search all of them and to draw the rows further down as the reader reaches them.
That file holds, by column, not by row: `keys`, each column's sort and filter key of every row (a
number, a text or null); `forms`, each column's distinct cells, as the same Jinja macro renders them
in the page (links, ± intervals, settings, "also reported" notes, all escaped here); and `cells`,
each row's form by its place in `forms`, or null where a column has one form only. A form
(`cell_form`) is a list of markup and slots that tables.js joins: `0` for the row's key as text
(`key_text`, the text tables.js writes for it) and `1` for the key as a slug (`key_slug`, a model
page's address), so that `["<td><a href=\"../models/", 1, "/\">", 0, "</a></td>"]` is every cell
of the Model column and the cell comes back to the byte. Each key's text written once and each
cell's markup once per column, the rows of 10,000 synthetic models take about a third of the gzip
of whole rows with their keys: 98 KB for 339 (models index), 76 KB for 267 (MATH).
`downloads/tables/SCOPE.csv` holds every row, one record each in the same order, formula-safe
(`csv_field`): "Download these" in tables.js fetches it and keeps the records of the rows shown.

The sorting, filtering and row drawing are the site's own code (tables.js), not a library. Of the
candidates on the npm registry, measured here at 10,000 rows in headless Chromium: Tabulator
6.5.3 is 102 KB gzip and draws a grid of `div`s instead of a table; simple-datatables 10.3.0
(27 KB gzip, LGPL-3.0) took 7.1 s to take 10,000 rows of cell markup, parsing each cell into its
virtual DOM; Grid.js 6.2.0 (17 KB gzip) took 1.2 s to its first rows and replaces the table's
markup with its own. None has per-column select and range filters: each searches one text over
all columns. The page's own rows, the form rendered in the page and the address state would all
be ours to write beside any of them.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from dataclasses import dataclass, field

import jinja2
from markupsafe import Markup

from ..data.dataset import FIRST_REPORTED, Dataset
from ..data.lookups import Lookups, headline_scores

FIRST_ROWS = 100  # rows in the page itself: a whole table on a small site, a first screenful on a big one
FOLDER = "downloads/tables"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # what a spreadsheet would run as a formula
SLUG_GAPS = re.compile(r"[^a-z0-9.]+")  # what tables.js slug() makes one "-"
CELL = re.compile(r"<td\b[^>]*>.*?</td>", re.DOTALL)  # a row's cells (a cell holds no table)


@dataclass
class Column:
    """A column: its key in the address (`math-results.sort=-score`) and CSV, its heading, how it
    sorts (`number`, `text` or None) and filters (`search`, `select`, `range` or None)."""

    key: str
    heading: str
    sort: str | None = "text"
    filter: str | None = None
    options: list[str] = field(default_factory=list)  # a select's values, from every row


@dataclass
class Table:
    scope: str  # the table's id on its page and in the address: `math-results`, `models`
    noun: str  # what a row is: `results`, `models`
    caption: str
    columns: list[Column]
    csv_header: list[str]
    rows: list[tuple[Markup, list, list[str]]]  # (row markup, one key per column, CSV fields)

    @property
    def foot_id(self) -> str:
        """The id of the line under the table: a page whose table comes first holds its first
        paint until it is parsed (front matter `first_paint`, main.html)."""
        return f"{self.scope}-foot"

    @property
    def json_path(self) -> str:
        return f"{FOLDER}/{self.scope}.json"

    @property
    def csv_path(self) -> str:
        return f"{FOLDER}/{self.scope}.csv"

    @property
    def complete(self) -> bool:
        """Whether the page itself holds every row."""
        return len(self.rows) <= FIRST_ROWS

    @property
    def first_rows(self) -> Markup:
        return Markup("\n").join(html for html, _, _ in self.rows[:FIRST_ROWS])

    def outputs(self) -> dict[str, bytes]:
        count = len(self.columns)
        rows = [
            [cell_form(cell, key) for cell, key in zip(row_cells(html, count), keys, strict=True)]
            for html, keys, _ in self.rows
        ]
        forms, cells = (
            zip(*(distinct(column) for column in zip(*rows))) if rows else ([[]] * count, [None] * count)
        )
        keys = [list(column) for column in zip(*(keys for _, keys, _ in self.rows))] or [
            [] for _ in self.columns
        ]
        text = json.dumps(
            {"keys": keys, "forms": forms, "cells": cells}, ensure_ascii=False, separators=(",", ":")
        )
        return {self.json_path: text.encode("utf-8"), self.csv_path: csv_text(self.csv_header, self.rows)}


def distinct(column: tuple[list, ...]) -> tuple[list[list], list[int] | None]:
    """A column's forms, each once in the order first met, and each row's by its place in them
    (None where the column has one form)."""
    places: dict[str, int] = {}  # a form's JSON → its place
    forms: list[list] = []
    chosen = []
    for form in column:
        place = places.setdefault(json.dumps(form), len(forms))
        if place == len(forms):
            forms.append(form)
        chosen.append(place)
    return forms, chosen if len(forms) > 1 else None


HTML_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}  # tables.js ENTITIES


def key_text(key: object) -> str | None:
    """A key as tables.js writes it into a cell: `escapeHtml(String(key))`, for a text or a number
    whose JavaScript form is sure (`110.0` is `110`, `7.5` is `7.5`; not `1e-07`), else None."""
    if isinstance(key, str):
        return "".join(HTML_ENTITIES.get(character, character) for character in key)
    if isinstance(key, bool) or not isinstance(key, int | float) or not math.isfinite(key):
        return None
    if float(key).is_integer():
        return str(int(key)) if abs(key) < 2**53 else None
    text = repr(float(key))
    return None if "e" in text else text


def key_slug(key: object) -> str | None:
    """A text key as tables.js makes it a slug, as a model's id usually is its name: lower case, each
    run of characters other than `a`-`z`, digits and `.` one `-`, none at either end. None for a
    number, or a text beyond ASCII (where the lower case of Python and JavaScript could differ)."""
    if not isinstance(key, str) or not key.isascii():
        return None
    return SLUG_GAPS.sub("-", key.lower()).strip("-") or None


def cell_form(cell: str, key: object) -> list[str | int]:
    """A cell as the rows file holds it: its markup split around its key's text (slot 0) and, in
    what is left, around its key's slug (slot 1); the markup alone where it holds neither."""
    form: list[str | int] = [cell]
    for slot, text in ((0, key_text(key)), (1, key_slug(key))):
        if text:
            form = [piece for part in form for piece in split_around(part, text, slot)]
    return [part for part in form if part != ""]


def split_around(part: str | int, text: str, slot: int) -> list[str | int]:
    if not isinstance(part, str) or text not in part:
        return [part]
    pieces: list[str | int] = []
    for number, piece in enumerate(part.split(text)):
        pieces += [slot, piece] if number else [piece]
    return pieces


def row_cells(html: str, count: int) -> list[str]:
    """A row's `<td>` cells, which must be the whole row: `<tr>`, `count` cells and `</tr>`."""
    cells = CELL.findall(html)
    if len(cells) != count or f"<tr>{''.join(cells)}</tr>" != html:
        raise ValueError(f"a table row is not <tr> and {count} <td> cells: {html[:200]}")
    return cells


def csv_field(value: object) -> str:
    """A CSV field that a spreadsheet shows as text: a leading `=`, `+`, `-` or `@` (a formula to
    Excel, LibreOffice and Google Sheets) gets a `'` before it."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_text(header: list[str], rows: list[tuple]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(fields for _, _, fields in rows)
    return buffer.getvalue().encode("utf-8")


def options(rows: list[tuple], index: int) -> list[str]:
    """The values of a select filter: every row's key in the column, each once, sorted."""
    return sorted({keys[index] for _, keys, _ in rows if keys[index] is not None}, key=str.lower)


def with_options(columns: list[Column], rows: list[tuple]) -> list[Column]:
    for index, column in enumerate(columns):
        if column.filter == "select":
            column.options = options(rows, index)
    return columns


def number_text(value: float | None) -> str:
    """`236`, `0.5`: a size as a CSV field, without a float's `.0`."""
    return "" if value is None else str(value).removesuffix(".0")


def open_text(value: bool | None) -> str:
    return {True: "Yes", False: "No", None: "Not stated"}[value]


def open_csv(value: bool | None) -> str:
    return "" if value is None else str(value).lower()


def half_width(row: dict) -> str:
    return (row["plus_minus"] or "").removeprefix("± ")


def setting_csv(row: dict) -> str:
    return "" if row["setting"] == FIRST_REPORTED else row["setting"]


# The tables ------------------------------------------------------------------------------------


def results_table(macros, benchmark, rows: list[dict], root: str) -> Table:
    """Every result on one benchmark, best first."""
    columns = [
        Column("rank", "Rank", "number"),
        Column("model", "Model", "text", "search"),
        Column("family", "Family", "text", "select"),
        Column("method", "Method", "text", "select"),
        Column("open", "Open weights", "text", "select"),
        Column("size", "Size", "number", "range"),
        Column("score", f"{benchmark.metric.capitalize()} ({benchmark.unit})", "number"),
        Column("source", "Source", "text"),
    ]
    header = ["rank", "model_id", "model", "family", "method", "open_weights", "params_b"]
    header += ["score", "plus_minus", "setting", "source"]
    table_rows = []
    for row in rows:
        keys = [
            row["rank"],
            row["model"],
            row["family"],
            row["method_label"],
            open_text(row["open_weights"]),
            row["params_b"],
            row["score"],
            row["source"],
        ]
        fields = [row["rank"], row["model_id"], row["model"], row["family"], row["method_label"]]
        fields += [
            open_csv(row["open_weights"]),
            number_text(row["params_b"]),
            row["score_text"],
            half_width(row),
        ]
        fields += [setting_csv(row), row["source"]]
        table_rows.append((macros.results_row(row, root), keys, [csv_field(f) for f in fields]))
    interval = ", with its 95% interval (±)" if benchmark.test_set_size else ""
    caption = (
        f"{benchmark.name}: {len(rows)} results, best first, each as first reported unless an evaluation "
        f"setting is named under it{interval}; where several sources report a score, the others are "
        "named under it. Select a column heading to sort."
    )
    return Table(
        f"{benchmark.id}-results", "results", caption, with_options(columns, table_rows), header, table_rows
    )


def models_table(macros, dataset: Dataset, lookups: Lookups, root: str) -> Table:
    """Every model with one score per benchmark."""
    benchmarks = list(dataset.benchmarks.values())
    columns = [
        Column("model", "Model", "text", "search"),
        Column("family", "Family", "text", "select"),
        Column("method", "Method", "text", "select"),
        Column("open", "Open weights", "text", "select"),
        Column("size", "Size", "number", "range"),
    ]
    taken = {column.key for column in columns} | {"sort"}
    for benchmark in benchmarks:
        if benchmark.id in taken or benchmark.id.endswith(("-from", "-to")):
            raise ValueError(
                f"benchmark id {benchmark.id!r} is also the name of a column of the models table"
            )
        columns.append(Column(benchmark.id, benchmark.name, "number"))
    header = ["model_id", "model", "family", "method", "open_weights", "params_b", "active_params_b"]
    for benchmark in benchmarks:
        header += [benchmark.id, f"{benchmark.id}_setting"]
    method_labels = {method.id: method.label for method in dataset.methods.values()}
    table_rows = []
    for model in dataset.models.values():
        scores = headline_scores(lookups.rows_by_model.get(model.id, []))
        label = method_labels[model.method]
        keys = [model.name, model.family, label, open_text(model.open_weights), model.params_b]
        fields = [model.id, model.name, model.family, label, open_csv(model.open_weights)]
        fields += [number_text(model.params_b), number_text(model.active_params_b)]
        for benchmark in benchmarks:
            row = scores.get(benchmark.id)
            keys.append(row["score"] if row else None)
            fields += [row["score_text"], setting_csv(row)] if row else ["", ""]
        html = macros.models_row(model, scores, benchmarks, label, root)
        table_rows.append((html, keys, [csv_field(f) for f in fields]))
    caption = (
        f"{len(dataset.models)} models, each with one score per benchmark: as first reported, else the best "
        "re-evaluated score with its setting named under it. Each model's page lists every score with its "
        "source. Select a column heading to sort."
    )
    return Table("models", "models", caption, with_options(columns, table_rows), header, table_rows)


def row_macros(env: jinja2.Environment):
    """The row macros of `_tables.html.j2`, to render rows one at a time."""
    return env.get_template("_tables.html.j2").module
