"""The Changes page and its Atom feed, built from the git history of `data/`: each commit's date,
subject, and the results it added, changed and removed; and when each table's scores last changed."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
from utils import DATA

from leaderboard.data.load import load_dataset
from leaderboard.pipeline import build
from leaderboard.site import changes

ATOM = "{http://www.w3.org/2005/Atom}"
WHEN = {"first": "2026-01-02T03:04:05+00:00", "second": "2026-02-03T04:05:06+00:00"}


def git(repo: Path, *args: str, when: str = WHEN["first"]) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "A maintainer",
        "GIT_AUTHOR_EMAIL": "maintainer@example.org",
        "GIT_COMMITTER_NAME": "A maintainer",
        "GIT_COMMITTER_EMAIL": "maintainer@example.org",
        "GIT_AUTHOR_DATE": when,
        "GIT_COMMITTER_DATE": when,
    }
    return subprocess.run(
        ["git", "-C", str(repo), *args], env=env, check=True, capture_output=True, text=True
    ).stdout


def results_rows(data: Path) -> tuple[list[str], list[list[str]]]:
    with (data / "results.csv").open(encoding="utf-8", newline="") as handle:
        header, *rows = list(csv.reader(handle))
    return header, rows


def write_rows(data: Path, header: list[str], rows: list[list[str]]) -> None:
    with (data / "results.csv").open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows([header, *rows])


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> dict:
    """A repository whose data had two commits: the real data, then one score changed, one result
    added and one removed."""
    repo = tmp_path_factory.mktemp("repo")
    git(repo, "init", "-q", "-b", "main")
    shutil.copytree(DATA, repo / "data")
    git(repo, "add", "data")
    git(repo, "commit", "-q", "-m", "The paper's results")
    header, rows = results_rows(repo / "data")
    changed, removed = rows[0], rows[1]
    old_score = changed[header.index("score")]
    changed[header.index("score")] = new_score = str(round(float(old_score) + 0.5, 1))
    added = [*rows[2]]
    added[header.index("setting")] = "re-run"
    write_rows(repo / "data", header, [changed, *rows[2:], added])
    git(repo, "commit", "-q", "-am", "Re-check <two> numbers & add a re-run", when=WHEN["second"])
    return {
        "path": repo,
        "changed": (changed[0], changed[1], old_score, new_score),
        "removed": (removed[0], removed[1]),
        "added": (added[0], added[1]),
    }


@pytest.fixture(scope="module")
def built(repo) -> dict[str, bytes]:
    return build(repo["path"] / "data")


def test_each_commit_that_changed_the_data_is_listed_newest_first_with_its_date_and_subject(repo):
    history = changes.history(repo["path"] / "data")
    assert history.available and not history.shallow
    assert [c.subject for c in history.commits] == [
        "Re-check <two> numbers & add a re-run",
        "The paper's results",
    ]
    assert [c.date for c in history.commits] == [WHEN["second"], WHEN["first"]]


def test_a_commit_lists_the_results_it_added_changed_and_removed(repo):
    newest, first = changes.history(repo["path"] / "data").commits
    _header, rows = results_rows(DATA)
    assert len(first.added) == len(rows) and not first.changed and not first.removed
    model, benchmark, old, new = repo["changed"]
    assert [(c.model, c.benchmark, c.old, c.new) for c in newest.changed] == [(model, benchmark, old, new)]
    assert [(c.model, c.benchmark) for c in newest.removed] == [repo["removed"]]
    assert [(c.model, c.benchmark, c.setting) for c in newest.added] == [(*repo["added"], "re-run")]


def test_the_changes_page_shows_old_and_new_scores_linked_to_the_models_and_escapes_the_subject(repo, built):
    page = built[changes.PAGE].decode("utf-8")
    model, _benchmark, old, new = repo["changed"]
    assert f'<a href="../models/{model}/">' in page
    assert f"{old} → {new}" in page
    assert "Re-check &lt;two&gt; numbers &amp; add a re-run" in page
    assert page.index(WHEN["second"][:10]) < page.index(WHEN["first"][:10])


def test_a_commit_that_changed_no_score_says_so(repo, tmp_path):
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", f"file://{repo['path']}", str(clone)], check=True, capture_output=True
    )
    sources = clone / "data" / "sources.yaml"
    sources.write_text(
        sources.read_text(encoding="utf-8").replace("year: 2024", "year: 2025", 1), encoding="utf-8"
    )
    git(clone, "commit", "-q", "-am", "Fix a year", when=WHEN["second"])
    page = build(clone / "data")[changes.PAGE].decode("utf-8")
    entry = page.split("Fix a year", 1)[1].split("</section>", 1)[0]
    assert "No score changed and nothing was added" in entry


def test_the_feed_is_atom_with_one_entry_per_commit(repo, built):
    feed = ElementTree.fromstring(built[changes.FEED])
    assert feed.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated", "author"):
        assert feed.find(f"{ATOM}{required}") is not None, required
    assert feed.find(f"{ATOM}updated").text == WHEN["second"]
    entries = feed.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}title").text for e in entries] == [
        c.subject for c in changes.history(repo["path"] / "data").commits
    ]
    assert len({e.find(f"{ATOM}id").text for e in entries}) == len(entries)
    for entry in entries:
        assert entry.find(f"{ATOM}id").text.startswith("urn:uuid:")
        assert entry.find(f"{ATOM}link").get("href").startswith("changes/#change-")


def test_a_benchmark_page_says_when_its_scores_last_changed(repo, built):
    _model, benchmark, _old, _new = repo["changed"]
    assert f'<time datetime="{WHEN["second"][:10]}">' in built[f"benchmarks/{benchmark}.md"].decode()


def test_a_model_page_says_when_its_scores_last_changed(repo, built):
    model, _benchmark, _old, _new = repo["changed"]
    unchanged = next(
        m
        for m in load_dataset(repo["path"] / "data").models
        if m not in {model, repo["removed"][0], repo["added"][0]}
    )
    assert f'<time datetime=\\"{WHEN["second"][:10]}\\">' in built[f"models/{model}.md"].decode()
    page = built[f"models/{unchanged}.md"].decode()
    assert WHEN["second"][:10] not in page and ("No scores" in page or WHEN["first"][:10] in page)


def test_the_same_commit_builds_the_same_changes_page_in_any_time_zone(repo, built):
    first = built
    os.environ["TZ"] = "Pacific/Kiritimati"
    try:
        again = build(repo["path"] / "data")
    finally:
        del os.environ["TZ"]
    assert first[changes.PAGE] == again[changes.PAGE] and first[changes.FEED] == again[changes.FEED]


def test_without_git_history_the_page_says_so_and_the_build_passes(data_copy):
    page = build(data_copy)[changes.PAGE].decode("utf-8")
    assert "built without its git history" in page
    assert "<section" not in page


def test_a_shallow_clone_says_its_history_is_cut_short(repo, tmp_path):
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{repo['path']}", str(clone)],
        check=True,
        capture_output=True,
    )
    history = changes.history(clone / "data")
    assert history.shallow and len(history.commits) == 1
    assert "shallow clone" in build(clone / "data")[changes.PAGE].decode("utf-8")
