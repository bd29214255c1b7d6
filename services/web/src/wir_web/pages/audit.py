"""The audit log for coordinators: who read or changed which person's record, which fields, when
(intake's log; names of fields, never their values)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from wir_web.backend import Invalid, backend
from wir_web.i18n import staff_language
from wir_web.pages import people_labels as labels
from wir_web.render import page
from wir_web.session import Coordinator

router = APIRouter()
PAGE_SIZE = 50


@router.get("/audit")
async def audit_log(
    request: Request, user: Coordinator, cursor: str = "", person_id: str = "", actor: str = ""
) -> Response:
    """One page of the log, newest first; `cursor` is the link to the next page intake gave."""
    where = {"person_id": person_id.strip(), "actor": actor.strip()}
    context: dict[str, Any] = {**where, "cursor": cursor, "entries": [], "next_cursor": None, "errors": {}}
    status_code = 200
    try:
        answer = await backend(request).json(
            user, "intake", "/audit", cursor=cursor, limit=PAGE_SIZE, **where
        )
    except Invalid as exc:
        context["errors"] = {path.split(".")[0]: message for path, message in exc.fields.items()}
        context["errors"] = context["errors"] or {"form": exc.detail}
        status_code = 422
    else:
        context["entries"] = answer.get("items", [])
        context["next_cursor"] = answer.get("next_cursor")
    lang = staff_language(request)
    return page(request, "audit.html", user=user, status_code=status_code, **labels.labels(lang), **context)
