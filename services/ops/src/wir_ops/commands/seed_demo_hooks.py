"""Demo data: each service's own hook writes it through the service's own pool and role,
so row-level security applies to demo rows as to real ones."""

from __future__ import annotations

import asyncpg

from wir_kit.db import Db
from wir_kit.service import ServiceSpec
from wir_kit.settings import Settings


class SeedFailed(RuntimeError):
    """Seeding one service failed; the message holds nothing of the records themselves."""


async def seed(spec: ServiceSpec, settings: Settings) -> int | None:
    """How many records the hook created; None when the service has no demo data."""
    if spec.seed_demo is None:
        return None
    try:
        db = await Db.connect(settings)
    except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
        raise SeedFailed(
            f"cannot connect as {settings.app_role} ({exc}); run `wir migrate {spec.name}` first"
        ) from exc
    try:
        return await spec.seed_demo(db)
    except Exception as exc:
        # The type only: a database error's message can quote the values of the rows.
        raise SeedFailed(f"its demo data hook raised {type(exc).__name__}") from exc
    finally:
        await db.close()
