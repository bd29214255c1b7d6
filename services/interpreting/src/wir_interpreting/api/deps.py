"""What interpreting's routes take besides the kit's database and callers: its settings, and the
callers who may act on one interpreter's profile or appointments."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import Depends

from wir_interpreting.domain.errors import NotFound
from wir_interpreting.settings import InterpretingSettings
from wir_kit import Principal, Role, require_roles, settings_of

#: Interpreting's own settings, as `main.build` read them.
Config = Annotated[InterpretingSettings, Depends(settings_of(InterpretingSettings))]

#: Coordinators of the token's district, and interpreters (who reach only their own profile).
CoordinatorOrInterpreter = Annotated[Principal, Depends(require_roles(Role.COORDINATOR, Role.INTERPRETER))]

#: Who asks for interpreting: case managers and coordinators (other departments use staff accounts).
Requester = Annotated[Principal, Depends(require_roles(Role.CASE_MANAGER, Role.COORDINATOR))]


def admit_to_interpreter(caller: Principal, interpreter_id: UUID) -> None:
    """A coordinator reaches every interpreter of the district; an interpreter only themself.
    Someone else's profile answers 404 like a missing one, so a token cannot probe for ids."""
    if Role.COORDINATOR in caller.roles:
        return
    if caller.sub != str(interpreter_id):
        raise NotFound()
