"""Intake's pure rules: names, dates, contacts, consents, needs, timeline details."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import uuid4

import pydantic
import pytest
from pydantic_core import PydanticCustomError

from wir_contracts.consent import ConsentPurpose
from wir_intake.domain.changes import apply_patch, changed_fields
from wir_intake.domain.consents import (
    ConsentDecision,
    ConsentRecord,
    ConsentState,
    LegalBasis,
    as_recorded,
    effective,
)
from wir_intake.domain.contact import e164, email_address
from wir_intake.domain.dates import PartialDate
from wir_intake.domain.errors import Conflict, FieldError
from wir_intake.domain.names import name_tokens
from wir_intake.domain.needs import NeedStatus, check_transition
from wir_intake.domain.person import PersonData, check_in_district
from wir_intake.domain.timeline import ForeignEvent, details_of, timeline_events
from wir_kit.testing.districts import BERGSTRASSE, HEPPENHEIM, MAIN_KINZIG

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)

PERSON: dict[str, Any] = {
    "given_names": "Amina",
    "family_name": "Rahimi",
    "languages": [{"language": "eng", "level": "basic"}, {"language": "prs", "level": "native"}],
    "preferred_language": "prs",
    "municipality": HEPPENHEIM,
    "residence_status": "duldung",
}


def test_names_in_any_script_fold_to_ascii_words() -> None:
    assert name_tokens("Олександр", "Шевченко") == ["oleksandr", "shevchenko"]
    assert name_tokens("Ömer  Çelik", None, "ÖMER") == ["omer", "celik"]
    assert name_tokens("J. Müller-Lüdenscheidt") == ["muller", "ludenscheidt"]  # the initial is dropped


def test_a_birth_date_may_be_a_year_or_a_year_and_month() -> None:
    assert PartialDate(year=1994).month is None
    assert PartialDate(year=1994, month=2).day is None
    with pytest.raises(pydantic.ValidationError):
        PartialDate(year=1994, day=3)
    with pytest.raises(pydantic.ValidationError):
        PartialDate(year=2023, month=2, day=29)
    with pytest.raises(pydantic.ValidationError):
        PartialDate(year=date.today().year + 1)


def test_phone_numbers_become_e164_and_national_ones_are_german() -> None:
    assert e164("0151 234 567 89") == "+4915123456789"
    assert e164("+963 944 567 890") == "+963944567890"
    with pytest.raises(PydanticCustomError):
        e164("0151")


def test_email_addresses_are_normalised_and_checked() -> None:
    assert email_address("Amina@Example.ORG") == "Amina@example.org"
    with pytest.raises(PydanticCustomError):
        email_address("amina@@example.org")


def test_languages_go_to_consumers_best_first() -> None:
    person = PersonData.model_validate(PERSON)
    assert person.languages_best_first() == ("prs", "eng")
    assert person.display_name() == "Amina"


def test_the_municipality_must_lie_in_the_district() -> None:
    person = PersonData.model_validate(PERSON)
    check_in_district(person, BERGSTRASSE)
    with pytest.raises(FieldError) as refused:
        check_in_district(person, MAIN_KINZIG)
    assert refused.value.loc == ("municipality",)


def test_a_patch_reports_only_fields_that_really_changed() -> None:
    before = PersonData.model_validate(PERSON)
    after = apply_patch(before, {"given_names": "Amina", "gender": "female"})
    assert changed_fields(before, after) == ["gender"]


def test_a_patch_that_breaks_the_record_names_the_field() -> None:
    before = PersonData.model_validate(PERSON)
    with pytest.raises(pydantic.ValidationError) as refused:
        apply_patch(before, {"languages": [{"language": "deu", "level": "good"}]})
    assert [e["loc"] for e in refused.value.errors()] == [("preferred_language",)]


def _record(
    purpose: ConsentPurpose, given: bool, at: datetime, expires: datetime | None = None
) -> ConsentRecord:
    return ConsentRecord(purpose, given, at, LegalBasis.CONSENT, expires, "cm-1", at)


def test_the_latest_decision_counts_and_an_expired_consent_is_withdrawn() -> None:
    records = [
        _record(ConsentPurpose.PROCESSING, True, NOW - timedelta(days=9)),
        _record(ConsentPurpose.CONTACT_SMS, True, NOW - timedelta(days=9)),
        _record(ConsentPurpose.CONTACT_SMS, False, NOW - timedelta(days=2)),
        _record(ConsentPurpose.SHARE_WITH_VOLUNTEERS, True, NOW - timedelta(days=9), NOW - timedelta(days=1)),
        _record(
            ConsentPurpose.SHARE_WITH_INTERPRETERS, True, NOW - timedelta(days=9), NOW + timedelta(days=1)
        ),
    ]
    assert effective(records, NOW) == (ConsentPurpose.PROCESSING, ConsentPurpose.SHARE_WITH_INTERPRETERS)
    assert records[3].state(NOW) is ConsentState.EXPIRED


def test_decisions_recorded_at_registration_decide_as_the_stored_records_would() -> None:
    later = NOW + timedelta(days=30)
    decisions = [
        ConsentDecision(purpose=ConsentPurpose.CONTACT_SMS, given=True, legal_basis=LegalBasis.CONSENT),
        ConsentDecision(
            purpose=ConsentPurpose.PROCESSING,
            given=True,
            legal_basis=LegalBasis.CONSENT,
            at=NOW - timedelta(days=2),
            expires_at=later + timedelta(days=1),
        ),
        ConsentDecision(
            purpose=ConsentPurpose.CONTACT_EMAIL,
            given=False,
            legal_basis=LegalBasis.CONSENT,
            expires_at=later + timedelta(days=1),
        ),
    ]

    records = as_recorded(decisions, "cm-1", NOW)

    assert [(r.purpose, r.at) for r in records] == [
        (ConsentPurpose.PROCESSING, NOW - timedelta(days=2)),  # oldest first
        (ConsentPurpose.CONTACT_SMS, NOW),  # no time given: when it was recorded
        (ConsentPurpose.CONTACT_EMAIL, NOW),
    ]
    assert records[2].expires_at is None  # a refusal does not expire
    assert effective(records, NOW) == (ConsentPurpose.PROCESSING, ConsentPurpose.CONTACT_SMS)
    assert effective(records, later + timedelta(days=2)) == (ConsentPurpose.CONTACT_SMS,)


def test_a_closed_need_keeps_its_status() -> None:
    check_transition(NeedStatus.OPEN, NeedStatus.IN_PROGRESS)
    check_transition(NeedStatus.IN_PROGRESS, NeedStatus.MET)
    check_transition(NeedStatus.MET, NeedStatus.MET)
    with pytest.raises(Conflict):
        check_transition(NeedStatus.MET, NeedStatus.OPEN)


def _foreign(**fields: Any) -> ForeignEvent:
    envelope = {
        "district": BERGSTRASSE,
        "event_version": "1.0",
        "person_id": str(uuid4()),
    }
    return ForeignEvent.model_validate({**envelope, **fields})


def test_timeline_details_keep_codes_and_drop_an_appointments_address() -> None:
    event = _foreign(
        producer="interpreting",
        event_type="interpreting_requested",
        appointment={"venue": "doctor", "mode": "on_site", "address": "Hauptstraße 1, Bensheim"},
        appointment_id="7cfced17-4868-4602-b69f-22fe6d830fb6",
    )
    assert details_of(event) == {
        "appointment_id": "7cfced17-4868-4602-b69f-22fe6d830fb6",
        "appointment": {"mode": "on_site", "venue": "doctor"},
    }


def test_an_unknown_kind_keeps_no_details() -> None:
    event = _foreign(producer="competence", event_type="certificate_uploaded", kind="Amina's diploma")
    assert details_of(event) == {}


def test_a_known_kind_from_another_producer_keeps_no_details() -> None:
    event = _foreign(producer="matching", event_type="course_completed", kind="integration_course")
    assert details_of(event) == {}


def test_a_notification_is_about_its_recipient_when_that_is_a_person() -> None:
    recipient = uuid4()
    event = _foreign(
        producer="notifications",
        event_type="notification_sent",
        person_id=None,
        recipient_kind="person",
        recipient_id=str(recipient),
    )
    assert event.subject() == recipient
    volunteer = _foreign(
        producer="notifications",
        event_type="notification_sent",
        person_id=None,
        recipient_kind="volunteer",
        recipient_id=str(uuid4()),
    )
    assert volunteer.subject() is None


def test_the_timeline_listens_to_every_event_the_catalog_gives_intake_but_erasure() -> None:
    names = {event.EVENT for event in timeline_events()}
    assert {"course_completed", "match_accepted", "appointment_completed", "notification_failed"} <= names
    assert not {"erasure_completed", "person_erasure_requested"} & names
