"""What the user sees when something cannot be shown: a page in plain words, never the
service's own answer (it may quote personal data) and never a stack trace."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
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


def _problem(key: str, status_code: int) -> Callable[[Request, Exception], Awaitable[Response]]:
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


#: Each error a page may raise, the words that explain it and the status it answers with.
_PROBLEMS: tuple[tuple[type[Exception], str, int], ...] = (
    (NotAllowed, "errors.not_allowed", 403),
    (Refused, "errors.not_allowed", 403),
    (NotFound, "errors.not_found", 404),
    (CsrfRefused, "errors.csrf", 403),
    (ServiceDown, "errors.service_down", 503),
)


def register(app: FastAPI) -> None:
    app.add_exception_handler(SignInRequired, _sign_in)
    for error, key, status_code in _PROBLEMS:
        app.add_exception_handler(error, _problem(key, status_code))
