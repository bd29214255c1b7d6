"""Cross-district reads: with a token of district B, none of district A's people is readable
(each GET by id answers 404, as for an id that does not exist) and B's lists never show them."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Sequence

import httpx

from wir_ops.sandbox import Sandbox

#: Reads in flight at once.
CONCURRENCY = 16
#: How many of A's people B's list showed.
LISTED = "intake GET /persons lists them"


async def cross_district_reads(
    http: httpx.AsyncClient, platform: Sandbox, token: str, foreign: Sequence[str]
) -> Counter[str]:
    """Answers to B's reads of A's people, by route and status; anything but 404 is a finding."""
    headers = {"Authorization": f"Bearer {token}"}
    answers: Counter[str] = Counter()
    gate = asyncio.Semaphore(CONCURRENCY)

    async def read(route: str, url: str) -> None:
        async with gate:
            status = (await http.get(url, headers=headers)).status_code
        answers[f"{route} {status}"] += 1

    reads = [
        read(route, platform.url(service, path.format(id=person_id)))
        for person_id in foreign
        for route, service, path in (
            ("intake GET /persons/{id}", "intake", "/persons/{id}"),
            ("competence GET /records/{id}", "competence", "/records/{id}"),
        )
    ]
    await asyncio.gather(*reads)
    listed = await listed_people(http, platform, headers)
    answers[LISTED] = len(listed & set(foreign))
    return answers


async def listed_people(http: httpx.AsyncClient, platform: Sandbox, headers: dict[str, str]) -> set[str]:
    """Every id on every page of intake's list, for the token's district."""
    ids: set[str] = set()
    cursor: str | None = None
    while True:
        params = {"limit": "200", **({"cursor": cursor} if cursor else {})}
        page = await http.get(platform.url("intake", "/persons"), params=params, headers=headers)
        page.raise_for_status()
        body = page.json()
        ids |= {item["id"] for item in body["items"]}
        cursor = body["next_cursor"]
        if cursor is None:
            return ids


def leaks(answers: Counter[str]) -> int:
    """Reads that showed B anything of A's people."""
    shown = sum(n for key, n in answers.items() if key.endswith(" 200"))
    return shown + answers[LISTED]
