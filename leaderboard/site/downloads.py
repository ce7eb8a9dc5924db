"""The dataset as files to download: one tidy table of every result with its model, benchmark and
source (CSV and JSON), BibTeX for the paper and each benchmark, and the Downloads page.

`download_outputs(env, dataset, outputs)` returns them by path under `docs/`; `outputs` holds the
files already built, whose sizes the page lists.
"""

from __future__ import annotations

import csv
import io
import json

import jinja2

from . import citations, pages, tables
from ..data.dataset import Dataset, all_authors, interval
from ..data.records import Result
from ..data.schema import MODELS, RESULTS
from ..data.vocabulary import in_words

RESULTS_CSV = "downloads/results.csv"
RESULTS_JSON = "downloads/results.json"
CITATIONS_BIB = "downloads/citations.bib"
PAGE = "downloads/index.md"

# The columns of the tidy table, in order, with what each holds (shown on the Downloads page).
COLUMNS = (
    ("model_id", "The model's id in `data/models.csv`."),
    ("model", "The model's name as printed in the source."),
    ("family", "Model family."),
    ("params_b", MODELS.column("params_b").description),
    ("active_params_b", MODELS.column("active_params_b").description),
    ("method", MODELS.column("method").description.removesuffix(".") + ": {methods}."),
    ("base_model", "The id of the model it was trained from, if any."),
    ("open_weights", MODELS.column("open_weights").description),
    ("model_url", "The model's home page or card."),
    ("benchmark_id", "The benchmark's id in `data/benchmarks.yaml`."),
    ("benchmark", "The benchmark's name."),
    ("metric", "What a score counts."),
    ("unit", "Unit of the score."),
    ("score", "The score exactly as printed in the source."),
    (
        "setting",
        "Empty for the score as first reported; otherwise the re-evaluation, e.g. `authors' prompt`.",
    ),
    ("source_id", "The source's id in `data/sources.yaml`."),
    ("source_title", "Title of the work the score is read from."),
    ("source_authors", "Every author of the work, in its order, joined by `; ` (or the organisation it is credited to)."),
    ("source_year", "Its year."),
    ("source_url", "Where to read it."),
    ("locator", RESULTS.column("locator").description),
    ("note", RESULTS.column("note").description),
    (
        "chosen",
        "`true` for the score charts and findings use; `false` where another source's report of the "
        "same model, benchmark and setting is preferred (the rule is on the Data page).",
    ),
    ("ci95_low", "Lower end of the score's 95% Wilson score interval, from the benchmark's test-set size."),
    ("ci95_high", "Upper end of the same interval; both empty when the test-set size is unknown."),
)
NUMBERS = ("params_b", "active_params_b", "score", "source_year", "ci95_low", "ci95_high")
BOOLEANS = ("open_weights", "chosen")


def download_outputs(
    env: jinja2.Environment, dataset: Dataset, outputs: dict[str, bytes]
) -> dict[str, bytes]:
    # Process data.
    rows = [tidy_row(dataset, result) for result in dataset.results]
    paper = citations.paper(dataset)
    cited = [paper] + [s for s in citations.benchmark_sources(dataset) if s is not paper]

    # Save outputs.
    files = {
        RESULTS_CSV: csv_bytes(rows),
        RESULTS_JSON: json_bytes(rows),
        CITATIONS_BIB: citations.bibliography(cited).encode("utf-8"),
    }
    files[PAGE] = render_page(env, dataset, rows, files, table_downloads(dataset, outputs))
    return files


def table_downloads(dataset: Dataset, outputs: dict[str, bytes]) -> list[tuple[str, str, int]]:
    """(what it holds, its link from the Downloads page, bytes) of each interactive table's full
    CSV: the models index first, then each benchmark's results in the order of benchmarks.yaml."""
    found = [("The models index: one row per model, with one score per benchmark", "models")]
    found += [(f"{benchmark.name}: every result, best first", f"{benchmark.id}-results") for benchmark in dataset.benchmarks.values()]
    listed = []
    for label, scope in found:
        path = f"{tables.FOLDER}/{scope}.csv"
        if path in outputs:
            listed.append((label, path.removeprefix("downloads/"), len(outputs[path])))
    return listed


def tidy_row(dataset: Dataset, result: Result) -> dict[str, str]:
    """One result with its model, benchmark and source, every value as text, as typed in data/."""
    model = dataset.models[result.model]
    benchmark = dataset.benchmarks[result.benchmark]
    source = dataset.sources[result.source]
    bounds = interval(benchmark, result.score)
    return {
        "model_id": model.id,
        "model": model.name,
        "family": model.family,
        "params_b": model.params_b_text or "",
        "active_params_b": model.active_params_b_text or "",
        "method": model.method,
        "base_model": model.base_model or "",
        "open_weights": "" if model.open_weights is None else str(model.open_weights).lower(),
        "model_url": model.url or "",
        "benchmark_id": benchmark.id,
        "benchmark": benchmark.name,
        "metric": benchmark.metric,
        "unit": benchmark.unit,
        "score": result.score_text,
        "setting": result.setting or "",
        "source_id": source.id,
        "source_title": source.title,
        "source_authors": all_authors(source),
        "source_year": str(source.year),
        "source_url": source.url or "",
        "locator": result.locator,
        "note": result.note or "",
        "chosen": str(dataset.chosen[result.score_key] is result).lower(),
        "ci95_low": "" if bounds is None else f"{bounds[0]:.2f}",
        "ci95_high": "" if bounds is None else f"{bounds[1]:.2f}",
    }


def csv_bytes(rows: list[dict[str, str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=[name for name, _ in COLUMNS], lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def json_bytes(rows: list[dict[str, str]]) -> bytes:
    """The same table as a list of objects, one a line: numbers as numbers, true/false as booleans,
    empty as null."""
    records = [{name: json_value(name, row[name]) for name, _ in COLUMNS} for row in rows]
    lines = ",\n".join(json.dumps(record, ensure_ascii=False) for record in records)
    return f"[\n{lines}\n]\n".encode()


def json_value(name: str, text: str) -> object:
    if text == "":
        return None
    if name in BOOLEANS:
        return text == "true"
    if name in NUMBERS:
        return int(text) if text.lstrip("-").isdigit() else float(text)
    return text


def render_page(
    env: jinja2.Environment,
    dataset: Dataset,
    rows: list[dict],
    files: dict[str, bytes],
    table_files: list[tuple[str, str, int]],
) -> bytes:
    sizes = {path.split("/")[-1]: len(content) for path, content in files.items()}
    return pages.render(
        env,
        "downloads.md.j2",
        PAGE,
        dataset=dataset,
        columns=[
            (name, description.replace("{methods}", in_words(tuple(dataset.methods)))) for name, description in COLUMNS
        ],
        sizes=sizes,
        table_files=table_files,
        results=len(rows),
        models=len({row["model_id"] for row in rows}),
        sources=len({row["source_id"] for row in rows}),
    )

