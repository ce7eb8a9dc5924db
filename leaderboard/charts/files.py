"""Which charts the site has, and their files.

Every chart is drawn from `data/` alone: each figure of `figures.yaml`, a chart per benchmark
(scores by model size), and a chart per benchmark and method of the gains of models over the
models they were trained from, so a benchmark or method added to `data/` gets its charts with no
code change. Each chart has, under `docs/charts/`:

    ID.vl.json    the Vega-Lite spec (the spec download; the source of everything below)
    ID.vg.json    the same chart compiled to Vega at build time: the page draws it with Vega alone
    ID.svg        the static image, light (first paint, no JavaScript, SVG download)
    ID.dark.svg   the static image, dark
    ID.narrow.svg, ID.narrow.dark.svg   the same, drawn for a phone
    ID.png        the image as PNG, on white
    ID.data.csv   the rows drawn, as CSV
    ID.data.json  the same rows, as JSON

and the headline chart (`featured_figure` in site.yaml), the image of link previews, PREVIEW_IMAGE.

`chart_outputs(dataset, memo)` returns the files (path under `docs/` → bytes) and, per chart id, what
pages need to embed it: `{"id", "benchmark", "kind", "title", "description", "caption", "width",
"height", "files", "groups", "toggles", "choices", "keys", "downloads"}`, `files` being {kind: (path
under docs/, download name)}.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass

import altair as alt
import vl_convert

from ..data.dataset import Dataset
from ..memo import Map, Memo
from . import images as chart_images
from . import rows as chart_rows
from . import specs as charts
from . import text as chart_text
from .bundle import unbundled

PREVIEW_IMAGE = "assets/og/headline.png"  # named in docs/overrides/partials/link-preview.html too

EXPORT_COLUMNS = [
    "model",
    "model_id",
    "group",
    "size",
    "params_b",
    "benchmark",
    "score_text",
    "setting",
    "source",
    "shown_as",
    "pair",
    "base",
    "base_score_text",
    "trained_score_text",
    "gain_text",
    "low",
    "high",
    "also",
]
HEADINGS = {
    "score_text": "score",
    "base_score_text": "base_score",
    "trained_score_text": "trained_score",
    "gain_text": "gain",
    "group": "trained_as",
    "low": "ci95_low",
    "high": "ci95_high",
    "also": "also_reported",
}


@dataclass
class Plan:
    """A chart to draw: its id, the page it belongs to, how to draw it (a function of `specs` and
    its arguments), and the rows it draws. A plan is all a chart's files are made from, so a memo
    keyed by the plan hands back the files of a chart whose plan did not change (`chart_outputs`)."""

    id: str
    benchmark: str | None
    kind: str
    draw: Callable[..., alt.TopLevelMixin]
    arguments: tuple
    rows: list[dict]
    description: str
    caption: str
    headline: bool = False  # the featured figure: its files include the link preview image

    @property
    def chart(self) -> alt.TopLevelMixin:
        return self.draw(*self.arguments)


def chart_plans(dataset: Dataset) -> list[Plan]:
    plans = []
    methods = list(dataset.methods.values())
    for figure in dataset.figures:
        benchmark = dataset.benchmarks[figure.benchmark]
        points, lines = chart_rows.figure_points(dataset, figure)
        links = chart_rows.connectors(chart_rows.gain_pairs(dataset, figure.benchmark), points)
        plans.append(
            Plan(
                figure.id,
                figure.benchmark,
                "figure",
                charts.figure_chart,
                (figure, benchmark, methods, dataset.site.highlight, points, lines, links),
                shown(points, "point") + shown(lines, "reference line") + shown(links, "gain connector"),
                chart_text.figure_description(dataset, figure, points, lines),
                chart_text.figure_caption(dataset, figure),
                headline=figure is dataset.featured_figure,
            )
        )
    for benchmark in dataset.benchmarks.values():
        all_points, all_lines = chart_rows.sized_and_unsized(dataset, benchmark.id)
        higher = benchmark.higher_is_better
        points = chart_rows.best(all_points, chart_rows.MOST_POINTS, higher_is_better=higher)
        lines = chart_rows.best(all_lines, chart_rows.MOST_LINES, higher_is_better=higher)
        every_pair = chart_rows.gain_pairs(dataset, benchmark.id)
        caption = chart_text.source_caption(dataset, dataset.results_by_benchmark.get(benchmark.id, []))
        if points:
            links = chart_rows.connectors(
                chart_rows.best(every_pair, chart_rows.MOST_PAIRS, key="gain"), points
            )
            plans.append(
                Plan(
                    f"{benchmark.id}-scores-by-size",
                    benchmark.id,
                    "benchmark",
                    charts.benchmark_chart,
                    (benchmark, methods, points, lines, links),
                    shown(points, "point") + shown(lines, "reference line") + shown(links, "gain connector"),
                    chart_text.benchmark_description(benchmark, points, lines, benchmark.unit),
                    caption
                    + chart_text.limit_note(points, all_points, "results of models of known size")
                    + chart_text.limit_note(lines, all_lines, "models of undisclosed size"),
                )
            )
        for method in methods:
            all_pairs = [pair for pair in every_pair if pair["method_label"] == method.label]
            pairs = chart_rows.best(all_pairs, chart_rows.MOST_PAIRS, key="gain")
            if not pairs:
                continue
            plans.append(
                Plan(
                    f"{benchmark.id}-{method.id}-gains",
                    benchmark.id,
                    "gains",
                    charts.gains_chart,
                    (benchmark, methods, method, pairs),
                    shown(pairs, "gain"),
                    chart_text.gains_description(benchmark, method.label, pairs),
                    caption + chart_text.limit_note(pairs, all_pairs, f"{method.label} models, by gain"),
                )
            )
    return plans


def shown(rows: list[dict], how: str) -> list[dict]:
    return [{**row, "shown_as": how} for row in rows]


def chart_outputs(
    dataset: Dataset, memo: Memo | None = None, run: Map = map
) -> tuple[dict[str, bytes], dict[str, dict]]:
    """Every chart's files, and what pages need to embed it. With a memo, a chart whose plan is
    the one of the last build is not drawn again (drawing takes 0.2–0.5 s a chart); the charts to
    draw are drawn by `run`, a `map`: a process pool's draws them side by side (`workers.pool`).

    Altair checks each spec against Vega-Lite's JSON schema, as each part is made and as a whole:
    about half of a chart's drawing time. That checks the code that draws the charts, not the
    data (which the validator has checked), so it runs in the first build of a memo: every
    `build_charts.py`, every test, and under `mkdocs serve` each time a file of the code changes
    (the hook then starts a new memo).
    A rebuild with the same code, after an edit of data/ alone, skips it."""
    memo = memo or Memo()
    validate = not memo.rebuilding
    plans = chart_plans(dataset)
    drawn = memo.get_all(
        [(("chart", plan), functools.partial(chart_files, plan, validate)) for plan in plans], run
    )
    outputs: dict[str, bytes] = {}
    info: dict[str, dict] = {}
    for plan, (files, embedding) in zip(plans, drawn, strict=True):
        outputs.update(files)
        info[plan.id] = embedding
    return outputs, info


def chart_files(plan: Plan, validate: bool = True) -> tuple[dict[str, bytes], dict]:
    """One chart's files (path under docs/ → bytes) and what pages need to embed it; `validate`
    checks the spec against Vega-Lite's schema, both as each part of the chart is made (Altair's
    "debug mode", which names the part that is wrong) and as a whole."""
    with alt.utils.schemapi.debug_mode(validate):
        spec = plan.chart.to_dict(validate=validate)
    spec["description"] = plan.description
    light = chart_images.svg(spec)
    files = {
        "spec": (f"charts/{plan.id}.vl.json", spec_bytes(spec)),
        "vega": (f"charts/{plan.id}.vg.json", vega_bytes(spec, plan.id)),
        "svg": (f"charts/{plan.id}.svg", light),
        "svg_dark": (f"charts/{plan.id}.dark.svg", chart_images.svg(spec, dark=True)),
        "svg_narrow": (
            f"charts/{plan.id}.narrow.svg",
            chart_images.svg(spec, width=chart_images.NARROW_WIDTH),
        ),
        "svg_narrow_dark": (
            f"charts/{plan.id}.narrow.dark.svg",
            chart_images.svg(spec, dark=True, width=chart_images.NARROW_WIDTH),
        ),
        "png": (f"charts/{plan.id}.png", chart_images.png(spec)),
        "csv": (f"charts/{plan.id}.data.csv", csv_bytes(plan.rows, plan.benchmark)),
        "json": (f"charts/{plan.id}.data.json", json_bytes(plan.rows, plan.benchmark)),
    }
    if plan.headline:
        files["preview"] = (PREVIEW_IMAGE, chart_images.preview(spec))
    width, height = chart_images.svg_size(light)
    info = {
        "id": plan.id,
        "benchmark": plan.benchmark,
        "kind": plan.kind,
        "title": spec["title"],
        "description": plan.description,
        "caption": plan.caption,
        "width": width,
        "height": height,
        "files": {kind: path for kind, (path, _) in files.items()},
        "groups": groups(spec),
        "toggles": toggles(plan.rows, spec),
        "choices": choices(plan.rows, spec),
        "keys": ADDRESS_KEYS,
        "downloads": download_names(plan.id),
    }
    return dict(files.values()), info


def groups(spec: dict) -> list[str]:
    """The groups of models the chart's legend lists, in its order."""
    for layer in spec.get("layer", []):
        colour = layer.get("encoding", {}).get("color", {})
        if colour.get("field") == "group" and colour.get("legend", {}) is not None:
            return list(colour["scale"]["domain"])
    return []


