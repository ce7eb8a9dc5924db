"""The real data/ loads, matches the paper, and its derived numbers equal the printed ones."""

from __future__ import annotations

from decimal import Decimal

import paper
import pytest
from conftest import DATA

from leaderboard.dataset import figure_rows, gains
from leaderboard.validate import load_dataset


@pytest.fixture(scope="module")
def dataset():
    return load_dataset(DATA)


def test_the_real_data_loads_without_problems(dataset):
    assert dataset.models and dataset.results and dataset.benchmarks and dataset.sources


def test_figure_1_has_every_point_of_the_paper_at_its_exact_value(dataset):
    figure = next(f for f in dataset.figures if f["locator"] == "Figure 1")
    points, _ = figure_rows(dataset, figure)
    ours = sorted((row["label"], row["params_b"], row["score_text"]) for row in points)
    assert ours == sorted(paper.figure1_points())


def test_figure_1_draws_the_three_closed_models_as_reference_lines(dataset):
    figure = next(f for f in dataset.figures if f["locator"] == "Figure 1")
    _, lines = figure_rows(dataset, figure)
    assert sorted((row["label"], row["score_text"]) for row in lines) == sorted(paper.figure1_closed_lines())


def test_figure_1_marks_exactly_the_step_dpo_models_as_step_dpo(dataset):
    figure = next(f for f in dataset.figures if f["locator"] == "Figure 1")
    points, _ = figure_rows(dataset, figure)
    step_dpo = {row["label"] for row in points if row["group"] == "Step-DPO"}
    assert step_dpo == {label for label, _, _ in paper.figure1_points() if label.endswith("Step-DPO")}


def test_every_result_names_its_source_and_locator(dataset):
    for result in dataset.results:
        assert result["source"] in dataset.sources
        assert result["locator"]


def test_every_step_dpo_gain_computed_from_the_data_equals_the_gain_the_paper_prints(dataset):
    by_name = {model["name"]: model["id"] for model in dataset.models.values()}
    computed = {(g["model"], g["benchmark"]): g["gain"] for g in gains(dataset)}
    printed = paper.printed_gains()
    assert len(printed) >= 18
    for name, benchmark, gain in printed:
        model = by_name[name.replace("‡", "").strip()]
        assert computed[(model, benchmark)] == Decimal(gain), (name, benchmark)
