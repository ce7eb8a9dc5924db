"""Turn an issue opened with the "Add a result" form into rows of `data/`, checked by the site's validator.

    python -m tools.submission --event EVENT.json --data data --out DIR
    python -m tools.submission --body BODY.md --data data --out DIR

GitHub renders the form's answers as `### Label` sections (`_No response_` when left empty). The
answers become a row of `results.csv`, and a row of `models.csv` and a record of `sources.yaml` when
the issue gives a new model's or source's fields; they are appended to the files of `--data` and the
folder is loaded with `load_dataset`, as a build would. Exit 0: the rows are in place, and
`DIR/pull-request.md` describes them. Exit 1: `DIR/comment.md` lists every problem as
`PATH:LINE: FIELD: message` (also printed), for a comment on the issue.

The issue's text is untrusted. It is read from the event file, never from a command line or a
workflow expression; it is written through the csv and yaml modules, which quote it; and a value is
refused when it holds a line break, is longer than `MAX_LENGTH`, or starts as a spreadsheet formula
(`=`, `+`, `-`, `@`), since the CSV files are opened in spreadsheets and a formula there runs.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

from leaderboard.data.errors import DataError, DataProblem
from leaderboard.data.load import load_dataset, shown_path
from leaderboard.data.schema import MODELS, RESULTS, SOURCES, Table

ROOT = Path(__file__).resolve().parent.parent
FORM = ROOT / ".github" / "ISSUE_TEMPLATE" / "add-result.yml"
ISSUE = "issue"  # the path problems of the issue's text itself are reported under
NO_RESPONSE = "_No response_"
MAX_LENGTH = 1000
FORMULA_START = ("=", "+", "-", "@")
LINE_BREAK = re.compile(r"[\r\n\x85\u2028\u2029]")
HEADING = re.compile(r"^### (.*?)\s*$")

# The form's field for each column: a result's columns by their own names; a new model's and a new
# source's fields prefixed, except their `id`, which is the result's `model` and `source`.
ANSWERS: dict[Table, dict[str, str]] = {
    RESULTS: {column: column for column in RESULTS.column_names},
    MODELS: {column: "model" if column == "id" else f"model_{column}" for column in MODELS.column_names},
    SOURCES: {column: "source" if column == "id" else f"source_{column}" for column in SOURCES.column_names},
}


@dataclass
class Written:
    """A row or record appended to a file of `data/`: where, and its text."""

    path: str
    line: int
    text: str


def form_labels(form: Path = FORM) -> dict[str, str]:
    """Each question's label in the issue form, mapped to its `id`."""
    body = yaml.safe_load(form.read_text(encoding="utf-8"))["body"]
    return {item["attributes"]["label"]: item["id"] for item in body if "id" in item}


def parse_body(body: str, labels: dict[str, str]) -> tuple[dict[str, str], list[DataProblem]]:
    """The answers of a rendered form by field id ("" when empty), and what is wrong with the text."""
    sections: dict[str, list[str]] = {}
    lines_of: dict[str, int] = {}
    problems = []
    current: list[str] | None = None
    for number, line in enumerate(body.replace("\r\n", "\n").split("\n"), 1):
        heading = HEADING.match(line)
        if heading and heading.group(1) in labels:
            label = heading.group(1)
            if label in sections:
                message = f"appears twice (lines {lines_of[label]} and {number}); keep one"
                problems.append(DataProblem(ISSUE, number, label, message))
            current = sections[label] = []
            lines_of[label] = number
        elif current is not None:
            current.append(line)
    answers = {}
    for label, field in labels.items():
        if label not in sections:
            message = "missing: the issue does not have this question of the form; edit it to add it back"
            problems.append(DataProblem(ISSUE, 1, label, message))
        value = "\n".join(sections.get(label, [])).strip()
        answers[field] = "" if value == NO_RESPONSE else value
    return answers, problems


def rows_of(answers: dict[str, str]) -> dict[Table, dict[str, str]]:
    """The result's row, and the new model's and source's when any of their own fields is answered."""
    rows = {}
    for table, fields in ANSWERS.items():
        row = {column: answers.get(field, "") for column, field in fields.items()}
        own = [value for column, value in row.items() if column != "id"]
        if table is RESULTS or any(own):
            rows[table] = row
    return rows


def refusal(table: Table, column: str, value: str) -> str | None:
    """Why a value cannot go into a file of `data/` as it is, if it cannot."""
    if LINE_BREAK.search(value):
        return "holds a line break; write the answer on one line"
    if len(value) > MAX_LENGTH:
        return f"is {len(value):,} characters long; an answer holds at most {MAX_LENGTH:,}"
    numeric = table.column(column).kind in ("number", "integer")
    if not numeric and value.startswith(FORMULA_START):
        return f"starts with {value[0]!r}, which a spreadsheet runs as a formula; reword it"
    return None


