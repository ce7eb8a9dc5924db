"""Every rule of the contract: each value's type (`typed`), then the rules across records and
files (`check`). Problems are collected, never raised, so a run reports all of them at once, each
as `PATH:LINE: FIELD: message`. The column rules come from `schema.py`.
"""

from __future__ import annotations

import difflib
import json
import math
import re
from dataclasses import replace
from decimal import Decimal, InvalidOperation
from typing import Any

from . import read
from .errors import DataProblem
from .read import Record
from .schema import FIGURES, Column, Table

SLUG = re.compile(r"^[a-z0-9][a-z0-9.-]*$")
URL = re.compile(r"^https?://[^\s<>\"']+$")
DECIMAL = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
# What stands in for names left out: `Lovelace et al.`, `et al`, `others` (BibTeX's word for them).
ET_AL = re.compile(r"\bet\.?\s*al\b|^(and\s+)?others$", re.IGNORECASE)
MAX_TICKS = 100
COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
# A Markdown link's target, inline (`[text](target)`) or as a definition (`[id]: target`).
LINK_TARGETS = re.compile(r"\]\(\s*<?([^)>\s]*)|^\s{0,3}\[[^\]]+\]:\s*<?(\S*?)>?(?:\s|$)", re.MULTILINE)
SCHEME = re.compile(r"^\s*([a-zA-Z][a-zA-Z0-9+.-]*):")
# The backgrounds marks are drawn on (Material's default and slate schemes) and the contrast a
# mark needs against them (WCAG 2.1's for graphical objects).
BACKGROUNDS = {"colour": "#ffffff", "colour_dark": "#1e2029"}
MARK_CONTRAST = 3.0


def check(tables: dict[str, list[Record]], complete: dict[str, bool], problems: list[DataProblem]) -> None:
    """Check every rule across records and files, adding each problem found to `problems`.

    `tables` holds each file's typed records by table name; `complete[name]` is False for a file
    read only in part, whose missing keys are then not reported as unknown. A figure's points and
    reference lines are typed here too, each with the values of the result it draws (`_result`).
    """
    methods = _unique(tables["methods"], "id", problems, complete["methods"])
    sources = _unique(tables["sources"], "id", problems, complete["sources"])
    benchmarks = _unique(tables["benchmarks"], "id", problems, complete["benchmarks"])
    models = _unique(tables["models"], "id", problems, complete["models"])
    figures = _unique(tables["figures"], "id", problems, complete["figures"])
    _unique(tables["methods"], "label", problems)
    _unique([r for r in tables["sources"] if r.values.get("bibtex_key")], "bibtex_key", problems)
    _check_methods(tables["methods"], problems)
    _check_site(tables["site"], methods, sources, figures, problems)
    _check_sources(tables["sources"], problems)
    _check_references(tables["benchmarks"], "source", sources, problems)
    _check_benchmarks(tables["benchmarks"], problems)
    _check_references(tables["models"], "method", methods, problems, kind="method")
    _check_models(tables["models"], models, methods, problems)
    _check_results(tables["results"], models, benchmarks, sources, problems)
    results = _results_index(tables["results"], complete["results"])
    _check_figures(tables["figures"], results, models, benchmarks, sources, problems)


# Types ---------------------------------------------------------------------------------------


def typed(record: Record, table: Table, problems: list[DataProblem]) -> Record:
    """Convert each value to its column's type; empty optional values become None."""
    values: dict[str, Any] = {}
    lines = dict(record.lines)
    for column in table.columns:
        raw = record.values.get(column.name)
        if raw is None or (isinstance(raw, str) and raw.strip() == ""):
            if column.required and column.name in record.values:
                problems.append(record.problem(column.name, "required, but empty"))
            elif column.required and table.filename.endswith("yaml"):
                problems.append(record.problem(column.name, "required key is missing"))
            values[column.name] = None
            continue
        if column.kind == "names":
            values[column.name] = _names(record, column, raw, lines, problems)
            continue
        if column.kind == "refs":
            values[column.name] = _refs(record, column, raw, lines, problems)
            continue
        try:
            values[column.name] = _convert(raw, column)
            if column.positive and values[column.name] <= 0:
                raise ValueError(f"{str(raw).strip()} must be above 0")
        except ValueError as error:
            problems.append(record.problem(column.name, str(error)))
            values[column.name] = None
        if column.kind == "number" and values[column.name] is not None:
            values[column.name + "_text"] = str(raw).strip()
    return Record(record.path, record.line, values, lines)


