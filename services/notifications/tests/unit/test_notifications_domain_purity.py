"""The domain modules decide; they do no I/O and know no framework."""

from __future__ import annotations

import ast
from importlib.resources import files

import pytest

IO_AND_FRAMEWORKS = {
    "asyncpg",
    "aio_pika",
    "aiosmtplib",
    "httpx",
    "fastapi",
    "faststream",
    "jinja2",
    "socket",
    "wir_kit",
}
DOMAIN = files("wir_notifications") / "domain"


def imported_modules(tree: ast.Module) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            names.add(node.module or "")
    return names


@pytest.mark.parametrize("module", sorted(f.name for f in DOMAIN.iterdir() if f.name.endswith(".py")))
def test_domain_module_imports_no_io(module: str) -> None:
    imported = imported_modules(ast.parse((DOMAIN / module).read_text(encoding="utf-8")))

    assert {name.split(".")[0] for name in imported}.isdisjoint(IO_AND_FRAMEWORKS)
    own = {name for name in imported if name.startswith("wir_notifications")}
    assert all(name.startswith("wir_notifications.domain") for name in own)