def append(data_dir: Path, rows: dict[Table, dict[str, str]]) -> tuple[list[Written], list[DataProblem]]:
    """Append each row to its file; a value refused is left out and reported at its row's line."""
    written, problems = [], []
    for table in (SOURCES, MODELS, RESULTS):
        if table not in rows:
            continue
        path = data_dir / table.filename
        shown = shown_path(path)
        text = path.read_text(encoding="utf-8") if path.exists() else ""
        if text and not text.endswith("\n"):
            text += "\n"
        start = text.count("\n") + 1
        row = dict(rows[table])
        # A YAML record gives each key it has a line of its own; a CSV row is one line.
        keys = [column for column, value in row.items() if value or table is not SOURCES]
        for column, value in row.items():
            if reason := refusal(table, column, value):
                line = start + keys.index(column) if table is SOURCES else start
                problems.append(DataProblem(shown, line, column, reason))
                row[column] = ""
        added = _yaml_record({key: row[key] for key in keys}) if table is SOURCES else _csv_row(row)
        path.write_text(text + added, encoding="utf-8")
        written.append(Written(shown, start, added))
    return written, problems


def _csv_row(row: dict[str, str]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(row.values())
    return buffer.getvalue()


def _yaml_record(row: dict[str, str]) -> str:
    """A record of `sources.yaml`, one key a line; a year of digits as a number."""
    record = {key: int(value) if key == "year" and value.isdigit() else value for key, value in row.items()}
    return yaml.safe_dump([record], sort_keys=False, allow_unicode=True, width=sys.maxsize)


def submit(body: str, data_dir: Path, labels: dict[str, str]) -> tuple[list[Written], list[DataProblem]]:
    """Append the issue's rows to `data_dir` and validate it: what was written, and every problem."""
    # Load inputs.
    answers, problems = parse_body(body, labels)
    if problems:
        return [], sorted(problems)

    # Process data.
    written, problems = append(data_dir, rows_of(answers))
    try:
        load_dataset(data_dir)
    except DataError as error:
        # A value refused above is reported once, with the reason it was refused.
        refused = {(problem.path, problem.line, problem.field) for problem in problems}
        problems += [p for p in error.problems if (p.path, p.line, p.field) not in refused]
    return written, sorted(problems)


# Markdown for the pull request and the comment ---------------------------------------------------


def fenced(lines: list[str], info: str = "") -> list[str]:
    """Lines in a code block whose fence no line can close, so nothing in them renders."""
    longest = max((len(run) for line in lines for run in re.findall(r"`+", line)), default=0)
    fence = "`" * max(3, longest + 1)
    return [fence + info, *lines, fence]


def pull_request_body(written: list[Written], issue: int | None) -> str:
    if issue is None:
        lines = ["Adds a proposed result, checked by the site's validator."]
    else:
        lines = [
            f"Adds the result proposed in #{issue}, checked by the site's validator.",
            "",
            f"Closes #{issue}.",
        ]
    for each in written:
        lines += ["", f"`{each.path}`, from line {each.line}:", ""]
        lines += fenced(each.text.rstrip("\n").split("\n"), "yaml" if each.path.endswith(".yaml") else "csv")
    return "\n".join(lines) + "\n"


def comment_body(problems: list[DataProblem]) -> str:
    count = len(problems)
    lines = [
        f"This result cannot be added yet: {count} problem{'s' * (count != 1)} "
        "(the file and line its rows would have, the field, and what is wrong).",
        "",
        *fenced([str(problem) for problem in problems]),
        "",
        "Edit the issue to fix them; a maintainer then adds the `add-result` label again.",
    ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    given = parser.add_mutually_exclusive_group(required=True)
    given.add_argument("--event", type=Path, help="the event JSON of an `issues` event ($GITHUB_EVENT_PATH)")
    given.add_argument("--body", type=Path, help="a file holding the issue's body")
    parser.add_argument("--data", type=Path, default=ROOT / "data", help="data folder to add the rows to")
    parser.add_argument("--out", type=Path, required=True, help="folder for pull-request.md or comment.md")
    args = parser.parse_args(argv)
    if args.event:
        issue = json.loads(args.event.read_text(encoding="utf-8"))["issue"]
        body, number = issue.get("body") or "", int(issue["number"])
    else:
        body, number = args.body.read_text(encoding="utf-8"), None

    written, problems = submit(body, args.data, form_labels())
    args.out.mkdir(parents=True, exist_ok=True)
    if problems:
        (args.out / "comment.md").write_text(comment_body(problems), encoding="utf-8")
        print("\n".join(str(problem) for problem in problems))
        return 1
    (args.out / "pull-request.md").write_text(pull_request_body(written, number), encoding="utf-8")
    for each in written:
        print(f"{each.path}:{each.line}: added")
    return 0


if __name__ == "__main__":
    sys.exit(main())
