"""Adding, changing and removing entries of a Kompetenznachweis (case managers only), with the
ISCO-08 occupation search as a plain GET form on the entry's page."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import FormData

from wir_web.backend import Invalid, NotFound, backend
from wir_web.csrf import checked_form
from wir_web.forms import path_id
from wir_web.pages.records import SERVICE, words
from wir_web.pages.records_forms import entry_from_form, field_errors, form_from_entry, form_values, kind_of
from wir_web.pages.records_labels import choices
from wir_web.render import page
from wir_web.session import CaseManager, User

router = APIRouter()
Form = Annotated[FormData, Depends(checked_form)]
#: More matches than this are not worth reading: the search should be narrower.
MOST_MATCHES = 30


async def _matches(request: Request, user: User, q: str | None) -> list[dict[str, str]]:
    text = (q or "").strip()[:100]
    if not text:
        return []
    found: list[dict[str, str]] = await backend(request).json(user, SERVICE, "/occupations", q=text)
    return found[:MOST_MATCHES]


async def _form_page(
    request: Request,
    user: User,
    person_id: str,
    kind: str | None,
    *,
    entry_id: str | None = None,
    values: Mapping[str, str] | None = None,
    problems: Mapping[str, str] | None = None,
    q: str | None = None,
    status_code: int = 200,
) -> Response:
    errors, general = field_errors(kind, problems or {}) if kind else ({}, [])
    named = words(request)
    return page(
        request,
        "records/entry.html",
        user=user,
        status_code=status_code,
        person_id=person_id,
        kind=kind,
        entry_id=entry_id,
        values=values or {},
        errors=errors,
        general=general,
        q=(q or "").strip()[:100],
        matches=await _matches(request, user, q) if kind == "work" else [],
        words=named,
        choices=choices(named.lang),
    )


def _back(person_id: str, kind: str | None = None) -> RedirectResponse:
    anchor = f"#kind-{kind}" if kind else ""
    return RedirectResponse(f"/people/{person_id}/record{anchor}", status_code=303)


@router.get("/people/{person_id}/record/entries/new")
async def new_entry(
    request: Request, person_id: str, user: CaseManager, kind: str | None = None, q: str | None = None
) -> Response:
    pid = path_id(person_id)
    await backend(request).json(user, SERVICE, f"/records/{pid}")  # another district's: not found
    return await _form_page(request, user, pid, kind_of(kind), q=q)


@router.post("/people/{person_id}/record/entries")
async def add_entry(request: Request, person_id: str, user: CaseManager, form: Form) -> Response:
    pid = path_id(person_id)
    kind = kind_of(form.get("kind"))
    if kind is None:
        return await _form_page(request, user, pid, None, status_code=422)
    try:
        await backend(request).call(
            user, SERVICE, "POST", f"/records/{pid}/entries", json=entry_from_form(kind, form)
        )
    except Invalid as problem:
        values = form_values(kind, form)
        return await _form_page(
            request, user, pid, kind, values=values, problems=_problems(problem), status_code=422
        )
    return _back(pid, kind)


def _problems(problem: Invalid) -> dict[str, str]:
    return problem.fields or {"form": problem.detail}


async def _stored(request: Request, user: User, person_id: str, entry_id: str) -> dict[str, Any]:
    record = await backend(request).json(user, SERVICE, f"/records/{person_id}")
    for item in record["entries"]:
        if item["entry_id"] == entry_id:
            entry: dict[str, Any] = item["entry"]
            return entry
    raise NotFound


@router.get("/people/{person_id}/record/entries/{entry_id}/edit")
async def edit_entry(
    request: Request, person_id: str, entry_id: str, user: CaseManager, q: str | None = None
) -> Response:
    pid, eid = path_id(person_id), path_id(entry_id)
    entry = await _stored(request, user, pid, eid)
    values = form_from_entry(entry)
    return await _form_page(request, user, pid, entry["kind"], entry_id=eid, values=values, q=q)


@router.post("/people/{person_id}/record/entries/{entry_id}")
async def change_entry(
    request: Request, person_id: str, entry_id: str, user: CaseManager, form: Form
) -> Response:
    pid, eid = path_id(person_id), path_id(entry_id)
    kind = kind_of(form.get("kind"))
    if kind is None:
        raise NotFound
    try:
        await backend(request).call(
            user, SERVICE, "PUT", f"/records/{pid}/entries/{eid}", json=entry_from_form(kind, form)
        )
    except Invalid as problem:
        values = form_values(kind, form)
        return await _form_page(
            request,
            user,
            pid,
            kind,
            entry_id=eid,
            values=values,
            problems=_problems(problem),
            status_code=422,
        )
    return _back(pid, kind)


@router.post("/people/{person_id}/record/entries/{entry_id}/delete")
async def remove_entry(
    request: Request, person_id: str, entry_id: str, user: CaseManager, _: Form
) -> Response:
    pid, eid = path_id(person_id), path_id(entry_id)
    await backend(request).call(user, SERVICE, "DELETE", f"/records/{pid}/entries/{eid}")
    return _back(pid)
