"""The sections of a person's page, each read from the service that holds it, all at once.

Only the record itself is essential: a section whose service is down (or refuses the role)
shows a short notice instead, so one service's outage does not hide the whole case.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from wir_web.backend import Backend, NotFound, Refused, ServiceDown
from wir_web.session import User

#: Lines per section: a person's page is read at once, the rest is in the services' lists.
SECTION_LIMIT = 20


@dataclass(frozen=True, slots=True)
class Section:
    """What one section shows: `items`, or why not (`down`: the service did not answer,
    `refused`: not for the user's role)."""

    items: list[Any] = field(default_factory=list)
    down: str | None = None
    refused: bool = False
    next_cursor: str | None = None
    #: The whole answer, for what a section shows beside its items (e.g. the consents' history).
    answer: Any = None


async def _section(service: str, load: Awaitable[Any], key: str | None = "items") -> Section:
    try:
        answer = await load
    except ServiceDown:
        return Section(down=service)
    except Refused:
        return Section(refused=True)
    except NotFound:
        # The service has not heard of the person (yet): it has nothing of theirs to show.
        return Section()
    items = answer.get(key) if isinstance(answer, dict) and key else answer
    cursor = answer.get("next_cursor") if isinstance(answer, dict) else None
    return Section(items=items if isinstance(items, list) else [], next_cursor=cursor, answer=answer)


async def _household(backend: Backend, user: User, household_id: str | None) -> Any:
    if household_id is None:
        return {"members": []}
    return await backend.json(user, "intake", f"/households/{household_id}")


async def sections(
    backend: Backend, user: User, person: dict[str, Any], timeline_cursor: str | None
) -> dict[str, Section]:
    """Every section of the person's page but the record, read concurrently."""
    person_id = UUID(str(person["id"]))
    base = f"/persons/{person_id}"
    of_person = {"person_id": str(person_id), "limit": SECTION_LIMIT}
    loads = {
        "needs": _section("intake", backend.json(user, "intake", f"{base}/needs")),
        "consents": _section("intake", backend.json(user, "intake", f"{base}/consents"), "current"),
        "household": _section("intake", _household(backend, user, person.get("household_id")), "members"),
        "timeline": _section(
            "intake",
            backend.json(user, "intake", f"{base}/timeline", limit=SECTION_LIMIT, cursor=timeline_cursor),
        ),
        "messages": _section(
            "notifications", backend.json(user, "notifications", f"{base}/notifications", limit=SECTION_LIMIT)
        ),
        "matches": _section(
            "matching",
            backend.json(user, "matching", "/proposals", **of_person),
            None,
        ),
        "appointments": _section(
            "interpreting",
            backend.json(user, "interpreting", "/appointments", **of_person),
            None,
        ),
    }
    found = await asyncio.gather(*loads.values())
    return dict(zip(loads, found, strict=True))
