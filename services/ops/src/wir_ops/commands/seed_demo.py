"""`wir seed-demo`: the demo district's records, through each service's own hook."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Annotated

import typer

from wir_kit.service import ServiceSpec
from wir_ops.commands.seed_demo_hooks import SeedFailed, seed
from wir_ops.configuration import service_settings
from wir_ops.output import fail, say, show, table
from wir_ops.selection import chosen


def seed_demo(
    services: Annotated[
        list[str] | None,
        typer.Argument(help="Services to seed; default: every installed one.", show_default=False),
    ] = None,
) -> None:
    """Create demo data (idempotent: records that exist are left alone)."""
    specs = chosen(services)
    if not specs:
        say("no service is installed: no demo data to create")
        return
    seed_all(specs)


def seed_all(specs: Sequence[ServiceSpec]) -> None:
    rows: list[tuple[str, str]] = []
    for spec in specs:
        settings = service_settings(spec)
        try:
            created = asyncio.run(seed(spec, settings))
        except SeedFailed as exc:
            _report(rows)
            fail(f"seeding {spec.name} failed: {exc}")
        rows.append((spec.name, "no demo data" if created is None else str(created)))
    _report(rows)


def _report(rows: Sequence[tuple[str, str]]) -> None:
    if rows:
        show(table(("Service", "Records created"), rows, title="Demo data"))
