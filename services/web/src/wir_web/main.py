"""The web app, built from its settings: `wir run` and `python -m wir_web` serve it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.resources import files

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.middleware.sessions import SessionMiddleware

from wir_kit.http import create_app
from wir_kit.settings import Settings
from wir_web import errors, oidc
from wir_web.backend import Backend
from wir_web.pages import ROUTERS
from wir_web.settings import WebSettings


def build(settings: Settings, web: WebSettings) -> FastAPI:
    backend = Backend(web)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        await backend.close()

    app = create_app(settings, title="WIR", lifespan=lifespan, routers=ROUTERS, max_body_bytes=200_000)
    app.state.backend = backend
    app.state.settings = settings
    app.state.web = web
    app.state.oauth = oidc.client(web)
    errors.register(app)
    app.mount("/static", StaticFiles(directory=str(files("wir_web") / "static")), name="static")
    # Outermost after the kit's request middleware, so that every page has its session.
    app.add_middleware(
        SessionMiddleware,
        secret_key=web.session_secret,
        session_cookie="wir_session",
        max_age=round(web.session_hours * 3600),
        same_site="lax",
        https_only=web.secure_cookies,
    )
    return app
