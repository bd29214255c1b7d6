"""The services a command acts on: the named ones, or every installed one."""

from __future__ import annotations

from collections.abc import Sequence

from wir_kit.service import ServiceSpec
from wir_ops import registry
from wir_ops.output import fail


def chosen(names: Sequence[str] | None) -> list[ServiceSpec]:
    try:
        return registry.installed_services(names or ())
    except registry.UnknownService as exc:
        fail(str(exc), code=2)
    except registry.InvalidRegistration as exc:
        fail(str(exc))
