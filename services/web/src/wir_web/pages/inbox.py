"""A person's own inbox, opened from a message's link (`/inbox?m=<message token>`) with a
one-time code notifications sends to where the message went: the code asked for, entered, and
the messages read, each page in the message's language (right to left for Arabic and Persian).
No staff navigation and no staff sign-in: the person token lives beside it (`inbox_session`)."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated, Any
from zoneinfo import ZoneInfo

import httpx
from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import FormData

from wir_web.backend import backend
from wir_web.csrf import checked_form
from wir_web.i18n import FROM_ISO639_3, direction
from wir_web.pages import inbox_session
from wir_web.render import page

router = APIRouter()
Form = Annotated[FormData, Depends(checked_form)]
#: A message link's token as notifications signs it (a JWT); anything else is not looked up.
_TOKEN = re.compile(r"^[A-Za-z0-9_.-]{1,2000}$")
_ZONE = ZoneInfo("Europe/Berlin")
#: notifications' refusals (one word each) → what the person is told, and with which page.
_LINK_REFUSED = {404: "link_invalid", 410: "link_expired"}


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def _post(request: Request, path: str, body: dict[str, str]) -> httpx.Response:
    """notifications' answer to the sign-in's step; its refusals are the page's to explain."""
    return await backend(request).call(
        None, "notifications", "POST", path, json=body, accept=(400, 404, 409, 410, 422, 429, 503)
    )


def _reason(answer: httpx.Response) -> str:
    try:
        detail = answer.json().get("detail")
    except ValueError:
        return ""
    return detail if isinstance(detail, str) else "invalid"


def _notice(request: Request, key: str, language: str, status_code: int, **values: Any) -> Response:
    return page(
        request, "inbox/notice.html", language=language, status_code=status_code, key=key, values=values
    )


def _start(request: Request, m: str, language: str, link: dict[str, Any], **context: Any) -> Response:
    status_code = context.pop("status_code", 200)
    if link.get("channel") is None:
        return _notice(request, "no_channel", language, 409)
    return page(
        request, "inbox/start.html", language=language, status_code=status_code, m=m, link=link, **context
    )


def _code_form(request: Request, m: str, language: str, **context: Any) -> Response:
    status_code = context.pop("status_code", 200)
    return page(request, "inbox/code.html", language=language, status_code=status_code, m=m, **context)


async def _link(request: Request, m: str) -> tuple[dict[str, Any] | None, Response | None]:
    """What the link opens to, or the page saying why it opens nothing."""
    if not _TOKEN.match(m):
        return None, _notice(request, "link_invalid", inbox_session.language(request), 404)
    answer = await _post(request, "/inbox/link", {"message_token": m})
    if answer.status_code != 200:
        key = _LINK_REFUSED.get(answer.status_code, "link_invalid")
        return None, _notice(request, key, inbox_session.language(request), answer.status_code)
    link: dict[str, Any] = answer.json()
    return link, None


def _language_of(link: dict[str, Any]) -> str:
    return FROM_ISO639_3.get(str(link.get("language")), "de")


@router.get("/inbox")
async def inbox(request: Request, m: str | None = None) -> Response:
    """From a message's link: the page that offers a code; without one, the person's messages."""
    if m is not None:
        link, refusal = await _link(request, m)
        if link is None:
            return refusal or _notice(request, "link_invalid", inbox_session.language(request), 404)
        return _start(request, m, _language_of(link), link)
    language = inbox_session.language(request)
    token = inbox_session.token(request)
    if token is None:
        return _notice(request, "signed_out", language, 200)
    answer = await backend(request).call(
        None,
        "notifications",
        "GET",
        "/inbox",
        headers=_bearer(token),
        params={"limit": 50},
        accept=(401, 403),
    )
    if answer.status_code != 200:
        # The person token ran out (or was refused): it is of no use any more.
        inbox_session.end(request)
        return _notice(request, "session_over", language, 401)
    messages = [_shown(item) for item in answer.json().get("items", [])]
    return page(request, "inbox/list.html", language=language, messages=messages, person=True)


@router.post("/inbox/code")
async def send_code(request: Request, form: Form) -> Response:
    """Ask notifications to send the code; then the form to enter it."""
    m = str(form.get("m", ""))
    link, refusal = await _link(request, m)
    if link is None:
        return refusal or _notice(request, "link_invalid", inbox_session.language(request), 404)
    language = _language_of(link)
    answer = await _post(request, "/inbox/code", {"message_token": m})
    reason = _reason(answer) if answer.status_code != 202 else ""
    if answer.status_code == 202:
        return _code_form(request, m, language, sent=answer.json())
    if reason == "code_recently_sent":
        return _code_form(request, m, language, notice="code_recently_sent")
    if answer.status_code in _LINK_REFUSED:
        return _notice(request, _LINK_REFUSED[answer.status_code], language, answer.status_code)
    problem = {"too_many_codes": "too_many_codes", "no_channel": "no_channel"}.get(reason, "code_not_sent")
    if problem == "no_channel":
        return _notice(request, problem, language, 409)
    return _start(request, m, language, link, problem=problem, status_code=answer.status_code)


@router.post("/inbox/session")
async def open_inbox(request: Request, form: Form) -> Response:
    """The code entered: the person's inbox on the right one, else why not in their words."""
    m, code = str(form.get("m", "")), "".join(str(form.get("code", "")).split())
    link, refusal = await _link(request, m)
    if link is None:
        return refusal or _notice(request, "link_invalid", inbox_session.language(request), 404)
    language = _language_of(link)
    if not re.fullmatch(r"[0-9]{6}", code):
        return _code_form(request, m, language, error="code_malformed", code=code, status_code=422)
    answer = await _post(request, "/inbox/session", {"message_token": m, "code": code})
    if answer.status_code == 200:
        inbox_session.keep(request, str(answer.json()["access_token"]), language)
        return RedirectResponse("/inbox", status_code=303)
    reason = _reason(answer)
    if reason == "code_wrong":
        return _code_form(request, m, language, error="code_wrong", code=code, status_code=422)
    if answer.status_code == 422:
        return _code_form(request, m, language, error="code_malformed", code=code, status_code=422)
    if reason in ("code_expired", "code_used", "code_ended", "no_code"):
        notice = "no_code" if reason == "no_code" else "code_over"
        return _start(request, m, language, link, problem=notice, status_code=answer.status_code)
    key = _LINK_REFUSED.get(answer.status_code, "link_invalid")
    return _notice(request, key, language, answer.status_code)


@router.post("/inbox/signout")
async def sign_out(request: Request, _: Form) -> Response:
    inbox_session.end(request)
    return RedirectResponse("/inbox", status_code=303)


def _shown(item: dict[str, Any]) -> dict[str, Any]:
    """One message as the page lists it: its own language and direction, its time in the
    district's zone, its text in paragraphs of lines."""
    language = FROM_ISO639_3.get(str(item.get("language")), "de")
    moment = datetime.fromisoformat(str(item["created_at"])).astimezone(_ZONE)
    text = str(item.get("text", ""))
    paragraphs = [block.strip().splitlines() for block in text.split("\n\n") if block.strip()]
    return {
        "subject": str(item.get("subject", "")),
        "lang": language,
        "dir": direction(language),
        "at": moment.isoformat(),
        "at_shown": moment.strftime("%Y-%m-%d %H:%M"),
        "paragraphs": paragraphs,
        "unread": item.get("read_at") is None,
    }
