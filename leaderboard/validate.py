"""Load `data/` and check every rule of the contract, reporting all problems at once.

`load_dataset(data_dir)` returns a `Dataset` of typed values or raises `DataError` listing
each problem as `PATH:LINE: FIELD: message`. The column rules come from `schema.py`.
"""

from __future__ import annotations

import difflib
import math
import re
from collections import defaultdict
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from .dataset import Dataset
from .errors import DataError, DataProblem
from .load import Record, read_csv, read_yaml
from .schema import BENCHMARKS, FIGURES, MODELS, RESULTS, SOURCES, Column, Table

SLUG = re.compile(r"^[a-z0-9][a-z0-9.-]*$")
URL = re.compile(r"^https?://[^\s<>\"']+$")


def load_dataset(data_dir: Path) -> Dataset:
    """Read, type-check and cross-check every file of `data_dir`."""
    # Load inputs.
    problems: list[DataProblem] = []
    tables = {}
    for table in (SOURCES, BENCHMARKS, MODELS, RESULTS, FIGURES):
        path = data_dir / table.filename
        shown = _shown(path)
        reader = read_csv if table.filename.endswith(".csv") else read_yaml
        records, found = reader(path, table, shown)
        problems += found
        tables[table.name] = [_typed(record, table, problems) for record in records]

    # Process data.
    sources = _unique(tables["sources"], "id", problems)
    benchmarks = _unique(tables["benchmarks"], "id", problems)
    models = _unique(tables["models"], "id", problems)
    _check_references(tables["benchmarks"], "source", sources, problems)
    _check_models(tables["models"], models, problems)
    _check_results(tables["results"], models, benchmarks, sources, problems)
    _check_figures(tables["figures"], tables["results"], models, benchmarks, sources, problems)
    if problems:
        raise DataError(problems)
    return Dataset(
        sources={key: record.values for key, record in sources.items()},
        benchmarks={key: record.values for key, record in benchmarks.items()},
        models={key: record.values for key, record in models.items()},
        results=[record.values for record in tables["results"]],
        figures=[record.values for record in tables["figures"]],
    )


def _shown(path: Path) -> str:
    """The path as a maintainer would type it: relative to the working directory if possible."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


# Types ---------------------------------------------------------------------------------------


def _typed(record: Record, table: Table, problems: list[DataProblem]) -> Record:
    """Convert each value to its column's type; empty optional values become None."""
    values: dict[str, Any] = {}
    for column in table.columns:
        raw = record.values.get(column.name)
        if raw is None or (isinstance(raw, str) and raw.strip() == ""):
            if column.required and (column.name in record.values or table.filename.endswith("yaml")):
                problems.append(record.problem(column.name, "required, but empty"))
            values[column.name] = None
            continue
        try:
            values[column.name] = _convert(raw, column)
        except ValueError as error:
            problems.append(record.problem(column.name, str(error)))
            values[column.name] = None
        if column.kind == "number" and values[column.name] is not None:
            values[column.name + "_text"] = str(raw).strip()
    values["_path"], values["_line"] = record.path, record.line
    return Record(record.path, record.line, values, record.lines)


def _convert(raw: Any, column: Column) -> Any:
    kind = column.kind
    if kind in ("text", "enum", "slug", "ref", "url") and not isinstance(raw, (str, int, float)):
        raise ValueError(f"expected {column.type_label}, found a {type(raw).__name__}")
    if kind == "text":
        return str(raw)
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
        if number != int(number) or isinstance(raw, str) and not raw.strip().lstrip("-").isdigit():
            raise ValueError(f"{str(raw).strip()!r} is not a whole number")
        return int(number)
    if kind == "bool":
        if isinstance(raw, bool):
            return raw
        if str(raw).strip().lower() in ("true", "false"):
            return str(raw).strip().lower() == "true"
        raise ValueError(f"{str(raw)!r} is not true or false")
    if kind == "list":
        if not isinstance(raw, list):
            raise ValueError(f"expected a list, found {type(raw).__name__}")
        return raw
    raise AssertionError(f"unknown column kind {kind}")


def _number(raw: Any) -> float:
    if isinstance(raw, bool):
        raise ValueError(f"{raw!r} is not a number")
    try:
        value = Decimal(str(raw).strip())
    except InvalidOperation:
        raise ValueError(f"{str(raw).strip()!r} is not a number") from None
    if not value.is_finite():
        raise ValueError(f"{str(raw).strip()!r} is not a finite number")
    return float(value)


