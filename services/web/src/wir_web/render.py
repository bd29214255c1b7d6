"""Pages from the templates, with what every page needs: the language and its direction, the
words, the CSRF field and who is signed in."""

from __future__ import annotations

from functools import cache
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape

from wir_web import csrf
from wir_web.i18n import direction, staff_language, translate
from wir_web.navigation import district_name, navigation
from wir_web.session import User

#: Pages hold personal data: never cached, never sent on as a referrer, framed by no one.
PAGE_HEADERS = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; "
    "form-action 'self'; base-uri 'none'",
}


@cache
def templates() -> Jinja2Templates:
    environment = Environment(
        loader=PackageLoader("wir_web", "templates"),
        autoescape=select_autoescape(default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return Jinja2Templates(env=environment)


def csrf_field(request: Request) -> Markup:
    return Markup('<input type="hidden" name="{}" value="{}">').format(
        csrf.FIELD, escape(csrf.token(request))
    )


def page(
    request: Request,
    template: str,
    *,
    user: User | None = None,
    language: str | None = None,
    status_code: int = 200,
    **context: Any,
) -> HTMLResponse:
    """`template` rendered in `language` (default: the staff interface's language)."""
    lang = language or staff_language(request)

    def t(key: str, **values: object) -> str:
        return translate(lang, key, **values)

    values = {
        "user": user,
        "lang": lang,
        "dir": direction(lang),
        "t": t,
        "csrf_field": lambda: csrf_field(request),
        "navigation": navigation,
        "district_name": district_name,
        **context,
    }
    return templates().TemplateResponse(
        request, template, values, status_code=status_code, headers=PAGE_HEADERS
    )
