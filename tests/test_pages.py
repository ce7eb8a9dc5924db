"""The generated pages: a home page with the headline chart, a page per benchmark with a table
of every result; the build leaves git clean."""

from __future__ import annotations

import re
import subprocess
import sys

from conftest import DATA, ROOT
from test_charts import outputs

from leaderboard.pages import markdown_text, root_prefix
from leaderboard.validate import load_dataset


def page(path: str) -> str:
    return outputs()[path].decode("utf-8")


def test_the_home_page_shows_the_headline_chart():
    assert 'data-vl-spec="charts/math-by-size.vl.json"' in page("index.md")


def test_every_benchmark_has_a_page_with_a_row_per_result():
    dataset = load_dataset(DATA)
    for benchmark in dataset.benchmarks.values():
        text = page(f"benchmarks/{benchmark['id']}.md")
        rows = text.count("<tr>") - 1  # minus the header row
        expected = sum(1 for r in dataset.results if r["benchmark"] == benchmark["id"])
        assert rows == expected, benchmark["id"]
        assert f"# {benchmark['name']}" in text.replace("\\", "")


def test_the_math_page_shows_the_headline_chart_relative_to_its_own_url():
    assert 'data-vl-spec="../../charts/math-by-size.vl.json"' in page("benchmarks/math.md")


def test_pages_start_with_front_matter_titles():
    for path, content in outputs().items():
        if path.endswith(".md"):
            assert re.match(r"---\ntitle: .+\n", content.decode()), path


def test_root_prefix_follows_directory_urls():
    assert root_prefix("index.md") == ""
    assert root_prefix("benchmarks/index.md") == "../"
    assert root_prefix("benchmarks/math.md") == "../../"


def test_markdown_text_shows_markup_literally():
    assert markdown_text("<b>*x*</b>") == r"&lt;b&gt;\*x\*&lt;/b&gt;"


def test_git_status_is_clean_after_a_build(tmp_path):
    if not (ROOT / ".git").exists():
        return
    before = subprocess.run(["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True).stdout
    subprocess.run([sys.executable, "build_charts.py"], cwd=ROOT, check=True, capture_output=True)
    after = subprocess.run(["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True).stdout
    assert after == before
