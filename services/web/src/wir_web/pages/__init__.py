"""The app's pages, one module per area; each holds a module-level `router`."""

from __future__ import annotations

from fastapi import APIRouter

from wir_web.pages import home, signin

ROUTERS: tuple[APIRouter, ...] = (home.router, signin.router)
