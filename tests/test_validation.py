"""Broken copies of data/ fail with one clean `PATH:LINE: FIELD: message` per problem.

Each rule of the data contract has its own test that breaks one thing in a copy of the real
data and asserts the exact report. Tests run from the copy's parent folder, so paths read as a
maintainer sees them (`data/results.csv`); line numbers are found in the file, never typed.
"""

from __future__ import annotations

import codecs
import csv
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from utils import ROOT

from leaderboard.data import schema
from leaderboard.data.errors import DataError
from leaderboard.data.load import load_dataset


@pytest.fixture
def data(data_copy: Path, monkeypatch) -> Path:
    """A writable copy of data/, with the working directory just above it."""
    monkeypatch.chdir(data_copy.parent)
    return data_copy


def problems(data: Path) -> list[str]:
    """Every problem `load_dataset` reports, formatted as the command line prints them."""
    with pytest.raises(DataError) as caught:
        load_dataset(data)
    return [str(problem) for problem in caught.value.problems]


def text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    """The line on which `needle` first appears."""
    content = text(path)
    assert needle in content, needle
    return content[: content.index(needle)].count("\n") + 1


def replace_in(path: Path, old: str, new: str) -> int:
    """Replace the first `old` in the file; return its line number."""
    line = line_of(path, old)
    path.write_text(text(path).replace(old, new, 1), encoding="utf-8")
    return line


def append_to(path: Path, row: str) -> int:
    """Add a line at the end of the file; return its line number."""
    content = text(path)
    path.write_text(content + row + "\n", encoding="utf-8")
    return content.count("\n") + 1


def row_of(path: Path, prefix: str) -> str:
    """The whole line that starts with `prefix`."""
    return next(line for line in text(path).splitlines() if line.startswith(prefix))


# Files --------------------------------------------------------------------------------------


def test_a_missing_file_is_named(data):
    (data / "benchmarks.yaml").unlink()
    assert problems(data) == ["data/benchmarks.yaml:1: (file): file is missing"]


def test_an_empty_file_is_reported_once(data):
    (data / "models.csv").write_text("", encoding="utf-8")
    assert problems(data) == ["data/models.csv:1: (file): file is empty"]


def test_a_yaml_file_of_blank_lines_counts_as_empty(data):
    (data / "sources.yaml").write_text("\n  \n\n", encoding="utf-8")
    assert problems(data) == ["data/sources.yaml:1: (file): file is empty"]


def test_a_file_that_is_not_utf8_names_the_byte_and_its_line(data):
    path = data / "results.csv"
    line = line_of(path, "cited as Roziere")
    path.write_bytes(path.read_bytes().replace(b"Roziere", "Rozière".encode("latin-1"), 1))
    assert problems(data) == [
        f"data/results.csv:{line}: (file): not UTF-8 (byte 0xe8); save the file as UTF-8"
    ]


def test_a_folder_in_place_of_a_file_is_reported_not_raised(data):
    (data / "sources.yaml").unlink()
    (data / "sources.yaml").mkdir()
    assert problems(data) == ["data/sources.yaml:1: (file): cannot be read: Is a directory"]


def every_file(data: Path) -> list[Path]:
    return sorted(path for path in data.iterdir() if path.suffix in (".csv", ".yaml"))


def test_a_utf8_byte_order_mark_is_accepted_in_every_file(data):
    expected = load_dataset(data)
    for path in every_file(data):
        path.write_bytes(codecs.BOM_UTF8 + path.read_bytes())
    assert load_dataset(data) == expected


def test_crlf_line_endings_are_accepted_in_every_file(data):
    expected = load_dataset(data)
    for path in every_file(data):
        path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    assert load_dataset(data) == expected


def test_with_crlf_line_endings_and_a_byte_order_mark_problems_keep_their_line(data):
    path = data / "results.csv"
    line = replace_in(path, "qwen2-7b-sft-step-dpo,math,55.8", "qwen2-7b-sft-step-dpo,math,558")
    path.write_bytes(codecs.BOM_UTF8 + path.read_bytes().replace(b"\n", b"\r\n"))
    assert problems(data) == [
        f"data/results.csv:{line}: score: score 558 is outside 0–100 of math: a missing decimal point?"
    ]


# Malformed CSV and YAML -------------------------------------------------------------------


def test_an_unbalanced_quote_names_the_line_where_the_field_opens_and_where_it_runs_to(data):
    line = replace_in(data / "results.csv", '"cited as Shao et al., 2024"', '"cited as Shao et al., 2024')
    assert problems(data) == [
        f"data/results.csv:{line}: (file): malformed CSV: unbalanced quote: "
        f'a field opened with " here runs on to line {line + 1}'
    ]


def test_an_unbalanced_quote_in_the_last_row_never_closes(data):
    line = append_to(data / "results.csv", "gpt-4-1106,math,64.3,\"authors' prompt,step-dpo,Table 3,")
    assert problems(data) == [
        f"data/results.csv:{line}: (file): malformed CSV: unbalanced quote: a field opened with "
        '" here never closes'
    ]


def test_text_after_a_closing_quote_is_malformed_csv(data):
    line = replace_in(data / "results.csv", '"cited as Shao et al., 2024"', '"cited as Shao" et al.')
    assert problems(data) == [
        f"data/results.csv:{line}: (file): malformed CSV: text after a closing quote; "
        'quote the whole field and double any " inside it'
    ]


def test_a_row_with_too_many_fields_suggests_quoting_the_comma(data):
    line = replace_in(data / "results.csv", "llama-3-8b-instruct,math,30.0", "llama-3-8b-instruct,math,30,0")
    assert problems(data) == [
        f"data/results.csv:{line}: (file): row has 8 fields but the header has 7 (an unquoted "
        'comma? quote the field: "a, b")'
    ]


