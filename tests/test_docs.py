"""The README's commands, the Makefile, CI and the workflow agree; the workflow passes its audits."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

BIN = Path(sys.executable).parent


def test_the_readme_shows_the_two_commands_and_the_makefile_defines_them():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for command in ("make serve", "make test"):
        assert command in readme
        assert re.search(rf"^{command.split()[1]}:", makefile, re.M)


def test_ci_runs_the_readme_test_command():
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_the_workflow_tests_and_builds_with_the_readme_commands():
    workflow = (ROOT / ".github" / "workflows" / "site.yml").read_text(encoding="utf-8")
    assert "run: make test" in workflow and "run: make build" in workflow


def test_every_action_is_pinned_to_a_full_commit():
    for workflow in (ROOT / ".github" / "workflows").glob("*.yml"):
        for uses in re.findall(r"uses:\s*(\S+)", workflow.read_text(encoding="utf-8")):
            assert re.match(r"^[\w.-]+/[\w.-]+@[0-9a-f]{40}$", uses), uses


def run_tool(name: str, *args: str) -> subprocess.CompletedProcess:
    tool = BIN / name if (BIN / name).exists() else shutil.which(name)
    assert tool, f"{name} is not installed"
    return subprocess.run([str(tool), *args], cwd=ROOT, capture_output=True, text=True)


def test_zizmor_finds_nothing_in_the_workflows():
    result = run_tool("zizmor", "--offline", "--persona", "auditor", ".github/")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings" in result.stdout + result.stderr


def test_the_workflows_validate_against_their_schema():
    for workflow in (ROOT / ".github" / "workflows").glob("*.yml"):
        result = run_tool("check-jsonschema", "--builtin-schema", "vendor.github-workflows", str(workflow))
        assert result.returncode == 0, result.stdout