# Rules ---------------------------------------------------------------------------------------


def _unique(records: list[Record], key: str, problems: list[DataProblem]) -> dict[str, Record]:
    by_key: dict[str, Record] = {}
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
        if value is not None and value not in known:
            problems.append(record.problem(field, _unknown(kind, value, known)))


def _check_models(records: list[Record], models: dict[str, Record], problems) -> None:
    for record in records:
        values = record.values
        for name in ("params_b", "active_params_b"):
            if values.get(name) is not None and values[name] <= 0:
                problems.append(record.problem(name, f"{values[name + '_text']} must be above 0"))
        total, active = values.get("params_b"), values.get("active_params_b")
        if total and active and active > total:
            message = f"{values['active_params_b_text']} active is more than {values['params_b_text']} total"
            problems.append(record.problem("active_params_b", message))
        base = values.get("base_model")
        if values.get("method") == "step-dpo" and base is None and "base_model" not in _reported(problems, record):
            problems.append(record.problem("base_model", "a step-dpo model needs the id of its base model"))
        if base is not None and base not in models:
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
            return chain[chain.index(current) :] + [current] if current == start else []
        chain.append(current)
        current = models[current].values.get("base_model")
    return []


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
        key = (values.get("model"), values.get("benchmark"), values.get("setting") or "")
        if None not in key[:2]:
            if key in seen:
                first = seen[key]
                setting = f"setting {key[2]!r}" if key[2] else "the first-reported setting"
                message = (
                    f"second score for {key[0]} on {key[1]} under {setting}; first at "
                    f"{first.path}:{first.line} (give one of them a different setting)"
                )
                problems.append(record.problem("setting", message))
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


def _check_figures(figures, results, models, benchmarks, sources, problems) -> None:
    index = defaultdict(list)
    for result in results:
        values = result.values
        index[(values.get("model"), values.get("benchmark"), values.get("setting") or "")].append(values)
    for figure in figures:
        values = figure.values
        _check_references([figure], "benchmark", benchmarks, problems, kind="benchmark")
        _check_references([figure], "source", sources, problems, kind="source")
        _check_number_list(figure, "x_ticks", problems)
        _check_number_list(figure, "y_domain", problems, length=2)
        for role in ("points", "reference_lines"):
            for number, item in enumerate(values.get(role) or [], 1):
                resolved = _resolve_point(figure, role, number, item, index, models, problems)
                item_line = getattr(item, "line", figure.line_of(role))
                if resolved is not None:
                    item["_result"] = resolved
                    if role == "points" and models[item["model"]].values.get("params_b") is None:
                        problems.append(DataProblem(figure.path, item_line, f"{role}[{number}].model",
                                                    f"{item['model']!r} has no params_b to place it on the size axis"))


def _resolve_point(figure, role, number, item, index, models, problems):
    field = f"{role}[{number}]"
    line = getattr(item, "line", figure.line_of(role))
    if not isinstance(item, dict):
        problems.append(DataProblem(figure.path, line, field, "expected `model:` and `label:` keys"))
        return None
    for key in item:
        if key not in ("model", "label", "setting", "label_side"):
            problems.append(DataProblem(figure.path, line, f"{field}.{key}", "unknown key; expected model, label, setting, label_side"))
    for key in ("model", "label"):
        if not item.get(key):
            problems.append(DataProblem(figure.path, line, f"{field}.{key}", "required, but empty"))
    if item.get("label_side") not in (None, "left", "right"):
        problems.append(DataProblem(figure.path, line, f"{field}.label_side", "must be left or right"))
    model = item.get("model")
    if not model:
        return None
    if model not in models:
        problems.append(DataProblem(figure.path, line, f"{field}.model", _unknown("model", str(model), models)))
        return None
    key = (model, figure.values.get("benchmark"), item.get("setting") or "")
    found = index.get(key, [])
    if len(found) != 1:
        setting = f"setting {key[2]!r}" if key[2] else "the first-reported setting"
        message = f"no result for {model} on {key[1]} under {setting} in results.csv"
        problems.append(DataProblem(figure.path, line, f"{field}.model", message))
        return None
    return found[0]


def _check_number_list(record: Record, name: str, problems, length: int | None = None) -> None:
    values = record.values.get(name)
    if values is None:
        return
    if not all(isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) for v in values):
        problems.append(record.problem(name, "expected a list of numbers"))
    elif length is not None and (len(values) != length or values[0] >= values[1]):
        problems.append(record.problem(name, "expected [lowest, highest]"))
