"""Problems found in `data/`, reported like a compiler's: `PATH:LINE: FIELD: message`."""

from __future__ import annotations

import re
from dataclasses import dataclass

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


def _field(name: str) -> str:
    """A column or key as typed, quoted when it could be misread (empty, or holding `: `)."""
    if not name:
        return "(empty)"
    return name if FIELD.match(name) else repr(name)


def _printable(text: str) -> str:
    """One line whatever the data held: control characters shown as escapes (`\\n`)."""
    return CONTROL.sub(lambda match: match.group().encode("unicode_escape").decode("ascii"), text)


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
