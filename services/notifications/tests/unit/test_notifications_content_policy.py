"""Sensitive messages never put details into an SMS: which ones are sensitive."""

from __future__ import annotations

import pytest

from wir_contracts.interpreting.v1 import Venue
from wir_notifications.domain.errors import UnknownTemplate
from wir_notifications.domain.policy import EVERYDAY_VENUES, SENSITIVITY, is_sensitive


def appointment_at(venue: str) -> dict[str, object]:
    return {"appointment": {"venue": venue}}


@pytest.mark.parametrize("venue", ["immigration_office", "doctor", "hospital", "counselling", "other"])
def test_appointments_at_authorities_and_in_health_are_sensitive(venue: str) -> None:
    assert is_sensitive("interpreter_assigned", appointment_at(venue))
    assert is_sensitive("appointment_reminder", appointment_at(venue))


def test_an_appointment_at_the_jobcenter_may_be_named_in_an_sms() -> None:
    assert not is_sensitive("interpreter_assigned", appointment_at("jobcenter"))


def test_every_venue_not_known_to_be_everyday_is_sensitive() -> None:
    sensitive = {venue for venue in Venue if is_sensitive("appointment_reminder", appointment_at(venue))}
    assert sensitive == set(Venue) - EVERYDAY_VENUES


def test_mentoring_on_health_or_family_is_sensitive() -> None:
    assert is_sensitive("match_proposed", {"topics": ["housing", "health"]})
    assert is_sensitive("match_proposed", {"topics": ["family"]})
    assert not is_sensitive("match_proposed", {"topics": ["authorities", "housing"]})


@pytest.mark.parametrize("template", ["competence_shared", "appointment_confirmed", "appointment_cancelled"])
def test_sharing_a_record_and_appointment_changes_are_always_sensitive(template: str) -> None:
    assert is_sensitive(template, {})


def test_a_welcome_is_not_sensitive() -> None:
    assert not is_sensitive("welcome", {})


def test_a_template_without_a_rule_is_refused() -> None:
    with pytest.raises(UnknownTemplate):
        is_sensitive("unheard_of", {})
    assert "sms_notice" not in SENSITIVITY
