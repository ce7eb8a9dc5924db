"""`mkdocs serve` rebuilds once per edit of data/, and shows the change.

The server runs in a copy of the project with a copy of data/ (the hook reads the data/ beside its
own folder), so the test never touches the working tree. An edit must cause exactly one rebuild:
a hook that wrote into docs/ would make the server rebuild forever. The hook keeps the last
build's outputs between rebuilds, so after edits the served site is compared, file by file, with a
fresh `make build` of the same data.
"""

from __future__ import annotations

import contextlib
import csv
import os
import re
import shutil
import signal
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from utils import DATA, ROOT, differences, tree

from leaderboard import workers
from leaderboard.charts.files import chart_plans
from leaderboard.data.load import load_dataset
from leaderboard.workspace import project_copy
from tools.site import build_site, free_port, mkdocs_serve_command, source_date_epoch, stop

# Each build starts with this line. (Not "Documentation built in N seconds": MkDocs logs each of its
# messages once per process, so a rebuild as fast as an earlier one would go uncounted.)
BUILT = "Building documentation..."
QUIET_SECONDS = 5  # after a rebuild, how long the server must stay idle to prove there is no loop


@pytest.fixture
def server(tmp_path: Path):
    """`mkdocs serve` on a free port in a copy of the project; yields (URL, project folder, log)."""
    with serving(tmp_path) as (url, project, log, _):
        yield url, project, log


@contextlib.contextmanager
def serving(tmp_path: Path, **popen):
    """`mkdocs serve` in a copy of the project: (URL, project folder, log, process), stopped after."""
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
    if epoch := source_date_epoch():  # as `make build` dates the sitemap, so the two can be compared
        env["SOURCE_DATE_EPOCH"] = epoch
    command = mkdocs_serve_command(project / "mkdocs.yml", port)
    with log.open("w") as output:
        process = subprocess.Popen(
            command, cwd=project, env=env, stdout=output, stderr=subprocess.STDOUT, **popen
        )
    try:
        wait_for(lambda: "Serving on" in log.read_text(), f"mkdocs serve did not start:\n{log}", log)
        yield url, project, log, process
    finally:
        if process.poll() is None:
            stop(process)


def wait_for(condition, message: str, log: Path, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"{message}\n--- mkdocs serve said:\n{log.read_text()}")
        time.sleep(0.2)


def builds(log: Path) -> int:
    return log.read_text().count(BUILT)


def fetch(url: str) -> str:
    return fetch_bytes(url).decode("utf-8")


def fetch_bytes(url: str) -> bytes:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.read()
    except urllib.error.URLError:  # the server is between builds, or no such file
        return b""


# What `mkdocs serve` adds to each page it sends: its live-reload script, before `</body>`.
LIVE_RELOAD = re.compile(
    rb"<script>\s*var livereload = function\(epoch, requestId\).*?</script>(?=</body>)", re.S
)


def served_like(site: Path, url: str) -> dict[str, bytes]:
    """Every file of a built site as the server at `url` sends it, its live-reload script taken out."""
    served = {}
    for path in sorted(site.rglob("*")):
        if path.is_file():
            relative = path.relative_to(site).as_posix()
            served[relative] = LIVE_RELOAD.sub(b"", fetch_bytes(url + relative))
    return served


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


def score_line(results: Path, model: str, benchmark: str) -> tuple[list[str], int, str]:
    """The lines of results.csv, the index of the first result of (model, benchmark), its score."""
    lines = results.read_text(encoding="utf-8").splitlines(keepends=True)
    index = next(i for i, line in enumerate(lines) if line.startswith(f"{model},{benchmark},"))
    return lines, index, lines[index].split(",")[2]


def raised(score: str) -> str:
    """The score plus one, written with as many decimals."""
    return f"{float(score) + 1:.{len(score.partition('.')[2])}f}"


def set_score(results: Path, model: str, benchmark: str, new: str) -> None:
    """Change the score of (model, benchmark) in results.csv, leaving every other byte as it was."""
    lines, index, old = score_line(results, model, benchmark)
    lines[index] = lines[index].replace(f",{old},", f",{new},", 1)
    results.write_text("".join(lines), encoding="utf-8")


def edit_and_wait(log: Path, edit, page: str, probe: str) -> None:
    """Make an edit and wait for exactly one rebuild that shows `probe` on `page`."""
    before = builds(log)
    assert probe not in fetch(page)
    edit()
    wait_for(lambda: probe in fetch(page), f"{page} never showed the edit", log)
    time.sleep(QUIET_SECONDS)
    assert builds(log) == before + 1, f"one edit, {builds(log) - before} rebuilds:\n{log.read_text()}"


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
                f"\n\n_build = build\n\n\ndef build(*args, **kwargs):\n"
                f"    return {{**_build(*args, **kwargs), 'live-reload-probe.md': b'# {probe}\\n'}}\n"
            )

    edit_and_restore(
        log, project / "leaderboard" / "pipeline.py", add_a_page, f"{url}live-reload-probe/", probe
    )


