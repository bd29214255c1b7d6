"""The coordinators' matching page: the district's volunteers, the current proposals and
mentorships with their reasons, who waits and why, and running the assignment now."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import FormData

from wir_web.backend import Invalid, backend
from wir_web.csrf import checked_form
from wir_web.forms import path_id
from wir_web.i18n import staff_language, translate
from wir_web.profiles import language_name, place_name
from wir_web.render import page
from wir_web.session import Coordinator, User

router = APIRouter()
Form = Annotated[FormData, Depends(checked_form)]
PROPOSAL_STATES = ("proposed", "accepted", "declined", "expired", "withdrawn", "ended")
#: States of a match a coordinator may still withdraw.
WITHDRAWABLE = frozenset({"proposed", "accepted"})
PAGE_SIZE = 100


def reason_lines(reasons: list[Mapping[str, Any]], lang: str) -> list[str]:
    """Each scored part of a proposal in words, with the points it earned."""
    return [
        translate(
            lang, "matching.reason_points", what=_reason(r, lang), points=f"{float(r.get('points', 0)):.1f}"
        )
        for r in reasons
    ]


def _reason(reason: Mapping[str, Any], lang: str) -> str:
    component = str(reason.get("component"))
    values: dict[str, object] = {}
    if component == "language":
        values["languages"] = ", ".join(language_name(c, lang) for c in reason.get("languages", []))
    elif component == "distance":
        values["km"] = f"{float(reason.get('distance_km') or 0):.0f}"
    elif component == "topics":
        values["topics"] = ", ".join(translate(lang, f"matching.topic_{x}") for x in reason.get("topics", []))
    elif component == "availability":
        values["hours"] = f"{float(reason.get('hours_per_week') or 0):g}"
    elif component == "waiting":
        values["days"] = reason.get("waiting_days") or 0
    return translate(lang, f"matching.reason_{component}", **values)


def with_reasons(proposals: list[dict[str, Any]], lang: str) -> list[dict[str, Any]]:
    return [{**p, "reason_lines": reason_lines(p.get("reasons", []), lang)} for p in proposals]


async def _overview(request: Request, user: User, state: str, after: str) -> dict[str, Any]:
    b = backend(request)
    volunteers, proposals, waiting = await asyncio.gather(
        b.json(user, "matching", "/volunteers", after=after, limit=PAGE_SIZE),
        b.json(user, "matching", "/proposals", state=state if state in PROPOSAL_STATES else None),
        b.json(user, "matching", "/waiting"),
    )
    names = {v["volunteer_id"]: v["contact"]["display_name"] for v in volunteers["items"]}
    return {
        "volunteers": volunteers["items"],
        "next_cursor": volunteers.get("next_cursor"),
        "proposals": proposals,
        "waiting": waiting,
        "names": names,
        "state": state if state in PROPOSAL_STATES else "",
    }


def _render(request: Request, user: User, template: str, status_code: int = 200, **context: Any) -> Response:
    return page(
        request,
        template,
        user=user,
        status_code=status_code,
        states=PROPOSAL_STATES,
        withdrawable=WITHDRAWABLE,
        place_name=place_name,
        language_name=language_name,
        **context,
    )


@router.get("/matching")
async def overview(request: Request, user: Coordinator, state: str = "", after: str = "") -> Response:
    context = await _overview(request, user, state, after)
    lang = staff_language(request)
    context["proposals"] = with_reasons(context["proposals"], lang)
    return _render(request, user, "matching/overview.html", **context)


@router.post("/matching/runs")
async def run_now(request: Request, user: Coordinator, _: Form) -> Response:
    """Run the district's assignment and show what it proposed, each with its reasons."""
    b = backend(request)
    outcome = (await b.call(user, "matching", "POST", "/runs")).json()
    proposed = set(outcome.get("proposed", []))
    current = await b.json(user, "matching", "/proposals", state="proposed", limit=1000)
    listing = await b.json(user, "matching", "/volunteers", limit=PAGE_SIZE)
    names = {v["volunteer_id"]: v["contact"]["display_name"] for v in listing["items"]}
    lang = staff_language(request)
    made = with_reasons([p for p in current if p["match_id"] in proposed], lang)
    return _render(
        request, user, "matching/run.html", proposals=made, waiting=outcome.get("waiting", 0), names=names
    )


@router.post("/matching/proposals/{match_id}/withdraw")
async def withdraw(request: Request, user: Coordinator, match_id: str, _: Form) -> Response:
    b = backend(request)
    try:
        await b.call(user, "matching", "POST", f"/proposals/{path_id(match_id)}/withdraw")
    except Invalid as problem:
        context = await _overview(request, user, "", "")
        lang = staff_language(request)
        context["proposals"] = with_reasons(context["proposals"], lang)
        return _render(
            request,
            user,
            "matching/overview.html",
            status_code=problem.status,
            problem="matching.withdraw_refused",
            **context,
        )
    return RedirectResponse("/matching#proposals", status_code=303)
