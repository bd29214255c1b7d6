"""Competence's shares end to end: the person is told whom their Kompetenznachweis was shared
with, and the employer gets a German e-mail with the link and its expiry; the employer's address
is kept only while that message is open."""

from __future__ import annotations

from uuid import uuid4

from wir_contracts.competence.v1 import CompetenceRecordShared
from wir_kit.testing.bus import publish
from wir_kit.testing.districts import BERGSTRASSE
from wir_kit.testing.examples import golden
from wir_kit.testing.service import rows

EMPLOYER = "personal@baeckerei-sonnenschein.example"


async def test_the_employer_gets_the_link_and_its_expiry_in_german(
    start_notifications, smtp_sink, person, until
) -> None:
    service = await start_notifications()
    registered, contact, address, _ = person(languages=["fas"])
    await publish(service.settings, registered, contact)
    link = f"https://kompetenz.example/shares/06431.{uuid4().hex}"
    shared = golden(
        CompetenceRecordShared,
        person_id=registered.person_id,
        share_url=link,
        recipient_email=EMPLOYER,
        expires_at="2026-12-14T22:00:00Z",
    )

    await publish(service.settings, shared)

    [mail] = await until(lambda: smtp_sink.to(EMPLOYER))
    assert mail.message["Subject"] == "Ein Kompetenznachweis wurde mit Ihnen geteilt"
    assert mail.message["Content-Language"] == "de"
    assert mail.message["To"].addresses[0].display_name == "Bäckerei Sonnenschein GmbH"
    text = mail.part("plain")
    assert f"{link}\n" in text
    assert "Der Link gilt bis Montag, 14. Dezember 2026." in text  # 23:00 in Berlin
    assert f'href="{link}"' in mail.part("html")
    [told] = await until(lambda: [m for m in smtp_sink.to(address) if "اشتراک" in m.message["Subject"]])
    assert "Bäckerei Sonnenschein GmbH" in told.part("plain")

    async def employer_entry():
        found = await rows(
            service.runtime,
            BERGSTRASSE,
            "SELECT display_name, email FROM recipients WHERE kind = 'staff' AND direct",
        )
        return found if found and found[0]["email"] is None else None

    # Once the message is out, the address is gone (the entry stays, empty, for its history).
    [entry] = await until(employer_entry)
    assert entry["display_name"] is None


async def test_a_redelivered_share_writes_to_the_employer_once(
    start_notifications, smtp_sink, person, until
) -> None:
    service = await start_notifications()
    registered, contact, _, _ = person()
    await publish(service.settings, registered, contact)
    shared = golden(CompetenceRecordShared, person_id=registered.person_id, recipient_email=EMPLOYER)

    await publish(service.settings, shared, shared)

    await until(lambda: smtp_sink.to(EMPLOYER))
    found = await until(
        lambda: rows(
            service.runtime,
            BERGSTRASSE,
            "SELECT status FROM notifications WHERE template = 'employer_competence_shared' "
            "AND status = 'sent'",
        )
    )
    assert len(found) == 1
    assert len(smtp_sink.to(EMPLOYER)) == 1


async def test_a_share_without_its_link_tells_only_the_person(
    start_notifications, smtp_sink, person, until
) -> None:
    service = await start_notifications()
    registered, contact, _, _ = person()
    await publish(service.settings, registered, contact)
    shared = golden(
        CompetenceRecordShared, person_id=registered.person_id, recipient_email=EMPLOYER, share_url=None
    )

    await publish(service.settings, shared)

    sent = "SELECT 1 FROM notifications WHERE template = 'competence_shared' AND status = 'sent'"
    await until(lambda: rows(service.runtime, BERGSTRASSE, sent))
    written = await rows(service.runtime, BERGSTRASSE, "SELECT template FROM notifications")
    assert "employer_competence_shared" not in {row["template"] for row in written}
    assert smtp_sink.to(EMPLOYER) == []
