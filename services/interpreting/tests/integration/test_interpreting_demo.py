"""The demo pool: registered through the pool's command in Kreis Bergstraße and Hanau, compliant,
with a Hanau interpreter serving Kreis Bergstraße; seeding again adds nothing."""

from __future__ import annotations

from uuid import UUID

from wir_interpreting.demo import DEMO_POOL, FARID, MARTA, SHIRIN, seed
from wir_kit.runtime import Runtime
from wir_kit.testing.districts import BERGSTRASSE, HANAU
from wir_kit.testing.service import outbox, rows


async def test_the_demo_pool_is_seeded_once(interpreting: Runtime) -> None:
    first = await seed(interpreting.db)
    second = await seed(interpreting.db)

    assert first == sum(len(pool) for pool in DEMO_POOL.values()) == 8
    assert second == 0
    bergstrasse = await outbox(interpreting, "interpreter_registered")
    hanau = await outbox(interpreting, "interpreter_registered", district=HANAU)
    assert len(bergstrasse) == 6
    assert {UUID(e["interpreter_id"]) for e in hanau} == {MARTA, SHIRIN}
    assert str(FARID) in {e["interpreter_id"] for e in bergstrasse}
    spoken = await rows(
        interpreting,
        BERGSTRASSE,
        "SELECT DISTINCT language FROM interpreter_languages WHERE district = $1",
        BERGSTRASSE,
    )
    assert {row["language"] for row in spoken} >= {"prs", "fas", "arb", "ukr", "tur", "tir", "kmr"}
    documents = await rows(
        interpreting,
        HANAU,
        "SELECT count(*) AS n FROM interpreter_documents"
        " WHERE expires_on > (now() AT TIME ZONE 'Europe/Berlin')::date + 365",
    )
    assert documents[0]["n"] == 6
    grants = await rows(interpreting, BERGSTRASSE, "SELECT district, interpreter_id FROM pool_grants")
    assert [(g["district"], g["interpreter_id"]) for g in grants] == [(HANAU, SHIRIN)]
    sorani = await rows(
        interpreting, BERGSTRASSE, "SELECT interpreter_id FROM interpreter_languages WHERE language = 'ckb'"
    )
    assert [row["interpreter_id"] for row in sorani] == [SHIRIN]
