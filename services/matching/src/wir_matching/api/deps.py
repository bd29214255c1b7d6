"""What matching's routes take besides the kit's database and callers: its settings, and the
callers who may read or change one volunteer's profile."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import Depends

from wir_kit import Principal, Role, require_roles, settings_of
from wir_matching.db.volunteers import VolunteerNotFound
from wir_matching.settings import MatchingSettings

#: Matching's own settings, as `main.build` read them.
Config = Annotated[MatchingSettings, Depends(settings_of(MatchingSettings))]

#: Coordinators of the token's district, and volunteers (who reach only their own profile).
CoordinatorOrVolunteer = Annotated[Principal, Depends(require_roles(Role.COORDINATOR, Role.VOLUNTEER))]


def admit_to_volunteer(caller: Principal, volunteer_id: UUID) -> None:
    """A coordinator reaches every volunteer of the district; a volunteer only themself. Someone
    else's profile answers 404 like a missing one, so a volunteer's token cannot probe for ids."""
    if Role.COORDINATOR in caller.roles:
        return
    if caller.sub != str(volunteer_id):
        raise VolunteerNotFound()
