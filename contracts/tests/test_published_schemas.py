"""Every schema snapshot ever committed stays valid for what the code now produces: a change
within a major version may only add optional fields (the checker's rules, DESIGN §4).

History is the baseline: a snapshot regenerated with `make contracts` after an incompatible
change still fails here, against each earlier commit of the same file.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from wir_contracts.compat import breaking_changes
from wir_contracts.snapshots import render_schemas

REPO = Path(__file__).resolve().parents[2]
SCHEMAS = "contracts/schemas"


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def breaking_since_published(repo: Path, folder: str, current: dict[str, str]) -> list[str]:
    """What in `current` (path under `folder` -> schema text) breaks any committed version of the
    same file, and which published files are gone."""
    problems = []
    published = {
        line.removeprefix(f"{folder}/")
        for line in _git(repo, "log", "--format=", "--name-only", "--", folder).split()
    }
    for path in sorted(published - set(current)):
        problems.append(f"{path}: published, now removed")
    for path, text in sorted(current.items()):
        for commit in _git(repo, "log", "--format=%H", "--", f"{folder}/{path}").split():
            old = _git(repo, "show", f"{commit}:{folder}/{path}")
            problems += [
                f"{path} against {commit[:8]}: {change}"
                for change in breaking_changes(json.loads(old), json.loads(text))
            ]
    return problems


def _in_git_checkout() -> bool:
    return shutil.which("git") is not None and (REPO / ".git").exists()


@pytest.mark.skipif(not _in_git_checkout() and os.environ.get("CI") != "true", reason="needs the git history")
def test_no_event_schema_breaks_a_version_committed_before() -> None:
    assert breaking_since_published(REPO, SCHEMAS, render_schemas()) == []


SCHEMA_V1 = {
    "type": "object",
    "properties": {"person_id": {"type": "string"}, "note": {"type": "string"}},
    "required": ["person_id"],
}


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "config", "user.email", "test@example.org")
    _git(tmp_path, "config", "user.name", "test")
    folder = tmp_path / SCHEMAS / "intake"
    folder.mkdir(parents=True)
    (folder / "person_registered.v1.json").write_text(json.dumps(SCHEMA_V1))
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-q", "-m", "v1 published")
    return tmp_path


def test_an_added_optional_field_passes(repo: Path) -> None:
    grown = {**SCHEMA_V1, "properties": {**SCHEMA_V1["properties"], "extra": {"type": "string"}}}
    assert (
        breaking_since_published(repo, SCHEMAS, {"intake/person_registered.v1.json": json.dumps(grown)}) == []
    )


def test_a_breaking_change_fails_even_once_the_snapshot_is_regenerated(repo: Path) -> None:
    narrowed = {**SCHEMA_V1, "required": ["person_id", "note"]}
    snapshot = repo / SCHEMAS / "intake" / "person_registered.v1.json"
    snapshot.write_text(json.dumps(narrowed))
    _git(repo, "commit", "-q", "-am", "regenerated after a breaking change")

    problems = breaking_since_published(
        repo, SCHEMAS, {"intake/person_registered.v1.json": json.dumps(narrowed)}
    )

    assert len(problems) == 1
    assert "note" in problems[0]


def test_a_published_schema_that_disappears_fails(repo: Path) -> None:
    assert breaking_since_published(repo, SCHEMAS, {}) == [
        "intake/person_registered.v1.json: published, now removed"
    ]
