"""Every service reads alike: the same rooms, the same wiring, small modules and functions.

The rules are the root README's "One shape for every service"; import-linter checks the
layers between the rooms (`make lint`), these tests check what it cannot.
"""

from __future__ import annotations

import ast
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ROOMS = {"domain", "commands", "db", "api", "handlers", "jobs", "adapters", "migrations"}
ROOT_MODULES = {"__init__.py", "main.py", "settings.py", "demo.py"}
#: The kit and the operator CLI are the runtime and the tooling, the web app a client of the
#: services' APIs with no database or events of its own: none of them is a service.
NOT_SERVICES = {"kit", "ops", "web"}
MAX_MODULE_LINES = 300
MAX_FUNCTION_LINES = 60


def service_packages() -> list[Path]:
    return sorted(
        package
        for folder in (ROOT / "services").iterdir()
        if folder.name not in NOT_SERVICES
        for package in (folder / "src").glob("wir_*")
        if package.is_dir()
    )


def source_files() -> Iterator[Path]:
    """Every Python module under a `src` folder of the services and the kit and ops."""
    yield from sorted((ROOT / "services").glob("*/src/**/*.py"))


SERVICES = service_packages()


def test_there_are_services_to_check() -> None:
    assert {p.name for p in SERVICES} >= {
        "wir_intake",
        "wir_competence",
        "wir_matching",
        "wir_interpreting",
        "wir_notifications",
    }


@pytest.mark.parametrize("package", SERVICES, ids=lambda p: p.name)
def test_every_service_has_the_same_rooms(package: Path) -> None:
    rooms = {p.name for p in package.iterdir() if p.is_dir() and p.name != "__pycache__"}
    modules = {p.name for p in package.glob("*.py")}
    assert rooms == ROOMS
    assert modules == ROOT_MODULES


@pytest.mark.parametrize("package", SERVICES, ids=lambda p: p.name)
def test_every_room_says_what_it_holds(package: Path) -> None:
    for room in ROOMS - {"migrations"}:
        init = package / room / "__init__.py"
        assert init.is_file(), f"{room} has no __init__.py"
        assert ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))), f"{room}/__init__.py"


@pytest.mark.parametrize("package", SERVICES, ids=lambda p: p.name)
def test_the_service_is_built_by_main_build_and_registered_as_such(package: Path) -> None:
    main = ast.parse((package / "main.py").read_text(encoding="utf-8"))
    builds = [n for n in main.body if isinstance(n, ast.FunctionDef) and n.name == "build"]
    assert builds, "main.py defines no build()"
    pyproject = tomllib.loads((package.parents[1] / "pyproject.toml").read_text(encoding="utf-8"))
    entries = pyproject["project"]["entry-points"]["wir.services"]
    assert entries == {package.name.removeprefix("wir_"): f"{package.name}.main:build"}


@pytest.mark.parametrize("package", SERVICES, ids=lambda p: p.name)
def test_settings_are_read_once_in_main(package: Path) -> None:
    """Settings come from the environment when constructed: anywhere but `build` that reads
    the environment again, behind the back of whoever built the service."""
    settings_classes = {
        node.name
        for node in ast.parse((package / "settings.py").read_text(encoding="utf-8")).body
        if isinstance(node, ast.ClassDef)
    }
    constructed = [
        f"{path.relative_to(package)}:{node.lineno}"
        for path in package.rglob("*.py")
        if path.name != "main.py" or path.parent != package
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in settings_classes
    ]
    assert constructed == []


def test_no_module_is_longer_than_the_limit() -> None:
    long = {
        str(path.relative_to(ROOT)): lines
        for path in source_files()
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert long == {}


def test_no_function_is_longer_than_the_limit() -> None:
    long = {
        f"{path.relative_to(ROOT)}:{node.name}": length
        for path in source_files()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and (length := (node.end_lineno or node.lineno) - node.lineno + 1) > MAX_FUNCTION_LINES
    }
    assert long == {}


def _import_contracts() -> list[dict[str, object]]:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts: list[dict[str, object]] = pyproject["tool"]["importlinter"]["contracts"]
    return contracts


def test_import_linter_knows_every_service() -> None:
    """A new service is layered, pure, independent and kept to the kit's public API the day
    it is added: each contract names it."""
    names = {p.name for p in SERVICES}
    by_type: dict[str, list[dict[str, object]]] = {}
    for contract in _import_contracts():
        by_type.setdefault(str(contract["type"]), []).append(contract)
    [layers] = by_type["layers"]
    assert set(layers["containers"]) == names
    assert layers["layers"] == ["main", "api | handlers | jobs", "commands", "db | adapters", "domain"]
    [independence] = by_type["independence"]
    assert set(independence["modules"]) == names
    forbidden_sources = [set(c["source_modules"]) for c in by_type["forbidden"]]
    assert {f"{name}.domain" for name in names} in forbidden_sources
    assert names in forbidden_sources
