"""Sign-in and sign-out: the district's identity provider, or (local development only) a
chosen district and role; and the interface language."""

from __future__ import annotations

from typing import Annotated

import httpx
from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import FormData

from wir_contracts.districts import districts
from wir_kit.auth import Role, issue_dev_token
from wir_web import session
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


@router.get("/signin")
async def sign_in_page(request: Request, next: str = "/") -> Response:
    web = _web(request)
    choices = sorted(((key, d.name) for key, d in districts().items()), key=lambda c: c[1])
    return page(
        request,
        "signin.html",
        next=local_path(next),
        idp=request.app.state.oauth is not None,
        dev=web.dev_sign_in,
        districts=choices,
        roles=[role.value for role in DEV_ROLES],
    )


@router.post("/signin/dev")
async def dev_sign_in(request: Request, form: Form) -> Response:
    if not _web(request).dev_sign_in:
        raise NotFound
    district, role = str(form.get("district", "")), str(form.get("role", ""))
    if district not in districts() or role not in {r.value for r in DEV_ROLES}:
        return RedirectResponse("/signin", status_code=303)
    token = issue_dev_token(
        request.app.state.settings, sub=f"dev-{role}-{district}", district=district, roles=[role]
    )
    session.start(request, token)
    return RedirectResponse(local_path(form.get("next")), status_code=303)


@router.get("/signin/idp")
async def idp_sign_in(request: Request, next: str = "/") -> Response:
    client = request.app.state.oauth
    if client is None:
        raise NotFound
    request.session["next"] = local_path(next)
    redirect: Response = await client.authorize_redirect(request, str(request.url_for("idp_callback")))
    return redirect


@router.get("/auth/callback", name="idp_callback")
async def idp_callback(request: Request) -> Response:
    client = request.app.state.oauth
    if client is None:
        raise NotFound
    back = local_path(request.session.get("next"))
    tokens = await client.authorize_access_token(request)
    session.start(request, tokens["access_token"], tokens.get("id_token"))
    return RedirectResponse(back, status_code=303)


@router.post("/signout")
async def sign_out(request: Request, _: Form) -> Response:
    id_token = request.session.get("id_token")
    session.end(request)
    client = request.app.state.oauth
    if client is None or not isinstance(id_token, str):
        return RedirectResponse("/signin", status_code=303)
    metadata = await client.load_server_metadata()
    end_session = metadata.get("end_session_endpoint")
    if not end_session:
        return RedirectResponse("/signin", status_code=303)
    back = _web(request).public_url.rstrip("/") + "/signin"
    return RedirectResponse(
        str(httpx_url(end_session, id_token_hint=id_token, post_logout_redirect_uri=back)), status_code=303
    )


def httpx_url(base: str, **params: str) -> str:
    return str(httpx.URL(base, params=params))


@router.post("/language")
async def language(request: Request, form: Form) -> Response:
    chosen = form.get("lang")
    if chosen in STAFF_LANGUAGES:
        request.session["lang"] = chosen
    return RedirectResponse(local_path(form.get("next")), status_code=303)
