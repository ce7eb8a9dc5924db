"""Broken copies of data/ fail with one clean `PATH:LINE: FIELD: message` per problem."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

from leaderboard.errors import DataError
from leaderboard.validate import load_dataset


def problems(data: Path) -> list[str]:
    with pytest.raises(DataError) as caught:
        load_dataset(data)
    return [str(problem) for problem in caught.value.problems]


def replace_in(path: Path, old: str, new: str) -> int:
    """Replace the first `old` in the file; return its line number."""
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return line


def test_a_score_above_the_maximum_suggests_a_missing_decimal_point(data_copy):
    line = replace_in(data_copy / "results.csv", "qwen2-7b-sft-step-dpo,math,55.8", "qwen2-7b-sft-step-dpo,math,558")
    [problem] = problems(data_copy)
    assert problem.endswith(f"results.csv:{line}: score: score 558 is outside 0–100 of math: a missing decimal point?")


def test_an_unknown_model_is_named_with_a_suggestion(data_copy):
    line = replace_in(data_copy / "results.csv", "llama-3-8b-instruct,math", "llama-3-8b-instrct,math")
    [problem] = problems(data_copy)
    assert problem.endswith(
        f"results.csv:{line}: model: unknown model 'llama-3-8b-instrct'; did you mean 'llama-3-8b-instruct'?"
    )


def test_a_score_that_is_not_a_number_is_reported_with_its_line(data_copy):
    line = replace_in(data_copy / "results.csv", "llama-3-8b-instruct,math,30.0", "llama-3-8b-instruct,math,30,0")
    [problem] = problems(data_copy)
    assert f"results.csv:{line}: (file): row has 8 fields but the header has 7" in problem


def test_every_problem_of_a_run_is_reported_at_once(data_copy):
    replace_in(data_copy / "results.csv", ",math,55.8", ",math,abc")
    replace_in(data_copy / "models.csv", ",step-dpo,", ",stepdpo,")
    found = problems(data_copy)
    assert any("score: 'abc' is not a number" in p for p in found)
    assert any("method: 'stepdpo' is not one of" in p for p in found)


def test_the_command_line_prints_problems_on_stderr_exits_1_and_writes_nothing(data_copy, tmp_path):
    replace_in(data_copy / "results.csv", ",math,55.8", ",math,555")
    docs = tmp_path / "docs"
    result = subprocess.run(
        [sys.executable, "build_charts.py", "--data", str(data_copy), "--docs", str(docs)],
        cwd=ROOT, capture_output=True, text=True,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "results.csv:" in result.stderr and ": score: score 555 is outside" in result.stderr
    assert not docs.exists()


def test_check_validates_the_real_data_and_writes_nothing(tmp_path):
    result = subprocess.run([sys.executable, "build_charts.py", "--check", "--docs", str(tmp_path / "d")],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "d").exists()
