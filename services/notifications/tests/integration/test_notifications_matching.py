"""Matching's messages end to end, at the real SMTP sink: the volunteer's proposal with its
reasons and answer link, the person's acceptance with how to reach the mentor, a withdrawal,
and the coordinators' notices (or their recorded failure when the district names none)."""

from __future__ import annotations

from uuid import uuid4

from wir_contracts.matching.v1 import (
    MatchAccepted,
    MatchDeclined,
    MatchExpired,
    MatchProposed,
    MatchWithdrawn,
    PersonWaitingForMentor,
    VolunteerRegistered,
)
from wir_kit.testing.bus import publish
from wir_kit.testing.districts import BERGSTRASSE
from wir_kit.testing.examples import golden
from wir_kit.testing.service import handled, outbox, rows

VOLUNTEER_MAIL = "jutta.weber@example.org"
COORDINATOR_MAIL = "koordination@example.org"


async def volunteer(service, until, language="deu"):
    volunteer_id = uuid4()
    await publish(
        service.settings, golden(VolunteerRegistered, volunteer_id=volunteer_id, preferred_language=language)
    )
    await until(lambda: handled(service.runtime, "volunteer_registered") >= 1)
    return volunteer_id


async def test_the_volunteer_gets_the_proposal_with_its_reasons_and_answer_link_once(
    start_notifications, smtp_sink, until
) -> None:
    service = await start_notifications()
    volunteer_id = await volunteer(service, until)
    proposed = golden(MatchProposed, volunteer_id=volunteer_id, match_id=uuid4())

    await publish(service.settings, proposed)
    [mail] = await until(lambda: smtp_sink.to(VOLUNTEER_MAIL))
    await publish(service.settings, proposed)  # redelivered
    await until(lambda: handled(service.runtime, "match_proposed", "duplicate") >= 1)

    text = mail.part("plain")
    assert proposed.answer_url is not None and proposed.answer_url in text
    assert "Sie sprechen beide Dari" in text
    assert "4,2 km entfernt" in text and "Sie helfen bei Behörden und Wohnen" in text
    assert proposed.answer_url in mail.part("html")
    assert len(smtp_sink.to(VOLUNTEER_MAIL)) == 1
    notes = await rows(service.runtime, BERGSTRASSE, "SELECT 1 FROM notifications")
    assert len(notes) == 1


async def test_the_person_learns_how_to_reach_the_mentor_and_of_a_withdrawal(
    start_notifications, smtp_sink, person, until
) -> None:
    service = await start_notifications()
    volunteer_id = await volunteer(service, until)
    registered, contact, email, _ = person(["email"], languages=("eng",))
    await publish(service.settings, registered, contact)
    await until(lambda: smtp_sink.to(email))  # the welcome
    match_id = uuid4()
    ids = {"match_id": match_id, "person_id": registered.person_id, "volunteer_id": volunteer_id}

    await publish(service.settings, golden(MatchAccepted, **ids))
    accepted = (await until(lambda: smtp_sink.to(email)[1:]))[0]
    withdrawn = golden(MatchWithdrawn, **ids, aggregate_version=3, reason="volunteer_suspended")
    await publish(service.settings, withdrawn)
    ended = (await until(lambda: smtp_sink.to(email)[2:]))[0]
    told_volunteer = await until(lambda: smtp_sink.to(VOLUNTEER_MAIL))

    assert "You can reach your mentor: Jutta, +4915100000002" in accepted.part("plain")
    assert ended.message["Subject"] == "Your mentorship has ended"
    assert "your mentor can no longer continue" in ended.part("plain")
    assert "expired" not in ended.part("plain")  # the mentor's lapsed document is theirs
    assert told_volunteer[0].message["Subject"] == "Ihre Begleitung wurde beendet"
    assert "eines Ihrer Dokumente" in told_volunteer[0].part("plain")


