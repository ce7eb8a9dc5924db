"""Outputs kept between builds in one process, each by the exact inputs it is made from.

`mkdocs serve` rebuilds the site in the same process after every edit (hooks/live_data.py keeps
one `Memo` from build to build). A stage asks the memo for an output by its inputs, say a chart's
files by its plan (the chart function, its arguments, its rows, its text): when those inputs
pickle to the same bytes as in the last build, the output made then is handed back; otherwise
it is made. Pickle writes every value it is given, so equal bytes mean equal inputs; inputs that
are equal but pickle differently only cost a remake. The code that makes the outputs is not part
of the key: the hook starts a new memo whenever a file of `leaderboard/` or `templates/` changes.

Each build keeps only what it used, so the memo holds one build's outputs, never more. A build
that fails (invalid data) forgets nothing: the next one still finds the last good build's.
`python build_charts.py` builds once with a new memo: every output is made.
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import pickle
from collections.abc import Callable, Iterator
from typing import Any


class Memo:
    def __init__(self) -> None:
        self._kept: dict[bytes, Any] = {}  # what the last finished build used
        self._used: dict[bytes, Any] = {}  # what the build under way has used
        self.made = self.reused = 0  # this build's counts, for the log
        self.rebuilding = False  # whether a build with this memo has finished: the code ran once already

    def get(self, inputs: object, make: Callable[[], Any], shared: bool = False) -> Any:
        """What `make()` returns, made once for these inputs: a copy, so that a caller may change
        it, or with `shared` the object itself (one that builds only read, such as Jinja's
        environment, which checks its templates' times itself)."""
        key = hashlib.sha256(pickle.dumps(inputs, protocol=pickle.HIGHEST_PROTOCOL)).digest()
        if key in self._used:
            value = self._used[key]
        elif key in self._kept:
            value = self._used[key] = self._kept[key]
            self.reused += 1
        else:
            value = self._used[key] = make()
            self.made += 1
        return value if shared else copy.deepcopy(value)

    @contextlib.contextmanager
    def build(self) -> Iterator[Memo]:
        """One build: on success the memo keeps what it used, and nothing else."""
        self._used, self.made, self.reused = {}, 0, 0
        try:
            yield self
        except BaseException:
            self._kept.update(self._used)
            raise
        else:
            self._kept = self._used
            self.rebuilding = True
        finally:
            self._used = {}
