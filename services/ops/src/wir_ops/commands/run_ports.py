"""Which port each service listens on: `--port NAME=PORT`, else `WIR_PORT_<NAME>`, else the
platform's plan (intake 8001 … notifications 8005), else the port its spec declares."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from types import MappingProxyType

from wir_kit.service import ServiceSpec

PLANNED: Mapping[str, int] = MappingProxyType(
    {
        "intake": 8001,
        "competence": 8002,
        "matching": 8003,
        "interpreting": 8004,
        "notifications": 8005,
    }
)


class PortError(ValueError):
    """A port that cannot be used, with what to do instead."""


def parse_port(text: str, origin: str) -> int:
    value = text.strip()
    if not value.isdigit() or not 1 <= int(value) <= 65535:
        raise PortError(f"{origin}: {text!r} is not a port number (1-65535)")
    return int(value)


def parse_overrides(values: Iterable[str]) -> dict[str, int]:
    """`["intake=9001", ...]` as `{"intake": 9001, ...}`."""
    overrides: dict[str, int] = {}
    for value in values:
        name, sep, port = value.partition("=")
        if not sep or not name.strip():
            raise PortError(f"{value!r}: expected SERVICE=PORT, e.g. intake=9001")
        overrides[name.strip()] = parse_port(port, f"port of {name.strip()}")
    return overrides


def env_variable(service: str) -> str:
    return "WIR_PORT_" + re.sub(r"[^A-Z0-9]", "_", service.upper())


def port_for(spec: ServiceSpec, overrides: Mapping[str, int], environ: Mapping[str, str]) -> int:
    if spec.name in overrides:
        return overrides[spec.name]
    variable = env_variable(spec.name)
    if variable in environ:
        return parse_port(environ[variable], variable)
    port = PLANNED.get(spec.name, spec.port)
    if not 1 <= port <= 65535:
        raise PortError(f"{spec.name} declares no port: pass --port {spec.name}=PORT")
    return port


def plan(
    specs: Sequence[ServiceSpec],
    overrides: Mapping[str, int],
    environ: Mapping[str, str],
) -> dict[str, int]:
    """A distinct port for each service."""
    names = {spec.name for spec in specs}
    strangers = sorted(set(overrides) - names)
    if strangers:
        raise PortError(f"--port names no service to run: {', '.join(strangers)}")
    ports = {spec.name: port_for(spec, overrides, environ) for spec in specs}
    taken: dict[int, str] = {}
    for name, port in ports.items():
        if port in taken:
            raise PortError(f"{taken[port]} and {name} would both listen on port {port}")
        taken[port] = name
    return ports
