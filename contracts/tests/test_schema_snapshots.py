"""The committed JSON Schemas and golden examples are what the code generates."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from wir_contracts.snapshots import render_examples, render_schemas

CONTRACTS = Path(__file__).resolve().parents[1]


def _committed(folder: str) -> dict[str, str]:
    root = CONTRACTS / folder
    return {str(path.relative_to(root)): path.read_text(encoding="utf-8") for path in root.rglob("*.json")}


@pytest.mark.parametrize(("folder", "render"), [("schemas", render_schemas), ("examples", render_examples)])
def test_committed_snapshots_match_the_code(folder: str, render: Callable[[], dict[str, str]]) -> None:
    expected, committed = render(), _committed(folder)
    assert sorted(committed) == sorted(expected), "run `make contracts`"
    stale = [path for path in expected if committed[path] != expected[path]]
    assert stale == [], "run `make contracts` and review the diff"
