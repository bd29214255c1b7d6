"""The signed link to one message, for people without an account: a small page with the message
in its language (`adapters/message_page.py`).

A person's message links on to their whole inbox in the web app (`WEB_URL/inbox?m=<token>`),
where they sign in with a one-time code (`api/inbox_sign_in.py`).

The token names the district and the notification, and is signed; its district is the
transaction's, so another district's message is never found. A link that opens nothing answers
404, one past its time 410, each as a page. The token is the credential: never cached.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from wir_contracts.notifications.v1 import RecipientKind
from wir_kit import Database, link_page_answer
from wir_notifications.adapters import message_links, message_page
from wir_notifications.api.deps import Config
from wir_notifications.db import inbox

router = APIRouter(prefix="/messages", tags=["public"])


OPENED: dict[int | str, dict[str, Any]] = {
    404: link_page_answer("No such link: unknown, tampered, or the message is gone."),
    410: link_page_answer("The link's time is over."),
}


@router.get("/{token}", response_class=HTMLResponse, responses=OPENED)
async def open_message(token: str, db: Database, settings: Config) -> HTMLResponse:
    """The message the link names, as it was written to its recipient."""
    try:
        claim = message_links.read_message(settings.message_link_secret, token, now=datetime.now(UTC))
    except message_links.LinkExpired:
        return message_page.expired()
    except message_links.BadLink:
        return message_page.not_found()
    async with db.transaction(claim.district) as tx:
        row = await inbox.linked(tx, claim.notification_id)
    if row is None:
        return message_page.not_found()
    # Only a person signs in to their inbox from a link; helpers and staff have their accounts.
    inbox_url = settings.inbox_url(token) if row["recipient_kind"] == RecipientKind.PERSON.value else None
    return message_page.message(row["subject"], row["text"], row["language"], inbox_url=inbox_url)
