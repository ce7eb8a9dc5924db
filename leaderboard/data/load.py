"""Load `data/`: read every file with its line numbers, check every rule, and return the dataset.

`load_dataset(data_dir)` returns a `Dataset` of typed records or raises `DataError` listing each
problem as `PATH:LINE: FIELD: message`, all of them at once.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from . import validate
from .dataset import Dataset
from .errors import DataError, DataProblem
from .read import FILE, Record, read_csv, read_yaml
from .records import Benchmark, Figure, FigureItem, Method, Model, Origin, Result, Site, Source, record
from .schema import TABLES


def load_dataset(data_dir: Path) -> Dataset:
    """Read, type-check and cross-check every file of `data_dir`."""
    # Load inputs.
    problems: list[DataProblem] = []
    tables: dict[str, list[Record]] = {}
    complete: dict[str, bool] = {}
    for table in TABLES:
        path = data_dir / table.filename
        reader = read_csv if table.filename.endswith(".csv") else read_yaml
        records, found = reader(path, table, shown_path(path))
        problems += found
        tables[table.name] = [validate.typed(each, table, problems) for each in records]
        # A file read only in part: references into it are not reported as unknown.
        complete[table.name] = not any(p.field in (FILE, *table.key) for p in found)

    # Process data.
    validate.check(tables, complete, problems)
    if problems:
        raise DataError(problems)
    results = {id(each.values): record(Result, each.values, _origin(each)) for each in tables["results"]}
    site = tables["site"][0]
    dataset = Dataset(
        site=record(Site, site.values, _origin(site)),
        methods={each.values["id"]: record(Method, each.values, _origin(each)) for each in tables["methods"]},
        sources={each.values["id"]: record(Source, each.values, _origin(each)) for each in tables["sources"]},
        benchmarks={
            each.values["id"]: record(Benchmark, each.values, _origin(each)) for each in tables["benchmarks"]
        },
        models={each.values["id"]: record(Model, each.values, _origin(each)) for each in tables["models"]},
        results=list(results.values()),
        figures=[],
    )
    # A figure draws, of the results reported for a point, the one every chart draws.
    chosen = {key: dataset.chosen[result.score_key] for key, result in results.items()}
    dataset.figures = [_figure(each, chosen) for each in tables["figures"]]
    return dataset


def _origin(each: Record) -> Origin:
    return Origin(each.path, each.line, dict(each.lines))


def _figure(each: Record, results: dict[int, Result]) -> Figure:
    def items(role: str) -> tuple[FigureItem, ...]:
        return tuple(
            record(FigureItem, item, Origin(each.path, item["_line"]), result=results[id(item["_result"])])
            for item in each.values.get(role) or []
        )

    values: dict[str, Any] = each.values
    return record(
        Figure, values, _origin(each), points=items("points"), reference_lines=items("reference_lines")
    )


def shown_path(path: Path) -> str:
    """The path as a maintainer would type it: relative to the working directory if possible."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
