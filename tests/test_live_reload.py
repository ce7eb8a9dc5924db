"""`mkdocs serve` rebuilds once per edit of data/, and shows the change.

The server runs in a copy of the project with a copy of data/ (the hook reads the data/ beside its
own folder), so the test never touches the working tree. An edit must cause exactly one rebuild:
a hook that wrote into docs/ would make the server rebuild forever.
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from utils import DATA, ROOT

from leaderboard.workspace import project_copy
from tools.site import free_port

BUILT = "Documentation built"
QUIET_SECONDS = 5  # after a rebuild, how long the server must stay idle to prove there is no loop


@pytest.fixture
def server(tmp_path: Path):
    """`mkdocs serve` on a free port in a copy of the project; yields (URL, project folder, log)."""
    project = project_copy(tmp_path / "project")
    for name in ("data", "templates", "leaderboard"):  # copies: edits elsewhere do not trigger rebuilds
        shutil.copytree(
            ROOT / name if name != "data" else DATA,
            project / name,
            ignore=shutil.ignore_patterns("__pycache__"),
        )
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    log = tmp_path / "serve.log"
    env = {**os.environ, "SITE_URL": url, "NO_MKDOCS_2_WARNING": "1"}
    command = [
        sys.executable,
        "-m",
        "mkdocs",
        "serve",
        "-f",
        str(project / "mkdocs.yml"),
        "--dev-addr",
        f"127.0.0.1:{port}",
    ]
    with log.open("w") as output:
        process = subprocess.Popen(command, cwd=project, env=env, stdout=output, stderr=subprocess.STDOUT)
    try:
        wait_for(lambda: "Serving on" in log.read_text(), f"mkdocs serve did not start:\n{log}", log)
        yield url, project, log
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_for(condition, message: str, log: Path, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"{message}\n--- mkdocs serve said:\n{log.read_text()}")
        time.sleep(0.2)


def builds(log: Path) -> int:
    return log.read_text().count(BUILT)


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.read().decode("utf-8")
    except urllib.error.URLError:  # the server is between builds
        return ""


def first_result(data: Path) -> tuple[str, str]:
    """The model and benchmark of the first row of results.csv: a model shown on that benchmark's page."""
    with (data / "results.csv").open(encoding="utf-8", newline="") as file:
        row = next(csv.DictReader(file))
    return row["model"], row["benchmark"]


def rename(models: Path, model: str, suffix: str) -> None:
    """Append `suffix` to the name of `model` in models.csv, leaving every other byte as it was."""
    lines = models.read_text(encoding="utf-8").splitlines(keepends=True)
    (index,) = [i for i, line in enumerate(lines) if line.startswith(f"{model},")]
    model_id, name, rest = lines[index].split(",", 2)
    lines[index] = f"{model_id},{name}{suffix},{rest}"
    models.write_text("".join(lines), encoding="utf-8")


def edit_and_restore(log: Path, path: Path, edit, page: str, probe: str) -> None:
    """Edit `path`, see `probe` on `page` after exactly one rebuild; restore it, see `probe` gone
    after exactly one more; no further rebuild in QUIET_SECONDS after each."""
    original = path.read_bytes()
    before = builds(log)
    assert probe not in fetch(page)
    try:
        edit(path)
        wait_for(lambda: probe in fetch(page), f"{page} never showed the edit of {path.name}", log)
        time.sleep(QUIET_SECONDS)
        assert builds(log) == before + 1, f"one edit, {builds(log) - before} rebuilds:\n{log.read_text()}"
    finally:
        path.write_bytes(original)
    wait_for(lambda: probe not in fetch(page), f"{page} never showed the restored {path.name}", log)
    time.sleep(QUIET_SECONDS)
    assert builds(log) == before + 2, f"one restore, {builds(log) - before - 1} rebuilds:\n{log.read_text()}"


def test_an_edit_to_data_shows_on_the_served_page_after_exactly_one_rebuild(server):
    url, project, log = server
    model, benchmark = first_result(project / "data")
    probe = " Live-Reload-Probe"
    assert builds(log) == 1
    edit_and_restore(
        log,
        project / "data" / "models.csv",
        lambda path: rename(path, model, probe),
        f"{url}benchmarks/{benchmark}/",
        probe,
    )


def test_an_edit_to_the_pipeline_code_shows_after_exactly_one_rebuild(server):
    """mkdocs.yml watches leaderboard/: the rebuild must run the edited code, not the code imported
    at start (and must not rebuild again for the bytecode it compiles)."""
    url, project, log = server
    probe = "Live-Reload-Probe"

    def add_a_page(path: Path) -> None:
        with path.open("a", encoding="utf-8") as file:
            file.write(
                f"\n\n_build = build\n\n\ndef build(data_dir):\n"
                f"    return {{**_build(data_dir), 'live-reload-probe.md': b'# {probe}\\n'}}\n"
            )

    edit_and_restore(
        log, project / "leaderboard" / "pipeline.py", add_a_page, f"{url}live-reload-probe/", probe
    )
