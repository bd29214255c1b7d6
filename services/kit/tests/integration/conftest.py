"""The kit's own database tests: the sample service's schema migrated, and a pool on it."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from wir_kit.db import Db
from wir_kit.runtime import apply_migrations
from wir_kit.settings import Settings
from wir_kit.testing.plugin import SettingsFactory
from wir_kit.testing.sample import spec


@pytest.fixture
def pool_max() -> int | None:
    """The pool's size; None for the settings' default. A module overrides it."""
    return None


@pytest.fixture
async def settings(wir_settings: SettingsFactory, pool_max: int | None) -> Settings:
    made: Settings = wir_settings() if pool_max is None else wir_settings(database_pool_max=pool_max)
    await apply_migrations(made, spec())
    return made


@pytest.fixture
async def db(settings: Settings) -> AsyncIterator[Db]:
    database = await Db.connect(settings)
    yield database
    await database.close()
