"""The services installed beside the CLI: each package registers its `main.build` under the
entry-point group `wir.services`, named as the service, so the CLI imports no service itself.
`build()` reads the service's own settings from the environment, once, when it is called."""

from __future__ import annotations

from collections.abc import Iterable
from importlib.metadata import entry_points
from typing import Any, Protocol

from wir_kit.service import ServiceSpec

GROUP = "wir.services"


class Entry(Protocol):
    """A registered service, not imported yet."""

    @property
    def name(self) -> str: ...

    def load(self) -> Any: ...


class UnknownService(LookupError):
    """A name that no installed package registers as a service."""


class InvalidRegistration(TypeError):
    """An entry point of `wir.services` that does not build a usable ServiceSpec."""


def entries() -> dict[str, Entry]:
    found: dict[str, Entry] = {}
    for entry in entry_points(group=GROUP):
        if entry.name in found:
            raise InvalidRegistration(f"two packages register the service {entry.name!r}")
        found[entry.name] = entry
    return found


def installed_services(names: Iterable[str] = ()) -> list[ServiceSpec]:
    """The named services in the order given, else every installed one sorted by name.

    Only those are imported: `wir serve intake` does not pay for, or fail on, another service.
    """
    registered = entries()
    wanted = list(dict.fromkeys(names)) or sorted(registered)
    unknown = [name for name in wanted if name not in registered]
    if unknown:
        installed = ", ".join(sorted(registered)) or "none"
        raise UnknownService(f"not an installed service: {', '.join(unknown)} (installed: {installed})")
    return [_load(registered[name]) for name in wanted]


def _load(entry: Entry) -> ServiceSpec:
    try:
        build = entry.load()
        spec = build() if callable(build) else build
    except Exception as exc:
        raise InvalidRegistration(
            f"service {entry.name!r} cannot be loaded: {type(exc).__name__}: {exc}"
        ) from exc
    if not isinstance(spec, ServiceSpec):
        raise InvalidRegistration(f"entry point {entry.name!r} is not a ServiceSpec")
    if spec.name != entry.name:
        raise InvalidRegistration(f"entry point {entry.name!r} registers a service named {spec.name!r}")
    return spec
