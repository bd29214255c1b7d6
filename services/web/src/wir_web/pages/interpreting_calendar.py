"""The pool's booking calendar for a week or a month: each interpreter's bookings (their
neighbouring districts' jobs included, as job facts only), filtered by language or interpreter."""

from __future__ import annotations

import asyncio
from datetime import date, datetime, time, timedelta
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from wir_web import clock, profiles
from wir_web.backend import backend
from wir_web.i18n import staff_language
from wir_web.pages import interpreting_forms as shared
from wir_web.pages.interpreting import helpers, pool_of
from wir_web.render import page
from wir_web.session import Coordinator, User

router = APIRouter()
#: More calendars than this on one page are not read; the language filter narrows them.
MOST_CALENDARS = 60


def period_of(period: str, start: str) -> tuple[date, date, date, date]:
    """(first day, day after the last, previous period's first day, next period's first day)."""
    try:
        day = date.fromisoformat(start)
    except ValueError:
        day = clock.today()
    if period == "month":
        first = day.replace(day=1)
        after = (first + timedelta(days=32)).replace(day=1)
        before = (first - timedelta(days=1)).replace(day=1)
        return first, after, before, after
    first = day - timedelta(days=day.weekday())
    return first, first + timedelta(days=7), first - timedelta(days=7), first + timedelta(days=7)


def _midnight(day: date) -> str:
    return datetime.combine(day, time(0), clock.BERLIN).isoformat()


async def bookings_of(
    request: Request, user: User, interpreter_id: str, first: date, after: date
) -> list[dict[str, Any]]:
    params = {"from": _midnight(first), "to": _midnight(after)}
    path = f"/interpreters/{interpreter_id}/calendar"
    answer = await backend(request).call(user, shared.SERVICE, "GET", path, params=params)
    found: list[dict[str, Any]] = answer.json()["bookings"]
    return sorted(found, key=lambda b: str(b["starts_at"]))


@router.get("/interpreting/calendar")
async def calendar(
    request: Request,
    user: Coordinator,
    period: str = "week",
    start: str = "",
    language: str = "",
    interpreter: str = "",
) -> Response:
    period = "month" if period == "month" else "week"
    first, after, before, following = period_of(period, start)
    pool = [i for i in await pool_of(request, user) if i["active"]]
    shown = [
        i
        for i in pool
        if (not language or any(entry["language"] == language for entry in i["languages"]))
        and (not interpreter or i["interpreter_id"] == interpreter)
    ][:MOST_CALENDARS]
    calendars = await asyncio.gather(
        *(bookings_of(request, user, i["interpreter_id"], first, after) for i in shown)
    )
    return page(
        request,
        "interpreting/calendar.html",
        user=user,
        rows=list(zip(shown, calendars, strict=True)),
        period=period,
        first=first,
        last=after - timedelta(days=1),
        before=before.isoformat(),
        following=following.isoformat(),
        language=language,
        interpreter=interpreter,
        languages=profiles.language_choices(staff_language(request)),
        **helpers(),
    )
