"""What a pull request changes in the data, as Markdown for the workflow's job summary.

    python -m tools.data_diff BASE_DATA HEAD_DATA    print the changes from BASE_DATA to HEAD_DATA

Both folders are read with the site's own loader, so a record is what the site would show: results
are matched by `Result.key` (the dataset's `result_by_key`), models and sources by `id`. Results
added, changed (each changed field, old → new: the score first) and removed; models and sources
added, changed and removed. When the base's data is missing or invalid, the summary says so and
compares with nothing: every record counts as added. When the head's data is invalid, it lists the
problems (the workflow also annotates them on their lines).
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from leaderboard.data.dataset import FIRST_REPORTED, Dataset
from leaderboard.data.errors import DataError
from leaderboard.data.load import load_dataset
from leaderboard.data.schema import MODELS, RESULTS, SOURCES, Table

TITLE = "## What this pull request changes in the data"


@dataclass
class Change:
    key: tuple[str, ...]
    fields: list[tuple[str, str, str]]  # (name, old, new) for each field that differs


@dataclass
class Changes:
    """Records of one kind added, changed and removed, each as its fields shown as text."""

    table: Table
    added: list[dict[str, str]] = field(default_factory=list)
    changed: list[Change] = field(default_factory=list)
    removed: list[dict[str, str]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.added or self.changed or self.removed)


def shown(record: Any) -> dict[str, str]:
    """A record's fields as written in `data/`: numbers as their text (`55.80`), empty for none."""
    names = [f.name for f in fields(record) if f.name != "origin" and not f.name.endswith("_text")]
    values = {}
    for name in names:
        value = getattr(record, f"{name}_text", getattr(record, name))
        if isinstance(value, tuple):  # a list of names, as the Downloads table writes it
            value = "; ".join(value)
        values[name] = "" if value is None else str(value).lower() if isinstance(value, bool) else str(value)
    return values


def compare(table: Table, old: dict[tuple, Any], new: dict[tuple, Any]) -> Changes:
    """The records of `new` not in `old`, in both but different, and in `old` only, in file order."""
    changes = Changes(table)
    for key, record in new.items():
        if key not in old:
            changes.added.append(shown(record))
            continue
        before, after = shown(old[key]), shown(record)
        differing = [(name, before[name], after[name]) for name in after if before[name] != after[name]]
        if differing:
            changes.changed.append(Change(key, differing))
    changes.removed = [shown(record) for key, record in old.items() if key not in new]
    return changes


def data_changes(base: Dataset | None, head: Dataset) -> list[Changes]:
    """Results, models and sources, from `base` (None: nothing) to `head`."""

    def by_id(records: dict[str, Any]) -> dict[tuple, Any]:
        return {(key,): record for key, record in records.items()}

    return [
        compare(RESULTS, base.result_by_key if base else {}, head.result_by_key),
        compare(MODELS, by_id(base.models) if base else {}, by_id(head.models)),
        compare(SOURCES, by_id(base.sources) if base else {}, by_id(head.sources)),
    ]


# Markdown ---------------------------------------------------------------------------------------

SPECIAL = re.compile(r"([\\`*_\[\]|~])")


def cell(text: str) -> str:
    """Text from the data as one table cell: on one line, its Markdown and HTML shown as typed."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return SPECIAL.sub(r"\\\1", " ".join(text.split()))


def table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return lines + ["| " + " | ".join(cell(value) for value in row) + " |" for row in rows]


def fenced(lines: list[str]) -> list[str]:
    """Lines in a code block whose fence no line can close."""
    longest = max((len(run) for line in lines for run in re.findall(r"`+", line)), default=0)
    fence = "`" * max(3, longest + 1)
    return [fence, *lines, fence]


def section(changes: Changes) -> list[str]:
    """Tables of the records added, changed (key and each change) and removed."""
    kind, key = changes.table.name.capitalize(), changes.table.key
    lines: list[str] = []
    for verb in ("added", "changed", "removed"):
        records = getattr(changes, verb)
        if not records:
            continue
        lines += ["", f"### {kind} {verb} ({len(records)})", ""]
        if verb == "changed":
            header = [*key, "changes (old → new)"]
            rows = [[*change.key, changed_fields(change)] for change in records]
        else:
            header = list(records[0])
            rows = [[record[name] for name in header] for record in records]
        if changes.table is RESULTS:
            where = header.index("setting")
            rows = [[*row[:where], row[where] or FIRST_REPORTED, *row[where + 1 :]] for row in rows]
        lines += table(header, rows)
    return lines


def changed_fields(change: Change) -> str:
    """`score: 55.8 → 56.0; locator: Table 1 → Table 2`."""
    return "; ".join(f"{name}: {old or '(empty)'} → {new or '(empty)'}" for name, old, new in change.fields)


def counts(all_changes: list[Changes]) -> str:
    """`Results: 1 added, 1 changed, 0 removed. Models: ...`."""
    return " ".join(
        f"{changes.table.name.capitalize()}: {len(changes.added)} added, "
        f"{len(changes.changed)} changed, {len(changes.removed)} removed."
        for changes in all_changes
    )


def problems(error: DataError) -> str:
    """`1 problem`, `3 problems`."""
    count = len(error.problems)
    return f"{count} problem{'s' * (count != 1)}"


def summary(base_dir: Path, head_dir: Path) -> str:
    """The Markdown of the job summary."""
    # Load inputs.
    lines = [TITLE, ""]
    try:
        head = load_dataset(head_dir)
    except DataError as error:
        lines += [
            f"The data of this pull request has {problems(error)}, each annotated "
            "on its line in the diff; fix them to see what it changes:",
            "",
            *fenced([str(problem) for problem in error.problems]),
        ]
        return "\n".join(lines) + "\n"
    base: Dataset | None = None
    if not base_dir.is_dir():
        lines += ["The base branch has no data folder: this compares with nothing.", ""]
    else:
        try:
            base = load_dataset(base_dir)
        except DataError as error:
            lines += [
                f"The base branch's data does not pass this branch's validator ({problems(error)}): "
                "this compares with nothing.",
                "",
            ]

    # Process data.
    all_changes = data_changes(base, head)
    if not any(all_changes):
        return "\n".join([*lines, "No result, model or source is added, changed or removed."]) + "\n"
    lines.append(counts(all_changes))
    for changes in all_changes:
        lines += section(changes)
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base", type=Path, help="the base branch's data folder")
    parser.add_argument("head", type=Path, help="the pull request's data folder")
    args = parser.parse_args(argv)
    sys.stdout.write(summary(args.base, args.head))
    return 0


if __name__ == "__main__":
    sys.exit(main())
