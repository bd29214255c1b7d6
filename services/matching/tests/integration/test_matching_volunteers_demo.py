"""`wir seed-demo` adds demo volunteers to the demo district once: compliant, announced like real
ones, speaking the demo people's languages; a second run adds nothing."""

from __future__ import annotations

import httpx

from wir_kit.runtime import Runtime
from wir_kit.testing.service import outbox
from wir_matching import demo

from .conftest import Headers


async def test_the_demo_volunteers_are_seeded_once(
    matching: Runtime, http: httpx.AsyncClient, headers: Headers
) -> None:
    assert await demo.seed(matching.db) == len(demo.DEMO_VOLUNTEERS)
    assert await demo.seed(matching.db) == 0

    assert len(await outbox(matching, "volunteer_registered", district=demo.DISTRICT)) == len(
        demo.DEMO_VOLUNTEERS
    )
    page = (await http.get("/volunteers", headers=headers(district=demo.DISTRICT))).json()
    assert {item["volunteer_id"] for item in page["items"]} == {str(v) for v in demo.DEMO_VOLUNTEERS}
    assert all(item["compliant"] and item["active"] for item in page["items"])
    spoken = {language["language"] for item in page["items"] for language in item["languages"]}
    assert {"prs", "fas", "ara", "ukr", "tur", "deu"} <= spoken
