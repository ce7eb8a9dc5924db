"""The memo `mkdocs serve` keeps between rebuilds: an output is reused only for the same inputs,
and a rebuild with it after an edit gives the files a fresh build gives."""

from __future__ import annotations

import operator
import os

import pytest
from utils import differences

from leaderboard import workers
from leaderboard.charts.files import chart_plans
from leaderboard.data.load import load_dataset
from leaderboard.memo import Memo
from leaderboard.pipeline import build


def test_an_output_is_made_once_for_the_same_inputs_and_again_for_others():
    memo, made = Memo(), []

    def make(value):
        made.append(value)
        return {"value": value}

    with memo.build():
        assert memo.get(("x", [1, 2]), lambda: make(1)) == {"value": 1}
        assert memo.get(("x", [1, 2]), lambda: make(2)) == {"value": 1}
        assert memo.get(("x", [1, 3]), lambda: make(3)) == {"value": 3}
    assert made == [1, 3]


def test_the_outputs_not_kept_are_made_by_one_call_of_run_each_once_in_order():
    memo, calls = Memo(), []

    def run(function, makes):
        makes = list(makes)
        calls.append(len(makes))
        return map(function, makes)

    with memo.build():
        memo.get("kept", lambda: "kept")
    with memo.build():
        wanted = [("a", lambda: "A"), ("kept", lambda: "again"), ("b", lambda: "B"), ("a", lambda: "twice")]
        assert memo.get_all(wanted, run) == ["A", "kept", "B", "A"]
    assert calls == [2]
    assert (memo.made, memo.reused) == (2, 1)


def test_charts_drawn_in_worker_processes_are_the_charts_drawn_here_byte_for_byte(
    data_copy, tmp_path, monkeypatch
):
    """As `mkdocs serve` draws them (hooks/live_data.py): each chart in one of the processes,
    which draw every image afresh (a cache of their own), not read it from this one's."""
    monkeypatch.setenv("LEADERBOARD_CACHE", str(tmp_path / "workers-cache"))
    if not workers.count():
        pytest.skip("one CPU: no worker processes to draw in")
    pool, drawn = workers.Workers(), []

    def run(function, makes):
        drawn.extend(makes := list(makes))
        return pool.map(function, makes)

    try:
        assert os.getpid() not in pool.map(operator.call, [os.getpid] * pool.count)
        assert differences(build(data_copy, Memo(), run), build(data_copy)) == []
        assert len(drawn) == len(chart_plans(load_dataset(data_copy)))
        assert len(list((tmp_path / "workers-cache" / "chart-images").glob("*.svg"))) >= len(drawn)
    finally:
        pool.close()


def test_a_caller_changing_what_it_got_changes_nothing_kept():
    memo = Memo()
    with memo.build():
        memo.get("key", lambda: {"rows": [1]})["rows"].append(2)
    with memo.build():
        assert memo.get("key", lambda: None) == {"rows": [1]}


def test_a_build_keeps_only_what_it_used():
    memo, made = Memo(), []
    for inputs in ("first", "second", "first"):
        with memo.build():
            memo.get(inputs, lambda inputs=inputs: made.append(inputs))
    assert made == ["first", "second", "first"]
    assert (memo.made, memo.reused) == (1, 0)


def test_a_failed_build_forgets_nothing_the_last_good_build_made():
    memo, made = Memo(), []
    with memo.build():
        memo.get("chart", lambda: made.append("chart"))
    with pytest.raises(ValueError), memo.build():
        raise ValueError("invalid data")
    with memo.build():
        memo.get("chart", lambda: made.append("again"))
    assert made == ["chart"]
    assert (memo.made, memo.reused) == (0, 1)


def test_a_rebuild_after_an_edit_remakes_just_the_changed_charts_and_equals_a_fresh_build(data_copy):
    memo = Memo()
    before = build(data_copy, memo)
    results = data_copy / "results.csv"
    lines = results.read_text(encoding="utf-8").splitlines(keepends=True)
    model, benchmark, score, rest = lines[1].split(",", 3)
    lines[1] = ",".join([model, benchmark, f"{float(score) + 1:.1f}", rest])
    results.write_text("".join(lines), encoding="utf-8")

    after = build(data_copy, memo)

    assert differences(after, build(data_copy)) == []
    charts = {path.split("/")[1].split(".")[0] for path in before if path.startswith("charts/")}
    changed = {
        c for c in charts if any(before[p] != after[p] for p in before if p.startswith(f"charts/{c}."))
    }
    assert 0 < len(changed) < len(charts)
    # Every chart whose files changed was drawn again, no other; the Jinja environment was kept
    # too (the history of data/ is not kept outside git, where it is made in no time).
    assert (memo.made, memo.reused) == (len(changed), len(charts) - len(changed) + 1)


def test_only_a_memos_first_build_checks_the_specs_against_the_schema(data_copy, monkeypatch):
    from leaderboard.charts import files

    checked = []
    draw = files.chart_files
    monkeypatch.setattr(
        files, "chart_files", lambda plan, validate: checked.append(validate) or draw(plan, validate)
    )
    memo = Memo()
    assert not memo.rebuilding
    build(data_copy, memo)
    assert memo.rebuilding and checked and set(checked) == {True}
    results = data_copy / "results.csv"
    lines = results.read_text(encoding="utf-8").splitlines(keepends=True)
    model, benchmark, score, rest = lines[1].split(",", 3)
    lines[1] = ",".join([model, benchmark, f"{float(score) + 1:.1f}", rest])
    results.write_text("".join(lines), encoding="utf-8")
    checked.clear()
    build(data_copy, memo)
    assert checked and set(checked) == {False}  # the code that draws them has not changed