def test_a_row_with_too_few_fields_is_reported(data):
    line = replace_in(
        data / "models.csv", "code-llama-7b,Code-Llama-7B,Code Llama,", "code-llama-7b,Code Llama,"
    )
    assert problems(data) == [f"data/models.csv:{line}: (file): row has 8 fields but the header has 9"]


def test_malformed_yaml_names_the_line_of_the_mistake(data):
    line = replace_in(data / "benchmarks.yaml", '  metric: "accuracy"', '  metric: "accuracy')
    found = problems(data)
    assert len(found) == 1
    assert found[0].startswith(f"data/benchmarks.yaml:{line + 1}: (file): malformed YAML: ")


def test_a_yaml_file_that_is_not_a_list_says_what_it_found(data):
    (data / "sources.yaml").write_text("id: step-dpo\ntitle: Step-DPO\n", encoding="utf-8")
    assert problems(data) == [
        "data/sources.yaml:1: (file): expected a list of sources, found a mapping of `key: value` pairs"
    ]


def test_a_yaml_item_that_is_not_a_record_is_reported(data):
    line = append_to(data / "sources.yaml", "- just a string")
    assert problems(data) == [
        f"data/sources.yaml:{line}: (file): item 15 is not a mapping of `key: value` pairs"
    ]


def test_a_key_twice_in_one_yaml_record_is_reported(data):
    line = replace_in(data / "sources.yaml", "  year: 2021\n", "  year: 2021\n  year: 2021\n") + 1
    assert problems(data) == [f"data/sources.yaml:{line}: year: key appears twice in this record"]


def test_an_unprintable_character_in_yaml_names_its_line(data):
    line = replace_in(data / "sources.yaml", "- Xin Lai", "- Xin\x00 Lai")
    assert problems(data) == [
        f"data/sources.yaml:{line}: (file): malformed YAML: unprintable character U+0000"
    ]


def test_a_control_character_in_a_csv_field_is_reported(data):
    line = replace_in(data / "models.csv", "Code-Llama-7B", "Code-Llama\x07-7B")
    assert problems(data) == [f"data/models.csv:{line}: name: contains the control character U+0007"]


def test_an_unhashable_yaml_key_is_malformed_yaml(data):
    line = replace_in(data / "sources.yaml", "  year: 2021\n", "  year: 2021\n  ? [a]\n  : b\n") + 1
    assert problems(data) == [f"data/sources.yaml:{line}: (file): malformed YAML: found unhashable key"]


# Columns and keys -------------------------------------------------------------------------


def test_an_unknown_column_suggests_the_closest_name_and_the_column_it_replaced_is_missing(data):
    replace_in(data / "results.csv", "locator,note", "locator,notes")
    assert problems(data) == [
        "data/results.csv:1: note: missing column",
        "data/results.csv:1: notes: unknown column; did you mean 'note'?",
    ]


def test_an_unknown_column_unlike_any_lists_the_expected_ones(data):
    path = data / "results.csv"
    lines = text(path).splitlines()
    path.write_text(
        "\n".join([lines[0] + ",reviewer", *(row + "," for row in lines[1:])]) + "\n", encoding="utf-8"
    )
    assert problems(data) == [
        "data/results.csv:1: reviewer: unknown column; expected one of: "
        "model, benchmark, score, setting, source, locator, note"
    ]


def test_a_missing_column_is_named(data):
    path = data / "models.csv"
    rows = [line.rsplit(",", 1)[0] for line in text(path).splitlines()]  # drop the last column, url
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert problems(data) == ["data/models.csv:1: url: missing column"]


def test_a_column_twice_in_the_header_is_reported(data):
    path = data / "results.csv"
    lines = text(path).splitlines()
    path.write_text(
        "\n".join([lines[0] + ",note", *(row + "," for row in lines[1:])]) + "\n", encoding="utf-8"
    )
    assert problems(data) == ["data/results.csv:1: note: column appears twice"]


def test_an_unknown_yaml_key_suggests_the_closest_name(data):
    line = replace_in(data / "sources.yaml", "  authors:\n", "  author:\n")
    record = line_of(data / "sources.yaml", "- id: step-dpo")
    assert problems(data) == [
        f"data/sources.yaml:{record}: authors: required key is missing",
        f"data/sources.yaml:{line}: author: unknown key; did you mean 'authors'?",
    ]


def test_a_missing_required_yaml_key_is_reported_at_its_record(data):
    path = data / "benchmarks.yaml"
    record = line_of(path, "- id: gsm8k")
    replace_in(path, '  name: "GSM8K"\n', "")
    assert problems(data) == [f"data/benchmarks.yaml:{record}: name: required key is missing"]


def test_an_empty_required_field_is_reported(data):
    line = replace_in(
        data / "results.csv",
        "claude-3-opus,math,60.1,,step-dpo,Table 1",
        "claude-3-opus,math,60.1,,step-dpo,",
    )
    assert problems(data) == [f"data/results.csv:{line}: locator: required, but empty"]


def test_an_empty_required_yaml_value_is_reported(data):
    line = replace_in(data / "figures.yaml", "locator: Figure 1", 'locator: ""')
    assert problems(data) == [f"data/figures.yaml:{line}: locator: required, but empty"]


# Types ------------------------------------------------------------------------------------


def test_a_score_that_is_not_a_number_is_reported(data):
    line = replace_in(data / "results.csv", ",math,55.8", ",math,abc")
    assert problems(data) == [f"data/results.csv:{line}: score: 'abc' is not a number"]


@pytest.mark.parametrize("written", ["5.58e1", "55,8", "5_5.8", "NaN", "0x37"])
def test_a_score_must_be_written_in_plain_decimals(data, written):
    line = replace_in(data / "results.csv", ",math,55.8,", f',math,"{written}",')
    assert problems(data) == [f"data/results.csv:{line}: score: {written!r} is not a number"]


def test_a_number_too_large_to_hold_is_reported(data):
    line = replace_in(data / "sources.yaml", "year: 2024", "year: 1.0e+999")
    assert problems(data) == [f"data/sources.yaml:{line}: year: 'inf' is not a finite number"]


