"""tools/data_diff.py tells what a pull request changes in the data, from copies of the real data
edited as a pull request would edit them."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from utils import DATA, ROOT, read_csv, write_csv

from leaderboard.data.dataset import FIRST_REPORTED
from leaderboard.data.load import load_dataset
from tools.data_diff import TITLE, data_changes, summary


@pytest.fixture
def base(tmp_path: Path) -> Path:
    copy = tmp_path / "base"
    shutil.copytree(DATA, copy)
    return copy


def first_reported(records: list[dict[str, str]]) -> dict[str, str]:
    """The first result of the file that is a score as first reported."""
    return next(row for row in records if not row["setting"])


def changes_of(base: Path, head: Path) -> dict[str, object]:
    return {changes.table.name: changes for changes in data_changes(load_dataset(base), load_dataset(head))}


def table_rows(markdown: str, heading: str) -> list[str]:
    """The body rows of the table under `### heading`."""
    lines = markdown.split(f"### {heading}\n\n", 1)[1].split("\n\n", 1)[0].splitlines()
    return lines[2:]


def test_the_same_data_changes_nothing(base, data_copy):
    assert not any(changes_of(base, data_copy).values())
    assert (
        summary(base, data_copy).splitlines()[-1]
        == "No result, model or source is added, changed or removed."
    )


def test_a_new_score_is_a_result_added(base, data_copy):
    results = read_csv(data_copy / "results.csv")
    added = {**first_reported(results), "setting": "re-evaluated", "score": "12.5", "note": ""}
    write_csv(data_copy / "results.csv", [*results, added])
    changes = changes_of(base, data_copy)["results"]
    assert changes.added == [added]
    assert not changes.changed and not changes.removed
    markdown = summary(base, data_copy)
    expected = " | ".join(added[name] for name in added)
    assert table_rows(markdown, "Results added (1)") == [f"| {expected} |"]


def test_an_edited_score_is_a_change_from_old_to_new_with_every_other_field_changed(base, data_copy):
    results = read_csv(data_copy / "results.csv")
    edited = first_reported(results)
    old_score, old_locator = edited["score"], edited["locator"]
    edited.update(score="99.9", locator="Appendix B")
    write_csv(data_copy / "results.csv", results)
    changes = changes_of(base, data_copy)["results"]
    assert not changes.added and not changes.removed
    [change] = changes.changed
    assert change.key == (edited["model"], edited["benchmark"], "", edited["source"])
    assert change.fields == [("score", old_score, "99.9"), ("locator", old_locator, "Appendix B")]
    assert table_rows(summary(base, data_copy), "Results changed (1)") == [
        f"| {edited['model']} | {edited['benchmark']} | {FIRST_REPORTED} | {edited['source']} | "
        f"score: {old_score} → 99.9; locator: {old_locator} → Appendix B |"
    ]


def test_a_score_written_differently_is_a_change_though_its_value_is_the_same(base, data_copy):
    results = read_csv(data_copy / "results.csv")
    edited = next(row for row in results if "." in row["score"])
    old_score = edited["score"]
    edited["score"] = old_score + "0"
    write_csv(data_copy / "results.csv", results)
    [change] = changes_of(base, data_copy)["results"].changed
    assert change.fields == [("score", old_score, old_score + "0")]


def test_a_deleted_row_is_a_result_removed(base, data_copy):
    results = read_csv(data_copy / "results.csv")
    removed = first_reported(results)
    write_csv(data_copy / "results.csv", [row for row in results if row is not removed])
    changes = changes_of(base, data_copy)["results"]
    assert changes.removed == [removed]
    assert not changes.added and not changes.changed


def test_a_new_model_and_a_new_source_are_added_and_gone_again_when_reversed(base, data_copy):
    models = read_csv(data_copy / "models.csv")
    model = dict.fromkeys(models[0], "") | {"id": "new-7b", "name": "New 7B", "family": "New"}
    model.update(params_b="7", method="sft", open_weights="true")
    write_csv(data_copy / "models.csv", [*models, model])
    sources = (data_copy / "sources.yaml").read_text(encoding="utf-8")
    new_source = '- id: new-report\n  title: "A new report"\n  authors: [Jane Doe, John Roe]\n  year: 2025\n'
    (data_copy / "sources.yaml").write_text(sources + new_source, encoding="utf-8")

    forward = changes_of(base, data_copy)
    assert forward["models"].added == [model]
    assert forward["sources"].added == [
        {
            "id": "new-report",
            "title": "A new report",
            "authors": "Jane Doe; John Roe",
            "organisation": "",
            "year": "2025",
            "venue": "",
            "url": "",
            "bibtex_key": "",
        }
    ]
    backward = changes_of(data_copy, base)
    assert backward["models"].removed == forward["models"].added
    assert backward["sources"].removed == forward["sources"].added
    assert not backward["models"].added and not backward["sources"].added


def test_a_renamed_model_is_a_model_changed(base, data_copy):
    models = read_csv(data_copy / "models.csv")
    old_name = models[0]["name"]
    models[0]["name"] = "Renamed"
    write_csv(data_copy / "models.csv", models)
    [change] = changes_of(base, data_copy)["models"].changed
    assert change.key == (models[0]["id"],)
    assert change.fields == [("name", old_name, "Renamed")]


def test_text_from_the_data_cannot_break_the_table_or_add_html(base, data_copy):
    results = read_csv(data_copy / "results.csv")
    hostile = {
        **first_reported(results),
        "setting": "a | b",
        "note": "<img src=x onerror=alert(1)> `x` [y](z)",
    }
    write_csv(data_copy / "results.csv", [*results, hostile])
    [row] = table_rows(summary(base, data_copy), "Results added (1)")
    assert row.count(" | ") == len(hostile) - 1
    assert "a \\| b" in row
    assert "&lt;img src=x onerror=alert(1)&gt; \\`x\\` \\[y\\](z)" in row
    assert "<img" not in row


def test_without_a_base_data_folder_every_record_is_added(tmp_path, data_copy):
    markdown = summary(tmp_path / "missing", data_copy)
    dataset = load_dataset(data_copy)
    assert markdown.splitlines()[:3] == [
        TITLE,
        "",
        "The base branch has no data folder: this compares with nothing.",
    ]
    assert f"### Results added ({len(dataset.results)})" in markdown
    assert f"### Models added ({len(dataset.models)})" in markdown
    assert "changed (" not in markdown and "removed (" not in markdown


def test_an_invalid_base_is_named_and_compared_as_nothing(base, data_copy):
    (base / "results.csv").write_text("model,benchmark\n", encoding="utf-8")
    markdown = summary(base, data_copy)
    assert "The base branch's data does not pass this branch's validator (" in markdown
    assert f"### Results added ({len(load_dataset(data_copy).results)})" in markdown


def test_invalid_head_data_lists_its_problems_instead_of_changes(base, data_copy):
    results = read_csv(data_copy / "results.csv")
    first_reported(results)["score"] = "555"
    write_csv(data_copy / "results.csv", results)
    markdown = summary(base, data_copy)
    assert "has 1 problem, each annotated on its line" in markdown
    assert "score: score 555 is outside" in markdown
    assert "###" not in markdown


def test_the_command_prints_the_summary(base, data_copy):
    results = read_csv(data_copy / "results.csv")
    write_csv(data_copy / "results.csv", results[1:])
    result = subprocess.run(
        [sys.executable, "-m", "tools.data_diff", str(base), str(data_copy)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == summary(base, data_copy)
    assert "### Results removed (1)" in result.stdout