def _names(record: Record, column: Column, raw: Any, lines: dict[str, int], problems) -> tuple | None:
    """A list of names, each once and in full; `lines` gets the line of each (`authors[2]`).

    A single text is refused even when it is one name: "Lovelace et al." is the mistake it usually is.
    """
    if isinstance(raw, str):
        if ET_AL.search(raw):
            message = (
                f"{raw!r} is not a list of names; write every author as printed on the work, "
                f"in its order, e.g. {column.example}"
            )
        else:
            message = (
                f"{raw!r} is not a list of names; write {json.dumps(raw, ensure_ascii=False)} in square "
                f"brackets for one author or an organisation, or list every author: {column.example}"
            )
        problems.append(record.problem(column.name, message))
        return None
    if not isinstance(raw, list):
        problems.append(record.problem(column.name, f"expected a list of names, found {read.describe(raw)}"))
        return None
    if not raw:
        problems.append(record.problem(column.name, f"expected at least one name, e.g. {column.example}"))
        return None
    names: dict[str, str] = {}  # each name, as compared, and the field that first gave it
    found = len(problems)
    for number, item in enumerate(raw, 1):
        field = f"{column.name}[{number}]"
        if isinstance(raw, read.Sequence):
            lines[field] = raw.lines[number - 1]
        name = " ".join(item.split()) if isinstance(item, str) else None
        if not isinstance(item, str):
            message = f"expected a name, found {read.describe(item)}"
        elif not name:
            message = "empty name; remove it or write the name"
        elif control := CONTROL.search(item):
            message = f"contains the control character U+{ord(control.group()):04X}"
        elif ET_AL.search(name):
            message = f"{item!r} is not a name; write every author as printed on the work, in its order"
        elif name.casefold() in names:
            message = f"{item!r} is listed twice; first as {names[name.casefold()]}"
        else:
            names[name.casefold()] = field
            continue
        problems.append(
            DataProblem(record.path, lines.get(field, record.line_of(column.name)), field, message)
        )
    return None if len(problems) > found else tuple(" ".join(name.split()) for name in raw)


def _refs(record: Record, column: Column, raw: Any, lines: dict[str, int], problems) -> tuple | None:
    """A list of ids, each once; `lines` gets the line of each (`highlight[2]`). Whether each names
    a record is checked with the other references, in `check`."""
    if not isinstance(raw, list) or not raw:
        found = "an empty list" if raw == [] else read.describe(raw)
        problems.append(record.problem(column.name, f"expected {column.type_label}, found {found}"))
        return None
    ids: dict[str, str] = {}
    found = len(problems)
    for number, item in enumerate(raw, 1):
        field = f"{column.name}[{number}]"
        if isinstance(raw, read.Sequence):
            lines[field] = raw.lines[number - 1]
        line = lines.get(field, record.line_of(column.name))
        if not isinstance(item, str) or not SLUG.match(item):
            shown = repr(item) if isinstance(item, str) else read.describe(item)
            message = f"{shown} is not a slug (lowercase letters, digits, '.', '-')"
        elif item in ids:
            message = f"{item!r} is listed twice; first as {ids[item]}"
        else:
            ids[item] = field
            continue
        problems.append(DataProblem(record.path, line, field, message))
    return None if len(problems) > found else tuple(raw)


