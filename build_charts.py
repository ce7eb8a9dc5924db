#!/usr/bin/env python3
"""Validate `data/`, build the charts and pages, and write them under `docs/`.

    python build_charts.py            build into docs/ (only files whose bytes changed)
    python build_charts.py --check    validate data/ and write nothing

On invalid data, prints each problem as `PATH:LINE: FIELD: message` on stderr and exits 1,
having written nothing. With `GITHUB_ACTIONS=true` (as on GitHub's runners) it also prints each
problem on stdout as an `::error file=PATH,line=LINE,title=FIELD::message` workflow command, so a
pull request shows it on the line it is about.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from leaderboard import cache
from leaderboard.data.errors import DataError
from leaderboard.data.load import load_dataset
from leaderboard.outputs import write_outputs
from leaderboard.pipeline import build

ROOT = Path(__file__).resolve().parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT / "data", help="data folder (default: data/)")
    parser.add_argument("--docs", type=Path, default=ROOT / "docs", help="output folder (default: docs/)")
    parser.add_argument("--check", action="store_true", help="validate the data and write nothing")
    args = parser.parse_args(argv)
    try:
        if args.check:
            dataset = load_dataset(args.data)
            print(f"{args.data}: {len(dataset.models)} models, {len(dataset.results)} results: valid")
            return 0
        outputs = build(args.data)
    except DataError as error:
        if os.environ.get("GITHUB_ACTIONS") == "true":
            print(error.workflow_commands(ROOT), flush=True)
        print(error.report(), file=sys.stderr)
        return 1
    changed = write_outputs(outputs, args.docs)
    print(f"{len(outputs)} files generated under {args.docs}, {len(changed)} changed")
    if pruned := cache.prune():
        full = f"{cache.ROOT} held over {cache.LIMIT:,} bytes"
        print(f"{full}: deleted {len(pruned)} of its least recently used files")
    return 0


if __name__ == "__main__":
    sys.exit(main())