def test_a_boolean_must_be_true_or_false(data):
    line = replace_in(
        data / "models.csv",
        "code-llama-7b,Code-Llama-7B,Code Llama,7,,base,,true",
        "code-llama-7b,Code-Llama-7B,Code Llama,7,,base,,yes",
    )
    assert problems(data) == [f"data/models.csv:{line}: open_weights: 'yes' is not true or false"]


def test_a_year_must_be_a_whole_number(data):
    line = replace_in(data / "sources.yaml", "year: 2024", "year: 2024.5")
    assert problems(data) == [f"data/sources.yaml:{line}: year: '2024.5' is not a whole number"]


def test_an_id_must_be_a_slug(data):
    path = data / "models.csv"
    line = append_to(path, row_of(path, "code-llama-7b,").replace("code-llama-7b,", "Code Llama 7B,", 1))
    assert problems(data) == [
        f"data/models.csv:{line}: id: 'Code Llama 7B' is not a slug (lowercase letters, digits, '.', '-')"
    ]


def test_a_url_must_be_http(data):
    line = replace_in(data / "sources.yaml", '"https://arxiv.org/abs/2406.18629"', "javascript:alert(1)")
    assert problems(data) == [f"data/sources.yaml:{line}: url: 'javascript:alert(1)' is not an http(s) URL"]


def test_an_unknown_method_suggests_the_closest_method_of_methods_yaml(data):
    line = replace_in(data / "models.csv", ",step-dpo,qwen2-7b-sft,", ",stepdpo,qwen2-7b-sft,")
    assert problems(data) == [
        f"data/models.csv:{line}: method: unknown method 'stepdpo'; did you mean 'step-dpo'?"
    ]


def test_a_list_where_text_belongs_is_reported(data):
    line = replace_in(data / "sources.yaml", '  title: "GPT-4 Technical Report"', "  title: [GPT-4, Report]")
    assert problems(data) == [f"data/sources.yaml:{line}: title: expected text, found a list"]


# Authors ------------------------------------------------------------------------------------


def replace_authors(data: Path, source: str, new: str) -> int:
    """Put `new` in place of the `authors:` of a source (its key and list); return its line."""
    path = data / "sources.yaml"
    content = text(path)
    found = re.compile(r"^  authors:.*\n(    - .*\n)*", re.M).search(
        content, content.index(f"- id: {source}\n")
    )
    path.write_text(content[: found.start()] + new + "\n" + content[found.end() :], encoding="utf-8")
    return content[: found.start()].count("\n") + 1


def test_authors_written_as_et_al_are_an_error_that_asks_for_every_name(data):
    line = replace_authors(data, "step-dpo", '  authors: "Lai et al."')
    assert problems(data) == [
        f"data/sources.yaml:{line}: authors: 'Lai et al.' is not a list of names; write every author "
        "as printed on the work, in its order, e.g. [Ada Lovelace, Alan Turing, Grace Hopper, ...]"
    ]


def test_authors_written_as_one_text_are_an_error_that_shows_the_list_to_write(data):
    line = replace_authors(data, "gemini-1.5", '  authors: "Gemini Team, Google"')
    assert problems(data) == [
        f"data/sources.yaml:{line}: authors: 'Gemini Team, Google' is not a list of names; write "
        '"Gemini Team, Google" in square brackets for one author or an organisation, or list every '
        "author: [Ada Lovelace, Alan Turing, Grace Hopper, ...]"
    ]


def test_et_al_in_a_list_of_authors_is_not_a_name(data):
    line = replace_authors(data, "step-dpo", "  authors: [Xin Lai, Zhuotao Tian, et al.]")
    assert problems(data) == [
        f"data/sources.yaml:{line}: authors[3]: 'et al.' is not a name; "
        "write every author as printed on the work, in its order"
    ]


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ('" "', "empty name; remove it or write the name"),
        ("2024", "expected a name, found a number"),
        ("", "expected a name, found nothing"),
        ("[Zhuotao, Tian]", "expected a name, found a list"),
        ("Tian: Zhuotao", "expected a name, found a mapping of `key: value` pairs"),
        ('"Zhuotao\\aTian"', "contains the control character U+0007"),
        (
            "Zhuotao Tian et al.",
            "'Zhuotao Tian et al.' is not a name; write every author as printed on the work, in its order",
        ),
    ],
    ids=["blank", "number", "nothing", "list", "mapping", "control", "et-al"],
)
def test_a_bad_author_is_reported_on_its_own_line_by_its_place_in_the_list(data, written, message):
    line = replace_in(data / "sources.yaml", "    - Zhuotao Tian\n", f"    - {written}\n")
    assert problems(data) == [f"data/sources.yaml:{line}: authors[2]: {message}"]


def test_an_author_listed_twice_names_the_first_place(data):
    line = replace_in(data / "sources.yaml", "    - Yukang Chen\n", "    - Xin Lai\n")
    assert problems(data) == [
        f"data/sources.yaml:{line}: authors[3]: 'Xin Lai' is listed twice; first as authors[1]"
    ]


def test_an_empty_author_list_asks_for_a_name(data):
    line = replace_authors(data, "step-dpo", "  authors: []")
    assert problems(data) == [
        f"data/sources.yaml:{line}: authors: expected at least one name, "
        "e.g. [Ada Lovelace, Alan Turing, Grace Hopper, ...]"
    ]


def test_authors_given_as_a_mapping_are_reported(data):
    line = replace_authors(data, "step-dpo", "  authors: {first: Xin Lai}")
    assert problems(data) == [
        f"data/sources.yaml:{line}: authors: expected a list of names, found a mapping of `key: value` pairs"
    ]


