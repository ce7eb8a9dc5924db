"""Property-based tests of the loader: any mutation of a valid data file either loads or fails
with the clean error, every problem formatted as `PATH:LINE: FIELD: message`; never a traceback.

Mutations work on bytes (cut, insert, replace, invalid UTF-8, line endings), on lines (drop,
repeat, swap), and on values (a CSV cell or a YAML value replaced by something awkward), so that
both the parsers and the rules behind them are exercised.
"""

from __future__ import annotations

import contextlib
import re
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from utils import DATA

from leaderboard.data.dataset import Dataset
from leaderboard.data.errors import DataError
from leaderboard.data.load import load_dataset

FILES = {path.name: path.read_bytes() for path in sorted(DATA.iterdir()) if path.suffix in (".csv", ".yaml")}
PROBLEM = re.compile(
    r"^data/(?P<file>[\w.]+):(?P<line>[1-9]\d*): (?P<field>[\w.\[\]()-]+|'[^\n]*'|\"[^\n]*\"): "
    r"(?P<message>[^\n]+)$"
)
PROPERTY = settings(
    max_examples=300,
    deadline=None,
    derandomize=True,  # the same examples on every run: a failure here is a bug, never bad luck
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

AWKWARD_TEXT = st.sampled_from(
    [
        "",
        " ",
        "0",
        "-1",
        "1e400",
        "nan",
        "inf",
        "1_000",
        "0x10",
        "55.8",
        "558",
        "true",
        "yes",
        "null",
        "~",
        "[]",
        "{}",
        "[a, b]",
        "{a: 1}",
        "- x",
        "&a x",
        "*a",
        "!!binary aGk=",
        "!!python/object:os.system",
        "2024-01-01",
        ".inf",
        ".nan",
        "'",
        '"',
        '""',
        '"a,b"',
        "a,b",
        "a\nb",
        "\t",
        "\x00",
        "\x7f",
        "\ufeff",
        "#",
        ": ",
        "|",
        ">",
        "%YAML 1.1",
        "---",
        "...",
        "<script>alert(1)</script>",
        "{{ 7*7 }}",
        "qwen2-7b",
        "step-dpo",
        "math",
        "step-dpo-x",
        "Qwen2-7B-SFT",
        "x" * 300,
        "\u202eevil",
        "🤖",
    ]
)
TEXT = st.one_of(AWKWARD_TEXT, st.text(max_size=40))


def mutate_bytes(content: bytes, data: st.DataObject) -> bytes:
    """Cut, insert, or overwrite a run of bytes; or change the line endings."""
    kind = data.draw(
        st.sampled_from(["cut", "insert", "overwrite", "invalid-utf8", "crlf", "cr", "truncate"])
    )
    start = data.draw(st.integers(0, len(content)))
    if kind == "cut":
        return content[:start] + content[start + data.draw(st.integers(1, 40)) :]
    if kind == "insert":
        return content[:start] + data.draw(TEXT).encode("utf-8") + content[start:]
    if kind == "overwrite":
        new = data.draw(st.binary(min_size=1, max_size=8))
        return content[:start] + new + content[start + len(new) :]
    if kind == "invalid-utf8":
        return (
            content[:start]
            + data.draw(st.sampled_from([b"\xff", b"\xc3", b"\xe9", b"\x80\x80"]))
            + content[start:]
        )
    if kind == "crlf":
        return content.replace(b"\n", b"\r\n")
    if kind == "cr":
        return content.replace(b"\n", b"\r")
    return content[:start]


def mutate_lines(content: bytes, data: st.DataObject) -> bytes:
    """Drop, repeat or swap whole lines."""
    lines = content.split(b"\n")
    kind = data.draw(st.sampled_from(["drop", "repeat", "swap"]))
    first = data.draw(st.integers(0, len(lines) - 1))
    second = data.draw(st.integers(0, len(lines) - 1))
    if kind == "drop":
        del lines[first]
    elif kind == "repeat":
        lines.insert(second, lines[first])
    else:
        lines[first], lines[second] = lines[second], lines[first]
    return b"\n".join(lines)


def mutate_value(name: str, content: bytes, data: st.DataObject) -> bytes:
    """Replace one CSV cell, or the value of one YAML `key: value`, by something awkward."""
    text = content.decode("utf-8", errors="surrogateescape")
    lines = text.split("\n")
    index = data.draw(st.integers(0, len(lines) - 1))
    value = data.draw(TEXT)
    if name.endswith(".csv"):
        cells = lines[index].split(",")
        cell = data.draw(st.integers(0, len(cells) - 1))
        cells[cell] = data.draw(st.sampled_from([value, '"' + value.replace('"', '""') + '"']))
        lines[index] = ",".join(cells)
    elif ": " in lines[index]:
        key, _ = lines[index].split(": ", 1)
        lines[index] = f"{key}: {value}"
    else:
        lines[index] = value
    return "\n".join(lines).encode("utf-8", errors="surrogateescape")


@st.composite
def mutated_data(draw) -> dict[str, bytes]:
    """The real data files with one file changed one to three times."""
    data = draw(st.data())
    name = draw(st.sampled_from(sorted(FILES)))
    content = FILES[name]
    for _ in range(draw(st.integers(1, 3))):
        mutation = draw(st.sampled_from([mutate_bytes, mutate_lines, mutate_value]))
        content = mutation(name, content, data) if mutation is mutate_value else mutation(content, data)
    return {**FILES, name: content}


def load(files: dict[str, bytes]) -> Dataset | DataError:
    """Load the files from a fresh `data/` folder; the working directory is its parent."""
    with tempfile.TemporaryDirectory() as folder, contextlib.chdir(folder):
        data = Path("data")
        data.mkdir()
        for name, content in files.items():
            (data / name).write_bytes(content)
        try:
            return load_dataset(data)
        except DataError as error:
            return error


def assert_clean(outcome: Dataset | DataError, files: dict[str, bytes]) -> None:
    if isinstance(outcome, Dataset):
        return
    assert outcome.problems, "a DataError lists at least one problem"
    for problem in outcome.problems:
        text = str(problem)
        match = PROBLEM.match(text)
        assert match, f"not PATH:LINE: FIELD: message: {text!r}"
        content = files[match["file"]]
        lines = content.replace(b"\r\n", b"\n").replace(b"\r", b"\n").count(b"\n") + 1
        assert int(match["line"]) <= lines, f"line {match['line']} beyond the file's {lines} lines: {text}"
    report = outcome.report().splitlines()
    assert len(report) == len(outcome.problems) + 1 and report[-1].endswith("nothing was written.")


@PROPERTY
@given(mutated_data())
def test_any_mutation_of_a_data_file_loads_or_fails_with_clean_problems(files):
    assert_clean(load(files), files)


@PROPERTY
@given(st.sampled_from(sorted(FILES)), st.binary(max_size=200))
def test_any_bytes_in_place_of_a_data_file_load_or_fail_with_clean_problems(name, content):
    files = {**FILES, name: content}
    assert_clean(load(files), files)


@PROPERTY
@given(st.sampled_from(sorted(FILES)), st.text(max_size=300))
def test_any_text_in_place_of_a_data_file_loads_or_fails_with_clean_problems(name, content):
    files = {**FILES, name: content.encode("utf-8")}
    assert_clean(load(files), files)


def test_the_unmutated_data_loads():
    assert isinstance(load(FILES), Dataset)
