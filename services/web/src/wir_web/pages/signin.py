"""Sign-in and sign-out: the district's identity provider, or (local development only) a
chosen district and role; and the interface language."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import FormData

from wir_contracts.districts import districts
from wir_kit.auth import Role, issue_dev_token, trusts_dev_key
from wir_web import oidc, session
from wir_web.backend import NotFound
from wir_web.csrf import checked_form
from wir_web.i18n import STAFF_LANGUAGES
from wir_web.render import page
from wir_web.settings import WebSettings

router = APIRouter()
Form = Annotated[FormData, Depends(checked_form)]
#: The roles one can pick at a development sign-in: every staff role of the web app.
DEV_ROLES = (Role.CASE_MANAGER, Role.COORDINATOR, Role.VOLUNTEER, Role.INTERPRETER)


def local_path(value: object) -> str:
    """A path of this app to return to; anything else (another host, `//host`) is home."""
    text = value if isinstance(value, str) else ""
    if not text.startswith("/") or text.startswith("//") or "\\" in text:
        return "/"
    return text


def _web(request: Request) -> WebSettings:
    settings: WebSettings = request.app.state.web
    return settings


def _dev_sign_in(request: Request) -> bool:
    """Only where the services accept development tokens: never beside an identity provider."""
    return _web(request).dev_sign_in and trusts_dev_key(request.app.state.settings)


@router.get("/signin")
async def sign_in_page(request: Request, next: str = "/") -> Response:
    choices = sorted(((key, d.name) for key, d in districts().items()), key=lambda c: c[1])
    return page(
        request,
        "signin.html",
        next=local_path(next),
        idp=request.app.state.oauth is not None,
        dev=_dev_sign_in(request),
        districts=choices,
        roles=[role.value for role in DEV_ROLES],
    )


@router.post("/signin/dev")
async def dev_sign_in(request: Request, form: Form) -> Response:
    if not _dev_sign_in(request):
        raise NotFound
    district, role = str(form.get("district", "")), str(form.get("role", ""))
    subject = _subject(form.get("sub"), f"dev-{role}-{district}")
    if district not in districts() or role not in {r.value for r in DEV_ROLES} or subject is None:
        return RedirectResponse("/signin", status_code=303)
    token = issue_dev_token(request.app.state.settings, sub=subject, district=district, roles=[role])
    session.start(request, token)
    return RedirectResponse(local_path(form.get("next")), status_code=303)


def _subject(value: object, default: str) -> str | None:
    """Who the development sign-in stands for: a volunteer's or interpreter's profile id (the
    services know them by it), else a made-up staff name; None for anything but a UUID."""
    text = value.strip() if isinstance(value, str) else ""
    if not text:
        return default
    try:
        return str(uuid.UUID(text))
    except ValueError:
        return None


@router.get("/signin/idp")
async def idp_sign_in(request: Request, next: str = "/") -> Response:
    idp = request.app.state.oauth
    if idp is None:
        raise NotFound
    request.session["next"] = local_path(next)
    try:
        return await oidc.start(request, idp, _web(request))
    except oidc.SignInFailed as failed:
        return _sign_in_failed(request, failed)


@router.get(oidc.CALLBACK_PATH, name="idp_callback")
async def idp_callback(request: Request) -> Response:
    idp = request.app.state.oauth
    if idp is None:
        raise NotFound
    back = local_path(request.session.get("next"))
    try:
        tokens = await oidc.finish(request, idp, request.app.state.authenticator, DEV_ROLES)
    except oidc.SignInFailed as failed:
        return _sign_in_failed(request, failed)
    session.start(request, tokens.access_token, tokens.id_token)
    return RedirectResponse(back, status_code=303)


def _sign_in_failed(request: Request, failed: oidc.SignInFailed) -> Response:
    # Nobody is signed in by a failed attempt, whoever was before keeps their session.
    return page(
        request,
        "error.html",
        user=None,
        status_code=failed.status_code,
        problem=f"signin.{failed.problem}",
        values={},
    )


@router.post("/signout")
async def sign_out(request: Request, _: Form) -> Response:
    id_token = request.session.get("id_token")
    session.end(request)
    idp = request.app.state.oauth
    if idp is None or not isinstance(id_token, str):
        return RedirectResponse("/signin", status_code=303)
    # Also at the provider, or its session would sign the next person at this browser straight in.
    back = _web(request).public_url.rstrip("/") + "/signin"
    return RedirectResponse(await oidc.end_session_url(idp, id_token, back) or "/signin", status_code=303)


@router.post("/language")
async def language(request: Request, form: Form) -> Response:
    chosen = form.get("lang")
    if chosen in STAFF_LANGUAGES:
        request.session["lang"] = chosen
    return RedirectResponse(local_path(form.get("next")), status_code=303)
