"""The scale benchmark keeps working: synthetic data is valid and realistic, and the script reports
its table for small sites. Nothing here is timed: the script prints ratios, a person reads them."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from decimal import Decimal

import yaml
from utils import DATA, ROOT

from leaderboard.data.load import load_dataset

sys.path.insert(0, str(ROOT / "benchmarks"))
import synthetic


def test_synthetic_data_of_n_models_is_valid_and_covers_every_real_benchmark(tmp_path):
    dataset = load_dataset(synthetic.write_data(tmp_path / "data", 300))
    assert len(dataset.models) == 300
    real = yaml.safe_load((DATA / "benchmarks.yaml").read_text(encoding="utf-8"))
    assert {r.benchmark for r in dataset.results} == {b["id"] for b in real}
    assert all(any(r.model == model for r in dataset.results) for model in dataset.models)


def test_synthetic_models_look_real_step_dpo_trained_from_a_base_with_a_gain(tmp_path):
    dataset = load_dataset(synthetic.write_data(tmp_path / "data", 300))
    methods = {m.method for m in dataset.models.values()}
    assert {"base", "step-dpo", "other"} <= methods
    math = {
        r.model: Decimal(r.score_text) for r in dataset.results if r.benchmark == "math" and not r.setting
    }
    stepped = [m for m in dataset.models.values() if m.method == "step-dpo"]
    assert stepped
    for model in stepped:
        assert math[model.id] > math[model.base_model], model.id
    assert any(m.active_params_b for m in dataset.models.values())  # mixtures of experts too
    assert any(m.params_b is None for m in dataset.models.values())  # and closed models


def test_the_same_count_and_seed_write_the_same_files(tmp_path):
    first = synthetic.write_data(tmp_path / "a", 120)
    second = synthetic.write_data(tmp_path / "b", 120)
    for path in sorted(first.iterdir()):
        assert path.read_bytes() == (second / path.name).read_bytes(), path.name


def test_the_scale_script_reports_a_row_per_site_and_the_growth_in_its_readme_section(tmp_path):
    readme = tmp_path / "README.md"
    shutil.copy(ROOT / "benchmarks" / "README.md", readme)
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "scale.py"),
            "--no-real",
            "--sizes",
            "20",
            "40",
            "--work",
            str(tmp_path / "work"),
            "--readme",
            str(readme),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    rows = [line for line in lines if line.startswith("| 20 models") or line.startswith("| 40 models")]
    assert len(rows) == 2, result.stdout
    for row in rows:
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        assert cells[6].startswith("**") and cells[6].endswith("x**"), cells  # the CPU ratio
        assert re.fullmatch(r"\d+\.\d\dx", cells[7]), cells  # the rebuild's
        assert cells[-2].endswith("MB") and cells[-4].endswith("MB"), cells
    assert any(line.startswith("Growth from 20 to 40 models") for line in lines), result.stdout
    for build in ("first", "again"):  # a first build and a rebuild, each a whole site
        assert (tmp_path / "work" / "site-0" / build / "site" / "index.html").exists()
    assert list((tmp_path / "work" / "site-0" / "cache" / "chart-images").glob("*.svg"))  # its own cache
    assert (tmp_path / "work" / "site-0" / "bare-site" / "index.html").exists()
    # Its section of the README holds what it printed; the rest of the file is as it was.
    before = (ROOT / "benchmarks" / "README.md").read_text(encoding="utf-8")
    after = readme.read_text(encoding="utf-8")
    begin, end = "<!-- scale.py: begin -->", "<!-- scale.py: end -->"
    section = after.split(begin)[1].split(end)[0]
    assert all(row in section for row in rows)
    assert after.split(begin)[0] == before.split(begin)[0]
    assert after.split(end)[1] == before.split(end)[1]