def toggles(rows: list[dict], spec: dict) -> list[tuple[str, str, bool]]:
    """The overlays a reader can switch on and off: (param, label, on at first)."""
    kinds = {row["shown_as"] for row in rows}
    first = {param["name"]: param.get("value") for param in spec.get("params", [])}
    found = []
    if "reference line" in kinds:
        found.append(("show_closed", "Closed models (dashed lines)"))
    if "gain connector" in kinds:
        found.append(("show_gains", "Gain over the model it was trained from"))
    if "show_intervals" in first and any(row.get("low", row.get("trained_low")) is not None for row in rows):
        found.append(("show_intervals", "95% intervals (error bars)"))
    return [(param, label, bool(first.get(param, True))) for param, label in found]


# The keys each control of a chart writes its state under in the page's address (state.js):
# `?math-by-size.hide=SFT&math-by-size.closed=0&math-by-size.scale=log&math-by-size.model=ID`.
ADDRESS_KEYS = {
    "shown": "hide",
    "show_closed": "closed",
    "show_gains": "gains",
    "show_intervals": "intervals",
    "x_size": "x",
    "x_scale": "scale",
    "pinned": "model",
}


def choices(rows: list[dict], spec: dict) -> list[tuple[str, str, list[tuple[str, str]], str]]:
    """The size axis's choices of a chart by size: (param, label, [(value, name)], first value);
    total or active parameters only where a model has active ones (a mixture of experts)."""
    first = {param["name"]: param.get("value") for param in spec.get("params", [])}
    found = []
    if "x_size" in first and any(row.get("active_params_b") is not None for row in rows):
        found.append(("x_size", "Size axis:", list(charts.X_SIZES.items()), first["x_size"]))
    if "x_scale" in first:
        found.append(("x_scale", "Scale:", list(charts.X_SCALES.items()), first["x_scale"]))
    return found


