"""How the service's named errors answer over HTTP, declared once (`ServiceSpec.errors`); routes
let them propagate."""

from __future__ import annotations

from wir_kit import Answer, refused
from wir_notifications.domain.errors import NoSuchMessage

ERRORS: dict[type[Exception], Answer] = {
    # Another's message answers exactly like a missing one.
    NoSuchMessage: refused(404, "no such message"),
}
