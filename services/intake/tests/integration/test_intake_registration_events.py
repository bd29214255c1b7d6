"""What intake tells the other services, read off the real broker and checked against the contracts."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from wir_contracts.intake.v1 import (
    ConsentChanged,
    NeedsRecorded,
    PersonContactChanged,
    PersonIdentified,
    PersonRegistered,
    PersonUpdated,
)
from wir_kit.testing import bus
from wir_kit.testing.districts import BERGSTRASSE

if TYPE_CHECKING:
    from conftest import Intake

PROFILE_KEYS = [
    PersonRegistered.binding_key(),
    PersonUpdated.binding_key(),
    PersonContactChanged.binding_key(),
]


async def test_registering_publishes_the_profile_and_the_contact_in_the_contracts_shape(
    intake: Intake,
) -> None:
    async with bus.tap(intake.settings, PROFILE_KEYS) as tap:
        person = await intake.register(
            consents=[
                {"purpose": "processing", "given": True, "legal_basis": "consent"},
                {"purpose": "contact_sms", "given": True, "legal_basis": "consent"},
                {"purpose": "share_with_employers", "given": False, "legal_basis": "consent"},
            ]
        )
        seen: dict[str, tuple[str, dict[str, Any]]] = {}
        for _ in range(2):
            key, payload = await tap.next()
            seen[payload["event_type"]] = (key, payload)

    key, payload = seen["person_registered"]
    registered = PersonRegistered.model_validate(payload)  # strict: no stray field, every field right
    assert key == f"intake.person_registered.v1.{BERGSTRASSE}"
    assert registered.person_id.hex == person["id"].replace("-", "")
    assert registered.aggregate_version == 1
    assert registered.languages == ("prs", "eng")  # best first
    assert registered.consents == ("processing", "contact_sms")
    assert "Rahimi" not in str(payload) and "Amina" not in str(payload)

    _, payload = seen["person_contact_changed"]
    contact = PersonContactChanged.model_validate(payload)
    assert contact.contact.display_name == "Amina"
    assert contact.contact.mobile == "+4915123456789"  # E.164, from "0151 23456789"
    assert contact.contact.channels == ("sms",)


async def test_a_change_of_languages_publishes_person_updated_with_the_next_version(intake: Intake) -> None:
    person = await intake.register()
    async with bus.tap(intake.settings, [PersonUpdated.binding_key()]) as tap:
        response = await intake.http.patch(
            f"/persons/{person['id']}",
            json={"languages": [*person["languages"], {"language": "deu", "level": "basic"}]},
            headers=intake.staff(),
        )
        assert response.status_code == 200, response.text
        _, payload = await tap.next()
    updated = PersonUpdated.model_validate(payload)
    assert updated.aggregate_version == 2 == response.json()["version"]
    assert updated.languages == ("prs", "eng", "deu")


async def test_a_new_phone_number_publishes_the_contact_again(intake: Intake) -> None:
    person = await intake.register()
    async with bus.tap(intake.settings, [PersonContactChanged.binding_key()]) as tap:
        response = await intake.http.patch(
            f"/persons/{person['id']}",
            json={
                "contact": {"phone": "+49 6252 12345", "email": "amina@example.org", "channels": ["email"]}
            },
            headers=intake.staff(),
        )
        assert response.status_code == 200, response.text
        _, payload = await tap.next()
    contact = PersonContactChanged.model_validate(payload).contact
    assert (contact.mobile, contact.email, contact.channels) == (
        "+49625212345",
        "amina@example.org",
        ("email",),
    )


async def test_the_name_and_date_of_birth_go_out_on_registration_and_on_their_change_only(
    intake: Intake,
) -> None:
    async with bus.tap(intake.settings, [PersonIdentified.binding_key()]) as tap:
        person = await intake.register(
            given_names="أمينة",
            family_name="رحيمي",
            date_of_birth={"year": 1994, "month": 3, "day": 12},
        )
        _, payload = await tap.next()
        other_change = await intake.http.patch(
            f"/persons/{person['id']}", json={"arrival_date": "2026-10-21"}, headers=intake.staff()
        )
        renamed = await intake.http.patch(
            f"/persons/{person['id']}",
            json={"family_name": "الرحيمي", "transliteration": "Amina Al-Rahimi", "date_of_birth": None},
            headers=intake.staff(),
        )
        assert (other_change.status_code, renamed.status_code) == (200, 200)
        _, changed = await tap.next()

    identified = PersonIdentified.model_validate(payload)  # strict: exactly the contract's fields
    assert (identified.aggregate_version, identified.name_original, identified.name_latin) == (
        1,
        "أمينة رحيمي",
        "Amina Rahimi",
    )
    assert identified.date_of_birth is not None
    assert identified.date_of_birth.model_dump() == {"year": 1994, "month": 3, "day": 12}
    later = PersonIdentified.model_validate(changed)
    assert (later.aggregate_version, later.name_original, later.name_latin, later.date_of_birth) == (
        3,
        "أمينة الرحيمي",
        "Amina Al-Rahimi",
        None,
    )


async def test_needs_recorded_lists_every_open_need_and_drops_met_ones(intake: Intake) -> None:
    person = await intake.register()
    needs = f"/persons/{person['id']}/needs"
    async with bus.tap(intake.settings, [NeedsRecorded.binding_key()]) as tap:
        mentoring = await intake.http.post(
            needs,
            json={"kind": "mentoring", "topics": ["authorities", "housing"], "urgency": "high"},
            headers=intake.staff(**intake.key()),
        )
        course = await intake.http.post(
            needs, json={"kind": "language_course", "language": "deu"}, headers=intake.staff(**intake.key())
        )
        assert (mentoring.status_code, course.status_code) == (201, 201)
        met = await intake.http.patch(
            f"{needs}/{course.json()['id']}", json={"status": "met"}, headers=intake.staff()
        )
        assert met.status_code == 200, met.text
        recorded = [NeedsRecorded.model_validate((await tap.next())[1]) for _ in range(3)]

    assert [len(event.needs) for event in recorded] == [1, 2, 1]
    assert [event.aggregate_version for event in recorded] == [2, 3, 4]
    last = recorded[-1].needs[0]
    assert (str(last.need_id), last.kind, last.topics) == (
        mentoring.json()["id"],
        "mentoring",
        ("authorities", "housing"),
    )


async def test_a_consent_change_publishes_every_consent_in_force(intake: Intake) -> None:
    person = await intake.register()
    consents = f"/persons/{person['id']}/consents"
    async with bus.tap(intake.settings, [ConsentChanged.binding_key()]) as tap:
        given = await intake.http.post(
            consents,
            json={"purpose": "share_with_volunteers", "given": True, "legal_basis": "consent"},
            headers=intake.staff(**intake.key()),
        )
        withdrawn = await intake.http.post(
            consents,
            json={"purpose": "processing", "given": False, "legal_basis": "consent"},
            headers=intake.staff(**intake.key()),
        )
        assert (given.status_code, withdrawn.status_code) == (201, 201)
        changes = [ConsentChanged.model_validate((await tap.next())[1]) for _ in range(2)]

    assert changes[0].consents == ("processing", "share_with_volunteers")
    assert changes[1].consents == ("share_with_volunteers",)
    assert changes[1].aggregate_version > changes[0].aggregate_version
    states = {c["purpose"]: c["state"] for c in withdrawn.json()["current"]}
    assert states == {"processing": "withdrawn", "share_with_volunteers": "given"}


async def test_the_answer_to_a_registration_is_the_record_as_stored(intake: Intake) -> None:
    person = await intake.register(
        consents=[
            {"purpose": "processing", "given": True, "legal_basis": "consent"},
            {
                "purpose": "contact_sms",
                "given": False,
                "legal_basis": "consent",
                "at": "2026-11-01T10:00:00+01:00",
            },
        ]
    )

    read = await intake.http.get(f"/persons/{person['id']}", headers=intake.staff())
    consents = await intake.http.get(f"/persons/{person['id']}/consents", headers=intake.staff())

    assert read.json() == person
    assert (person["version"], person["household_id"]) == (1, None)
    assert person["created_at"] == person["updated_at"]
    history = consents.json()["history"]
    assert [(c["purpose"], c["given"]) for c in history] == [("contact_sms", False), ("processing", True)]
    assert {c["recorded_by"] for c in history} == {"cm-1"}
