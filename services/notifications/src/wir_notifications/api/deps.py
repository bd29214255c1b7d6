"""What the notifications routes take besides the kit's database and callers (`Staff`,
`Coordinator`, `CurrentPrincipal`): the service's settings and the size of a page."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query

from wir_kit import Principal, Role, require_roles, settings_of
from wir_notifications.settings import NotificationSettings

#: The service's own settings, as `main.build` read them.
Config = Annotated[NotificationSettings, Depends(settings_of(NotificationSettings))]

Limit = Annotated[int, Query(ge=1, le=200)]

#: Whoever reads their own inbox: a person, a volunteer or an interpreter. Staff roles alone
#: are refused, so a staff token whose subject equals a person's id reads nothing.
Recipient = Annotated[Principal, Depends(require_roles(Role.PERSON, Role.VOLUNTEER, Role.INTERPRETER))]
