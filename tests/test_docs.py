"""The README's commands, the Makefile, CI and the workflow agree; the workflow is safe and audited.

The workflow's properties are read from its YAML: who may write, when it deploys, what it caches,
and what a new run cancels. Its `if:` and `cancel-in-progress:` expressions are evaluated for a push
to main and for a pull request, so a test fails on what the workflow would do, not on its wording.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from utils import ROOT

BIN = Path(sys.executable).parent
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.y*ml"))
SITE_WORKFLOW = ROOT / ".github" / "workflows" / "site.yml"
ADD_RESULT_WORKFLOW = ROOT / ".github" / "workflows" / "add-result.yml"
ISSUE_FORMS = sorted((ROOT / ".github" / "ISSUE_TEMPLATE").glob("*.y*ml"))
DEPENDABOT = ROOT / ".github" / "dependabot.yml"
LOCK_FILE = "requirements.txt"

PUSH_TO_MAIN = {"github.event_name": "push", "github.ref": "refs/heads/main"}
PULL_REQUEST = {"github.event_name": "pull_request", "github.ref": "refs/pull/1/merge"}
# The status functions while every step succeeds, and once one has failed (a step runs by default
# only on success()).
ALL_SUCCEEDED = {"success()": True, "failure()": False, "cancelled()": False, "always()": True}
AFTER_A_FAILED_STEP = {"success()": False, "failure()": True, "cancelled()": False, "always()": True}
STATUS_FUNCTION = re.compile(r"\b(success|failure|cancelled|always)\(\)")


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def workflow() -> dict:
    return yaml.safe_load(read(SITE_WORKFLOW))


def steps(job: dict) -> list[dict]:
    return job.get("steps", [])


def all_steps(wf: dict):
    for name, job in wf["jobs"].items():
        for step in steps(job):
            yield name, step


def action(step: dict) -> str:
    """`actions/checkout` for `uses: actions/checkout@<commit>`; "" for a `run:` step."""
    return step.get("uses", "").split("@")[0]


def evaluate(expression: object, context: dict[str, str]) -> bool:
    """A GitHub Actions expression, for one event: enough of the language for `if:` and
    `cancel-in-progress:` (the contexts in `context`, status functions such as `cancelled()`, string
    literals, ==, !=, &&, ||, !, brackets)."""
    if isinstance(expression, bool):
        return expression
    text = str(expression).strip()
    if text.startswith("${{") and text.endswith("}}"):
        text = text[3:-2]
    python = []
    for token in re.findall(r"'[^']*'|\w+\(\)|[\w.-]+|==|!=|&&|\|\||!|\(|\)|\S", text):
        if token.startswith("'"):
            python.append(repr(token[1:-1]))
        elif token in ("==", "!=", "(", ")"):
            python.append(token)
        elif token in ("&&", "||", "!"):
            python.append({"&&": "and", "||": "or", "!": "not"}[token])
        elif token in ("true", "false"):
            python.append(token.capitalize())
        elif token in context:
            python.append(repr(context[token]))
        else:
            raise ValueError(f"cannot evaluate {token!r} in {expression!r}")
    return bool(eval(" ".join(python), {"__builtins__": {}}))  # only the tokens above


def runs_when(condition: object, context: dict[str, object]) -> bool:
    """Whether a step or job runs: GitHub adds `success() &&` to a condition without a status function."""
    context = {**ALL_SUCCEEDED, **context}
    succeeded = context["success()"]
    if condition is None:
        return bool(succeeded)
    if not STATUS_FUNCTION.search(str(condition)):
        return bool(succeeded) and evaluate(condition, context)
    return evaluate(condition, context)


def test_every_make_command_in_the_readme_is_a_makefile_target():
    makefile = read(ROOT / "Makefile")
    commands = set(re.findall(r"\bmake (\w[\w-]*)", read(ROOT / "README.md")))
    assert {"serve", "test", "build", "zensical"} <= commands
    missing = [command for command in sorted(commands) if not re.search(rf"^{command}:", makefile, re.M)]
    assert not missing, f"the README shows `make {missing[0]}`, which the Makefile does not define"


def test_ci_runs_the_readme_test_command():
    assert "make test" in read(ROOT / ".ci" / "run")


def test_the_workflow_builds_with_make_build_and_tests_with_make_test():
    commands = [step.get("run", "").strip() for _, step in all_steps(workflow())]
    assert "make build" in commands
    assert "make test" in commands


def test_the_workflow_runs_on_pull_requests_and_on_push_to_main():
    triggers = workflow()[True]  # YAML 1.1 reads the key `on` as true
    assert set(triggers) == {"push", "pull_request"}
    assert triggers["push"] == {"branches": ["main"]}


def is_preview(step: dict) -> bool:
    return step.get("with", {}).get("name") == "site-preview"


def test_only_a_push_to_main_uploads_and_deploys_the_site():
    wf = workflow()
    deploying = {"actions/upload-pages-artifact", "actions/deploy-pages"}
    found = set()
    for name, step in all_steps(wf):
        if action(step) in deploying and not is_preview(step):
            found.add(action(step))
            for context, expected in ((PUSH_TO_MAIN, True), (PULL_REQUEST, False)):
                job_runs = runs_when(wf["jobs"][name].get("if"), context)
                assert (job_runs and runs_when(step.get("if"), context)) is expected, (name, step, context)
    assert found == deploying


def test_no_permission_is_granted_at_the_top_level():
    for path in WORKFLOWS:
        assert yaml.safe_load(read(path)).get("permissions") == {}, path.name


def test_only_the_deploy_job_writes_and_only_to_pages():
    jobs = workflow()["jobs"]
    writers = {
        name: job["permissions"]
        for name, job in jobs.items()
        if "write" in job.get("permissions", {}).values()
    }
    assert writers == {"deploy": {"pages": "write", "id-token": "write"}}
    for name, job in jobs.items():
        assert isinstance(job.get("permissions"), dict), f"job {name} must list its permissions"


def test_a_job_that_reads_the_pages_settings_may_read_them():
    for name, job in workflow()["jobs"].items():
        if any(action(step) == "actions/configure-pages" for step in steps(job)):
            assert job["permissions"].get("pages") in ("read", "write"), name


def test_every_checkout_leaves_no_credentials_behind():
    checkouts = [step for _, step in all_steps(workflow()) if action(step) == "actions/checkout"]
    assert checkouts
    for step in checkouts:
        assert step.get("with", {}).get("persist-credentials") is False


def test_a_deploy_in_progress_is_never_cancelled():
    """No concurrency group, the workflow's or a job's, cancels a run of a push to main."""
    wf = workflow()
    groups = [wf.get("concurrency")] + [job.get("concurrency") for job in wf["jobs"].values()]
    for group in groups:
        if isinstance(group, dict):  # a bare group name never cancels
            assert evaluate(group.get("cancel-in-progress", False), PUSH_TO_MAIN) is False, group


def test_a_superseded_pull_request_run_is_cancelled():
    assert evaluate(workflow()["concurrency"]["cancel-in-progress"], PULL_REQUEST) is True


def test_the_pip_cache_is_keyed_on_the_lock_file_the_makefile_installs():
    setups = [step for _, step in all_steps(workflow()) if action(step) == "actions/setup-python"]
    assert setups
    for step in setups:
        assert step["with"]["cache"] == "pip"
        assert step["with"]["cache-dependency-path"] == LOCK_FILE
    assert f"pip install --quiet -r {LOCK_FILE}" in read(ROOT / "Makefile")
    assert (ROOT / LOCK_FILE).exists()


def test_every_action_is_pinned_to_a_full_commit_with_its_version_as_a_comment():
    for path in WORKFLOWS:
        for line in read(path).splitlines():
            if re.match(r"\s*(- )?uses:", line):
                assert re.search(r"uses: [\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+(\.\d+)*$", line), line


def test_the_site_is_deployed_to_the_github_pages_environment():
    wf = workflow()
    uploads = [step for _, step in all_steps(wf) if action(step) == "actions/upload-pages-artifact"]
    assert [step["with"]["path"] for step in uploads if not is_preview(step)] == ["site"]
    deploy = wf["jobs"]["deploy"]
    assert deploy["environment"]["name"] == "github-pages"
    assert deploy["needs"] == "build"


def step_running(command: str) -> tuple[str, dict]:
    [found] = [(name, step) for name, step in all_steps(workflow()) if command in step.get("run", "")]
    return found


def test_a_pull_request_uploads_the_site_it_builds_as_a_preview_and_main_does_not():
    wf = workflow()
    [(name, preview)] = [(name, step) for name, step in all_steps(wf) if is_preview(step)]
    assert action(preview) == "actions/upload-pages-artifact"
    assert preview["with"]["path"] == "site"
    build = [step.get("run") for step in steps(wf["jobs"][name])].index("make build")
    assert steps(wf["jobs"][name]).index(preview) > build
    assert runs_when(preview.get("if"), PULL_REQUEST) is True
    assert runs_when(preview.get("if"), PUSH_TO_MAIN) is False


def test_a_pull_request_summary_compares_the_base_data_even_when_the_build_failed():
    name, summarize = step_running("tools.data_diff")
    assert '.base/data data >> "$GITHUB_STEP_SUMMARY"' in summarize["run"]
    job_steps = steps(workflow()["jobs"][name])
    [base] = [step for step in job_steps if step.get("with", {}).get("path") == ".base"]
    assert action(base) == "actions/checkout"
    assert base["with"]["ref"] == "${{ github.event.pull_request.base.sha }}"
    assert job_steps.index(base) < job_steps.index(summarize)
    for step in (base, summarize):
        assert runs_when(step.get("if"), {**PULL_REQUEST, **AFTER_A_FAILED_STEP}) is True
        assert runs_when(step.get("if"), {**PUSH_TO_MAIN, **AFTER_A_FAILED_STEP}) is False
        assert runs_when(step.get("if"), PUSH_TO_MAIN) is False


def test_no_workflow_puts_an_expression_into_a_shell_script():
    """Values reach scripts through `env:`, so no text from an issue or a branch name becomes code."""
    for path in WORKFLOWS:
        for job in yaml.safe_load(read(path))["jobs"].values():
            for step in steps(job):
                assert "${{" not in step.get("run", ""), (path.name, step.get("name"))


def test_dependabot_updates_the_lock_file_and_the_actions():
    config = yaml.safe_load(read(DEPENDABOT))
    ecosystems = {update["package-ecosystem"]: update["directory"] for update in config["updates"]}
    assert ecosystems == {"pip": "/", "github-actions": "/"}
    # Dependabot's pip updater reads only *.txt and *.in files: a lock named otherwise is never updated.
    assert LOCK_FILE.endswith((".txt", ".in"))


def run_tool(name: str, *args: str) -> subprocess.CompletedProcess:
    tool = BIN / name if (BIN / name).exists() else shutil.which(name)
    assert tool, f"{name} is not installed"
    return subprocess.run([str(tool), *args], cwd=ROOT, capture_output=True, text=True)


def test_zizmor_finds_nothing_in_the_workflows():
    result = run_tool("zizmor", "--offline", "--persona", "auditor", ".github/")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings" in result.stdout + result.stderr


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda path: path.name)
def test_the_workflow_validates_against_its_schema(path):
    result = run_tool("check-jsonschema", "--builtin-schema", "vendor.github-workflows", str(path))
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("path", ISSUE_FORMS, ids=lambda path: path.name)
def test_the_issue_form_validates_against_its_schema(path):
    result = run_tool("check-jsonschema", "--builtin-schema", "vendor.github-issue-forms", str(path))
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_add_result_workflow_runs_only_when_a_maintainer_adds_its_label():
    wf = yaml.safe_load(read(ADD_RESULT_WORKFLOW))
    assert wf[True] == {"issues": {"types": ["labeled"]}}
    [job] = wf["jobs"].values()
    assert job["if"] == "github.event.label.name == 'add-result'"


def test_the_add_result_job_may_write_only_contents_pull_requests_and_issues():
    [job] = yaml.safe_load(read(ADD_RESULT_WORKFLOW))["jobs"].values()
    assert job["permissions"] == {"contents": "write", "pull-requests": "write", "issues": "write"}
    checkouts = [step for step in steps(job) if action(step) == "actions/checkout"]
    assert [step["with"]["persist-credentials"] for step in checkouts] == [False]


def test_the_issue_text_reaches_the_parser_only_through_the_event_file():
    text = read(ADD_RESULT_WORKFLOW)
    # Nothing a person typed (issue title or body, a comment, a label) is in an expression.
    assert re.findall(r"\$\{\{\s*([^}]*?)\s*\}\}", text) == [
        "github.event.issue.number",
        "github.event.issue.number",
        "secrets.GITHUB_TOKEN",
        "secrets.GITHUB_TOKEN",
    ]
    [job] = yaml.safe_load(text)["jobs"].values()
    parse = next(step for step in steps(job) if "tools.submission" in step.get("run", ""))
    assert '--event "$GITHUB_EVENT_PATH"' in parse["run"]
    commented = next(step for step in steps(job) if "gh issue comment" in step.get("run", ""))
    assert "--body-file" in commented["run"]


def test_the_dependabot_config_validates_against_its_schema():
    result = run_tool("check-jsonschema", "--builtin-schema", "vendor.dependabot", str(DEPENDABOT))
    assert result.returncode == 0, result.stdout + result.stderr
