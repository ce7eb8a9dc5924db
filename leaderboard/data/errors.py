"""Problems found in `data/`, reported like a compiler's: `PATH:LINE: FIELD: message`.

On GitHub Actions each problem is also a workflow command (`::error file=PATH,line=LINE,title=FIELD::
message`), which GitHub shows as an annotation on that line of a pull request's diff.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

FIELD = re.compile(r"^[\w.\[\]()-]+$")
CONTROL = re.compile(r"[\x00-\x1f\x7f\x85\u2028\u2029]")


@dataclass(frozen=True, order=True)
class DataProblem:
    path: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {_field(self.field)}: {_printable(self.message)}"

    def workflow_command(self, root: Path) -> str:
        """`::error file=PATH,line=LINE,title=FIELD::message`, PATH relative to the repository `root`
        (where GitHub looks for the file), escaped as GitHub's workflow-command docs say."""
        properties = {"file": _relative(self.path, root), "line": str(self.line), "title": _field(self.field)}
        listed = ",".join(f"{name}={_escape_property(value)}" for name, value in properties.items())
        return f"::error {listed}::{_escape_data(self.message)}"


def _field(name: str) -> str:
    """A column or key as typed, quoted when it could be misread (empty, or holding `: `)."""
    if not name:
        return "(empty)"
    return name if FIELD.match(name) else repr(name)


def _printable(text: str) -> str:
    """One line whatever the data held: control characters shown as escapes (`\\n`)."""
    return CONTROL.sub(lambda match: match.group().encode("unicode_escape").decode("ascii"), text)


def _relative(path: str, root: Path) -> str:
    """The path (as shown: relative to the working directory, or absolute) relative to `root`."""
    try:
        return Path(path).resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


class DataError(Exception):
    """Raised with every problem of a run at once; nothing has been written."""

    def __init__(self, problems: list[DataProblem]):
        self.problems = sorted(set(problems))
        super().__init__(self.report())

    def report(self) -> str:
        lines = [str(problem) for problem in self.problems]
        count = len(self.problems)
        lines.append(f"{count} problem{'s' if count != 1 else ''} in data; nothing was written.")
        return "\n".join(lines)

    def workflow_commands(self, root: Path) -> str:
        """Every problem as a GitHub Actions `::error` command, one a line."""
        return "\n".join(problem.workflow_command(root) for problem in self.problems)
