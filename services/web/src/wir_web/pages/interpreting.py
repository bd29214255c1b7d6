"""The interpreting page: for coordinators the district's pool, the requests nobody could take
(with why) to assign by hand, and the monthly allowance statements; for case managers the
appointments they asked for. The statements stream through from interpreting unchanged."""

from __future__ import annotations

import asyncio
import re
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from wir_kit.auth import Role
from wir_web import clock, forms, profiles
from wir_web.backend import NotFound, backend
from wir_web.pages import interpreting_forms as shared
from wir_web.render import PAGE_HEADERS, page
from wir_web.session import Coordinator, Staff, User, signed_in

router = APIRouter()
MONTH = re.compile(r"^20[0-9]{2}-(0[1-9]|1[0-2])$")
#: At most this many pages of 200 interpreters are read.
POOL_PAGES = 5
FORMATS = {"csv": "text/csv; charset=utf-8", "pdf": "application/pdf"}
#: Coordinators read every statement; an interpreter their own only (interpreting decides).
StatementReader = Annotated[User, Depends(signed_in(Role.COORDINATOR, Role.INTERPRETER))]


def recent_months(count: int = 4) -> list[str]:
    """This month and the ones before it, newest first, as YYYY-MM."""
    day = clock.today()
    year, month = day.year, day.month
    found = []
    for _ in range(count):
        found.append(f"{year:04d}-{month:02d}")
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return found


def speakers(pool: list[dict[str, Any]], language: str) -> list[dict[str, Any]]:
    """The active interpreters of the pool who interpret `language`."""
    return [
        i for i in pool if i.get("active") and any(entry["language"] == language for entry in i["languages"])
    ]


async def pool_of(request: Request, user: User) -> list[dict[str, Any]]:
    """The district's interpreters, page by page (a Kreis has dozens, never thousands)."""
    items: list[dict[str, Any]] = []
    after = None
    for _ in range(POOL_PAGES):
        found = await backend(request).json(user, shared.SERVICE, "/interpreters", limit=200, after=after)
        items.extend(found["items"])
        after = found.get("next_cursor")
        if not after:
            break
    return items


def helpers() -> dict[str, Any]:
    return {
        "place_name": profiles.place_name,
        "language_name": profiles.language_name,
        "when": shared.when,
        "speakers": speakers,
    }


@router.get("/interpreting")
async def overview(request: Request, user: Staff) -> Response:
    b = backend(request)
    if not user.has(Role.COORDINATOR):
        mine = await b.json(user, shared.SERVICE, "/appointments", limit=200)
        return page(request, "interpreting/overview.html", user=user, appointments=mine, **helpers())
    pool, unfilled, upcoming = await asyncio.gather(
        pool_of(request, user),
        b.json(user, shared.SERVICE, "/appointments", state="unfilled", limit=200),
        b.json(user, shared.SERVICE, "/appointments", state="assigned", limit=200),
    )
    return page(
        request,
        "interpreting/overview.html",
        user=user,
        pool=pool,
        unfilled=unfilled,
        appointments=upcoming,
        months=recent_months(),
        names={i["interpreter_id"]: i["contact"]["display_name"] for i in pool},
        **helpers(),
    )


def _statement(answer_content: bytes, name: str, fmt: str) -> Response:
    headers = {**PAGE_HEADERS, "Content-Disposition": f'attachment; filename="{name}.{fmt}"'}
    return Response(content=answer_content, media_type=FORMATS[fmt], headers=headers)


def _checked(month: str, fmt: str) -> None:
    if not MONTH.match(month) or fmt not in FORMATS:
        raise NotFound


@router.get("/interpreting/statements/{month}.{fmt}")
async def statement(request: Request, user: Coordinator, month: str, fmt: str) -> Response:
    """The district's statement of the month, as interpreting makes it."""
    _checked(month, fmt)
    answer = await backend(request).call(user, shared.SERVICE, "GET", f"/statements/{month}.{fmt}")
    return _statement(answer.content, f"statement-{month}", fmt)


@router.get("/interpreting/statements/{month}/interpreters/{interpreter_id}.{fmt}")
async def interpreter_statement(
    request: Request, user: StatementReader, month: str, interpreter_id: str, fmt: str
) -> Response:
    _checked(month, fmt)
    found = forms.path_id(interpreter_id)
    path = f"/statements/{month}/interpreters/{found}.{fmt}"
    answer = await backend(request).call(user, shared.SERVICE, "GET", path)
    return _statement(answer.content, f"statement-{month}-{found[:8]}", fmt)
