"""Every chart spec validates against Vega-Lite's schema, round-trips through JSON, and holds
exactly the rows it should."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import altair as alt
import jsonschema
import paper
import pytest
from conftest import DATA

from leaderboard import charts
from leaderboard.dataset import figure_rows
from leaderboard.pipeline import build
from leaderboard.validate import load_dataset

SCHEMA = Path(alt.__file__).parent / "vegalite" / "v6" / "schema" / "vega-lite-schema.json"


@cache
def outputs() -> dict[str, bytes]:
    return build(DATA)


def chart_specs() -> dict[str, dict]:
    return {path: json.loads(content) for path, content in outputs().items() if path.endswith(".vl.json")}


@pytest.mark.parametrize("path", sorted(chart_specs()))
def test_chart_spec_validates_against_the_vega_lite_schema(path):
    spec = chart_specs()[path]
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.validate(spec, schema, cls=jsonschema.Draft7Validator)
    assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/v6")


@pytest.mark.parametrize("path", sorted(chart_specs()))
def test_chart_spec_round_trips_through_altair_unchanged(path):
    spec = chart_specs()[path]
    assert alt.Chart.from_dict(spec).to_dict() == spec or alt.LayerChart.from_dict(spec).to_dict() == spec


def layer_values(spec: dict, mark: str) -> list[dict]:
    """The data rows of every layer drawn with `mark`."""
    rows = []
    for layer in spec["layer"]:
        kind = layer["mark"]["type"] if isinstance(layer["mark"], dict) else layer["mark"]
        if kind == mark:
            rows += layer["data"]["values"] if "data" in layer else spec["data"]["values"]
    return rows


def test_the_headline_chart_holds_exactly_the_16_points_and_3_lines_of_figure_1():
    spec = chart_specs()["charts/math-by-size.vl.json"]
    points = layer_values(spec, "point")
    lines = layer_values(spec, "rule")
    assert sorted((p["label"], p["params_b"], p["score_text"]) for p in points) == sorted(paper.figure1_points())
    assert sorted((r["label"], r["score_text"]) for r in lines) == sorted(paper.figure1_closed_lines())
    assert {p["score"] for p in points} == {float(s) for _, _, s in paper.figure1_points()}


def test_the_headline_chart_is_titled_and_labelled_as_in_the_paper():
    spec = chart_specs()["charts/math-by-size.vl.json"]
    assert spec["title"] == "Accuracy on the MATH test set"
    encoding = next(layer for layer in spec["layer"] if layer["mark"]["type"] == "point")["encoding"]
    assert encoding["x"]["title"] == "Model size"
    assert encoding["y"]["axis"]["title"] == "Accuracy (%)"
    assert encoding["x"]["axis"]["values"] == [7, 32, 47, 57, 70, 72]
    assert encoding["x"]["axis"]["labelExpr"] == "datum.value + 'B'"


def test_step_dpo_models_are_red_triangles_and_the_others_circles():
    spec = chart_specs()["charts/math-by-size.vl.json"]
    encoding = next(layer for layer in spec["layer"] if layer["mark"]["type"] == "point")["encoding"]
    shape, colour = encoding["shape"]["scale"], encoding["color"]["scale"]
    assert dict(zip(shape["domain"], shape["range"])) == {"Step-DPO": "triangle-up", "Other": "circle"}
    assert dict(zip(colour["domain"], colour["range"]))["Step-DPO"] == charts.STEP_DPO_RED
    circles = [c for c in colour["domain"] if c != "Step-DPO"]
    assert len(set(dict(zip(colour["domain"], colour["range"]))[c] for c in circles)) == len(circles)


def test_the_closed_models_are_grey_dashed_lines_labelled_with_their_names():
    spec = chart_specs()["charts/math-by-size.vl.json"]
    rule = next(layer for layer in spec["layer"] if layer["mark"]["type"] == "rule")
    assert rule["mark"]["strokeDash"] and rule["mark"]["color"] == charts.REFERENCE_GREY
    label = next(layer for layer in spec["layer"] if layer["mark"]["type"] == "text" and "data" in layer)
    assert label["encoding"]["text"]["field"] == "label"


def test_every_point_and_line_has_a_tooltip_with_model_size_score_setting_and_source():
    spec = chart_specs()["charts/math-by-size.vl.json"]
    for layer in spec["layer"]:
        titles = [t["title"] for t in layer["encoding"]["tooltip"]]
        assert titles == ["Model", "Size", "Accuracy (%)", "Setting", "Source"]


def test_the_reproduced_qwen2_72b_instruct_score_is_marked_with_a_dagger():
    dataset = load_dataset(DATA)
    points, _ = figure_rows(dataset, dataset.figures[0])
    [marked] = [p for p in points if p["label"].endswith("†")]
    assert marked["setting"] == "authors' prompt"
    assert marked["score_text"] == dict((label, s) for label, _, s in paper.figure1_points())["Qwen2-72B-Instruct†"]
