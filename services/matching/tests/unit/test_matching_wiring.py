"""`main.build` wires matching from the settings it is given: it subscribes to exactly what the
catalog says matching consumes, publishes what it produces, and answers its errors as declared."""

from __future__ import annotations

import pytest
from fastapi import HTTPException
from fastapi.exceptions import RequestValidationError

from wir_contracts.catalog import consumed_by
from wir_matching.api.errors import ERRORS
from wir_matching.commands.volunteers import FieldError
from wir_matching.db.volunteers import VolunteerNotFound
from wir_matching.main import build
from wir_matching.settings import DEV_ANSWER_LINK_SECRET, MatchingSettings


def test_build_uses_the_settings_it_is_given() -> None:
    settings = MatchingSettings(public_url="https://wir.example", compliance_check_interval_s=5)
    spec = build(settings)
    assert spec.settings is settings
    assert (spec.name, spec.port) == ("matching", 8003)
    assert spec.errors is ERRORS
    assert spec.seed_demo is not None


def test_subscribes_to_exactly_what_the_catalog_says_matching_consumes() -> None:
    subscribed = [subscription.event for subscription in build(MatchingSettings()).subscriptions]
    assert len(subscribed) == len(set(subscribed))
    assert set(subscribed) == set(consumed_by("matching"))


def test_the_queues_are_named_for_the_events() -> None:
    queues = {subscription.queue("matching") for subscription in build(MatchingSettings()).subscriptions}
    assert {"matching.person_registered", "matching.needs_recorded", "matching.course_completed"} <= queues


def test_production_refuses_the_development_answer_link_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WIR_ENV", "production")
    with pytest.raises(ValueError, match="WIR_MATCHING_ANSWER_LINK_SECRET"):
        MatchingSettings()
    monkeypatch.setenv("WIR_MATCHING_ANSWER_LINK_SECRET", "a-real-secret-from-the-vault")
    assert MatchingSettings().answer_link_secret != DEV_ANSWER_LINK_SECRET


def test_a_missing_volunteer_answers_404_without_detail() -> None:
    answer = ERRORS[VolunteerNotFound](VolunteerNotFound())
    assert isinstance(answer, HTTPException)
    assert (answer.status_code, answer.detail) == (404, "not found")


def test_a_field_error_answers_422_naming_the_field_in_the_body() -> None:
    answer = ERRORS[FieldError](FieldError(("municipality",), "municipality", "not in the district"))
    assert isinstance(answer, RequestValidationError)
    [error] = answer.errors()
    assert error["loc"] == ("body", "municipality")
    assert error["type"] == "municipality"
