"""On GitHub Actions, every data problem is also a workflow command that annotates its line.

GitHub documents the command as `::error file={name},line={line},title={title}::{message}`, with
`%`, CR and LF in the message written `%25`, `%0D` and `%0A`, and `:` and `,` in a property value
also `%3A` and `%2C` (docs.github.com, "Workflow commands for GitHub Actions"). `parse` reads a
command back the way the runner does (its `ActionCommand` parser), so a test can check that what
the runner reads is exactly what the problem says.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from utils import DATA, ROOT

from leaderboard.data.errors import DataError, DataProblem

HOSTILE_FIELDS = ["score", "a,b", "key: value", "100%", "two\nlines", "(file)", ""]
HOSTILE_MESSAGES = [
    "score 555 is outside 0–100 of math: a missing decimal point?",
    "50% of 20%25 is %0A",
    "line one\nline two\r\nline three",
    "::warning file=x::injected",
    "a, b: c",
]


def parse(line: str) -> tuple[str, dict[str, str], str]:
    """A workflow command as GitHub's runner reads it: command, properties, message."""
    assert line.startswith("::")
    end = line.index("::", 2)
    command, _, listed = line[2:end].partition(" ")
    properties = {}
    for pair in listed.split(","):
        name, _, value = pair.partition("=")
        properties[name] = (
            value.replace("%0D", "\r")
            .replace("%0A", "\n")
            .replace("%3A", ":")
            .replace("%2C", ",")
            .replace("%25", "%")
        )
    message = line[end + 2 :].replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")
    return command, properties, message


def test_a_problem_becomes_an_error_command_on_its_file_and_line():
    problem = DataProblem("data/results.csv", 12, "score", "score 555 is outside 0–100 of math")
    assert problem.workflow_command(ROOT) == (
        "::error file=data/results.csv,line=12,title=score::score 555 is outside 0–100 of math"
    )


def test_commas_colons_percent_signs_and_line_breaks_are_escaped_as_github_documents():
    problem = DataProblem("data/a,b: 100%.csv", 3, "x,y: 5%", "50% done,\r\nnext: ::error::x")
    assert problem.workflow_command(ROOT) == (
        "::error file=data/a%2Cb%3A 100%25.csv,line=3,title='x%2Cy%3A 5%25'"
        "::50%25 done,%0D%0Anext: ::error::x"
    )


@pytest.mark.parametrize("field", HOSTILE_FIELDS)
@pytest.mark.parametrize("message", HOSTILE_MESSAGES)
def test_the_runner_reads_back_the_field_and_message_of_a_hostile_problem(field, message):
    problem = DataProblem("data/results.csv", 7, field, message)
    line = problem.workflow_command(ROOT)
    assert "\n" not in line and "\r" not in line
    command, properties, read_message = parse(line)
    assert command == "error"
    # The title is the field as the plain report shows it (quoted when it could be misread).
    shown_field = str(DataProblem("f", 1, field, "m")).removeprefix("f:1: ").removesuffix(": m")
    assert properties == {"file": "data/results.csv", "line": "7", "title": shown_field}
    assert read_message == message


def test_a_path_is_given_relative_to_the_repository_root_whatever_the_working_directory():
    inside = DataProblem(str(ROOT / "data" / "models.csv"), 2, "id", "x")
    outside = DataProblem("/elsewhere/models.csv", 2, "id", "x")
    assert parse(inside.workflow_command(ROOT))[1]["file"] == "data/models.csv"
    assert parse(outside.workflow_command(ROOT))[1]["file"] == "/elsewhere/models.csv"


def test_an_error_lists_one_command_per_problem_in_the_order_of_its_report():
    error = DataError([DataProblem("b.csv", 2, "x", "later"), DataProblem("a.csv", 9, "y", "first")])
    commands = error.workflow_commands(ROOT).splitlines()
    assert [parse(line)[2] for line in commands] == ["first", "later"]
    assert [line.split(": ", 2)[2] for line in error.report().splitlines()[:2]] == ["first", "later"]


# The command line ------------------------------------------------------------------------------


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """build_charts.py beside a broken copy of data/: its own repository root."""
    root = tmp_path / "repo"
    shutil.copytree(DATA, root / "data")
    shutil.copy2(ROOT / "build_charts.py", root / "build_charts.py")
    results = root / "data" / "results.csv"
    text = results.read_text(encoding="utf-8")
    assert ",math,55.8," in text
    results.write_text(text.replace(",math,55.8,", ",math,555,", 1), encoding="utf-8")
    return root


def broken_line(project: Path) -> int:
    lines = (project / "data" / "results.csv").read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if ",math,555," in line)


def run(project: Path, *args: str, github_actions: bool) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key != "GITHUB_ACTIONS"}
    if github_actions:
        env["GITHUB_ACTIONS"] = "true"
    # Run from inside data/: the plain report's paths are relative to the working directory,
    # the annotations' to the repository root.
    return subprocess.run(
        [sys.executable, str(project / "build_charts.py"), "--data", ".", *args],
        cwd=project / "data",
        env=env,
        capture_output=True,
        text=True,
    )


@pytest.mark.parametrize("args", [["--check"], ["--docs", "../docs"]], ids=["check", "build"])
def test_on_github_actions_the_command_line_annotates_each_problem_and_keeps_the_report(project, args):
    result = run(project, *args, github_actions=True)
    line = broken_line(project)
    message = "score 555 is outside 0–100 of math: a missing decimal point?"
    assert result.returncode == 1
    assert result.stdout == f"::error file=data/results.csv,line={line},title=score::{message}\n"
    assert result.stderr == f"results.csv:{line}: score: {message}\n1 problem in data; nothing was written.\n"


def test_elsewhere_the_command_line_prints_only_the_report(project):
    result = run(project, "--check", github_actions=False)
    assert result.returncode == 1
    assert result.stdout == ""
    assert "score 555 is outside" in result.stderr
