"""Import boundaries: the domain does no I/O, and intake imports no other service."""

from __future__ import annotations

import ast
from importlib.resources import files
from pathlib import Path

import pytest

PACKAGE = Path(str(files("wir_intake")))
IO = ("asyncpg", "aio_pika", "aiormq", "faststream", "fastapi", "starlette", "httpx", "socket", "wir_kit")
OWN_IO = tuple(f"wir_intake.{layer}" for layer in ("db", "api", "commands", "handlers", "jobs", "main"))
OTHER_SERVICES = ("wir_competence", "wir_matching", "wir_interpreting", "wir_notifications", "wir_ops")


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def _modules(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.py"))


@pytest.mark.parametrize("path", _modules(PACKAGE / "domain"), ids=lambda p: p.name)
def test_the_domain_does_no_io(path: Path) -> None:
    assert not [name for name in _imports(path) if name.startswith(IO + OWN_IO)]


@pytest.mark.parametrize("path", _modules(PACKAGE), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_intake_imports_no_other_service(path: Path) -> None:
    assert not [name for name in _imports(path) if name.startswith(OTHER_SERVICES)]
