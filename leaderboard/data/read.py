"""Read the files of `data/` into records that remember the line each value came from.

Reading never raises on bad input: every problem becomes a `DataProblem`, so a run reports
all of them at once. Types and cross-references are checked later, in `validate.py`.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import DataProblem
from .schema import Table

FILE = "(file)"
LINE_SEPARATORS = re.compile("[\x85\u2028\u2029]")  # line breaks to YAML, not to most editors


@dataclass
class Record:
    """One row of a CSV file or one item of a YAML list, with the line of each field."""

    path: str
    line: int
    values: dict[str, Any]
    lines: dict[str, int] = field(default_factory=dict)

    def line_of(self, name: str) -> int:
        return self.lines.get(name, self.line)

    def problem(self, name: str, message: str) -> DataProblem:
        return DataProblem(self.path, self.line_of(name), name, message)


def read_text(path: Path, shown: str) -> tuple[str | None, list[DataProblem]]:
    """The file's text: UTF-8, with or without a byte-order mark, any line endings."""
    if not path.exists():
        return None, [DataProblem(shown, 1, FILE, "file is missing")]
    try:
        raw = path.read_bytes()
    except OSError as error:
        return None, [DataProblem(shown, 1, FILE, f"cannot be read: {error.strerror or error}")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        byte = raw[error.start : error.start + 1].hex()
        message = f"not UTF-8 (byte 0x{byte}); save the file as UTF-8"
        return None, [DataProblem(shown, line, FILE, message)]
    if not text.strip():
        return None, [DataProblem(shown, 1, FILE, "file is empty")]
    if separator := LINE_SEPARATORS.search(text):
        line = text[: separator.start()].replace("\r\n", "\n").replace("\r", "\n").count("\n") + 1
        message = f"contains U+{ord(separator.group()):04X}, an invisible line break; remove it"
        return None, [DataProblem(shown, line, FILE, message)]
    return text.replace("\r\n", "\n").replace("\r", "\n"), []


def read_csv(path: Path, table: Table, shown: str) -> tuple[list[Record], list[DataProblem]]:
    text, problems = read_text(path, shown)
    if text is None:
        return [], problems
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    header: list[str] | None = None
    records: list[Record] = []
    while True:
        line = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            problems.append(DataProblem(shown, line, FILE, _csv_reason(error, line, reader.line_num)))
            break
        if not any(cell.strip() for cell in row):
            continue
        if header is None:
            header = [cell.strip() for cell in row]
            if not set(header) & set(table.column_names):
                message = f"the first row is not a header; expected: {','.join(table.column_names)}"
                return [], [*problems, DataProblem(shown, line, FILE, message)]
            problems += _check_header(header, table, shown, line)
            continue
        if len(row) != len(header):
            message = f"row has {len(row)} fields but the header has {len(header)}"
            if len(row) > len(header):
                message += ' (an unquoted comma? quote the field: "a, b")'
            problems.append(DataProblem(shown, line, FILE, message))
            continue
        values = {name: cell.strip() for name, cell in zip(header, row, strict=False) if name}
        records.append(Record(shown, line, values))
    if header is None and not problems:
        problems.append(DataProblem(shown, 1, FILE, "file has no header row"))
    return records, problems


def _csv_reason(error: csv.Error, start: int, end: int) -> str:
    """What went wrong in a record that starts on line `start` and failed on line `end`."""
    message = str(error)
    if "unexpected end of data" in message or "EOF" in message:
        return 'malformed CSV: unbalanced quote: a field opened with " here never closes'
    if "expected after" in message and end > start:
        return f'malformed CSV: unbalanced quote: a field opened with " here runs on to line {end}'
    if "expected after" in message:
        return 'malformed CSV: text after a closing quote; quote the whole field and double any " inside it'
    return f"malformed CSV: {message}"


def _check_header(header: list[str], table: Table, shown: str, line: int) -> list[DataProblem]:
    problems = []
    for name in header:
        if name not in table.column_names:
            problems.append(DataProblem(shown, line, name or "(empty)", unknown_name("column", name, table)))
    seen = set()
    for name in header:
        if name in seen and name:
            problems.append(DataProblem(shown, line, name, "column appears twice"))
        seen.add(name)
    for column in table.columns:
        if column.name not in header:
            problems.append(DataProblem(shown, line, column.name, "missing column"))
    return problems


def unknown_name(kind: str, name: str, table: Table) -> str:
    """`unknown column; did you mean 'score'?`, or the list of expected names."""
    close = difflib.get_close_matches(name, table.column_names, n=1)
    if close:
        return f"unknown {kind}; did you mean {close[0]!r}?"
    return f"unknown {kind}; expected one of: {', '.join(table.column_names)}"


class _LineLoader(yaml.SafeLoader):
    """A safe YAML loader that keeps the line of every mapping and key."""

    duplicate_keys: list[tuple[int, str]]


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode, deep: bool = False):
    lines: dict[str, int] = {}
    for key_node, _ in node.value:
        key = str(loader.construct_object(key_node, deep=deep))
        if key in lines:
            loader.duplicate_keys.append((key_node.start_mark.line + 1, key))
        lines[key] = key_node.start_mark.line + 1
    mapping = loader.construct_mapping(node, deep=True)  # rejects unhashable keys
    return _Mapping({str(key): value for key, value in mapping.items()}, node.start_mark.line + 1, lines)


