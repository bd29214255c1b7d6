"""Settings from the environment, or one line saying which variable is wrong."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from wir_kit.service import ServiceSpec
from wir_kit.settings import Settings
from wir_ops.output import fail


def load_settings(**overrides: Any) -> Settings:
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        # Without the input: a rejected value can be a password or a key.
        problems = [
            (f"WIR_{'_'.join(map(str, e['loc'])).upper()}: " if e["loc"] else "") + e["msg"]
            for e in exc.errors(include_input=False, include_url=False, include_context=False)
        ]
        fail("configuration: " + "; ".join(problems), code=2)


def service_settings(spec: ServiceSpec, **overrides: Any) -> Settings:
    return load_settings(service=spec.name, **overrides)
