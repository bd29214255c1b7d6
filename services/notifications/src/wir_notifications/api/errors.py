"""How the service's named errors answer over HTTP, declared once (`ServiceSpec.errors`); routes
let them propagate."""

from __future__ import annotations

from typing import Any

from wir_kit import Answer, refused
from wir_notifications.domain.errors import NoSuchMessage, NoSuchPerson

ERRORS: dict[type[Exception], Answer] = {
    # Another's message answers exactly like a missing one.
    NoSuchMessage: refused(404, "no such message"),
    # Unknown and another district's person answer alike, as on every other service.
    NoSuchPerson: refused(404, "no such person"),
}

#: The OpenAPI description of those 404s, on the routes that answer them.
MESSAGE_NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"description": "No such message of the caller's."}
}
PERSON_NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"description": "No such person in the district."}}
