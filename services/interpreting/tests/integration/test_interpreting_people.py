"""People arrive by intake's events only: each part (profile, consents, the language of an open
interpreting need) is applied when it is newer; stale and redelivered events change nothing; the
person is read back as requests need them, only in their own district."""

from __future__ import annotations

from uuid import UUID, uuid4

from wir_contracts.intake.v1 import ConsentChanged, Need, NeedsRecorded, PersonUpdated
from wir_contracts.needs import NeedKind
from wir_interpreting.db import appointments
from wir_interpreting.domain.people import Person
from wir_kit.runtime import Runtime
from wir_kit.testing.districts import BENSHEIM, BERGSTRASSE, HANAU, HEPPENHEIM
from wir_kit.testing.service import publish_and_wait

from .c_support import insert_appointment, load
from .conftest import RegisterPerson


async def kept(interpreting: Runtime, person_id: UUID) -> Person:
    person = await load(interpreting, person_id)
    assert person is not None
    return person


def updated(person_id: UUID, version: int, municipality: str, *languages: str) -> PersonUpdated:
    return PersonUpdated(
        district=BERGSTRASSE,
        person_id=person_id,
        aggregate_version=version,
        municipality=municipality,
        languages=languages,
        preferred_language=languages[0],
    )


def consents(person_id: UUID, version: int, *purposes: str) -> ConsentChanged:
    return ConsentChanged(
        district=BERGSTRASSE, person_id=person_id, aggregate_version=version, consents=purposes
    )


def needs(person_id: UUID, version: int, *listed: Need) -> NeedsRecorded:
    return NeedsRecorded(district=BERGSTRASSE, person_id=person_id, aggregate_version=version, needs=listed)


def need(kind: NeedKind, language: str | None = None) -> Need:
    return Need(need_id=uuid4(), kind=kind, language=language)


async def test_a_registration_keeps_municipality_languages_and_consents(
    interpreting: Runtime, register_person: RegisterPerson
) -> None:
    person_id = await register_person(languages=("prs", "fas", "deu"))
    person = await kept(interpreting, person_id)
    assert person == Person(
        person_id=person_id,
        languages=("prs", "fas", "deu"),
        interpreting_language=None,
        municipality=HEPPENHEIM,
        consents=("processing", "share_with_interpreters"),
    )
    assert person.language == "prs"
    assert person.shares_with_interpreters


async def test_a_stale_profile_changes_nothing_and_a_newer_one_applies(
    interpreting: Runtime, register_person: RegisterPerson
) -> None:
    person_id = await register_person(version=3)
    await publish_and_wait(interpreting, "person_updated", updated(person_id, 2, BENSHEIM, "ara"))
    assert (await kept(interpreting, person_id)).municipality == HEPPENHEIM

    await publish_and_wait(interpreting, "person_updated", updated(person_id, 4, BENSHEIM, "ara", "deu"))
    person = await kept(interpreting, person_id)
    assert (person.municipality, person.languages) == (BENSHEIM, ("ara", "deu"))
    assert person.shares_with_interpreters  # an update leaves the consents alone


async def test_withdrawn_consent_is_kept_and_a_stale_change_changes_nothing(
    interpreting: Runtime, register_person: RegisterPerson
) -> None:
    person_id = await register_person(version=2)
    await publish_and_wait(interpreting, "consent_changed", consents(person_id, 3, "processing"))
    assert not (await kept(interpreting, person_id)).shares_with_interpreters

    stale = consents(person_id, 1, "processing", "share_with_interpreters")
    await publish_and_wait(interpreting, "consent_changed", stale)
    assert (await kept(interpreting, person_id)).consents == ("processing",)


async def test_the_open_interpreting_need_names_the_language_to_interpret(
    interpreting: Runtime, register_person: RegisterPerson
) -> None:
    person_id = await register_person(languages=("prs", "fas"))
    recorded = needs(person_id, 2, need(NeedKind.LANGUAGE_COURSE, "deu"), need(NeedKind.INTERPRETING, "fas"))
    await publish_and_wait(interpreting, "needs_recorded", recorded)
    person = await kept(interpreting, person_id)
    assert (person.interpreting_language, person.language) == ("fas", "fas")


async def test_a_closed_interpreting_need_falls_back_to_the_first_language_and_stale_needs_are_ignored(
    interpreting: Runtime, register_person: RegisterPerson
) -> None:
    person_id = await register_person(languages=("prs", "fas"))
    await publish_and_wait(
        interpreting, "needs_recorded", needs(person_id, 3, need(NeedKind.INTERPRETING, "fas"))
    )
    await publish_and_wait(interpreting, "needs_recorded", needs(person_id, 2))
    assert (await kept(interpreting, person_id)).interpreting_language == "fas"

    await publish_and_wait(interpreting, "needs_recorded", needs(person_id, 4, need(NeedKind.MENTORING)))
    person = await kept(interpreting, person_id)
    assert (person.interpreting_language, person.language) == (None, "prs")


async def test_parts_arriving_before_the_registration_are_kept_with_it(
    interpreting: Runtime, register_person: RegisterPerson
) -> None:
    person_id = uuid4()
    await publish_and_wait(
        interpreting, "needs_recorded", needs(person_id, 2, need(NeedKind.INTERPRETING, "kmr"))
    )
    await publish_and_wait(interpreting, "consent_changed", consents(person_id, 3, "processing"))
    await register_person(person_id=person_id, version=1, languages=("kmr", "tur"))
    person = await kept(interpreting, person_id)
    assert (person.languages, person.interpreting_language, person.consents) == (
        ("kmr", "tur"),
        "kmr",
        ("processing",),  # the registration's consents are older than the change
    )


async def test_a_person_is_read_only_in_their_own_district(
    interpreting: Runtime, register_person: RegisterPerson
) -> None:
    person_id = await register_person()
    assert await load(interpreting, person_id, HANAU) is None
    assert await load(interpreting, uuid4()) is None


async def test_withdrawn_consent_leaves_the_persons_booked_appointments_as_they_are(
    interpreting: Runtime, register_person: RegisterPerson
) -> None:
    person_id = await register_person(version=2)
    booked = await insert_appointment(
        interpreting, person_id=person_id, state="confirmed", interpreter_id=uuid4()
    )
    await publish_and_wait(interpreting, "consent_changed", consents(person_id, 3, "processing"))
    async with interpreting.db.transaction(BERGSTRASSE) as tx:
        appointment = await appointments.load(tx, booked)
    assert (appointment.person_id, appointment.state) == (person_id, "confirmed")
