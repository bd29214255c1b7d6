"""What every staff route shares: who may call, and how named errors become answers."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any

from fastapi import Depends, HTTPException, status

from wir_competence.errors import ConsentMissing, EntryNotFound, KindChanged, RecordNotFound, ShareNotFound
from wir_kit.auth import Principal, Role, require_roles

Staff = Annotated[Principal, Depends(require_roles(Role.CASE_MANAGER, Role.COORDINATOR))]

NOT_FOUND: dict[int | str, dict[str, Any]] = {
    status.HTTP_404_NOT_FOUND: {"description": "No such record here (or in no district at all)."}
}


@contextmanager
def answered() -> Iterator[None]:
    """Named errors as HTTP answers; another district's record is as missing as a missing one."""
    try:
        yield
    except (RecordNotFound, EntryNotFound, ShareNotFound):
        raise HTTPException(status.HTTP_404_NOT_FOUND, "not found") from None
    except KindChanged:
        raise HTTPException(status.HTTP_409_CONFLICT, "an entry keeps its kind; add a new entry") from None
    except ConsentMissing as missing:
        raise HTTPException(
            status.HTTP_409_CONFLICT, f"the person has not consented to {missing.purpose}"
        ) from None
