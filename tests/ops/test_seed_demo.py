"""`wir seed-demo`: each service's hook, through the service's own pool, idempotently."""

from __future__ import annotations

from collections.abc import Callable

from wir_kit.db import Db
from wir_kit.testing import sample
from wir_kit.testing.districts import BERGSTRASSE
from wir_ops.commands.migrate_provisioning import provision

from .conftest import Invoke, Service


async def test_seed_demo_calls_each_hook_and_prints_what_it_created(
    cli: Invoke, install: Callable[..., None], make_service: Callable[..., Service]
) -> None:
    service = make_service()
    install(service.spec)
    await provision(service.spec, service.settings)

    first = await cli("seed-demo", env=service.env)
    again = await cli("seed-demo", env=service.env)

    assert first.exit_code == 0, first.output
    assert f"│ {service.spec.name} │ 1 " in first.stdout
    assert f"│ {service.spec.name} │ 0 " in again.stdout
    db = await Db.connect(service.settings)
    try:
        async with db.transaction(BERGSTRASSE) as tx:
            assert await tx.fetchval("SELECT count(*) FROM notes") == 1
    finally:
        await db.close()


async def test_a_service_without_demo_data_is_listed_as_such(
    cli: Invoke, install: Callable[..., None], make_service: Callable[..., Service]
) -> None:
    service = make_service(seed_demo=None)
    install(service.spec)

    result = await cli("seed-demo", service.spec.name, env=service.env)

    assert result.exit_code == 0, result.output
    assert "no demo data" in result.stdout


async def test_seeding_before_migrating_fails_and_says_to_migrate(
    cli: Invoke, install: Callable[..., None], make_service: Callable[..., Service]
) -> None:
    service = make_service()
    install(service.spec)

    result = await cli("seed-demo", env=service.env)

    assert result.exit_code == 1
    assert f"run `wir migrate {service.spec.name}` first" in result.stderr


async def test_a_failing_hook_is_reported_by_its_type_only(
    cli: Invoke, install: Callable[..., None], make_service: Callable[..., Service]
) -> None:
    async def leaky(db: Db) -> int:
        raise ValueError(f"duplicate person {sample.PERSON_NAME}")

    service = make_service(seed_demo=leaky)
    install(service.spec)
    await provision(service.spec, service.settings)

    result = await cli("seed-demo", env=service.env)

    assert result.exit_code == 1
    assert f"seeding {service.spec.name} failed: its demo data hook raised ValueError" in result.stderr
    assert sample.PERSON_NAME not in result.output
