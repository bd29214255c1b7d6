"""Finding a person (intake's fuzzy name search) and registering a newly arrived one, with the
look-alike check intake makes before it creates anybody."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import FormData

from wir_contracts.channels import Channel
from wir_contracts.consent import ConsentPurpose
from wir_web.backend import Invalid, backend
from wir_web.csrf import checked_form
from wir_web.i18n import staff_language
from wir_web.pages import people_labels as labels
from wir_web.pages.people_forms import (
    KEY_FIELD,
    LANGUAGE_ROWS,
    LEVELS,
    NATIONALITY_ROWS,
    RESIDENCE_STATUSES,
    Entered,
    entered,
    explain,
    key_header,
    new_key,
    one,
    person_body,
    person_errors,
)
from wir_web.render import page
from wir_web.session import CaseManager, Staff, User

router = APIRouter()
Form = Annotated[FormData, Depends(checked_form)]
#: The most hits a search shows: a name that finds more needs a year of birth beside it.
SEARCH_LIMIT = 50


def _search_errors(fields: dict[str, str], detail: str) -> dict[str, str]:
    found = {"birth_year" if path.startswith("birth_year") else "q": msg for path, msg in fields.items()}
    return found or {"q": detail}


@router.get("/people")
async def search(request: Request, user: Staff, q: str = "", birth_year: str = "") -> Response:
    """Search terms stay in the query string: the app logs only the route's template."""
    name, year = q.strip(), birth_year.strip()
    context: dict[str, Any] = {"q": name, "birth_year": year, "results": None, "errors": {}}
    if name:
        params = {"name": name, "limit": SEARCH_LIMIT, **({"birth_year": year} if year else {})}
        try:
            answer = await backend(request).call(user, "intake", "GET", "/persons/search", params=params)
        except Invalid as exc:
            context["errors"] = _search_errors(exc.fields, exc.detail)
            return show(request, user, "people/search.html", context, status_code=422)
        context["results"] = answer.json().get("items", [])
    return show(request, user, "people/search.html", context)


@router.get("/people/new")
async def registration_form(request: Request, user: CaseManager) -> Response:
    return _registration(request, user, {KEY_FIELD: [new_key()]})


@router.post("/people")
async def register(request: Request, user: CaseManager, form: Form) -> Response:
    values = entered(form)
    confirmed = one(values, "confirmed_new") == "true"
    try:
        answer = await backend(request).call(
            user,
            "intake",
            "POST",
            "/persons",
            json=person_body(values),
            params={"confirmed_new": "true"} if confirmed else None,
            headers=key_header(values),
            accept=(409,),
        )
    except Invalid as exc:
        errors = person_errors(exc.fields) or {"form": exc.detail}
        if any(path.startswith("header") for path in exc.fields):
            # The key went with an earlier, different submission: this one is a new request.
            values[KEY_FIELD] = [new_key()]
        return _registration(request, user, values, errors=errors, status_code=422)
    if answer.status_code == 409:
        candidates = answer.json().get("candidates", [])
        return _registration(request, user, values, candidates=candidates, status_code=409)
    return RedirectResponse(f"/people/{answer.json()['id']}", status_code=303)


def _registration(
    request: Request,
    user: User,
    values: Entered,
    *,
    errors: dict[str, str] | None = None,
    candidates: list[Any] | None = None,
    status_code: int = 200,
) -> Response:
    lang = staff_language(request)
    hidden = [(k, v) for k, vs in values.items() if k not in (KEY_FIELD, "confirmed_new") for v in vs]
    context: dict[str, Any] = {
        "values": values,
        "errors": errors or {},
        "candidates": candidates,
        # The confirmed submission is a request of its own, with a key of its own.
        "confirm_key": new_key(),
        "hidden": hidden,
        "language_rows": range(LANGUAGE_ROWS),
        "nationality_rows": range(NATIONALITY_ROWS),
        "levels_options": labels.options(lang, "people.level", LEVELS),
        "status_options": labels.options(lang, "people.residence_status", RESIDENCE_STATUSES),
        "channel_options": labels.options(lang, "people.channel", (c.value for c in Channel)),
        "purpose_options": labels.options(lang, "people.purpose", (p.value for p in ConsentPurpose)),
        "municipalities": labels.municipalities(user.district),
        "countries": labels.countries(lang),
        "languages": labels.languages(lang),
    }
    return show(request, user, "people/new.html", context, status_code=status_code)


def show(
    request: Request, user: User, template: str, context: dict[str, Any], *, status_code: int = 200
) -> Response:
    """A people page with the labels and the error wording every people template uses."""
    lang = staff_language(request)
    return page(
        request,
        template,
        user=user,
        status_code=status_code,
        explain=lambda message: explain(lang, message),
        **labels.labels(lang),
        **context,
    )