def test_a_name_written_surname_first_shows_it_as_printed(data):
    line = replace_in(data / "sources.yaml", "    - Xin Lai\n", "    - Lai, Xin\n")
    assert problems(data) == [
        f"data/sources.yaml:{line}: authors[1]: 'Lai, Xin' holds a comma; write the name as printed on "
        "the work, e.g. 'Xin Lai' (an organisation's name: add organisation: true)"
    ]


def test_an_organisation_has_one_name(data):
    replace_authors(data, "gpt-4", '  authors: ["OpenAI", "Gemini Team, Google"]')
    path = data / "sources.yaml"
    line = line_of(path, "- id: gpt-4") + 2
    assert text(path).splitlines()[line - 1] == "  organisation: true"
    assert problems(data) == [
        f"data/sources.yaml:{line}: organisation: an organisation is cited by its one name, but authors "
        "lists 2; give its name alone, or drop organisation: true to list people"
    ]


def test_two_sources_with_one_bibtex_key_name_both_lines(data):
    path = data / "sources.yaml"
    first = line_of(path, "- id: step-dpo")
    line = replace_in(path, "  bibtex_key: fang2024mathodyssey", "  bibtex_key: lai2024stepdpo")
    assert problems(data) == [
        f"data/sources.yaml:{line}: bibtex_key: duplicate bibtex_key 'lai2024stepdpo'; "
        f"first defined at data/sources.yaml:{first}"
    ]


def test_a_mapping_where_a_reference_belongs_is_reported(data):
    line = replace_in(data / "benchmarks.yaml", "  source: gsm8k", "  source: {id: gsm8k}")
    assert problems(data) == [
        f"data/benchmarks.yaml:{line}: source: expected an `id` of `sources`, found a mapping of "
        "`key: value` pairs"
    ]


# Scores -----------------------------------------------------------------------------------


def test_a_score_above_the_maximum_suggests_a_missing_decimal_point(data):
    line = replace_in(
        data / "results.csv", "qwen2-7b-sft-step-dpo,math,55.8", "qwen2-7b-sft-step-dpo,math,558"
    )
    assert problems(data) == [
        f"data/results.csv:{line}: score: score 558 is outside 0–100 of math: a missing decimal point?"
    ]


def test_a_negative_score_suggests_a_stray_minus_sign(data):
    line = replace_in(
        data / "results.csv", "qwen2-7b-sft-step-dpo,math,55.8", "qwen2-7b-sft-step-dpo,math,-55.8"
    )
    assert problems(data) == [
        f"data/results.csv:{line}: score: score -55.8 is outside 0–100 of math: a stray minus sign?"
    ]


def test_a_count_above_the_number_of_problems_is_outside_the_benchmark(data):
    line = replace_in(data / "results.csv", "gpt-4-1106,aime-2024,1,", "gpt-4-1106,aime-2024,301,")
    assert problems(data) == [f"data/results.csv:{line}: score: score 301 is outside 0–30 of aime-2024"]


def test_two_scores_from_one_source_for_one_model_benchmark_and_setting_name_both_lines(data):
    path = data / "results.csv"
    first = line_of(path, "qwen2-7b-sft-step-dpo,math,")
    second = append_to(path, "qwen2-7b-sft-step-dpo,math,56.0,,step-dpo,Table 3,")
    assert problems(data) == [
        f"data/results.csv:{second}: source: second score for qwen2-7b-sft-step-dpo on math under the "
        f"first-reported setting from step-dpo; first at data/results.csv:{first} (a source reports a "
        "score once; give a re-evaluation its own setting)"
    ]


def test_a_second_source_for_the_same_score_is_allowed(data):
    append_to(data / "results.csv", "qwen2-7b-sft-step-dpo,math,56.0,,qwen,Table 3,")
    assert len(load_dataset(data).results) == len(load_dataset(ROOT / "data").results) + 1


def test_the_same_model_and_benchmark_under_another_setting_is_allowed(data):
    append_to(data / "results.csv", "qwen2-7b-sft-step-dpo,math,56.0,greedy decoding,step-dpo,Table 3,")
    assert len(load_dataset(data).results) == len(load_dataset(ROOT / "data").results) + 1


# References -------------------------------------------------------------------------------


def test_a_duplicate_model_id_names_both_lines(data):
    path = data / "models.csv"
    first = line_of(path, "wizardmath,")
    second = append_to(path, row_of(path, "wizardmath,"))
    assert problems(data) == [
        f"data/models.csv:{second}: id: duplicate id 'wizardmath'; first defined at data/models.csv:{first}"
    ]


def test_a_duplicate_source_id_names_both_lines(data):
    path = data / "sources.yaml"
    first = line_of(path, "- id: gsm8k")
    second = append_to(path, '- id: gsm8k\n  title: "GSM8K"\n  authors: [Karl Cobbe]\n  year: 2021')
    assert problems(data) == [
        f"data/sources.yaml:{second}: id: duplicate id 'gsm8k'; first defined at data/sources.yaml:{first}"
    ]


def test_an_unknown_model_is_named_with_a_suggestion(data):
    line = replace_in(data / "results.csv", "llama-3-8b-instruct,math", "llama-3-8b-instrct,math")
    assert problems(data) == [
        f"data/results.csv:{line}: model: unknown model 'llama-3-8b-instrct'; did you mean "
        "'llama-3-8b-instruct'?"
    ]


def test_an_unknown_benchmark_is_named(data):
    line = replace_in(data / "results.csv", "gpt-4-1106,aime-2024,", "gpt-4-1106,aime-2025,")
    assert problems(data) == [
        f"data/results.csv:{line}: benchmark: unknown benchmark 'aime-2025'; did you mean 'aime-2024'?"
    ]


def test_an_unknown_source_of_a_result_is_named(data):
    line = replace_in(
        data / "results.csv", "gpt-4-1106,aime-2024,1,,step-dpo", "gpt-4-1106,aime-2024,1,,stepdpo"
    )
    assert problems(data) == [
        f"data/results.csv:{line}: source: unknown source 'stepdpo'; did you mean 'step-dpo'?"
    ]


