"""Signed links: someone without an account acts on one thing (a volunteer answers a proposal,
an interpreter an assignment) by opening a link from their message.

The token is a JWT (HS256, the service's link secret) naming the district, the ids of what it
opens and its purpose (`use`), valid until `expires_at`. It proves who may do what; whether it
can still be done is the database's to say. The page a link opens is small, German and never
cached, and sends no referrer: the token in its URL is the credential.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from html import escape
from typing import Any
from urllib.parse import parse_qs
from uuid import UUID

import jwt
from fastapi import Request
from fastapi.responses import HTMLResponse

_ALGORITHM = "HS256"

#: Headers of every page a link opens.
LINK_PAGE_HEADERS = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Robots-Tag": "noindex",
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'",
}


class BadLink(ValueError):
    """The link was not issued for this use: tampered, another secret, or not a token at all."""


class LinkExpired(ValueError):
    """The link was genuine but its time is over."""


@dataclass(frozen=True, slots=True)
class LinkClaim:
    district: str
    ids: Mapping[str, UUID]
    expires_at: datetime


def sign_link(secret: str, *, use: str, district: str, ids: Mapping[str, UUID], expires_at: datetime) -> str:
    """The token of a link for `use` (e.g. "matching.answer"), so no other token signed with the
    same secret opens it."""
    if expires_at.tzinfo is None:
        raise ValueError("expires_at must carry a time zone")
    claims: dict[str, Any] = {
        **{name: str(value) for name, value in ids.items()},
        "district": district,
        "exp": int(expires_at.timestamp()),
        "use": use,
    }
    return jwt.encode(claims, secret, algorithm=_ALGORITHM)


def read_link(secret: str, token: str, *, use: str, ids: Sequence[str], now: datetime) -> LinkClaim:
    """The claim of a genuine, unexpired link for `use` naming `ids`; `BadLink` or `LinkExpired`
    otherwise."""
    try:
        # Expiry is checked below against `now` (the caller's clock), not PyJWT's own.
        claims: dict[str, Any] = jwt.decode(
            token,
            secret,
            algorithms=[_ALGORITHM],
            options={"verify_exp": False, "require": ["district", "exp", "use", *ids]},
        )
    except jwt.PyJWTError as error:
        raise BadLink("the link is not valid") from error
    if claims["use"] != use or not isinstance(claims["district"], str):
        raise BadLink("the token is not a link for this use")
    try:
        claim = LinkClaim(
            district=claims["district"],
            ids={name: UUID(str(claims[name])) for name in ids},
            expires_at=datetime.fromtimestamp(int(claims["exp"]), tz=UTC),
        )
    except (ValueError, TypeError, OverflowError) as error:
        raise BadLink("the link's claims are malformed") from error
    if now >= claim.expires_at:
        raise LinkExpired("the link has expired")
    return claim


def link_page(title: str, body: str, status_code: int = 200) -> HTMLResponse:
    """A page a link opens: `title` is escaped here, `body` is HTML the caller escaped."""
    html = (
        '<!doctype html><html lang="de"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title>"
        "<style>body{font-family:sans-serif;max-width:36em;margin:2em auto;padding:0 1em;line-height:1.5}"
        # A signed link is one word of ~250 characters: it wraps rather than widen the page.
        "form{margin:1em 0}button{font-size:1em;padding:.5em 1em}a{overflow-wrap:anywhere}</style>"
        f"</head><body><main><h1>{escape(title)}</h1>{body}</main></body></html>"
    )
    return HTMLResponse(html, status_code=status_code, headers=LINK_PAGE_HEADERS)


#: A link page's form is one choice; anything larger is not a form of ours.
MAX_FORM_BYTES = 2048


async def form_value(request: Request, name: str) -> str:
    """One field of the URL-encoded form a link page posted; "" when absent or oversized."""
    body = await request.body()
    if len(body) > MAX_FORM_BYTES:
        return ""
    return parse_qs(body.decode("utf-8", errors="replace")).get(name, [""])[0]


def link_notice(title: str, text: str, status_code: int = 200) -> HTMLResponse:
    """A link page that says one thing in plain words (both escaped here)."""
    return link_page(title, f"<p>{escape(text)}</p>", status_code)


def link_page_answer(description: str) -> dict[str, Any]:
    """A route's `responses` entry for an answer that is a link page, for the OpenAPI document."""
    return {"description": description, "content": {"text/html": {}}}


def choice_form(name: str, choices: Sequence[str]) -> dict[str, Any]:
    """A route's `openapi_extra` for a link page's form: one required field among `choices`."""
    field = {"type": "string", "enum": list(choices)}
    schema = {"type": "object", "properties": {name: field}, "required": [name]}
    return {
        "requestBody": {
            "required": True,
            "content": {"application/x-www-form-urlencoded": {"schema": schema}},
        }
    }
