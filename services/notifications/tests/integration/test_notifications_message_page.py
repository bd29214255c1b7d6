"""The link in a message opens that message in a browser, without an account: the welcome's
link shows the welcome in the person's language; a tampered link, one past its time and one
that names another district's message open nothing."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from uuid import UUID

from wir_kit.testing.bus import publish
from wir_kit.testing.districts import BERGSTRASSE, HANAU
from wir_kit.testing.service import http_client, rows
from wir_notifications.adapters.message_links import sign_message

PUBLIC = "https://wir.example/notifications"


async def welcomed(service, smtp_sink, person, until, languages=("fas",)) -> tuple[str, str, UUID]:
    """The welcome e-mail's link token, the mail's subject, and the notification's id."""
    registered, contact, address, _ = person(languages=list(languages))
    await publish(service.settings, registered, contact)
    [mail] = await until(lambda: smtp_sink.to(address))
    [token] = re.findall(re.escape(PUBLIC) + r"/messages/([A-Za-z0-9_.-]+)", mail.part("plain"))
    [row] = await rows(
        service.runtime,
        BERGSTRASSE,
        "SELECT notification_id FROM notifications WHERE recipient_id = $1",
        registered.person_id,
    )
    return token, mail.message["Subject"], row["notification_id"]


async def test_the_welcomes_link_opens_the_welcome_in_the_persons_language(
    start_notifications, smtp_sink, person, until
) -> None:
    service = await start_notifications(public_url=PUBLIC)
    token, subject, _ = await welcomed(service, smtp_sink, person, until)

    async with http_client(service.runtime) as http:
        page = await http.get(f"/messages/{token}")

    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert page.headers["cache-control"] == "no-store"
    assert f'<article lang="fa" dir="rtl"><h2>{subject}</h2>' in page.text
    assert "سلام Amina" in page.text


async def test_a_tampered_link_opens_nothing(start_notifications, smtp_sink, person, until) -> None:
    service = await start_notifications(public_url=PUBLIC)
    token, _, _ = await welcomed(service, smtp_sink, person, until, languages=("eng",))
    header, payload, signature = token.split(".")
    forged = ".".join((header, payload, ("A" if signature[0] != "A" else "B") + signature[1:]))

    async with http_client(service.runtime) as http:
        page = await http.get(f"/messages/{forged}")

    assert page.status_code == 404
    assert "Amina" not in page.text and page.headers["cache-control"] == "no-store"


async def test_a_link_past_its_time_answers_410(start_notifications, smtp_sink, person, until) -> None:
    service = await start_notifications(public_url=PUBLIC)
    _, _, notification_id = await welcomed(service, smtp_sink, person, until, languages=("eng",))
    past = datetime(2020, 1, 1, tzinfo=UTC)
    token = sign_message(
        service.config.message_link_secret,
        district=BERGSTRASSE,
        notification_id=notification_id,
        expires_at=past,
    )

    async with http_client(service.runtime) as http:
        page = await http.get(f"/messages/{token}")

    assert page.status_code == 410
    assert "Amina" not in page.text


async def test_a_link_naming_another_districts_message_opens_nothing(
    start_notifications, smtp_sink, person, until
) -> None:
    service = await start_notifications(public_url=PUBLIC)
    _, _, notification_id = await welcomed(service, smtp_sink, person, until, languages=("eng",))
    later = datetime(2099, 1, 1, tzinfo=UTC)
    token = sign_message(
        service.config.message_link_secret, district=HANAU, notification_id=notification_id, expires_at=later
    )

    async with http_client(service.runtime) as http:
        page = await http.get(f"/messages/{token}")

    assert page.status_code == 404
    assert "Amina" not in page.text