def _convert(raw: Any, column: Column) -> Any:
    kind = column.kind
    if kind in ("text", "markdown", "enum", "slug", "ref", "url", "colour") and not isinstance(
        raw, (str, int, float)
    ):
        raise ValueError(f"expected {column.type_label}, found {read.describe(raw)}")
    if isinstance(raw, str) and (control := CONTROL.search(raw)):
        raise ValueError(f"contains the control character U+{ord(control.group()):04X}")
    if kind == "text":
        return str(raw)
    if kind == "markdown":
        for link in LINK_TARGETS.finditer(str(raw)):
            target = link.group(1) if link.group(1) is not None else link.group(2)
            scheme = SCHEME.match(target)
            if scheme and scheme.group(1).lower() not in ("http", "https"):
                raise ValueError(
                    f"links to {target!r}; a link goes to an https:// address or a page of the site"
                )
        return str(raw)
    if kind == "colour":
        if not COLOUR.match(str(raw)):
            raise ValueError(f"{str(raw)!r} is not a colour written #rrggbb (e.g. #d62728)")
        return str(raw).lower()
    if kind in ("slug", "ref"):
        if not SLUG.match(str(raw)):
            raise ValueError(f"{str(raw)!r} is not a slug (lowercase letters, digits, '.', '-')")
        return str(raw)
    if kind == "enum":
        if str(raw) not in column.allowed:
            raise ValueError(f"{str(raw)!r} is not one of: {', '.join(column.allowed)}")
        return str(raw)
    if kind == "url":
        if not URL.match(str(raw)):
            raise ValueError(f"{str(raw)!r} is not an http(s) URL")
        return str(raw)
    if kind == "number":
        return _number(raw)
    if kind == "integer":
        number = _number(raw)
        if number != int(number) or (isinstance(raw, str) and "." in raw):
            raise ValueError(f"{str(raw).strip()!r} is not a whole number")
        return int(number)
    if kind == "bool":
        if isinstance(raw, bool):
            return raw
        if str(raw).strip().lower() in ("true", "false"):
            return str(raw).strip().lower() == "true"
        raise ValueError(f"{str(raw)!r} is not true or false")
    if kind == "records":
        if not isinstance(raw, list):
            raise ValueError(f"expected a list of {column.items.name}, found {read.describe(raw)}")
        return raw
    if kind == "numbers":
        if not isinstance(raw, list) or not raw:
            raise ValueError(f"expected {column.type_label}")
        return [
            value if isinstance(value, (int, float)) else number
            for value, number in ((value, _number(value)) for value in raw)
        ]
    raise AssertionError(f"unknown column kind {kind}")


def _number(raw: Any) -> float:
    """A number written in plain decimals (`55.8`), as printed; YAML numbers as parsed."""
    text = str(raw).strip()
    if isinstance(raw, bool) or not isinstance(raw, (str, int, float)):
        raise ValueError(f"{text!r} is not a number")
    if isinstance(raw, str) and not DECIMAL.match(text):
        raise ValueError(f"{text!r} is not a number")
    try:
        value = float(Decimal(text))
    except InvalidOperation:
        raise ValueError(f"{text!r} is not a number") from None
    if not math.isfinite(value):
        raise ValueError(f"{text!r} is not a finite number")
    return value


# Rules ---------------------------------------------------------------------------------------


class _Index(dict):
    """Records by key; `complete` is False when their file could be read only in part."""

    def __init__(self, complete: bool = True):
        super().__init__()
        self.complete = complete

    def lacks(self, key) -> bool:
        """Whether `key` is surely not there (in a file read in part, nothing is sure)."""
        return self.complete and key not in self


def _unique(records: list[Record], key: str, problems: list[DataProblem], complete: bool = True) -> _Index:
    by_key = _Index(complete)
    for record in records:
        value = record.values.get(key)
        if value is None:
            continue
        if value in by_key:
            first = by_key[value]
            message = f"duplicate {key} {value!r}; first defined at {first.path}:{first.line}"
            problems.append(record.problem(key, message))
            continue
        by_key[value] = record
    return by_key


def _unknown(kind: str, value: str, known: dict) -> str:
    message = f"unknown {kind} {value!r}"
    close = difflib.get_close_matches(value, list(known), n=1)
    if close:
        message += f"; did you mean {close[0]!r}?"
    return message


def _check_references(records, field: str, known: dict, problems, kind: str = "source") -> None:
    for record in records:
        value = record.values.get(field)
        if value is not None and known.lacks(value):
            problems.append(record.problem(field, _unknown(kind, value, known)))


def _check_sources(records: list[Record], problems) -> None:
    """An organisation is one name; a person's name is written as printed, given name first."""
    for record in records:
        names = record.values.get("authors") or ()
        if record.values.get("organisation") and len(names) > 1:
            message = (
                f"an organisation is cited by its one name, but authors lists {len(names)}; "
                "give its name alone, or drop organisation: true to list people"
            )
            problems.append(record.problem("organisation", message))
        elif not record.values.get("organisation"):
            for number, name in enumerate(names, 1):
                if "," in name:
                    surname, given = (part.strip() for part in name.split(",", 1))
                    message = (
                        f"{name!r} holds a comma; write the name as printed on the work, "
                        f"e.g. {f'{given} {surname}'!r} (an organisation's name: add organisation: true)"
                    )
                    problems.append(record.problem(f"authors[{number}]", message))


