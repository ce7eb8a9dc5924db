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
import operator
import pickle
from collections.abc import Callable, Iterable, Iterator
from typing import Any

Map = Callable[[Callable, Iterable], Iterable]  # how makes are run: `map`, or a process pool's


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
        (value,) = self.get_all([(inputs, make)], shared=shared)
        return value

    def get_all(
        self, wanted: list[tuple[object, Callable[[], Any]]], run: Map = map, shared: bool = False
    ) -> list[Any]:
        """What each `make()` of `wanted` (inputs, make) returns, as `get` does; the makes of
        inputs not kept are run by `run` in one call: a process pool's `map` runs them side by side
        (each make must pickle then: a module's function, or a `functools.partial` of one)."""
        keys = [
            hashlib.sha256(pickle.dumps(inputs, pickle.HIGHEST_PROTOCOL)).digest() for inputs, _ in wanted
        ]
        makes: dict[bytes, Callable[[], Any]] = {}
        for key, (_, make) in zip(keys, wanted, strict=True):
            if key in self._used:
                continue
            if key in self._kept:
                self._used[key] = self._kept[key]
                self.reused += 1
            else:
                makes.setdefault(key, make)
        for key, value in zip(makes, run(operator.call, makes.values()), strict=True):
            self._used[key] = value
            self.made += 1
        values = [self._used[key] for key in keys]
        return values if shared else copy.deepcopy(values)

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
