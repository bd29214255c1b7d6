"""The import contracts in pyproject.toml refuse what the README says a service may not do.

Each case writes a small service package with one offending import, points the project's own
contracts at it, and runs import-linter: a contract that stopped matching anything (a renamed
room, a typo in a layer) fails here rather than passing silently in `make lint`.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest
from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parents[2]
SERVICE = "wir_probe"
ROOMS = ("domain", "commands", "db", "api", "handlers", "jobs", "adapters")
SERVICES = ("wir_intake", "wir_competence", "wir_notifications")


def _contracts_for_probe() -> list[dict[str, Any]]:
    """The project's service contracts with the probe in place of the real services."""
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts: list[dict[str, Any]] = []
    for contract in pyproject["tool"]["importlinter"]["contracts"]:
        if contract["type"] == "independence":
            continue  # needs two services; the probe is one
        names = {"containers", "source_modules"} & contract.keys()
        if not names or not any(m.startswith(SERVICES) for n in names for m in contract[n]):
            continue
        probe = dict(contract)
        for name in names:
            probe[name] = sorted({_as_probe(m) for m in contract[name]})
        contracts.append(probe)
    return contracts


def _as_probe(module: str) -> str:
    _, _, rest = module.partition(".")
    return f"{SERVICE}.{rest}" if rest else SERVICE


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return '"' + str(value).replace('"', '\\"') + '"'


def _write_config(folder: Path) -> Path:
    lines = [
        "[tool.importlinter]",
        f'root_packages = ["{SERVICE}", "wir_kit"]',
        "include_external_packages = true",
    ]
    for index, contract in enumerate(_contracts_for_probe()):
        lines.append(f'\n[[tool.importlinter.contracts]]\nid = "c{index}"')
        lines.extend(f"{key} = {_toml_value(value)}" for key, value in contract.items())
    config = folder / "importlinter.toml"
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return config


def _write_service(folder: Path, offending: tuple[str, str] | None) -> None:
    package = folder / SERVICE
    package.mkdir()
    (package / "__init__.py").write_text("")
    entry_rooms = ("api", "handlers", "jobs")
    (package / "main.py").write_text("".join(f"import {SERVICE}.{room}\n" for room in entry_rooms))
    for room in ROOMS:
        (package / room).mkdir()
        (package / room / "__init__.py").write_text("")
    (package / "commands" / "__init__.py").write_text(f"import {SERVICE}.db\nimport {SERVICE}.adapters\n")
    (package / "db" / "__init__.py").write_text(f"import {SERVICE}.domain\nimport wir_kit\n")
    if offending is not None:
        room, target = offending
        (package / room / "offence.py").write_text(f"import {target}\n")


def _lint(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, offending: tuple[str, str] | None) -> int:
    _write_service(tmp_path, offending)
    monkeypatch.syspath_prepend(str(tmp_path))
    return lint_imports(config_filename=str(_write_config(tmp_path)), no_cache=True, no_logo=True)


def test_a_service_in_its_rooms_keeps_every_contract(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert _lint(tmp_path, monkeypatch, None) == 0


@pytest.mark.parametrize(
    "offending",
    [
        ("domain", "asyncpg"),
        ("domain", "fastapi"),
        ("domain", "wir_kit"),
        ("domain", f"{SERVICE}.db"),
        ("db", f"{SERVICE}.commands"),
        ("db", f"{SERVICE}.adapters"),
        ("adapters", f"{SERVICE}.db"),
        ("commands", f"{SERVICE}.api"),
        ("api", f"{SERVICE}.handlers"),
        ("handlers", f"{SERVICE}.jobs"),
        ("jobs", f"{SERVICE}.main"),
        ("api", "wir_kit.db"),
        ("handlers", "wir_kit.runtime"),
    ],
    ids=lambda o: f"{o[0]}->{o[1]}" if isinstance(o, tuple) else str(o),
)
def test_an_import_across_the_rules_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, offending: tuple[str, str]
) -> None:
    assert _lint(tmp_path, monkeypatch, offending) == 1
