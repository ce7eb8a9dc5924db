"""The "Add a result" issue form and tools/submission.py, which turns an issue into rows of data/.

Issue bodies are rendered from the form as GitHub renders them (`### Label`, a blank line, the
answer, `_No response_` for none); the rows are read back with the csv module and the site's loader.
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from utils import ROOT, dataset

from leaderboard.data.load import load_dataset, shown_path
from leaderboard.data.schema import MODELS, RESULTS, SOURCES
from tools.submission import (
    ANSWERS,
    FORM,
    ISSUE,
    MAX_LENGTH,
    NO_RESPONSE,
    form_labels,
    parse_body,
    submit,
)

LABELS = form_labels()


def form_items() -> list[dict]:
    return yaml.safe_load(FORM.read_text(encoding="utf-8"))["body"]


def questions() -> dict[str, dict]:
    return {item["id"]: item for item in form_items() if "id" in item}


def render(answers: dict[str, str]) -> str:
    """The issue body GitHub writes for these answers (by field id), every other question unanswered."""
    sections = [f"### {label}\n\n{answers.get(field) or NO_RESPONSE}" for label, field in LABELS.items()]
    return "\n\n".join(sections)


def csv_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as file:
        return list(csv.reader(file))


def line_count(path: Path) -> int:
    return path.read_text(encoding="utf-8").count("\n")


@pytest.fixture
def existing(data_copy: Path) -> dict[str, str]:
    """Answers for a new score of a model already in the data, from a source already there."""
    dataset = load_dataset(data_copy)
    result = dataset.results[0]
    return {
        "model": result.model,
        "benchmark": result.benchmark,
        "score": "12.5",
        "setting": "proposed in an issue",
        "source": result.source,
        "locator": "Table 9",
        "note": "",
    }


# The form ---------------------------------------------------------------------------------------


def test_every_question_of_the_form_fills_a_column_and_every_column_has_a_question():
    assert set(questions()) == {field for fields in ANSWERS.values() for field in fields.values()}


@pytest.mark.parametrize(
    ("table", "column"),
    [(table, column) for table in (RESULTS, MODELS, SOURCES) for column in table.column_names],
    ids=lambda value: getattr(value, "name", value),
)
def test_each_questions_help_text_is_its_columns_description_and_type(table, column):
    description = " ".join(questions()[ANSWERS[table][column]]["attributes"]["description"].split())
    assert table.column(column).description in description
    assert table.column(column).type_label in description


def test_a_result_column_is_a_required_question_exactly_when_the_schema_requires_it():
    for column in RESULTS.columns:
        question = questions()[ANSWERS[RESULTS][column.name]]
        assert question.get("validations", {}).get("required", False) is column.required, column.name


def test_the_method_choices_are_the_methods_of_methods_yaml_in_order():
    assert questions()["model_method"]["attributes"]["options"] == list(dataset().methods)


def test_the_form_states_every_rule_of_the_files_it_adds_to():
    text = " ".join(item["attributes"]["value"] for item in form_items() if item["type"] == "markdown")
    for rule in (*RESULTS.rules, *MODELS.rules, *SOURCES.rules):
        assert rule in " ".join(text.split()), rule


def test_the_form_never_adds_the_label_that_starts_the_workflow():
    form = yaml.safe_load(FORM.read_text(encoding="utf-8"))
    assert "add-result" not in (form.get("labels") or [])


# Valid issues -----------------------------------------------------------------------------------


def test_a_score_of_an_existing_model_becomes_one_row_of_results(data_copy, existing):
    models_before = (data_copy / "models.csv").read_bytes()
    sources_before = (data_copy / "sources.yaml").read_bytes()
    line = line_count(data_copy / "results.csv") + 1
    written, problems = submit(render(existing), data_copy, LABELS)
    assert problems == []
    assert csv_rows(data_copy / "results.csv")[-1] == [existing[column] for column in RESULTS.column_names]
    assert [(each.path, each.line) for each in written] == [(shown_path(data_copy / "results.csv"), line)]
    assert (data_copy / "models.csv").read_bytes() == models_before
    assert (data_copy / "sources.yaml").read_bytes() == sources_before


def test_a_new_model_and_a_new_source_become_rows_the_loader_reads_back(data_copy, existing):
    answers = {
        **existing,
        "model": "new-7b-step-dpo",
        "model_name": "New-7B + Step-DPO",
        "model_family": "New",
        "model_params_b": "7",
        "model_method": "step-dpo",
        "model_base_model": existing["model"],
        "model_open_weights": "true",
        "source": "new-report",
        "source_title": "A New Report: on Things",
        "source_authors": "[Jane Doe, John Roe]",
        "source_year": "2025",
        "source_url": "https://arxiv.org/abs/2501.00001",
    }
    written, problems = submit(render(answers), data_copy, LABELS)
    assert problems == []
    assert [Path(each.path).name for each in written] == ["sources.yaml", "models.csv", "results.csv"]
    dataset = load_dataset(data_copy)
    model = dataset.models["new-7b-step-dpo"]
    assert (model.name, model.family, model.params_b_text, model.method) == (
        "New-7B + Step-DPO",
        "New",
        "7",
        "step-dpo",
    )
    assert (model.base_model, model.open_weights, model.url) == (existing["model"], True, None)
    source = dataset.sources["new-report"]
    assert (source.title, source.authors, source.year, source.url) == (
        "A New Report: on Things",
        ("Jane Doe", "John Roe"),
        2025,
        "https://arxiv.org/abs/2501.00001",
    )
    result = dataset.result_by_key[
        ("new-7b-step-dpo", existing["benchmark"], existing["setting"], "new-report")
    ]
    assert (result.score_text, result.source, result.locator) == ("12.5", "new-report", "Table 9")


def test_windows_line_endings_in_the_body_read_the_same(existing):
    assert parse_body(render(existing).replace("\n", "\r\n"), LABELS) == parse_body(render(existing), LABELS)


# Invalid issues: the validator's exact problems -------------------------------------------------


def test_a_score_out_of_range_is_reported_on_the_line_its_row_would_have(data_copy, existing):
    line = line_count(data_copy / "results.csv") + 1
    _, problems = submit(render({**existing, "score": "555"}), data_copy, LABELS)
    benchmark = existing["benchmark"]
    assert [str(problem) for problem in problems] == [
        f"{shown_path(data_copy / 'results.csv')}:{line}: score: "
        f"score 555 is outside 0–100 of {benchmark}: a missing decimal point?"
    ]


def test_an_unknown_model_without_new_model_fields_is_reported_as_unknown(data_copy, existing):
    _, problems = submit(render({**existing, "model": "no-such-model"}), data_copy, LABELS)
    [problem] = problems
    assert (Path(problem.path).name, problem.field) == ("results.csv", "model")
    assert problem.message.startswith("unknown model 'no-such-model'")


def test_a_new_model_with_an_existing_id_is_a_duplicate(data_copy, existing):
    line = line_count(data_copy / "models.csv") + 1
    answers = {**existing, "model_name": "Again", "model_family": "X", "model_method": "sft"}
    _, problems = submit(render(answers), data_copy, LABELS)
    assert [(Path(p.path).name, p.line, p.field) for p in problems] == [("models.csv", line, "id")]
    assert "appears twice" in problems[0].message or "duplicate" in problems[0].message


# Hostile issues ---------------------------------------------------------------------------------

HOSTILE_TEXT = [
    '<script>alert("x")</script>',
    "<img src=x onerror=alert(1)>",
    'a "quoted", comma\'d; value',
    "$(rm -rf ~) `id` ${{ secrets.GITHUB_TOKEN }}",
    "pipe | and # hash: colon",
]


@pytest.mark.parametrize("text", HOSTILE_TEXT)
def test_html_quotes_and_shell_text_are_kept_as_typed_in_a_valid_row(data_copy, existing, text):
    _, problems = submit(render({**existing, "note": text, "locator": text}), data_copy, LABELS)
    assert problems == []
    row = dict(zip(RESULTS.column_names, csv_rows(data_copy / "results.csv")[-1], strict=True))
    assert (row["note"], row["locator"]) == (text, text)
    result = load_dataset(data_copy).result_by_key[
        (existing["model"], existing["benchmark"], existing["setting"], existing["source"])
    ]
    assert (result.note, result.locator) == (text, text)


@pytest.mark.parametrize("text", HOSTILE_TEXT)
def test_hostile_text_in_a_new_sources_title_is_kept_as_typed(data_copy, existing, text):
    answers = {**existing, "source": "new-report", "source_title": text, "source_authors": "[Jane Doe]"}
    _, problems = submit(render({**answers, "source_year": "2025"}), data_copy, LABELS)
    assert problems == []
    assert load_dataset(data_copy).sources["new-report"].title == text


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_text_that_a_spreadsheet_would_run_as_a_formula_is_refused(data_copy, existing, start):
    line = line_count(data_copy / "results.csv") + 1
    formula = f"{start}cmd|' /C calc'!A0"
    _, problems = submit(render({**existing, "note": formula}), data_copy, LABELS)
    assert [str(problem) for problem in problems] == [
        f"{shown_path(data_copy / 'results.csv')}:{line}: note: "
        f"starts with {start!r}, which a spreadsheet runs as a formula; reword it"
    ]
    assert formula not in (data_copy / "results.csv").read_text(encoding="utf-8")


def test_a_negative_score_is_a_number_not_a_formula(data_copy, existing):
    _, problems = submit(render({**existing, "score": "-5"}), data_copy, LABELS)
    assert [problem.message for problem in problems] == [
        f"score -5 is outside 0–100 of {existing['benchmark']}: a stray minus sign?"
    ]


@pytest.mark.parametrize(
    ("authors", "message"),
    [
        ("=HYPERLINK(1)", "starts with '=', which a spreadsheet runs as a formula; reword it"),
        (
            "Doe et al.",
            "'Doe et al.' is not a list of names; write every author as printed on the work, in its "
            "order, e.g. [Ada Lovelace, Alan Turing, Grace Hopper, ...]",
        ),
        ("[Jane Doe, =1+1]", "'=1+1' starts with '=', which a spreadsheet runs as a formula; reword it"),
    ],
    ids=["a formula", "et al.", "a formula among the names"],
)
def test_bad_authors_of_a_new_source_are_reported_on_the_authors_line(data_copy, existing, authors, message):
    start = line_count(data_copy / "sources.yaml") + 1
    answers = {**existing, "source": "new-report", "source_title": "T", "source_authors": authors}
    _, problems = submit(render({**answers, "source_year": "2025"}), data_copy, LABELS)
    assert [str(problem) for problem in problems] == [
        f"{shown_path(data_copy / 'sources.yaml')}:{start + 2}: authors: {message}"
    ]


def test_a_line_break_inside_an_answer_is_refused_and_adds_no_line(data_copy, existing):
    """An input holds one line; a body edited by hand can hold more. Nothing may add a row of its own."""
    line = line_count(data_copy / "results.csv") + 1
    body = render({**existing, "note": "first line\nsecond,line,injected,row,x,y,z"})
    _, problems = submit(body, data_copy, LABELS)
    assert [str(problem) for problem in problems] == [
        f"{shown_path(data_copy / 'results.csv')}:{line}: note: "
        "holds a line break; write the answer on one line"
    ]
    assert line_count(data_copy / "results.csv") == line


def test_a_yaml_record_cannot_be_smuggled_in_through_a_line_break(data_copy, existing):
    title = "Title\n- id: evil\n  title: x"
    answers = {**existing, "source": "new-report", "source_title": title, "source_authors": "[Jane Doe]"}
    _, problems = submit(render({**answers, "source_year": "2025"}), data_copy, LABELS)
    assert [(problem.field, problem.message) for problem in problems] == [
        ("title", "holds a line break; write the answer on one line")
    ]
    assert "evil" not in (data_copy / "sources.yaml").read_text(encoding="utf-8")


def test_a_10_kb_answer_is_refused_with_its_length(data_copy, existing):
    note = "x" * 10_240
    _, problems = submit(render({**existing, "note": note}), data_copy, LABELS)
    assert [(problem.field, problem.message) for problem in problems] == [
        ("note", f"is 10,240 characters long; an answer holds at most {MAX_LENGTH:,}")
    ]
    assert note not in (data_copy / "results.csv").read_text(encoding="utf-8")


def test_a_question_given_twice_is_reported_and_nothing_is_written(data_copy, existing):
    before = (data_copy / "results.csv").read_bytes()
    body = render(existing) + "\n\n### Score\n\n99"
    written, problems = submit(body, data_copy, LABELS)
    assert written == []
    [problem] = problems
    assert (problem.path, problem.field) == (ISSUE, "Score")
    assert problem.message.startswith("appears twice (lines ")
    assert (data_copy / "results.csv").read_bytes() == before


def test_a_body_not_written_by_the_form_names_every_missing_question(data_copy):
    written, problems = submit("I got 99 on MATH, please add it!", data_copy, LABELS)
    assert written == []
    assert [problem.field for problem in problems] == sorted(LABELS)
    assert {problem.path for problem in problems} == {ISSUE}


# The command ------------------------------------------------------------------------------------


def run(event: dict, data: Path, out: Path) -> subprocess.CompletedProcess:
    event_file = out.parent / "event.json"
    event_file.write_text(json.dumps(event), encoding="utf-8")
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "tools.submission",
            "--event",
            str(event_file),
            "--data",
            str(data),
            "--out",
            str(out),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )


def test_the_command_reads_the_issue_from_the_event_file_and_describes_the_pull_request(
    tmp_path, data_copy, existing
):
    out = tmp_path / "out"
    result = run({"issue": {"number": 7, "body": render(existing)}}, data_copy, out)
    assert result.returncode == 0, result.stdout + result.stderr
    body = (out / "pull-request.md").read_text(encoding="utf-8")
    assert "Closes #7." in body
    assert csv_rows(data_copy / "results.csv")[-1] == [existing[column] for column in RESULTS.column_names]
    assert not (out / "comment.md").exists()


def test_the_command_writes_the_problems_for_a_comment_and_exits_1(tmp_path, data_copy, existing):
    out = tmp_path / "out"
    hostile = {**existing, "score": "555", "model": "````x"}
    result = run({"issue": {"number": 7, "body": render(hostile)}}, data_copy, out)
    assert result.returncode == 1
    comment = (out / "comment.md").read_text(encoding="utf-8")
    assert result.stdout.splitlines()[0] in comment
    assert "score 555 is outside" in result.stdout and "````x" in result.stdout
    # The problems sit in a code block whose fence nothing in them can close.
    fence = comment.splitlines()[2]
    assert set(fence) == {"`"} and comment.count(fence) == 2
    assert not (out / "pull-request.md").exists()
