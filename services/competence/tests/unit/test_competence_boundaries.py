"""The domain modules stay pure: no database, broker, HTTP or runtime imports."""

from __future__ import annotations

import ast
from importlib.util import find_spec
from pathlib import Path

import pytest

DOMAIN = ["entries", "record", "milestones", "document", "sharing", "verification", "labels", "occupations"]
FORBIDDEN = (
    "asyncpg",
    "aio_pika",
    "aiormq",
    "faststream",
    "fastapi",
    "starlette",
    "httpx",
    "wir_kit",
    "wir_competence.db",
)


def imports_of(module: str) -> set[str]:
    spec = find_spec(f"wir_competence.{module}")
    assert spec is not None and spec.origin is not None
    tree = ast.parse(Path(spec.origin).read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


@pytest.mark.parametrize("module", DOMAIN)
def test_domain_modules_import_no_io(module: str) -> None:
    assert [name for name in imports_of(module) if name.startswith(FORBIDDEN)] == []