def test_an_unknown_source_of_a_benchmark_is_named(data):
    line = replace_in(data / "benchmarks.yaml", "  source: gsm8k", "  source: cobbe-2021")
    assert problems(data) == [f"data/benchmarks.yaml:{line}: source: unknown source 'cobbe-2021'"]


def test_an_unknown_base_model_is_named(data):
    line = replace_in(data / "models.csv", ",step-dpo,qwen2-7b-sft,", ",step-dpo,qwen2-7b-fst,")
    assert problems(data) == [
        f"data/models.csv:{line}: base_model: unknown model 'qwen2-7b-fst'; did you mean 'qwen2-7b-sft'?"
    ]


def test_a_step_dpo_model_without_a_base_is_reported(data):
    line = replace_in(data / "models.csv", ",step-dpo,qwen2-7b-sft,", ",step-dpo,,")
    assert problems(data) == [
        f"data/models.csv:{line}: base_model: a step-dpo model needs the id of its base model"
    ]


def test_a_base_model_chain_that_loops_is_reported_on_every_model_of_the_loop(data):
    path = data / "models.csv"
    base = replace_in(
        path, "qwen2-7b,Qwen2-7B,Qwen2,7,,base,,", "qwen2-7b,Qwen2-7B,Qwen2,7,,base,qwen2-7b-sft-step-dpo,"
    )
    sft, step_dpo = line_of(path, "\nqwen2-7b-sft,") + 1, line_of(path, "\nqwen2-7b-sft-step-dpo,") + 1
    assert problems(data) == [
        f"data/models.csv:{base}: base_model: base_model chain loops: "
        "qwen2-7b -> qwen2-7b-sft-step-dpo -> qwen2-7b-sft -> qwen2-7b",
        f"data/models.csv:{sft}: base_model: base_model chain loops: "
        "qwen2-7b-sft -> qwen2-7b -> qwen2-7b-sft-step-dpo -> qwen2-7b-sft",
        f"data/models.csv:{step_dpo}: base_model: base_model chain loops: "
        "qwen2-7b-sft-step-dpo -> qwen2-7b-sft -> qwen2-7b -> qwen2-7b-sft-step-dpo",
    ]


def test_a_model_that_is_its_own_base_is_a_loop(data):
    line = replace_in(
        data / "models.csv", "qwen2-7b,Qwen2-7B,Qwen2,7,,base,,", "qwen2-7b,Qwen2-7B,Qwen2,7,,base,qwen2-7b,"
    )
    assert problems(data) == [
        f"data/models.csv:{line}: base_model: base_model chain loops: qwen2-7b -> qwen2-7b"
    ]


def test_references_into_a_file_that_could_not_be_read_are_not_reported_as_unknown(data):
    (data / "models.csv").write_bytes(b"\xff\xfe")
    assert problems(data) == ["data/models.csv:1: (file): not UTF-8 (byte 0xff); save the file as UTF-8"]


# Model sizes ------------------------------------------------------------------------------


@pytest.mark.parametrize("size", ["0", "-7"])
def test_parameters_must_be_above_zero(data, size):
    line = replace_in(
        data / "models.csv",
        "code-llama-7b,Code-Llama-7B,Code Llama,7,",
        f"code-llama-7b,Code-Llama-7B,Code Llama,{size},",
    )
    assert problems(data) == [f"data/models.csv:{line}: params_b: {size} must be above 0"]


def test_more_active_than_total_parameters_is_reported(data):
    line = replace_in(
        data / "models.csv",
        "qwen2-57b-a14b,Qwen2-57B-A14B,Qwen2,57,14,",
        "qwen2-57b-a14b,Qwen2-57B-A14B,Qwen2,14,57,",
    )
    assert problems(data) == [f"data/models.csv:{line}: active_params_b: 57 active is more than 14 total"]


def test_active_parameters_without_a_total_are_reported(data):
    line = replace_in(
        data / "models.csv",
        "qwen2-57b-a14b,Qwen2-57B-A14B,Qwen2,57,14,",
        "qwen2-57b-a14b,Qwen2-57B-A14B,Qwen2,,14,",
    )
    assert problems(data) == [
        f"data/models.csv:{line}: active_params_b: active parameters need params_b, the total"
    ]


# Benchmarks -------------------------------------------------------------------------------


def test_a_benchmark_maximum_must_be_above_its_minimum(data):
    path = data / "benchmarks.yaml"
    line = replace_in(path, "  max: 30\n", "  max: 0\n")
    found = problems(data)
    assert found[0] == f"data/benchmarks.yaml:{line}: max: max 0 is not above min 0"


# Figures ----------------------------------------------------------------------------------


def figure_line(data: Path, needle: str) -> int:
    return line_of(data / "figures.yaml", needle)


def test_a_duplicate_figure_id_names_both_lines(data):
    path = data / "figures.yaml"
    original = text(path)
    second = original.count("\n") + 1
    path.write_text(original + original, encoding="utf-8")
    assert problems(data) == [
        f"data/figures.yaml:{second}: id: duplicate id 'math-by-size'; first defined at data/figures.yaml:1"
    ]


def test_a_figure_without_points_is_reported(data):
    path = data / "figures.yaml"
    content = text(path)
    start, end = content.index("  points:\n"), content.index("  reference_lines:")
    path.write_text(content[:start] + "  points: []\n" + content[end:], encoding="utf-8")
    line = figure_line(data, "  points: []")
    assert problems(data) == [f"data/figures.yaml:{line}: points: a figure needs at least one point"]


def test_a_point_of_an_unknown_model_is_named(data):
    line = replace_in(data / "figures.yaml", "{model: deepseekmath-rl,", "{model: deepseekmath-lr,")
    assert problems(data) == [
        f"data/figures.yaml:{line}: points[2].model: unknown model 'deepseekmath-lr'; did you "
        "mean 'deepseekmath-rl'?"
    ]


