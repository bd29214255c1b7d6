"""`main.build` wires competence from the settings it is given, and the error mapping answers
each domain error exactly as the service always has."""

from __future__ import annotations

import pytest
from fastapi import HTTPException

from wir_competence.api.errors import ERRORS
from wir_competence.domain import errors
from wir_competence.main import build
from wir_competence.settings import CompetenceSettings


def test_build_uses_the_settings_it_is_given() -> None:
    settings = CompetenceSettings(public_url="https://wir.example", recipient_check_interval_s=5)
    spec = build(settings)
    assert spec.settings is settings
    assert spec.name == "competence" and spec.port == 8002
    assert len(spec.background) == 1
    assert spec.errors is ERRORS


def test_the_queues_keep_their_names() -> None:
    queues = [subscription.queue("competence") for subscription in build(CompetenceSettings()).subscriptions]
    assert queues == [
        "competence.person_registered",
        "competence.person_updated",
        "competence.consent_changed",
        "competence.person_erasure_requested",
        "competence.person_identified",
    ]


@pytest.mark.parametrize(
    ("error", "status", "detail"),
    [
        (errors.RecordNotFound(), 404, "not found"),
        (errors.EntryNotFound(), 404, "not found"),
        (errors.ShareNotFound(), 404, "not found"),
        (errors.LinkUnusable(), 404, "not found"),
        (errors.CodeUnknown(), 404, "not found"),
        (errors.LinkExpired(), 410, "this link has expired: ask the case manager for a new one"),
        (errors.KindChanged(), 409, "an entry keeps its kind; add a new entry"),
        (
            errors.ConsentMissing("share_with_employers"),
            409,
            "the person has not consented to share_with_employers",
        ),
    ],
    ids=lambda value: type(value).__name__ if isinstance(value, Exception) else None,
)
def test_each_domain_error_has_its_answer(error: Exception, status: int, detail: str) -> None:
    answer = ERRORS[type(error)](error)
    assert isinstance(answer, HTTPException)
    assert (answer.status_code, answer.detail) == (status, detail)
