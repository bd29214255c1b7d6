"""What a service's routes depend on: the database, the service's own settings, the caller.

Routers are module-level; these dependencies read what the app factory put on `app.state`,
so no route closes over a runtime.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Annotated, TypeVar

from fastapi import Depends, Request
from pydantic import AfterValidator, AwareDatetime
from pydantic_core import PydanticCustomError

from wir_kit.auth import Principal, Role, require_roles
from wir_kit.db import Db

T = TypeVar("T")


async def database(request: Request) -> Db:
    """The service's database (its login role; every transaction names a district)."""
    db: Db = request.app.state.resources.db
    return db


def settings_of(kind: type[T]) -> Callable[[Request], Awaitable[T]]:
    """A dependency giving the service's own settings, as `main.build` read them once."""

    async def service_settings(request: Request) -> T:
        settings = request.app.state.service_settings
        if not isinstance(settings, kind):
            raise TypeError(f"the app was built without {kind.__name__}")
        return settings

    return service_settings


def _representable(value: datetime) -> datetime:
    # 9999-12-31T23:59:59-14:00 parses, but lies past year 9999 in UTC: the database driver
    # would fail on it with a 500. Refused here as a 422 naming the field.
    try:
        value.astimezone(UTC)
    except OverflowError:
        raise PydanticCustomError("datetime_range", "lies outside the years 1 to 9999 in UTC") from None
    return value


#: A moment with its offset, within what UTC (and so the database) can hold.
Instant = Annotated[AwareDatetime, AfterValidator(_representable)]

Database = Annotated[Db, Depends(database)]
#: Case managers and coordinators of the token's district.
Staff = Annotated[Principal, Depends(require_roles(Role.CASE_MANAGER, Role.COORDINATOR))]
Coordinator = Annotated[Principal, Depends(require_roles(Role.COORDINATOR))]