def _check_methods(records: list[Record], problems) -> None:
    for record in records:
        for name, background in BACKGROUNDS.items():
            colour = record.values.get(name)
            if colour is not None and (ratio := contrast(colour, background)) < MARK_CONTRAST:
                darker = "darker" if name == "colour" else "lighter"
                message = (
                    f"{colour} stands only {ratio:.2f}:1 against the background {background}; "
                    f"marks need {MARK_CONTRAST:g}:1 (choose a {darker} colour)"
                )
                problems.append(record.problem(name, message))


def contrast(first: str, second: str) -> float:
    """The contrast ratio of two `#rrggbb` colours, as WCAG 2.1 defines it (1 to 21)."""

    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _check_site(records: list[Record], methods, sources, figures, problems) -> None:
    for record in records:
        name = record.values.get("name") or ""
        if "<" in name or ">" in name:
            message = (
                "holds < or >; the theme shows the name in tooltips that read it as HTML, "
                "so write it without them"
            )
            problems.append(record.problem("name", message))
        _check_references([record], "work", sources, problems, kind="source")
        _check_references([record], "featured_figure", figures, problems, kind="figure")
        for number, method in enumerate(record.values.get("highlight") or (), 1):
            if methods.lacks(method):
                problems.append(record.problem(f"highlight[{number}]", _unknown("method", method, methods)))


def _check_models(records: list[Record], models: dict[str, Record], methods, problems) -> None:
    for record in records:
        values = record.values
        total, active = values.get("params_b"), values.get("active_params_b")
        if total is not None and active is not None and active > total:
            message = f"{values['active_params_b_text']} active is more than {values['params_b_text']} total"
            problems.append(record.problem("active_params_b", message))
        if total is None and active is not None and "params_b" not in _reported(problems, record):
            problems.append(record.problem("active_params_b", "active parameters need params_b, the total"))
        base = values.get("base_model")
        method = methods.get(values.get("method"))
        if (
            method is not None
            and method.values.get("from_base")
            and base is None
            and "base_model" not in _reported(problems, record)
        ):
            message = f"a {values['method']} model needs the id of its base model"
            problems.append(record.problem("base_model", message))
        if base is not None and models.lacks(base):
            problems.append(record.problem("base_model", _unknown("model", base, models)))
    for record in records:
        loop = _base_loop(record.values.get("id"), models)
        if loop:
            chain = " -> ".join(loop)
            problems.append(record.problem("base_model", f"base_model chain loops: {chain}"))


def _reported(problems: list[DataProblem], record: Record) -> set[str]:
    return {p.field for p in problems if p.path == record.path and p.line == record.line}


def _base_loop(start: str | None, models: dict[str, Record]) -> list[str]:
    chain, current = [], start
    while current in models:
        if current in chain:
            return [*chain[chain.index(current) :], current] if current == start else []
        chain.append(current)
        current = models[current].values.get("base_model")
    return []


def _check_benchmarks(records: list[Record], problems) -> None:
    for record in records:
        low, high = record.values.get("min"), record.values.get("max")
        if low is not None and high is not None and low >= high:
            message = f"max {record.values['max_text']} is not above min {record.values['min_text']}"
            problems.append(record.problem("max", message))


def _check_results(records, models, benchmarks, sources, problems) -> None:
    seen: dict[tuple, Record] = {}
    for record in records:
        values = record.values
        _check_references([record], "model", models, problems, kind="model")
        _check_references([record], "benchmark", benchmarks, problems, kind="benchmark")
        _check_references([record], "source", sources, problems, kind="source")
        benchmark = benchmarks.get(values.get("benchmark"))
        if benchmark is not None and values.get("score") is not None:
            message = _out_of_range(values["score"], values["score_text"], benchmark.values)
            if message:
                problems.append(record.problem("score", message))
        key = (
            values.get("model"),
            values.get("benchmark"),
            values.get("setting") or "",
            values.get("source"),
        )
        if None not in key[:2] and key[3] is not None:
            if key in seen:
                first = seen[key]
                setting = f"setting {key[2]!r}" if key[2] else "the first-reported setting"
                message = (
                    f"second score for {key[0]} on {key[1]} under {setting} from {key[3]}; first at "
                    f"{first.path}:{first.line} (a source reports a score once; give a re-evaluation "
                    "its own setting)"
                )
                problems.append(record.problem("source", message))
            else:
                seen[key] = record