async def test_coordinators_are_told_of_declines_expiries_and_long_waits_by_id_only(
    start_notifications, smtp_sink, person, until
) -> None:
    service = await start_notifications()
    coordinators = [{"name": "Kim", "email": COORDINATOR_MAIL, "language": "eng"}]
    await service.put_district_settings(coordinators=coordinators)
    registered, contact, _, _ = person(["email"], name="Amina Rahimi")
    await publish(service.settings, registered, contact)
    person_id = registered.person_id
    declined = golden(MatchDeclined, person_id=person_id, match_id=uuid4())
    expired = golden(MatchExpired, person_id=person_id, match_id=uuid4())
    waiting = golden(PersonWaitingForMentor, person_id=person_id)

    await publish(service.settings, declined, expired, waiting)
    mails = await until(lambda: len(smtp_sink.to(COORDINATOR_MAIL)) >= 3 and smtp_sink.to(COORDINATOR_MAIL))
    await publish(service.settings, waiting)  # redelivered
    await until(lambda: handled(service.runtime, "person_waiting_for_mentor", "duplicate") >= 1)

    by_subject = {mail.message["Subject"]: mail.part("plain") for mail in mails}
    assert set(by_subject) == {
        "A mentoring proposal was declined",
        "A mentoring proposal expired unanswered",
        "A person has waited too long for a mentor",
    }
    for text in by_subject.values():
        assert str(person_id) in text and "Hello Kim," in text
        assert "Amina" not in text and "Rahimi" not in text
    assert "Reason: no capacity." in by_subject["A mentoring proposal was declined"]
    assert "no volunteer with a shared language" in by_subject["A person has waited too long for a mentor"]
    assert len(smtp_sink.to(COORDINATOR_MAIL)) == 3
    sent = [e for e in await outbox(service.runtime, "notification_sent") if e["recipient_kind"] == "staff"]
    assert sorted(e["template"] for e in sent) == [
        "staff_match_declined",
        "staff_match_expired",
        "staff_person_waiting",
    ]
    assert {e["channel"] for e in sent} == {"email"}


async def test_without_coordinators_the_staff_notice_is_recorded_as_undeliverable(
    start_notifications, smtp_sink, until
) -> None:
    service = await start_notifications()
    expired = golden(MatchExpired, match_id=uuid4())

    await publish(service.settings, expired)
    [failed] = await until(lambda: outbox(service.runtime, "notification_failed"))
    await publish(service.settings, expired)  # redelivered
    await until(lambda: handled(service.runtime, "match_expired", "duplicate") >= 1)

    assert (failed["recipient_kind"], failed["template"]) == ("staff", "staff_match_expired")
    assert (failed["reason"], failed["channel"]) == ("no_channel", None)
    assert failed["causation_id"] == str(expired.event_id)
    [note] = await rows(service.runtime, BERGSTRASSE, "SELECT notification_id, status FROM notifications")
    assert note["status"] == "failed"
    history = await rows(
        service.runtime,
        BERGSTRASSE,
        "SELECT status, detail FROM delivery_history WHERE notification_id = $1",
        note["notification_id"],
    )
    assert [tuple(h.values()) for h in history] == [("failed", "no_channel: no_coordinator_contact")]
    assert smtp_sink.messages == []
    assert len(await outbox(service.runtime, "notification_failed")) == 1


async def test_a_decline_older_than_a_later_step_of_the_match_is_not_announced(
    start_notifications, until
) -> None:
    service = await start_notifications()
    await service.put_district_settings(coordinators=[{"name": "Kim", "email": COORDINATOR_MAIL}])
    match_id = uuid4()
    later = golden(MatchWithdrawn, match_id=match_id, aggregate_version=3, reason="by_coordinator")
    stale = golden(MatchDeclined, match_id=match_id)
    assert stale.aggregate_version < later.aggregate_version

    await publish(service.settings, later)
    await until(lambda: handled(service.runtime, "match_withdrawn") >= 1)
    await publish(service.settings, stale)
    await until(lambda: handled(service.runtime, "match_declined") >= 1)

    staff = await rows(
        service.runtime, BERGSTRASSE, "SELECT 1 FROM notifications WHERE recipient_kind = 'staff'"
    )
    assert staff == []
