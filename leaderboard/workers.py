"""Worker processes that draw charts side by side, for the rebuilds of `mkdocs serve`.

Drawing a chart is Altair's Python and vl-convert's Rust, which holds the GIL while it draws, so
threads draw no faster than one; processes do. `Workers().map` is a `map` that runs in as many
processes as the machine has CPUs (at most `MOST`); with one CPU, there are none and it is `map`.
The processes start at once, each warming vl-convert up (its first drawing takes 0.5–1 s), and
import the code as it is then: the hook makes new workers when a file of `leaderboard/` changes.

A worker ignores Ctrl-C, which reaches every process of the terminal (the server stops them), and
ends when the server does, even one killed without a chance to stop them.
"""

from __future__ import annotations

import atexit
import logging
import multiprocessing
import os
import signal
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

log = logging.getLogger("mkdocs.hooks.live_data")
MOST = 4  # processes: a rebuild after an edit draws about three charts


def count() -> int:
    """How many worker processes `Workers` starts on this machine: none with one CPU."""
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return min(cpus, MOST) if cpus > 1 else 0


class Workers:
    def __init__(self) -> None:
        self.count = count()
        self._pool = self._start()
        atexit.register(self.close)  # before Python's teardown, which would report the pool's end

    def _start(self) -> ProcessPoolExecutor | None:
        if not self.count:
            return None
        pool = ProcessPoolExecutor(
            self.count, mp_context=multiprocessing.get_context("spawn"), initializer=_worker_start
        )
        for _ in range(self.count):  # a task each, so that every worker starts now, not at the first edit
            pool.submit(os.getpid)
        return pool

    def map(self, function: Callable, items: Iterable) -> list:
        """`list(map(function, items))`, the items run side by side; here, should a worker have
        died (killed, out of memory): the workers are started again for the next build."""
        items = list(items)
        if self._pool is None or len(items) < 2:
            return list(map(function, items))
        try:
            return list(self._pool.map(function, items))
        except BrokenProcessPool:
            log.warning(
                "a worker drawing the charts ended unexpectedly; drawing them here, and starting new workers"
            )
            self._pool = self._start()
            return list(map(function, items))

    def close(self) -> None:
        atexit.unregister(self.close)
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None


def _worker_start() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent = multiprocessing.parent_process()
    if parent is not None:
        threading.Thread(target=lambda: (parent.join(), os._exit(0)), daemon=True).start()
    from .pipeline import warm_up  # imports Altair and the charts' code too

    warm_up()
