"""hooks/fast_pages.py renders model pages once per shape and lets tables skip Markdown; it must
change no byte of the site. Each test builds the site with the hook and without it
(`LB_FAST_PAGES=0`) and compares the two trees file by file: every page, the search index, the
sitemap and its gzip copy."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from utils import DATA, ROOT, differences, hostile_data, read_csv, tree

from tools.site import build_site

sys.path.insert(0, str(ROOT / "hooks"))
from fast_pages import MARK

SITE_URL = "https://example.github.io/llm-math-benchmarks/"


def build_both_ways(workdir: Path, data: Path) -> tuple[Path, Path, str]:
    log: list[str] = []
    fast = build_site(workdir / "fast", SITE_URL, data=data, log=log)
    usual = build_site(workdir / "usual", SITE_URL, data=data, extra_env={"LB_FAST_PAGES": "0"})
    return fast, usual, "\n".join(log)


def rendered_once(log: str) -> tuple[int, int, int]:
    """From the hook's log line: pages made from shells, shells, pages MkDocs built as usual."""
    found = re.search(r"(\d+) model pages from (\d+) renderings, (\d+) built as usual", log)
    assert found, f"the hook did not report its work:\n{log}"
    return int(found[1]), int(found[2]), int(found[3])


def test_the_site_is_the_same_byte_for_byte_with_and_without_the_hook(tmp_path):
    fast, usual, log = build_both_ways(tmp_path, DATA)
    from_shells, shells, as_usual = rendered_once(log)
    assert from_shells + as_usual == len(read_csv(DATA / "models.csv"))
    assert from_shells > 4 * shells  # most model pages come from a shell: the hook did its work
    assert differences(tree(fast), tree(usual)) == []


def test_hostile_names_give_the_same_site_with_and_without_the_hook(tmp_path):
    data = hostile_data(tmp_path)
    fast, usual, log = build_both_ways(tmp_path, data)
    from_shells, _, _ = rendered_once(log)
    assert from_shells > 0
    assert differences(tree(fast), tree(usual)) == []


def test_no_placeholder_of_the_hook_is_left_in_the_site(tmp_path):
    site = build_site(tmp_path, SITE_URL)
    leftovers = [
        path.relative_to(site).as_posix()
        for path in site.rglob("*")
        if path.is_file() and path.suffix in {".html", ".json", ".xml"} and MARK.encode() in path.read_bytes()
    ]
    assert leftovers == []
    assert not list(site.glob("models/lb-shell-*"))