def test_a_point_without_a_label_is_reported(data):
    line = replace_in(
        data / "figures.yaml", "{model: deepseekmath-rl, label: DeepSeekMath-RL}", "{model: deepseekmath-rl}"
    )
    assert problems(data) == [f"data/figures.yaml:{line}: points[2].label: required key is missing"]


def test_a_point_with_an_unknown_key_suggests_the_closest(data):
    line = replace_in(
        data / "figures.yaml",
        "label: Llama3-70B-Step-DPO, label_side: left",
        "label: Llama3-70B-Step-DPO, labelside: left",
    )
    assert problems(data) == [
        f"data/figures.yaml:{line}: points[11].labelside: unknown key; did you mean 'label_side'?"
    ]


def test_a_point_with_a_key_unlike_any_lists_the_expected_ones(data):
    line = replace_in(
        data / "figures.yaml",
        "label: Llama3-70B-Step-DPO, label_side: left",
        "label: Llama3-70B-Step-DPO, colour: red",
    )
    assert problems(data) == [
        f"data/figures.yaml:{line}: points[11].colour: unknown key; expected one of: model, "
        "label, setting, label_side"
    ]


def test_a_label_side_other_than_left_or_right_is_reported(data):
    line = replace_in(
        data / "figures.yaml",
        "label: Llama3-70B-Step-DPO, label_side: left",
        "label: Llama3-70B-Step-DPO, label_side: up",
    )
    assert problems(data) == [
        f"data/figures.yaml:{line}: points[11].label_side: 'up' is not one of: left, right"
    ]


def test_a_point_that_is_not_a_record_is_reported(data):
    line = replace_in(
        data / "figures.yaml", "{model: deepseekmath-rl, label: DeepSeekMath-RL}", "deepseekmath-rl"
    )
    assert problems(data) == [
        f"data/figures.yaml:{line}: points[2]: expected a record with `model:` and `label:`"
    ]


def test_a_point_without_a_result_under_its_setting_is_reported(data):
    line = replace_in(
        data / "figures.yaml",
        "{model: deepseekmath-rl, label: DeepSeekMath-RL}",
        "{model: deepseekmath-rl, label: DeepSeekMath-RL, setting: maj@64}",
    )
    assert problems(data) == [
        f"data/figures.yaml:{line}: points[2].model: no result for deepseekmath-rl on math under "
        "setting 'maj@64' in results.csv"
    ]


def test_a_point_of_a_model_without_a_size_cannot_be_placed(data):
    line = replace_in(
        data / "figures.yaml",
        "{model: deepseekmath-rl, label: DeepSeekMath-RL}",
        "{model: gpt-4-1106, label: GPT-4-1106}",
    )
    assert problems(data) == [
        f"data/figures.yaml:{line}: points[2].model: 'gpt-4-1106' has no params_b to place it on "
        "the size axis"
    ]


def test_a_reference_line_of_an_unknown_model_is_named(data):
    line = replace_in(data / "figures.yaml", "{model: claude-3-opus,", "{model: claude-4-opus,")
    assert problems(data) == [
        f"data/figures.yaml:{line}: reference_lines[3].model: unknown model 'claude-4-opus'; "
        "did you mean 'claude-3-opus'?"
    ]


def test_a_y_domain_must_be_lowest_then_highest(data):
    line = replace_in(data / "figures.yaml", "y_domain: [42.5, 72.5]", "y_domain: [72.5, 42.5]")
    assert problems(data) == [f"data/figures.yaml:{line}: y_domain: expected [lowest, highest]"]


def test_x_ticks_must_be_numbers(data):
    line = replace_in(data / "figures.yaml", "x_ticks: [7, 32,", "x_ticks: [7B, 32,")
    assert problems(data) == [f"data/figures.yaml:{line}: x_ticks: '7B' is not a number"]


def test_a_tick_step_of_zero_is_reported(data):
    line = replace_in(data / "figures.yaml", "y_tick_step: 2.5", "y_tick_step: 0")
    assert problems(data) == [f"data/figures.yaml:{line}: y_tick_step: 0 must be above 0"]


def test_a_tick_step_that_would_draw_thousands_of_ticks_is_reported(data):
    line = replace_in(data / "figures.yaml", "y_tick_step: 2.5", "y_tick_step: 0.001")
    assert problems(data) == [
        f"data/figures.yaml:{line}: y_tick_step: 0.001 gives more than 100 ticks on the y axis"
    ]


# Reporting --------------------------------------------------------------------------------


def test_every_problem_of_a_run_is_reported_at_once_in_file_and_line_order(data):
    score = replace_in(data / "results.csv", ",math,55.8", ",math,abc")
    method = replace_in(data / "models.csv", ",step-dpo,qwen2-7b-sft,", ",stepdpo,qwen2-7b-sft,")
    year = replace_in(data / "sources.yaml", "year: 2024", "year: soon")
    assert problems(data) == [
        f"data/models.csv:{method}: method: unknown method 'stepdpo'; did you mean 'step-dpo'?",
        f"data/results.csv:{score}: score: 'abc' is not a number",
        f"data/sources.yaml:{year}: year: 'soon' is not a number",
    ]


def test_the_report_ends_with_the_count_and_says_nothing_was_written(data):
    replace_in(data / "results.csv", ",math,55.8", ",math,abc")
    replace_in(data / "models.csv", ",step-dpo,qwen2-7b-sft,", ",stepdpo,qwen2-7b-sft,")
    with pytest.raises(DataError) as caught:
        load_dataset(data)
    assert caught.value.report().splitlines()[-1] == "2 problems in data; nothing was written."


# The command line -------------------------------------------------------------------------


