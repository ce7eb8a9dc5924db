"""What changed in the data, and when: the "Changes" page and its Atom feed, from git's history.

Every commit that changed `data/` is an entry: its date, subject, and the results added, changed
(old → new) and removed, the models and sources added. The files are read as they were at each
commit, as plain CSV and YAML rather than through the validator, so that an old commit written
for an older contract still reads. The same commit always gives the same page: dates come from
git, never from the clock. Without git history (a source tarball) the page says so; a shallow
clone's page says its history is cut short.
"""

from __future__ import annotations

import csv
import io
import subprocess
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
import yaml

from ..data.dataset import FIRST_REPORTED, Dataset
from .pages import render

PAGE = "changes.md"
FEED = "changes.xml"  # named in docs/overrides/main.html too
SEPARATOR = "\x1f"


@dataclass
class Change:
    """One result added, changed or removed: its key, and its score before and after."""

    model: str
    benchmark: str
    setting: str
    old: str | None
    new: str | None


@dataclass
class Commit:
    hash: str
    date: str  # ISO 8601, the committer's
    subject: str
    added: list[Change] = field(default_factory=list)
    changed: list[Change] = field(default_factory=list)
    removed: list[Change] = field(default_factory=list)
    models_added: list[str] = field(default_factory=list)
    sources_added: list[str] = field(default_factory=list)

    @property
    def day(self) -> str:
        return self.date[:10]


@dataclass
class History:
    commits: list[Commit]  # newest first
    available: bool  # False: no git history at all
    shallow: bool  # True: history cut short, so the oldest commit's changes are incomplete

    def last_changed(self, model: str | None = None, benchmark: str | None = None) -> str | None:
        """The day the scores of a model (or on a benchmark) last changed, if the history knows."""
        for commit in self.commits:
            for change in (*commit.added, *commit.changed, *commit.removed):
                if model in (None, change.model) and benchmark in (None, change.benchmark):
                    return commit.day
        return None


def git(root: Path, *args: str) -> str | None:
    try:
        result = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, check=False)
    except OSError:  # no git on this machine
        return None
    return result.stdout if result.returncode == 0 else None


def revision(data_dir: Path) -> tuple[str, str, str] | None:
    """What `history(data_dir)` is made from: the folder, the commit checked out and where a
    shallow clone's history stops; None outside git. The same revision gives the same history."""
    found = git(data_dir, "rev-parse", "--show-toplevel", "--git-path", "shallow", "HEAD")
    if not found:
        return None
    top, shallow, head = found.split("\n")[:3]
    boundary = Path(data_dir, shallow)  # relative to data_dir, where git ran
    cut = boundary.read_text(encoding="utf-8") if boundary.is_file() else ""
    return str(data_dir.resolve().relative_to(Path(top).resolve())), head, cut


def history(data_dir: Path) -> History:
    """The commits that changed `data_dir`, newest first, each with what it changed."""
    top = git(data_dir, "rev-parse", "--show-toplevel")
    if not top:
        return History([], available=False, shallow=False)
    root = Path(top.strip())
    folder = data_dir.resolve().relative_to(root.resolve()).as_posix()
    shallow = (git(root, "rev-parse", "--is-shallow-repository") or "").strip() == "true"
    log = git(root, "log", "--reverse", f"--format=%H{SEPARATOR}%cI{SEPARATOR}%s", "--", folder) or ""
    commits, before = [], Snapshot()
    for line in filter(None, log.split("\n")):
        hash_, date, subject = line.split(SEPARATOR, 2)
        after = Snapshot.at(root, hash_, folder)
        commits.append(compare(Commit(hash_, date, subject), before, after))
        before = after
    return History(commits[::-1], available=True, shallow=shallow)


@dataclass
class Snapshot:
    """The data at one commit: scores by result key, model and source ids."""

    scores: dict[tuple[str, str, str], str] = field(default_factory=dict)
    models: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)

    @classmethod
    def at(cls, root: Path, commit: str, folder: str) -> Snapshot:
        def text(name: str) -> str:
            return git(root, "show", f"{commit}:{folder}/{name}") or ""

        results = csv.DictReader(io.StringIO(text("results.csv")))
        scores = {
            (
                (row.get("model") or "").strip(),
                (row.get("benchmark") or "").strip(),
                (row.get("setting") or "").strip(),
            ): (row.get("score") or "").strip()
            for row in results
        }
        models = [(row.get("id") or "").strip() for row in csv.DictReader(io.StringIO(text("models.csv")))]
        try:
            sources = yaml.safe_load(text("sources.yaml")) or []
        except yaml.YAMLError:
            sources = []
        ids = (
            [str(item.get("id")) for item in sources if isinstance(item, dict)]
            if isinstance(sources, list)
            else []
        )
        return cls(scores, models, ids)


def compare(commit: Commit, before: Snapshot, after: Snapshot) -> Commit:
    for key, score in after.scores.items():
        if key not in before.scores:
            commit.added.append(Change(*key, None, score))
        elif before.scores[key] != score:
            commit.changed.append(Change(*key, before.scores[key], score))
    commit.removed = [
        Change(*key, score, None) for key, score in before.scores.items() if key not in after.scores
    ]
    commit.models_added = [m for m in after.models if m not in set(before.models)]
    commit.sources_added = [s for s in after.sources if s not in set(before.sources)]
    return commit


def change_outputs(env: jinja2.Environment, dataset: Dataset, changes: History) -> dict[str, bytes]:
    """The Changes page and its Atom feed, by path under `docs/`."""
    context = {"dataset": dataset, "history": changes, "first_reported": FIRST_REPORTED}
    return {
        PAGE: render(env, "changes.md.j2", PAGE, **context),
        FEED: render(env, "changes.xml.j2", FEED, feed_id=feed_id(changes), entry_id=entry_id, **context),
    }


def entry_id(commit: Commit) -> str:
    """A stable Atom id for a commit: a name-based UUID of its hash."""
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'git-commit:' + commit.hash)}"


def feed_id(changes: History) -> str:
    first = changes.commits[-1].hash if changes.commits else "none"
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'data-changes:' + first)}"
