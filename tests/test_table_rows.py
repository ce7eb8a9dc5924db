"""The rows file of each interactive table (`downloads/tables/SCOPE.json`), which tables.js loads:
its columns of keys and cells rebuild exactly the rows the page holds, in the built order; a cell
is left out only where it is its key as text, and split only around its key's text; a row the
macros write in any other shape is an error, not a table drawn wrong."""

from __future__ import annotations

import html
import json
import re
from functools import cache

import pytest
from utils import DATA

from leaderboard.pipeline import build
from leaderboard.site.tables import cell_entry, key_text, row_cells

TABLE = re.compile(  # an interactive table's rows file and the rows of its page
    r'<section class="lb-table-block"[^>]*data-rows="[^"]*/(downloads/tables/[^"]+\.json)"'
    r".*?<tbody>\n(.*?)\n</tbody>",
    re.S,
)


@cache
def outputs() -> dict[str, bytes]:
    return build(DATA)


def tables() -> list[tuple[str, dict, list[str]]]:
    """(rows file, its content, the rows of the page that names it) of every interactive table."""
    found = []
    for path, content in outputs().items():
        if path.endswith(".md"):
            for rows_path, body in TABLE.findall(content.decode("utf-8")):
                found.append((rows_path, json.loads(outputs()[rows_path]), body.split("\n")))
    return found


def js_text(key) -> str:
    """A key as JavaScript's String() writes a number parsed from JSON (`110.0` is `110`)."""
    if isinstance(key, float) and key.is_integer():
        return str(int(key))
    return "" if key is None else str(key)


def rebuilt_row(cells: list[list], keys: list[list], row: int) -> str:
    """A row as tables.js writes it: each column's cell, its parts joined by its key's text, or
    its key as text where the cell is null."""
    parts = []
    for column, column_keys in zip(cells, keys, strict=True):
        cell, text = column[row], html.escape(js_text(column_keys[row]))
        if cell is None:
            cell = f"<td>{text}</td>"
        parts.append(text.join(cell) if isinstance(cell, list) else cell)
    return f"<tr>{''.join(parts)}</tr>"


def test_the_models_index_and_every_benchmark_page_name_a_rows_file():
    names = sorted(path for path, _, _ in tables())
    benchmarks = sorted(
        p for p in outputs() if re.fullmatch(r"benchmarks/[^/]+\.md", p) and p != "benchmarks/index.md"
    )
    assert "downloads/tables/models.json" in names
    assert len(names) == len(benchmarks) + 1


def test_the_rows_file_rebuilds_the_rows_of_the_page_in_their_order():
    for path, data, page_rows in tables():
        cells, keys = data["cells"], data["keys"]
        assert len(cells) == len(keys) and len({len(column) for column in cells + keys}) == 1, path
        rebuilt = [rebuilt_row(cells, keys, row) for row in range(len(page_rows))]
        assert [html.unescape(r) for r in rebuilt] == [html.unescape(r) for r in page_rows], path


def test_a_cell_is_left_out_only_where_it_is_its_key_as_text_and_split_only_around_it():
    left_out = split = kept_plain = 0
    for path, data, _ in tables():
        for column, column_keys in zip(data["cells"], data["keys"], strict=True):
            for cell, key in zip(column, column_keys, strict=True):
                text = html.escape(js_text(key))
                if cell is None:
                    assert key is not None, (path, cell)
                    left_out += 1
                elif isinstance(cell, list):
                    assert text and len(cell) >= 2, (path, cell, key)
                    assert not any(text in part for part in cell), (path, cell, key)
                    split += 1
                else:
                    kept_plain += text != "" and html.unescape(text) in html.unescape(cell)
    assert left_out > 0 and split > 0
    assert kept_plain == 0


def test_a_key_is_written_as_tables_js_writes_it_or_its_cell_is_kept_whole():
    assert key_text("Qwen2 <72B> & \"Math\" 'x'") == "Qwen2 &lt;72B&gt; &amp; &quot;Math&quot; &#39;x&#39;"
    assert [key_text(n) for n in (110.0, 7.5, -0.5, 42, 0.0001)] == ["110", "7.5", "-0.5", "42", "0.0001"]
    assert [key_text(n) for n in (1e-07, 1e16 + 0.5, 2.0**60, float("nan"), True, None)] == [None] * 6
    score = '<td data-value="55.8">55.8 ± 1.4</td>'
    assert cell_entry(score, 55.8) == ['<td data-value="', '">', " ± 1.4</td>"]
    assert cell_entry("<td>Qwen2</td>", "Qwen2") is None
    assert cell_entry("<td>7B</td>", 1e-07) == "<td>7B</td>"
    assert cell_entry("<td>Qwen2</td>", "Mistral") == "<td>Qwen2</td>"


def test_a_row_that_is_not_tr_and_one_td_per_column_is_an_error():
    assert row_cells("<tr><td>a</td><td><b>b</b></td></tr>", 2) == ["<td>a</td>", "<td><b>b</b></td>"]
    for row in ("<tr><td>a</td></tr>", "<tr><td>a</td>x<td>b</td></tr>", "<td>a</td><td>b</td>"):
        with pytest.raises(ValueError, match="is not <tr> and 2 <td> cells"):
            row_cells(row, 2)