def run_build(*args: str) -> subprocess.CompletedProcess:
    # Without GITHUB_ACTIONS, which adds workflow commands to stdout (test_annotations.py tests them).
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("GITHUB_ACTIONS", None)
    return subprocess.run(
        [sys.executable, str(ROOT / "build_charts.py"), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
    )


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {
        str(path.relative_to(folder)): (path.read_bytes(), path.stat().st_mtime_ns)
        for path in folder.rglob("*")
        if path.is_file()
    }


@pytest.fixture(scope="module")
def built_docs(tmp_path_factory) -> Path:
    """An output folder holding a complete build of the real data."""
    docs = tmp_path_factory.mktemp("built") / "docs"
    result = run_build("--docs", str(docs))
    assert result.returncode == 0, result.stderr
    return docs


def test_the_command_line_on_bad_data_prints_problems_exits_1_and_changes_nothing(data_copy, built_docs):
    line = replace_in(data_copy / "results.csv", ",math,55.8", ",math,555")
    before = snapshot(built_docs)
    result = run_build("--data", str(data_copy), "--docs", str(built_docs))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and result.stdout == ""
    assert (
        f"results.csv:{line}: score: score 555 is outside 0–100 of math: a missing decimal point?"
        in result.stderr
    )
    assert result.stderr.rstrip().endswith("1 problem in data; nothing was written.")
    assert snapshot(built_docs) == before


def test_the_command_line_on_bad_data_creates_no_output_folder(data_copy, tmp_path):
    replace_in(data_copy / "models.csv", ",step-dpo,qwen2-7b-sft,", ",stepdpo,qwen2-7b-sft,")
    result = run_build("--data", str(data_copy), "--docs", str(tmp_path / "docs"))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert not (tmp_path / "docs").exists()


def test_check_on_bad_data_exits_1_without_a_traceback(data_copy, tmp_path):
    (data_copy / "figures.yaml").write_text("- [unclosed\n", encoding="utf-8")
    result = run_build("--check", "--data", str(data_copy), "--docs", str(tmp_path / "docs"))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "figures.yaml:2: (file): malformed YAML: " in result.stderr
    assert not (tmp_path / "docs").exists()


def test_check_validates_the_real_data_and_writes_nothing(tmp_path):
    result = run_build("--check", "--docs", str(tmp_path / "d"))
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "d").exists()


# Added after property-based testing found them ------------------------------------------------


def test_a_csv_file_without_its_header_row_says_so_once(data):
    path = data / "models.csv"
    path.write_text(text(path).split("\n", 1)[1], encoding="utf-8")
    assert problems(data) == [
        "data/models.csv:1: (file): the first row is not a header; "
        "expected: id,name,family,params_b,active_params_b,method,base_model,open_weights,url"
    ]


def test_an_invisible_line_separator_is_reported_with_its_line(data):
    line = replace_in(data / "sources.yaml", "- Xin Lai", "- Xin\u2028Lai")
    assert problems(data) == [
        f"data/sources.yaml:{line}: (file): contains U+2028, an invisible line break; remove it"
    ]


def test_a_column_name_that_could_be_misread_is_quoted(data):
    path = data / "results.csv"
    lines = text(path).splitlines()
    path.write_text(
        "\n".join([lines[0] + ",a: b", *(row + "," for row in lines[1:])]) + "\n", encoding="utf-8"
    )
    assert problems(data) == [
        "data/results.csv:1: 'a: b': unknown column; expected one of: "
        "model, benchmark, score, setting, source, locator, note"
    ]


# Every column of the schema is enforced: the Data page and the validator cannot drift apart ----

WRONG = {  # a value of the wrong type for each kind of column, and the start of its message
    "slug": ("Not A Slug", "'Not A Slug' is not a slug"),
    "ref": ("Not A Slug", "'Not A Slug' is not a slug"),
    "number": ("many", "'many' is not a number"),
    "integer": ("1.5", "'1.5' is not a whole number"),
    "bool": ("maybe", "'maybe' is not true or false"),
    "url": ("ftp://example.org", "'ftp://example.org' is not an http(s) URL"),
    "enum": ("zzz", "'zzz' is not one of: "),
    "numbers": ("many", "expected "),
    "records": ("many", "expected a list of "),
}


def schema_columns(kinds=None, required=None):
    return [
        pytest.param(table, column, id=f"{table.filename}:{column.name}")
        for table in schema.TABLES
        for column in table.columns
        if (kinds is None or column.kind in kinds) and (required is None or column.required == required)
    ]


