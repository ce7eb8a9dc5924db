"""The Lighthouse benchmark's own arithmetic: what it reads from a report, its medians, its table
and its verdicts, on reports written here. Nothing runs Lighthouse or is timed."""

from __future__ import annotations

import sys

from utils import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
import lighthouse


def report(performance=1.0, tbt=0.0, cls=0.0, contrast=1.0, seo=None) -> dict:
    """A Lighthouse report with the parts the benchmark reads: one metric, one weighted audit per
    category (and one that does not apply), a diagnostic, an audit that could not run."""

    def audit(score, mode="binary", value=None, **extra):
        return {"title": "A title", "score": score, "scoreDisplayMode": mode, "numericValue": value, **extra}

    audits = {
        "first-contentful-paint": audit(1, "numeric", 900.0),
        "largest-contentful-paint": audit(1, "numeric", 1200.0),
        "total-blocking-time": audit(performance, "numeric", tbt),
        "cumulative-layout-shift": audit(1, "numeric", cls),
        "total-byte-weight": audit(1, "numeric", 300 * 1024),
        "unused-javascript": audit(0, "metricSavings", displayValue="Potential savings of 120 KiB"),
        "color-contrast": audit(contrast),
        "aria-dialog-name": audit(None, "notApplicable"),
        "errors-in-console": audit(1),
        "meta-description": audit(1),
        "layout-shifts": audit(None, "error", errorMessage="Required X gatherer encountered an error: Boom"),
    }
    categories = {
        "performance": (performance, [("total-blocking-time", 30), ("unused-javascript", 0)]),
        "accessibility": (contrast if contrast < 1 else 1, [("color-contrast", 3), ("aria-dialog-name", 7)]),
        "best-practices": (1, [("errors-in-console", 1)]),
        "seo": (1 if seo is None else seo, [("meta-description", 1)]),
    }
    return {
        "audits": audits,
        "categories": {
            name: {"score": score, "auditRefs": [{"id": a, "weight": w} for a, w in refs]}
            for name, (score, refs) in categories.items()
        },
        "environment": {"benchmarkIndex": 900},
        "runWarnings": [],
    }


def page(label, *reports) -> lighthouse.Page:
    return lighthouse.Page(
        label, "" if label == lighthouse.BARE else "x/", [lighthouse.summary(r) for r in reports]
    )


def test_an_audit_costs_its_share_of_the_weights_of_the_audits_that_apply():
    run = lighthouse.summary(report(contrast=0.5))
    # aria-dialog-name does not apply: color-contrast carries the whole category's weight
    assert run.costs == {("accessibility", "color-contrast"): 0.5}
    assert run.hints == {"unused-javascript": "Potential savings of 120 KiB"}
    assert run.errors == {"layout-shifts": "Required X gatherer encountered an error: Boom"}


def test_a_failed_audit_costs_nothing_in_the_runs_where_it_passed():
    measured = page("Home", report(contrast=0.5), report(), report())
    assert lighthouse.audit_lists([measured])[1] == "- Home: no audit costs points."
    measured = page("Home", report(contrast=0.5), report(contrast=0.5), report())
    assert "`color-contrast` (A title) costs 0.50, in 2 of 3 runs" in lighthouse.audit_lists([measured])[1]


def test_an_audit_that_ran_on_no_page_is_named_once_with_the_root_of_its_error():
    lines = lighthouse.audit_lists([page("Home", report()), page(lighthouse.BARE, report())])
    assert lines[0] == "- On every page Lighthouse could not run `layout-shifts`: Boom."
    assert not any("could not run" in line for line in lines[1:])


def test_the_medians_skip_a_category_that_has_no_score():
    measured = page("Home", report(tbt=100, seo=None), report(tbt=300), report(tbt=200))
    measured.runs[0].scores["seo"] = None
    assert measured.metric("total-blocking-time") == 200
    assert measured.score("seo") == 1
    assert lighthouse.median([None, None]) is None


def test_the_table_shows_a_row_per_page_with_medians():
    rows = lighthouse.table([page("Home", report(0.9, 150), report(0.7, 350), report(0.8, 250))])
    assert rows.splitlines()[2] == (
        "| Home (`/x/`) | 0.80 | 1.00 | 1.00 | 1.00 | 900 ms | 1,200 ms | 250 ms | 0 | 300 |"
    )


def test_the_targets_compare_each_page_with_the_bare_page_of_the_run():
    bare = page(lighthouse.BARE, report(1.0, tbt=20))
    good = page("Model page", report(0.98, tbt=70))
    slow = page("Home", report(0.97, tbt=71, cls=0.01))
    verdicts = lighthouse.verdicts([good, slow, bare])
    assert verdicts[0] == "- ✗ performance at least 0.98 on every page type: Home 0.97"
    assert verdicts[1] == "- ✗ performance within 0.02 of the bare page's 1.00 on every page type: Home 0.97"
    assert verdicts[2] == "- ✓ accessibility 1.0 on every page type: all pass"
    assert verdicts[5] == "- ✗ CLS 0 on every page type: Home 0.010"
    assert verdicts[6] == "- ✗ TBT at most the bare page's 20 ms + 50 ms on every page type: Home 71 ms"


def test_each_page_type_is_its_heaviest_page_and_a_missing_type_is_named(tmp_path):
    for path, size in [("index.html", 1), ("models/index.html", 1), ("models/a/index.html", 5)]:
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text("x" * size)
    (tmp_path / "models/b/").mkdir()
    (tmp_path / "models/b/index.html").write_text("x" * 9)
    found, missing = lighthouse.pages_of(tmp_path)
    assert found == {"Home": "", "Model page": "models/b/", "Models index": "models/"}
    assert "Compare" in missing and "Embed" in missing and "Data" in missing