def download_names(chart_id: str) -> dict[str, str]:
    """The names files are saved under: they say what they are."""
    return {
        "png": f"{chart_id}.png",
        "svg": f"{chart_id}.svg",
        "csv": f"{chart_id}-data.csv",
        "json": f"{chart_id}-data.json",
        "spec": f"{chart_id}.vega-lite.json",
    }


def export_rows(rows: list[dict], benchmark: str | None) -> list[dict]:
    columns = [c for c in EXPORT_COLUMNS if any(c in row for row in rows) or c == "benchmark"]
    return [
        {HEADINGS.get(c, c): (benchmark if c == "benchmark" else row.get(c)) for c in columns} for row in rows
    ]


def csv_bytes(rows: list[dict], benchmark: str | None) -> bytes:
    table = export_rows(rows, benchmark)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(table[0]) if table else [], lineterminator="\n")
    writer.writeheader()
    writer.writerows({k: "" if v is None else v for k, v in row.items()} for row in table)
    return buffer.getvalue().encode("utf-8")


def json_bytes(rows: list[dict], benchmark: str | None) -> bytes:
    return (json.dumps(export_rows(rows, benchmark), indent=1, ensure_ascii=False) + "\n").encode("utf-8")


def spec_bytes(spec: dict) -> bytes:
    return (json.dumps(spec, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")


SCHEMA_VERSION = re.compile(r"/vega-lite/v(\d+\.\d+)(?:\.\d+)?\.json$")


def vega_lite_version(spec: dict) -> str:
    """The Vega-Lite version a spec is written for ("6.4"), from its `$schema` (Altair sets it)."""
    found = SCHEMA_VERSION.search(spec.get("$schema", ""))
    if not found:
        raise ValueError(f"no Vega-Lite version in the spec's $schema: {spec.get('$schema')!r}")
    return found.group(1)


def vega_bytes(spec: dict, name: str) -> bytes:
    """The spec of chart `name` compiled to Vega by the Vega-Lite version it was written for, as
    compact JSON; an error if it needs a part of Vega that the site's bundle leaves out.

    Compiling takes about 20 ms a chart once vl-convert runs (0.4 s to start it), so the result is
    cached like the images."""

    def compile_spec(spec: dict) -> bytes:
        vega = vl_convert.vegalite_to_vega(spec, vl_version=vega_lite_version(spec))
        return (json.dumps(vega, separators=(",", ":"), ensure_ascii=False) + "\n").encode("utf-8")

    compiled = chart_images.cached_image(spec, "vg.json", compile_spec)
    if missing := unbundled(json.loads(compiled)):
        raise ValueError(
            f"chart {name}: its Vega spec needs {', '.join(missing)}, which the site's Vega bundle "
            "leaves out: add the module to MODULES in leaderboard/charts/bundle.py (and the "
            "transforms it registers), or draw the chart without it"
        )
    return compiled
