"""A person opens their own inbox from a message's link: a one-time code goes to the channel the
message went out on, in its language, and the right code (within its time and tries) gives a
short-lived person token that `GET /inbox` accepts and nothing else does. Refusals say why in
one word and never whose."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from uuid import UUID

from wir_contracts.intake.v1 import PersonErasureRequested
from wir_kit.testing.bus import publish
from wir_kit.testing.districts import BERGSTRASSE
from wir_kit.testing.examples import golden
from wir_kit.testing.service import bearer, http_client, outbox, rows
from wir_notifications.adapters import inbox_tokens
from wir_notifications.adapters.message_links import sign_message

PUBLIC = "https://wir.example/notifications"
WEB = "https://wir.example"


async def welcomed(service, smtp_sink, person, until, **who):
    """A person's welcome e-mail: (its link's token, the person, the mail)."""
    someone = person(**who)
    await publish(service.settings, someone.registered, someone.contact)
    [mail] = await until(lambda: smtp_sink.to(someone.email))
    # The mail server has it a moment before the service records which channel took it.
    await until(lambda: sent_to(service, someone.registered.person_id))
    [token] = re.findall(re.escape(PUBLIC) + r"/messages/([A-Za-z0-9_.-]+)", mail.part("plain"))
    return token, someone, mail


async def sent_to(service, person_id: UUID) -> bool:
    sent = await outbox(service.runtime, "notification_sent")
    return any(event["recipient_id"] == str(person_id) for event in sent)


def code_in(mail) -> str:
    [code] = re.findall(r"\b[0-9]{6}\b", mail.part("plain"))
    return code


def tells_nothing_of(answer, someone) -> None:
    """A refusal: one word of why, nothing of whom."""
    assert set(answer.json()) == {"detail"} and re.fullmatch(r"[a-z_]+", answer.json()["detail"]), answer.text
    for personal in (someone.email, str(someone.registered.person_id), "Amina", someone.mobile or "-"):
        assert personal not in answer.text


async def test_a_code_by_e_mail_opens_the_persons_inbox_in_their_language(
    start_notifications, smtp_sink, person, until
) -> None:
    service = await start_notifications(public_url=PUBLIC, web_url=WEB)
    token, amina, welcome = await welcomed(service, smtp_sink, person, until, languages=("ara",))

    async with http_client(service.runtime) as http:
        link = await http.post("/inbox/link", json={"message_token": token})
        sent = await http.post("/inbox/code", json={"message_token": token})
        [mail] = await until(lambda: [m for m in smtp_sink.to(amina.email) if m is not welcome])
        session = await http.post("/inbox/session", json={"message_token": token, "code": code_in(mail)})
        person_token = {"Authorization": f"Bearer {session.json()['access_token']}"}
        inbox = await http.get("/inbox", headers=person_token)
        again = await http.post("/inbox/session", json={"message_token": token, "code": code_in(mail)})
        staff_route = await http.get(
            f"/persons/{amina.registered.person_id}/notifications", headers=person_token
        )

    assert link.status_code == 200
    assert link.json() == {
        "language": "ara",
        "language_tag": "ar",
        "rtl": True,
        "channel": "email",
        "hint": f"{amina.email[0]}•••@e•••.org",
    }
    assert sent.status_code == 202
    assert sent.json() == {"channel": "email", "hint": f"{amina.email[0]}•••@e•••.org", "valid_minutes": 10}
    assert mail.message["Subject"] == "رمزك لدى WIR" and mail.message["Content-Language"] == "ar"
    # Not in the subject: a lock screen shows subjects to whoever holds the phone.
    assert code_in(mail) not in mail.message["Subject"]
    assert '<html lang="ar" dir="rtl">' in mail.part("html") and "Amina" not in mail.part("plain")
    assert session.status_code == 200, session.text
    assert session.json()["token_type"] == "Bearer" and session.json()["language"] == "ara"
    [message] = inbox.json()["items"]
    assert message["subject"] == welcome.message["Subject"]
    tells_nothing_of(again, amina)
    assert (again.status_code, again.json()["detail"]) == (410, "code_used")
    # The person token opens the inbox and nothing else.
    assert staff_route.status_code == 401


async def test_the_code_is_kept_only_as_a_keyed_hash(start_notifications, smtp_sink, person, until) -> None:
    service = await start_notifications(public_url=PUBLIC)
    token, amina, welcome = await welcomed(service, smtp_sink, person, until)

    async with http_client(service.runtime) as http:
        await http.post("/inbox/code", json={"message_token": token})
    [mail] = await until(lambda: [m for m in smtp_sink.to(amina.email) if m is not welcome])

    [stored] = await rows(service.runtime, BERGSTRASSE, "SELECT * FROM inbox_codes")
    assert stored["person_id"] == amina.registered.person_id and stored["channel"] == "email"
    assert code_in(mail).encode() not in stored["code_hash"] and len(stored["code_hash"]) == 32


async def test_five_wrong_codes_end_the_code(start_notifications, smtp_sink, person, until) -> None:
    service = await start_notifications(public_url=PUBLIC)
    token, amina, welcome = await welcomed(service, smtp_sink, person, until)

    async with http_client(service.runtime) as http:
        await http.post("/inbox/code", json={"message_token": token})
        [mail] = await until(lambda: [m for m in smtp_sink.to(amina.email) if m is not welcome])
        right = code_in(mail)
        wrong = f"{(int(right) + 1) % 1_000_000:06d}"
        tries = [
            await http.post("/inbox/session", json={"message_token": token, "code": wrong}) for _ in range(5)
        ]
        after = await http.post("/inbox/session", json={"message_token": token, "code": right})

    assert [t.status_code for t in tries] == [400, 400, 400, 400, 410]
    assert [t.json()["detail"] for t in tries] == ["code_wrong"] * 4 + ["code_ended"]
    assert (after.status_code, after.json()["detail"]) == (410, "code_ended")
    for answer in (*tries, after):
        tells_nothing_of(answer, amina)


async def test_an_expired_code_is_refused(start_notifications, smtp_sink, person, until) -> None:
    service = await start_notifications(public_url=PUBLIC)
    token, amina, welcome = await welcomed(service, smtp_sink, person, until)

    async with http_client(service.runtime) as http:
        await http.post("/inbox/code", json={"message_token": token})
        [mail] = await until(lambda: [m for m in smtp_sink.to(amina.email) if m is not welcome])
        await rows(
            service.runtime,
            BERGSTRASSE,
            "UPDATE inbox_codes SET expires_at = now() - interval '1 second' RETURNING code_id",
        )
        late = await http.post("/inbox/session", json={"message_token": token, "code": code_in(mail)})

    assert (late.status_code, late.json()["detail"]) == (410, "code_expired")
    tells_nothing_of(late, amina)


async def test_another_messages_link_does_not_open_this_persons_inbox(
    start_notifications, smtp_sink, person, until
) -> None:
    service = await start_notifications(public_url=PUBLIC)
    token, amina, welcome = await welcomed(service, smtp_sink, person, until)
    other_token, olena, other_welcome = await welcomed(
        service, smtp_sink, person, until, languages=("ukr",), name="Olena"
    )

    async with http_client(service.runtime) as http:
        await http.post("/inbox/code", json={"message_token": token})
        [mail] = await until(lambda: [m for m in smtp_sink.to(amina.email) if m is not welcome])
        # Amina's code with Olena's link: Olena asked for no code.
        borrowed = await http.post(
            "/inbox/session", json={"message_token": other_token, "code": code_in(mail)}
        )
        await http.post("/inbox/code", json={"message_token": other_token})
        [olenas] = await until(lambda: [m for m in smtp_sink.to(olena.email) if m is not other_welcome])
        crossed = await http.post(
            "/inbox/session", json={"message_token": other_token, "code": code_in(mail)}
        )
        session = await http.post(
            "/inbox/session", json={"message_token": other_token, "code": code_in(olenas)}
        )
        inbox = await http.get(
            "/inbox", headers={"Authorization": f"Bearer {session.json()['access_token']}"}
        )

    assert (borrowed.status_code, borrowed.json()["detail"]) == (409, "no_code")
    assert olenas.message["Subject"].startswith("Ваш код для WIR")
    assert (crossed.status_code, crossed.json()["detail"]) == (400, "code_wrong")
    tells_nothing_of(borrowed, amina)
    tells_nothing_of(crossed, amina)
    assert [m["subject"] for m in inbox.json()["items"]] == [other_welcome.message["Subject"]]


async def test_a_broken_or_expired_link_asks_nothing(start_notifications, smtp_sink, person, until) -> None:
    service = await start_notifications(public_url=PUBLIC)
    token, amina, _ = await welcomed(service, smtp_sink, person, until)
    [row] = await rows(service.runtime, BERGSTRASSE, "SELECT notification_id FROM notifications")
    expired = sign_message(
        service.config.message_link_secret,
        district=BERGSTRASSE,
        notification_id=row["notification_id"],
        expires_at=datetime(2020, 1, 1, tzinfo=UTC),
    )

    async with http_client(service.runtime) as http:
        forged = await http.post("/inbox/code", json={"message_token": token[:-2] + "xx"})
        late = await http.post("/inbox/code", json={"message_token": expired})
        late_session = await http.post("/inbox/session", json={"message_token": expired, "code": "123456"})
        malformed = await http.post("/inbox/session", json={"message_token": token, "code": "12ab"})

    assert (forged.status_code, forged.json()["detail"]) == (404, "link_invalid")
    assert (late.status_code, late.json()["detail"]) == (410, "link_expired")
    assert (late_session.status_code, late_session.json()["detail"]) == (410, "link_expired")
    assert malformed.status_code == 422 and malformed.json()["detail"][0]["loc"] == ["body", "code"]
    for answer in (forged, late, late_session):
        tells_nothing_of(answer, amina)
    assert len(smtp_sink.to(amina.email)) == 1  # the welcome only


async def test_another_code_waits_a_minute(start_notifications, smtp_sink, person, until) -> None:
    service = await start_notifications(public_url=PUBLIC)
    token, amina, _ = await welcomed(service, smtp_sink, person, until)

    async with http_client(service.runtime) as http:
        first = await http.post("/inbox/code", json={"message_token": token})
        second = await http.post("/inbox/code", json={"message_token": token})

    assert first.status_code == 202
    assert (second.status_code, second.json()["detail"]) == (429, "code_recently_sent")
    assert 0 < int(second.headers["retry-after"]) <= 60
    tells_nothing_of(second, amina)
    await until(lambda: len(smtp_sink.to(amina.email)) == 2)


async def test_a_code_goes_by_sms_where_the_message_did(
    start_notifications, smtp_sink, sms_provider, person, until
) -> None:
    service = await start_notifications(public_url=PUBLIC)
    tarik = person(["sms"], languages=("tur",), name="Tarık")
    await publish(service.settings, tarik.registered, tarik.contact)
    await until(lambda: sent_to(service, tarik.registered.person_id))
    token = await _link_to_first_message(service, tarik.registered.person_id)

    async with http_client(service.runtime) as http:
        sent = await http.post("/inbox/code", json={"message_token": token})
        [_, sms] = await until(
            lambda: len(sms_provider.to(tarik.mobile)) == 2 and sms_provider.to(tarik.mobile)
        )
        [code] = re.findall(r"\b[0-9]{6}\b", sms.body["text"])
        session = await http.post("/inbox/session", json={"message_token": token, "code": code})

    assert sent.json() == {"channel": "sms", "hint": "•••42", "valid_minutes": 10}
    assert sms.body["text"].startswith("WIR: Kodunuz") and "Tarık" not in sms.body["text"]
    assert session.status_code == 200


async def test_a_message_only_in_the_inbox_sends_no_code(start_notifications, person, until) -> None:
    service = await start_notifications(public_url=PUBLIC)
    reader = person(["inbox"])
    await publish(service.settings, reader.registered, reader.contact)
    await until(lambda: outbox(service.runtime, "notification_sent"))
    token = await _link_to_first_message(service, reader.registered.person_id)

    async with http_client(service.runtime) as http:
        link = await http.post("/inbox/link", json={"message_token": token})
        code = await http.post("/inbox/code", json={"message_token": token})

    assert (link.json()["channel"], link.json()["hint"]) == (None, None)
    assert (code.status_code, code.json()["detail"]) == (409, "no_channel")
    tells_nothing_of(code, reader)


async def test_a_helpers_message_opens_no_inbox_and_the_persons_page_links_it(
    start_notifications, smtp_sink, person, until
) -> None:
    service = await start_notifications(public_url=PUBLIC, web_url=WEB)
    token, _, _ = await welcomed(service, smtp_sink, person, until)
    [row] = await rows(service.runtime, BERGSTRASSE, "SELECT notification_id FROM notifications")
    await rows(
        service.runtime, BERGSTRASSE, "UPDATE notifications SET recipient_kind = 'volunteer' RETURNING 1"
    )
    as_volunteer = sign_message(
        service.config.message_link_secret,
        district=BERGSTRASSE,
        notification_id=row["notification_id"],
        expires_at=datetime(2099, 1, 1, tzinfo=UTC),
    )

    async with http_client(service.runtime) as http:
        helper_page = await http.get(f"/messages/{as_volunteer}")
        helper_code = await http.post("/inbox/code", json={"message_token": as_volunteer})
        await rows(
            service.runtime, BERGSTRASSE, "UPDATE notifications SET recipient_kind = 'person' RETURNING 1"
        )
        person_page = await http.get(f"/messages/{token}")

    assert f'href="{WEB}/inbox?m=' not in helper_page.text
    assert (helper_code.status_code, helper_code.json()["detail"]) == (404, "link_invalid")
    assert (
        f'<a href="{WEB}/inbox?m={token}" rel="noreferrer">All your messages: open your inbox</a>'
        in person_page.text
    )


async def test_erasing_the_person_erases_their_codes(start_notifications, smtp_sink, person, until) -> None:
    service = await start_notifications(public_url=PUBLIC)
    token, amina, _ = await welcomed(service, smtp_sink, person, until)
    async with http_client(service.runtime) as http:
        await http.post("/inbox/code", json={"message_token": token})
    assert await rows(service.runtime, BERGSTRASSE, "SELECT 1 FROM inbox_codes")

    await publish(
        service.settings,
        golden(PersonErasureRequested, district=BERGSTRASSE, person_id=amina.registered.person_id),
    )
    await until(lambda: outbox(service.runtime, "erasure_completed"))

    assert await rows(service.runtime, BERGSTRASSE, "SELECT 1 FROM inbox_codes") == []
    async with http_client(service.runtime) as http:
        gone = await http.post("/inbox/code", json={"message_token": token})
    assert (gone.status_code, gone.json()["detail"]) == (404, "link_invalid")


async def test_a_person_token_signed_with_another_key_is_refused(start_notifications, person, until) -> None:
    service = await start_notifications()
    reader = person(["inbox"])
    await publish(service.settings, reader.registered, reader.contact)
    await until(lambda: outbox(service.runtime, "notification_sent"))
    forged, _ = inbox_tokens.issue(
        service.runtime.settings.jwt_secret,  # the kit's development key, not the inbox's
        person_id=reader.registered.person_id,
        district=BERGSTRASSE,
        now=datetime.now(UTC),
        minutes=10,
    )
    genuine, _ = inbox_tokens.issue(
        service.config.inbox_token_secret,
        person_id=reader.registered.person_id,
        district=BERGSTRASSE,
        now=datetime.now(UTC),
        minutes=10,
    )

    async with http_client(service.runtime) as http:
        refused = await http.get("/inbox", headers={"Authorization": f"Bearer {forged}"})
        accepted = await http.get("/inbox", headers={"Authorization": f"Bearer {genuine}"})
        # The kit's person tokens (an identity provider's, here the development key's) still hold.
        kit = await http.get(
            "/inbox", headers=bearer(service.runtime, "person", sub=str(reader.registered.person_id))
        )

    assert refused.status_code == 401
    assert len(accepted.json()["items"]) == 1 and len(kit.json()["items"]) == 1


async def _link_to_first_message(service, person_id: UUID) -> str:
    """A link to the person's first message, as its page would be signed."""
    [row] = await rows(
        service.runtime,
        BERGSTRASSE,
        "SELECT notification_id FROM notifications WHERE recipient_id = $1",
        person_id,
    )
    return sign_message(
        service.config.message_link_secret,
        district=BERGSTRASSE,
        notification_id=row["notification_id"],
        expires_at=datetime(2099, 1, 1, tzinfo=UTC),
    )