def set_first_record(data: Path, table, name: str, value) -> int:
    """Give the first record of a file `value` for `name` (None: remove the key); return the line
    of the field (of the record when removed)."""
    path = data / table.filename
    if table.filename.endswith(".csv"):
        with open(path, newline="", encoding="utf-8") as file:
            rows = list(csv.DictReader(file))
        rows[0][name] = value
        with open(path, "w", newline="", encoding="utf-8") as file:
            writer = csv.DictWriter(file, fieldnames=list(rows[0]), lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
        return 2
    records = yaml.safe_load(text(path))
    first = records if table.single else records[0]
    if value is None:
        del first[name]
    else:
        first[name] = value
    path.write_text(
        yaml.safe_dump(records, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8"
    )
    return 1 if value is None else line_of(path, f"{name}:")


@pytest.mark.parametrize(("table", "column"), schema_columns(required=True))
def test_every_required_column_of_the_schema_is_enforced(data, table, column):
    empty = None if table.filename.endswith(".yaml") else ""
    line = set_first_record(data, table, column.name, empty)
    message = "required key is missing" if empty is None else "required, but empty"
    assert f"data/{table.filename}:{line}: {column.name}: {message}" in problems(data)


@pytest.mark.parametrize(("table", "column"), schema_columns(kinds=set(WRONG)))
def test_every_typed_column_of_the_schema_rejects_a_value_of_the_wrong_type(data, table, column):
    value, message = WRONG[column.kind]
    line = set_first_record(data, table, column.name, value)
    expected = f"data/{table.filename}:{line}: {column.name}: {message}"
    assert [p for p in problems(data) if p.startswith(expected)], problems(data)


@pytest.mark.parametrize(
    ("table", "column"), [p for p in schema_columns(kinds={"number", "integer"}) if p.values[1].positive]
)
def test_every_positive_column_of_the_schema_rejects_zero(data, table, column):
    line = set_first_record(data, table, column.name, 0 if table.filename.endswith(".yaml") else "0")
    assert f"data/{table.filename}:{line}: {column.name}: 0 must be above 0" in problems(data)


# site.yaml and methods.yaml ---------------------------------------------------------------------


def test_an_unknown_key_of_site_yaml_is_named_with_the_keys_it_may_have(data):
    line = append_to(data / "site.yaml", "colour: red")
    keys = ", ".join(schema.SITE.column_names)
    assert problems(data) == [f"data/site.yaml:{line}: colour: unknown key; expected one of: {keys}"]


def test_a_site_yaml_that_is_a_list_is_refused_as_not_a_mapping(data):
    (data / "site.yaml").write_text("- title: A site\n", encoding="utf-8")
    assert problems(data) == [
        "data/site.yaml:1: (file): expected a mapping of `key: value` pairs, found a list"
    ]


def test_a_work_that_is_not_a_source_suggests_the_closest_source(data):
    line = replace_in(data / "site.yaml", "work: step-dpo", "work: step-dp")
    assert problems(data) == [
        f"data/site.yaml:{line}: work: unknown source 'step-dp'; did you mean 'step-dpo'?"
    ]


def test_a_featured_figure_that_is_not_a_figure_is_named(data):
    line = replace_in(data / "site.yaml", "featured_figure: math-by-size", "featured_figure: math-by-sizes")
    assert problems(data) == [
        f"data/site.yaml:{line}: featured_figure: unknown figure 'math-by-sizes'; "
        "did you mean 'math-by-size'?"
    ]


def test_a_highlighted_method_that_is_not_a_method_is_named_by_its_place_in_the_list(data):
    line = replace_in(data / "site.yaml", "highlight: [step-dpo]", "highlight: [step-dpo, dpo, ppo]")
    assert problems(data) == [
        f"data/site.yaml:{line}: highlight[3]: unknown method 'ppo'; did you mean 'dpo'?"
    ]


def test_an_empty_or_repeated_highlight_is_refused(data):
    line = replace_in(data / "site.yaml", "highlight: [step-dpo]", "highlight: []")
    found = problems(data)
    assert found == [
        f"data/site.yaml:{line}: highlight: expected list of `id`s of `methods`, e.g. `[my-method]`, "
        "found an empty list"
    ]
    replace_in(data / "site.yaml", "highlight: []", "highlight: [step-dpo, step-dpo]")
    assert problems(data) == [
        f"data/site.yaml:{line}: highlight[2]: 'step-dpo' is listed twice; first as highlight[1]"
    ]


def test_an_intro_linking_to_a_script_is_refused(data):
    line = replace_in(
        data / "site.yaml", "intro: >-", "intro: 'See [this](javascript:alert(1)).'\nold_intro: >-"
    )
    found = problems(data)
    assert (
        f"data/site.yaml:{line}: intro: links to 'javascript:alert(1'; a link goes to an https:// address or "
        "a page of the site"
    ) in found


def test_an_intro_may_link_to_https_addresses_and_to_pages_of_the_site(data):
    replace_in(
        data / "site.yaml",
        "  Every score",
        "  See [the paper](https://arxiv.org/abs/2406.18629) and [data](data.md). Every score",
    )
    assert load_dataset(data).site.intro.startswith("See [the paper](https://arxiv.org/abs/2406.18629)")


def test_a_method_colour_too_pale_to_see_names_its_contrast(data):
    line = replace_in(data / "methods.yaml", 'colour: "#009e73"', 'colour: "#ffee99"')
    [found] = problems(data)
    assert found.startswith(f"data/methods.yaml:{line}: colour: #ffee99 stands only 1.")
    assert found.endswith(":1 against the background #ffffff; marks need 3:1 (choose a darker colour)")


def test_a_colour_not_written_as_six_hex_digits_is_refused(data):
    line = replace_in(data / "methods.yaml", 'colour_dark: "#3ccfa0"', "colour_dark: teal")
    assert problems(data) == [
        f"data/methods.yaml:{line}: colour_dark: 'teal' is not a colour written #rrggbb (e.g. #d62728)"
    ]


def test_two_methods_with_one_label_name_both_lines(data):
    first = line_of(data / "methods.yaml", "label: SFT")
    line = replace_in(data / "methods.yaml", "label: DPO", "label: SFT")
    assert problems(data) == [
        f"data/methods.yaml:{line}: label: duplicate label 'SFT'; "
        f"first defined at data/methods.yaml:{first - 1}"
    ]


def test_a_model_of_a_method_that_trains_from_a_base_needs_its_base(data):
    replace_in(data / "methods.yaml", "  label: RL\n", "  label: RL\n  from_base: true\n")
    line = line_of(data / "models.csv", "deepseekmath-rl,")
    assert problems(data) == [
        f"data/models.csv:{line}: base_model: a rl model needs the id of its base model"
    ]


def test_a_second_source_for_a_score_may_differ_and_both_are_kept(data):
    append_to(data / "results.csv", "qwen2-7b-instruct,math,49.9,,qwen,Table 9,")
    dataset = load_dataset(data)
    key = ("qwen2-7b-instruct", "math", "")
    assert dataset.chosen[key].source == "step-dpo"  # the site's work comes first
    assert [r.score_text for r in dataset.also_reported[key]] == ["49.9"]


def test_a_site_name_with_markup_is_refused_because_the_theme_reads_it_as_html(data):
    line = replace_in(data / "site.yaml", "name: LLM math benchmarks", "name: <img src=x onerror=alert(1)>")
    assert problems(data) == [
        f"data/site.yaml:{line}: name: holds < or >; the theme shows the name in tooltips that read it "
        "as HTML, so write it without them"
    ]
