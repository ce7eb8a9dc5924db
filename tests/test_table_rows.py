"""The rows file of each interactive table (`downloads/tables/SCOPE.json`), which tables.js loads:
its columns of keys and cell forms rebuild exactly the rows the page holds, in the built order; a
column holds each distinct form once; a form's slots stand only for its key's text and slug, and
no markup left in it holds either; a row the macros write in any other shape is an error, not a
table drawn wrong."""

from __future__ import annotations

import html
import json
import re
from functools import cache

import pytest
from utils import DATA

from leaderboard.pipeline import build
from leaderboard.site.tables import cell_form, key_slug, key_text, row_cells

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


def js_slug(key) -> str:
    """A key as tables.js's slug() writes it."""
    return re.sub(r"[^a-z0-9.]+", "-", str(key).lower()).strip("-")


def form_of(data: dict, column: int, row: int) -> list:
    chosen = data["cells"][column]
    return data["forms"][column][chosen[row] if chosen else 0]


def rebuilt_row(data: dict, row: int) -> str:
    """A row as tables.js writes it: each column's form, its slots filled with the row's key as
    text (0) and as a slug (1)."""
    parts = []
    for column, column_keys in enumerate(data["keys"]):
        key = column_keys[row]
        fill = {0: html.escape(js_text(key)), 1: js_slug(key)}
        parts += [fill[part] if isinstance(part, int) else part for part in form_of(data, column, row)]
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
        keys, forms, cells = data["keys"], data["forms"], data["cells"]
        assert len(keys) == len(forms) == len(cells), path
        assert len({len(column) for column in keys} | {len(column) for column in cells if column}) == 1, path
        rebuilt = [rebuilt_row(data, row) for row in range(len(page_rows))]
        assert [html.unescape(r) for r in rebuilt] == [html.unescape(r) for r in page_rows], path


def test_each_column_holds_each_distinct_cell_once_and_the_model_column_one_form():
    for path, data, _ in tables():
        for column, (forms, chosen) in enumerate(zip(data["forms"], data["cells"], strict=True)):
            assert len({json.dumps(form) for form in forms}) == len(forms), (path, column)
            assert (chosen is None) == (len(forms) == 1), (path, column)
            if chosen:
                assert set(chosen) == set(range(len(forms))), (path, column)  # each form is used
        # The Model column links each model's page by its id, most often its name as a slug.
        linked = [forms for forms in data["forms"] if any(1 in form for form in forms)]
        assert len(linked) == 1 and len(linked[0]) < len(data["keys"][0]) / 2, path


def test_a_slot_stands_only_for_its_key_and_no_markup_left_holds_the_key():
    slots = {0: 0, 1: 0}
    for path, data, _ in tables():
        for column, column_keys in enumerate(data["keys"]):
            for row, key in enumerate(column_keys):
                form = form_of(data, column, row)
                text, slug = html.escape(js_text(key)), key_slug(key)
                for part in form:
                    if isinstance(part, int):
                        assert part in slots and (text if part == 0 else slug), (path, form, key)
                        slots[part] += 1
                    else:
                        assert not text or text not in part, (path, form, key)
                        assert not slug or slug not in part, (path, form, key)
    assert slots[0] > 0 and slots[1] > 0


def test_a_key_is_written_as_tables_js_writes_it_or_its_cell_is_kept_whole():
    assert key_text("Qwen2 <72B> & \"Math\" 'x'") == "Qwen2 &lt;72B&gt; &amp; &quot;Math&quot; &#39;x&#39;"
    assert [key_text(n) for n in (110.0, 7.5, -0.5, 42, 0.0001)] == ["110", "7.5", "-0.5", "42", "0.0001"]
    assert [key_text(n) for n in (1e-07, 1e16 + 0.5, 2.0**60, float("nan"), True, None)] == [None] * 6
    assert [key_slug(k) for k in ("Qwen2-72B + Step-DPO", "DeepSeek Math 7B (RL)", "--", "Ünï", 7.5)] == [
        "qwen2-72b-step-dpo",
        "deepseek-math-7b-rl",
        None,
        None,
        None,
    ]
    score = '<td data-value="55.8">55.8 ± 1.4</td>'
    assert cell_form(score, 55.8) == ['<td data-value="', 0, '">', 0, " ± 1.4</td>"]
    link = '<td><a href="../models/qwen2-72b/">Qwen2-72B</a></td>'
    assert cell_form(link, "Qwen2-72B") == ['<td><a href="../models/', 1, '/">', 0, "</a></td>"]
    assert cell_form("<td>Qwen2</td>", "Qwen2") == ["<td>", 0, "</td>"]
    assert cell_form("<td>7B</td>", 1e-07) == ["<td>7B</td>"]
    assert cell_form("<td>Qwen2</td>", "Mistral") == ["<td>Qwen2</td>"]


def test_a_row_that_is_not_tr_and_one_td_per_column_is_an_error():
    assert row_cells("<tr><td>a</td><td><b>b</b></td></tr>", 2) == ["<td>a</td>", "<td><b>b</b></td>"]
    for row in ("<tr><td>a</td></tr>", "<tr><td>a</td>x<td>b</td></tr>", "<td>a</td><td>b</td>"):
        with pytest.raises(ValueError, match="is not <tr> and 2 <td> cells"):
            row_cells(row, 2)