class _Mapping(dict):
    def __init__(self, values: dict, line: int, lines: dict[str, int]):
        super().__init__(values)
        self.line = line
        self.lines = lines


class Sequence(list):
    """A YAML list that remembers the line of each of its items."""

    def __init__(self, values: list, lines: list[int]):
        super().__init__(values)
        self.lines = lines


def _construct_sequence(loader: _LineLoader, node: yaml.SequenceNode, deep: bool = False):
    items = [loader.construct_object(child, deep=True) for child in node.value]
    return Sequence(items, [child.start_mark.line + 1 for child in node.value])


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def describe(value: Any) -> str:
    """What a YAML value is, in words: `a list`, `a mapping of `key: value` pairs`."""
    if isinstance(value, dict):
        return "a mapping of `key: value` pairs"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, (int, float)):
        return "a number"
    return "nothing" if value is None else f"a {type(value).__name__}"


def read_yaml(path: Path, table: Table, shown: str) -> tuple[list[Record], list[DataProblem]]:
    text, problems = read_text(path, shown)
    if text is None:
        return [], problems
    try:
        document, duplicate_keys = _parse_yaml(text)
    except yaml.YAMLError as error:
        return [], [
            DataProblem(shown, _yaml_error_line(error, text), FILE, f"malformed YAML: {_yaml_reason(error)}")
        ]
    except RecursionError:
        return [], [DataProblem(shown, 1, FILE, "malformed YAML: nested too deeply")]
    problems += [
        DataProblem(shown, line, key, "key appears twice in this record") for line, key in duplicate_keys
    ]
    if table.single:
        if not isinstance(document, _Mapping):
            message = f"expected a mapping of `key: value` pairs, found {describe(document)}"
            return [], [*problems, DataProblem(shown, 1, FILE, message)]
        document = Sequence([document], [document.line])
    elif not isinstance(document, Sequence):
        message = f"expected a list of {table.name}, found {describe(document)}"
        return [], [*problems, DataProblem(shown, 1, FILE, message)]
    records = []
    for index, item in enumerate(document):
        if not isinstance(item, _Mapping):
            message = f"item {index + 1} is not a mapping of `key: value` pairs"
            problems.append(DataProblem(shown, document.lines[index], FILE, message))
            continue
        for key in item:
            if key not in table.column_names:
                problems.append(DataProblem(shown, item.lines[key], key, unknown_name("key", key, table)))
        records.append(Record(shown, item.line, dict(item), dict(item.lines)))
    return records, problems


def _parse_yaml(text: str) -> tuple[Any, list[tuple[int, str]]]:
    loader = _LineLoader(text)  # rejects unprintable characters
    loader.duplicate_keys = []
    try:
        return loader.get_single_data(), loader.duplicate_keys
    finally:
        loader.dispose()


def _yaml_error_line(error: yaml.YAMLError, text: str) -> int:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    if mark is not None:
        return mark.line + 1
    position = getattr(error, "position", None)  # a ReaderError: an unprintable character
    return text[:position].count("\n") + 1 if isinstance(position, int) else 1


def _yaml_reason(error: yaml.YAMLError) -> str:
    if isinstance(error, yaml.reader.ReaderError):
        return f"unprintable character U+{error.character:04X}"
    return getattr(error, "problem", None) or str(error).splitlines()[0]
