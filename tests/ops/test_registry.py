"""Services are found through their packages' `wir.services` entry points, by name."""

from __future__ import annotations

import sys
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest

from wir_kit.service import ServiceSpec
from wir_ops import registry


def install_package(folder: Path, monkeypatch: pytest.MonkeyPatch, module_text: str, target: str) -> None:
    """A package on sys.path with one module and one `wir.services` entry point."""
    module = f"ops_registry_{uuid.uuid4().hex[:8]}"
    (folder / f"{module}.py").write_text(module_text)
    dist = folder / f"{module}-0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {module}\nVersion: 0\n")
    (dist / "entry_points.txt").write_text(f"[wir.services]\nprobe = {module}:{target}\n")
    monkeypatch.syspath_prepend(str(folder))
    monkeypatch.delitem(sys.modules, module, raising=False)


def test_an_installed_package_registers_its_service(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    install_package(
        tmp_path,
        monkeypatch,
        "from wir_kit.service import ServiceSpec\nSPEC = ServiceSpec(name='probe', port=8099)\n",
        "SPEC",
    )

    assert registry.installed_services(["probe"]) == [ServiceSpec(name="probe", port=8099)]


def test_an_entry_point_that_is_no_service_spec_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    install_package(tmp_path, monkeypatch, "SPEC = 42\n", "SPEC")

    with pytest.raises(registry.InvalidRegistration, match="'probe' is not a ServiceSpec"):
        registry.installed_services(["probe"])


def test_an_entry_point_must_be_named_as_its_service(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    install_package(
        tmp_path,
        monkeypatch,
        "from wir_kit.service import ServiceSpec\nSPEC = ServiceSpec(name='other', port=8099)\n",
        "SPEC",
    )

    with pytest.raises(registry.InvalidRegistration, match="'probe' registers a service named 'other'"):
        registry.installed_services(["probe"])


def test_a_service_that_cannot_be_imported_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    install_package(tmp_path, monkeypatch, "raise ImportError('missing dependency')\n", "SPEC")

    with pytest.raises(registry.InvalidRegistration, match="'probe' cannot be loaded: ImportError"):
        registry.installed_services(["probe"])


def test_services_load_in_the_order_named_and_unknown_names_are_listed(
    install: Callable[..., None],
) -> None:
    install(*(ServiceSpec(name=name, port=0) for name in ("notifications", "intake", "matching")))

    assert [s.name for s in registry.installed_services()] == ["intake", "matching", "notifications"]
    assert [s.name for s in registry.installed_services(["matching", "intake", "matching"])] == [
        "matching",
        "intake",
    ]
    with pytest.raises(registry.UnknownService, match="not an installed service: reporting"):
        registry.installed_services(["reporting"])


def test_an_entry_point_naming_a_build_function_gets_what_it_builds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    install_package(
        tmp_path,
        monkeypatch,
        "from wir_kit.service import ServiceSpec\n"
        "def build(settings=None):\n"
        "    return ServiceSpec(name='probe', port=8099)\n",
        "build",
    )

    assert registry.installed_services(["probe"]) == [ServiceSpec(name="probe", port=8099)]


def test_a_build_that_fails_is_named_by_its_service(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    install_package(
        tmp_path,
        monkeypatch,
        "def build():\n    raise ValueError('WIR_PROBE_URL is not a URL')\n",
        "build",
    )

    with pytest.raises(registry.InvalidRegistration, match="'probe' cannot be loaded: ValueError"):
        registry.installed_services(["probe"])