def test_an_edit_to_the_chart_code_shows_after_exactly_one_rebuild(server):
    """The server draws charts in worker processes (leaderboard/workers.py): after an edit to the
    code that draws them, the rebuild must draw with the edited code, in workers started afresh."""
    url, project, log = server
    plan, *_ = chart_plans(load_dataset(project / "data"))
    probe = "Live-Reload-Chart-Probe"

    def add_a_file_to_every_chart(path: Path) -> None:
        with path.open("a", encoding="utf-8") as file:
            file.write(
                "\n\n_chart_files = chart_files\n\n\ndef chart_files(plan, validate=True):\n"
                "    files, info = _chart_files(plan, validate)\n"
                f"    return {{**files, f'charts/{{plan.id}}.probe.txt': b'{probe}'}}, info\n"
            )

    edit_and_restore(
        log,
        project / "leaderboard" / "charts" / "files.py",
        add_a_file_to_every_chart,
        f"{url}charts/{plan.id}.probe.txt",
        probe,
    )


def test_an_edit_to_a_theme_template_shows_after_exactly_one_rebuild(server):
    """The server keeps the theme's templates compiled from one rebuild to the next: an edited
    template must be compiled afresh, on every page, and its restored source too."""
    url, project, log = server
    probe = "Live-Reload-Template-Probe"

    def mark_every_page(path: Path) -> None:
        text = path.read_text(encoding="utf-8")
        block = "{% block extrahead %}"
        assert text.count(block) == 1
        path.write_text(text.replace(block, f'{block}<meta name="lb-probe" content="{probe}">'), "utf-8")

    edit_and_restore(log, project / "docs" / "overrides" / "main.html", mark_every_page, f"{url}data/", probe)


def test_the_served_site_after_edits_is_a_fresh_build_of_the_same_data_byte_for_byte(server, tmp_path):
    """Each rebuild reuses what the last one made from the same inputs: after a score is changed
    (the charts that draw it redrawn) and then a model renamed (many pages and charts), every file
    served is the one `make build` writes from the data as it now is, byte for byte (pages without
    the live-reload script the server adds)."""
    url, project, log = server
    data = project / "data"
    model, benchmark = first_result(data)
    new = raised(score_line(data / "results.csv", model, benchmark)[2])
    edit_and_wait(
        log, lambda: set_score(data / "results.csv", model, benchmark, new), f"{url}models/{model}/", new
    )
    edit_and_wait(
        log,
        lambda: rename(data / "models.csv", model, " Renamed"),
        f"{url}benchmarks/{benchmark}/",
        " Renamed",
    )
    fresh = build_site(tmp_path / "fresh", url, data=data)
    expected = tree(fresh)
    served = served_like(fresh, url)
    assert len(served) == len(expected) > 100
    assert differences(served, expected) == []


def test_invalid_data_under_serve_is_reported_line_by_line_and_the_fixed_data_shows(server):
    """A rebuild from invalid data fails with each problem in the server's log; the server runs on
    (MkDocs holds requests until a build succeeds) and the next edit, fixing it, shows."""
    url, project, log = server
    data = project / "data"
    model, benchmark = first_result(data)
    page = f"{url}models/{model}/"
    _, index, old = score_line(data / "results.csv", model, benchmark)
    assert f">{old} " in fetch(page)
    wrong = old.replace(".", "")  # a missing decimal point
    set_score(data / "results.csv", model, benchmark, wrong)
    problem = f"results.csv:{index + 1}: score: score {wrong} is outside"
    wait_for(lambda: problem in log.read_text(), f"no problem reported as {problem!r}", log)
    assert "data/ is invalid; fix the problems above" in log.read_text()
    new = raised(old)
    set_score(data / "results.csv", model, benchmark, new)
    wait_for(lambda: f">{new} " in fetch(page), f"{page} never showed {new} once the data was fixed", log)


def processes_under(pid: int) -> set[int]:
    """The processes `pid` started, and theirs, still running (zombies aside), read from /proc."""
    parents = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError):
            state, parent = stat.read_text().rsplit(")", 1)[1].split()[:2]
            if state != "Z":
                parents[int(stat.parent.name)] = int(parent)
    found, new = set(), {pid}
    while new:
        new = {child for child, parent in parents.items() if parent in new} - found
        found |= new
    return found


def running(pids: set[int]) -> set[int]:
    alive = set()
    for pid in pids:
        with contextlib.suppress(OSError):
            if Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z":
                alive.add(pid)
    return alive


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc (Linux)")
@pytest.mark.parametrize("ending", ["Ctrl-C", "killed"])
def test_no_process_the_server_started_outlives_it(tmp_path, ending):
    """The server's worker processes end with it: on Ctrl-C in its terminal (SIGINT to each of
    its processes), quietly, and when it is killed, without a chance to stop them."""
    with serving(tmp_path, start_new_session=True) as (_, _, log, process):
        started = processes_under(process.pid)
        if workers.count():
            assert started, "no worker processes under the server"
        if ending == "Ctrl-C":
            os.killpg(process.pid, signal.SIGINT)
        else:
            process.kill()
        process.wait(timeout=60)
        wait_for(lambda: not running(started), f"still running: {running(started)}", log)
    if ending == "Ctrl-C":
        assert "Traceback" not in log.read_text()
