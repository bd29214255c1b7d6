"""Erasing a person: a confirmation step, the request to intake (which erases its own data at
once and asks every other service to do the same), and where the erasure stands per service."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import FormData

from wir_web.backend import backend
from wir_web.csrf import checked_form
from wir_web.pages.people import show
from wir_web.session import Staff

router = APIRouter()
Form = Annotated[FormData, Depends(checked_form)]


@router.get("/people/{person_id:uuid}/erase")
async def confirm_erasure(request: Request, user: Staff, person_id: UUID) -> Response:
    """Asks before anything is erased: the erasure cannot be undone."""
    person = await backend(request).json(user, "intake", f"/persons/{person_id}")
    return show(request, user, "people/erase.html", {"person": person})


@router.post("/people/{person_id:uuid}/erase")
async def erase(request: Request, user: Staff, person_id: UUID, _: Form) -> Response:
    # Intake answers a repeated request with the erasure already under way: a double submit is harmless.
    await backend(request).call(user, "intake", "DELETE", f"/persons/{person_id}")
    return RedirectResponse(f"/people/{person_id}/erasure", status_code=303)


@router.get("/people/{person_id:uuid}/erasure")
async def erasure_status(request: Request, user: Staff, person_id: UUID) -> Response:
    erasure = await backend(request).json(user, "intake", f"/persons/{person_id}/erasure")
    return show(request, user, "people/erasure.html", {"erasure": erasure, "person_id": person_id})
