"""What the user sees when something cannot be shown: a page in plain words, never the
service's own answer (it may quote personal data) and never a stack trace."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse, Response

from wir_web.backend import NotFound, Refused, ServiceDown
from wir_web.csrf import CsrfRefused
from wir_web.render import page
from wir_web.session import NotAllowed, SignInRequired, current_user


async def _sign_in(request: Request, _: Exception) -> Response:
    # Only a path of this app: an absolute URL here would make the sign-in an open redirect.
    back = request.url.path if request.method == "GET" else "/"
    if request.url.query and request.method == "GET":
        back += "?" + request.url.query
    return RedirectResponse(f"/signin?next={quote(back, safe='')}", status_code=303)


def _problem(key: str, status_code: int) -> object:
    async def handler(request: Request, exc: Exception) -> Response:
        values = {"service": exc.service} if isinstance(exc, ServiceDown) else {}
        return page(
            request,
            "error.html",
            user=await current_user(request),
            status_code=status_code,
            problem=key,
            values=values,
        )

    return handler


def register(app: FastAPI) -> None:
    app.add_exception_handler(SignInRequired, _sign_in)
    app.add_exception_handler(NotAllowed, _problem("errors.not_allowed", 403))  # type: ignore[arg-type]
    app.add_exception_handler(Refused, _problem("errors.not_allowed", 403))  # type: ignore[arg-type]
    app.add_exception_handler(NotFound, _problem("errors.not_found", 404))  # type: ignore[arg-type]
    app.add_exception_handler(CsrfRefused, _problem("errors.csrf", 403))  # type: ignore[arg-type]
    app.add_exception_handler(ServiceDown, _problem("errors.service_down", 503))  # type: ignore[arg-type]