def _out_of_range(score: float, text: str, benchmark: dict) -> str:
    low, high = benchmark.get("min"), benchmark.get("max")
    if low is None or high is None or low <= score <= high:
        return ""
    message = f"score {text} is outside {benchmark['min_text']}–{benchmark['max_text']} of {benchmark['id']}"
    if score > high and low <= score / 10 <= high:
        message += ": a missing decimal point?"
    elif score < low:
        message += ": a stray minus sign?" if low <= -score <= high else ""
    return message


def _results_index(records: list[Record], complete: bool) -> _Index:
    """Results by (model, benchmark, setting), the key a figure's points look them up by."""
    index = _Index(complete)
    for record in records:
        values = record.values
        key = (values.get("model"), values.get("benchmark"), values.get("setting") or "")
        index.setdefault(key, []).append(values)
    return index


def _check_figures(figures, index: _Index, models, benchmarks, sources, problems) -> None:
    for figure in figures:
        values = figure.values
        _check_references([figure], "benchmark", benchmarks, problems, kind="benchmark")
        _check_references([figure], "source", sources, problems, kind="source")
        _check_axes(figure, problems)
        if values.get("points") == []:
            problems.append(figure.problem("points", "a figure needs at least one point"))
        for role in ("points", "reference_lines"):
            if values.get(role) is None:
                continue
            items = [
                _typed_item(figure, role, number, item, problems)
                for number, item in enumerate(values[role], 1)
            ]
            for item in items:
                if item is not None and values.get("benchmark") in benchmarks:
                    item["_result"] = _resolve(figure, role, item, index, models, problems)
            values[role] = [item for item in items if item is not None]


def _typed_item(figure: Record, role: str, number: int, item: Any, problems) -> dict | None:
    """One point or reference line, typed by its schema; fields are named `points[3].label`."""
    table = FIGURES.column(role).items
    line = getattr(item, "line", figure.line_of(role))
    field = f"{role}[{number}]"
    if isinstance(figure.values[role], read.Sequence):
        line = figure.values[role].lines[number - 1]
    if not isinstance(item, dict):
        keys = " and ".join(f"`{name}:`" for name in table.column_names if table.column(name).required)
        problems.append(DataProblem(figure.path, line, field, f"expected a record with {keys}"))
        return None
    record = Record(figure.path, line, {f"{field}.{key}": value for key, value in item.items()})
    for key in item:
        if key not in table.column_names:
            message = read.unknown_name("key", key, table)
            problems.append(DataProblem(figure.path, line, f"{field}.{key}", message))
    prefixed = Table(
        table.name,
        table.filename,
        table.description,
        tuple(replace(column, name=f"{field}.{column.name}") for column in table.columns),
    )
    typed_values = typed(record, prefixed, problems).values
    found = {column.name: typed_values[f"{field}.{column.name}"] for column in table.columns}
    return {**found, "_line": line, "_field": field}


def _resolve(figure: Record, role: str, item: dict, index, models, problems) -> dict | None:
    """The result a point or line draws, or None after reporting why there is none."""
    model, field, line = item["model"], f"{item['_field']}.model", item["_line"]
    if model is None:
        return None
    if model not in models:
        if models.lacks(model):
            problems.append(DataProblem(figure.path, line, field, _unknown("model", model, models)))
        return None
    key = (model, figure.values.get("benchmark"), item.get("setting") or "")
    found = index.get(key, [])
    if not found and index.complete and key[1] is not None:
        setting = f"setting {key[2]!r}" if key[2] else "the first-reported setting"
        message = f"no result for {model} on {key[1]} under {setting} in results.csv"
        problems.append(DataProblem(figure.path, line, field, message))
    if not found:
        return None
    if role == "points" and models[model].values.get("params_b") is None:
        message = f"{model!r} has no params_b to place it on the size axis"
        problems.append(DataProblem(figure.path, line, field, message))
    return found[0]


def _check_axes(figure: Record, problems) -> None:
    for name in ("x_ticks", "y_domain"):
        numbers = figure.values.get(name)
        if numbers is None:
            continue
        length = FIGURES.column(name).length
        if length == 2 and (len(numbers) != 2 or numbers[0] >= numbers[1]):
            problems.append(figure.problem(name, "expected [lowest, highest]"))
    domain, step = figure.values.get("y_domain"), figure.values.get("y_tick_step")
    if domain and len(domain) == 2 and step and (domain[1] - domain[0]) / step > MAX_TICKS:
        message = f"{figure.values['y_tick_step_text']} gives more than {MAX_TICKS} ticks on the y axis"
        problems.append(figure.problem("y_tick_step", message))
