"""Transient failures are retried with back-off; permanent ones fall back to the next agreed
channel, and after the last one to the inbox. Every step shows in the delivery history."""

from __future__ import annotations

from wir_kit.testing.bus import publish
from wir_kit.testing.districts import BERGSTRASSE
from wir_kit.testing.service import bearer, http_client, outbox


async def test_smtp_failing_twice_then_accepting_delivers_once_with_status_history(
    start_notifications, smtp_sink, person, until
) -> None:
    service = await start_notifications(retry_delays_s=[0.2, 0.2, 0.2])
    smtp_sink.data_replies.extend(["451 4.3.0 Try again later", "421 4.7.0 Too busy"])
    registered, contact, email, _ = person(["email"])

    await publish(service.settings, registered, contact)

    await until(lambda: smtp_sink.to(email))
    await until(lambda: outbox(service.runtime, "notification_sent"))
    assert len(smtp_sink.to(email)) == 1
    assert await service.history(BERGSTRASSE, registered.person_id) == [
        ("email", "queued", None, None),
        ("email", "retry", 1, "smtp_451"),
        ("email", "retry", 2, "smtp_421"),
        ("email", "sent", 3, "smtp_accepted"),
    ]
    assert await outbox(service.runtime, "notification_failed") == []
    [sent] = await outbox(service.runtime, "notification_sent")
    assert sent["channel"] == "email"


async def test_smtp_permanently_rejecting_falls_back_to_sms(
    start_notifications, smtp_sink, sms_provider, person, until
) -> None:
    service = await start_notifications()
    smtp_sink.rcpt_reply = "550 5.1.1 Mailbox unavailable"
    registered, contact, email, mobile = person(["email", "sms"])

    await publish(service.settings, registered, contact)

    [sms] = await until(lambda: sms_provider.to(mobile))
    assert sms.body["text"].startswith("Welcome to WIR, Amina!")
    assert smtp_sink.to(email) == []
    [failed] = await outbox(service.runtime, "notification_failed")
    assert (failed["channel"], failed["reason"]) == ("email", "invalid_address")
    [sent] = await until(lambda: outbox(service.runtime, "notification_sent"))
    assert sent["channel"] == "sms"
    assert sent["notification_id"] == failed["notification_id"]
    # Permanent means no second try on the mail server.
    assert [h[1:] for h in await service.history(BERGSTRASSE, registered.person_id) if h[0] == "email"] == [
        ("queued", None, None),
        ("failed", 1, "invalid_address: smtp_550"),
    ]


async def test_sms_provider_down_after_the_retry_budget_falls_back_to_the_inbox(
    start_notifications, sms_provider, person, until
) -> None:
    service = await start_notifications(retry_delays_s=[0.1, 0.1])
    sms_provider.always = (503, b'{"error": "maintenance"}')
    registered, contact, _, mobile = person(["sms"])

    await publish(service.settings, registered, contact)

    [sent] = await until(lambda: outbox(service.runtime, "notification_sent"))
    assert sent["channel"] == "inbox"
    [failed] = await outbox(service.runtime, "notification_failed")
    assert (failed["channel"], failed["reason"]) == ("sms", "retries_exhausted")
    assert len(sms_provider.to(mobile)) == 3  # one attempt more than back-off steps
    async with http_client(service.runtime) as http:
        inbox = (
            await http.get("/inbox", headers=bearer(service.runtime, "person", sub=str(registered.person_id)))
        ).json()
    assert [item["template"] for item in inbox["items"]] == ["welcome"]


async def test_malformed_provider_answer_is_a_failure_never_sent(
    start_notifications, sms_provider, person, until
) -> None:
    service = await start_notifications()
    sms_provider.replies.extend([(200, b"<html>ok</html>", 0.0), (202, b'{"status": "queued"}', 0.0)])
    registered, contact, _, mobile = person(["sms"])

    await publish(service.settings, registered, contact)

    await until(lambda: outbox(service.runtime, "notification_sent"))
    assert len(sms_provider.to(mobile)) == 3
    assert [h[1:] for h in await service.history(BERGSTRASSE, registered.person_id)] == [
        ("queued", None, None),
        ("retry", 1, "sms_malformed_answer"),
        ("retry", 2, "sms_malformed_answer"),
        ("sent", 3, "http_200"),
    ]


async def test_refused_connection_is_retried_until_the_mail_server_is_back(
    start_notifications, late_smtp_sink, person, until
) -> None:
    service = await start_notifications(smtp_port=late_smtp_sink.sink.port, retry_delays_s=[0.3] * 4)
    registered, contact, email, _ = person(["email"])

    await publish(service.settings, registered, contact)

    async def refused_once():
        history = await service.history(BERGSTRASSE, registered.person_id)
        return ("email", "retry", 1, "smtp_connection") in history

    await until(refused_once)
    sink = late_smtp_sink.start()
    [mail] = await until(lambda: sink.to(email))
    assert mail.message["Subject"].startswith("Welcome to WIR")
