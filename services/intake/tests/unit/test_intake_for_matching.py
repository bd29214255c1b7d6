"""What intake gives matching and takes from it, as pure rules: language levels and needs on the
events, the timeline's details of matching's steps, and who must confirm an erasure."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any
from uuid import uuid4

import pydantic
import pytest

from wir_contracts.catalog import CONSUMERS
from wir_contracts.envelope import Event, tolerant
from wir_contracts.intake.v1 import PersonErasureRequested
from wir_contracts.services import Service
from wir_intake.domain import events
from wir_intake.domain.erasure import CONFIRMING, ErasureRequest, all_confirmed
from wir_intake.domain.needs import CONTRACT_URGENCY, Need, NeedData, NeedStatus, Urgency
from wir_intake.domain.person import PersonData
from wir_intake.domain.timeline import DETAILS, ForeignEvent, details_of, timeline_events
from wir_kit.testing.districts import BERGSTRASSE, HEPPENHEIM
from wir_kit.testing.examples import golden_examples

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


def _person(languages: list[dict[str, str]]) -> PersonData:
    return PersonData.model_validate(
        {
            "given_names": "Amina",
            "languages": languages,
            "preferred_language": languages[0]["language"],
            "municipality": HEPPENHEIM,
            "residence_status": "duldung",
        }
    )


def _need(status: NeedStatus = NeedStatus.OPEN, **data: Any) -> Need:
    return Need(
        id=uuid4(),
        person_id=uuid4(),
        data=NeedData.model_validate({"kind": "mentoring", "status": status, **data}),
        created_by="cm",
        created_at=NOW,
        updated_at=NOW,
        open_since=date(2026, 11, 20),
    )


def test_the_profile_carries_each_languages_self_rated_level_best_first() -> None:
    person = _person(
        [
            {"language": "eng", "level": "basic"},
            {"language": "prs", "level": "native"},
            {"language": "deu", "level": "basic"},
        ]
    )
    registered = events.registered(BERGSTRASSE, uuid4(), 1, person, ())
    assert registered.languages == ("prs", "eng", "deu")
    assert [(k.language, k.level) for k in registered.language_levels] == [
        ("prs", "native"),
        ("eng", "basic"),
        ("deu", "basic"),
    ]
    updated = events.updated(BERGSTRASSE, uuid4(), 2, person)
    assert updated.language_levels == registered.language_levels


def test_every_urgency_has_its_place_on_the_contracts_scale() -> None:
    assert set(CONTRACT_URGENCY) == set(Urgency)
    assert [CONTRACT_URGENCY[u] for u in Urgency] == ["routine", "routine", "soon", "urgent"]


def test_needs_recorded_carries_urgency_gender_and_open_since_of_active_needs_only() -> None:
    mentoring = _need(urgency="urgent", mentor_gender="female")
    started = _need(NeedStatus.IN_PROGRESS)
    met = _need(NeedStatus.MET)
    recorded = events.needs_recorded(BERGSTRASSE, uuid4(), 3, [mentoring, started, met])
    assert [n.need_id for n in recorded.needs] == [mentoring.id, started.id]
    first, second = recorded.needs
    assert (first.urgency, first.mentor_gender, first.open_since) == ("urgent", "female", date(2026, 11, 20))
    assert (second.urgency, second.mentor_gender) == ("routine", None)


@pytest.mark.parametrize("kind", ["housing", "health", "work_training", "other"])
def test_only_a_mentoring_need_asks_for_a_mentors_gender(kind: str) -> None:
    with pytest.raises(pydantic.ValidationError) as raised:
        NeedData.model_validate({"kind": kind, "mentor_gender": "female"})
    assert [error["loc"] for error in raised.value.errors()] == [("mentor_gender",)]
    asked = NeedData.model_validate({"kind": "mentoring", "mentor_gender": "diverse"})
    assert asked.mentor_gender == "diverse"


def _foreign(**fields: Any) -> ForeignEvent:
    envelope = {"district": BERGSTRASSE, "event_version": "1.1", "person_id": str(uuid4())}
    return ForeignEvent.model_validate({"producer": "matching", **envelope, **fields})


def test_a_proposal_keeps_score_and_the_codes_and_figures_of_its_reasons() -> None:
    reasons: list[Any] = [
        {"component": "language", "points": 0.4, "languages": ["prs"], "distance_km": None},
        {"component": "distance", "points": 0.1, "distance_km": 4.2, "note": "Jutta lives nearby"},
        "speaks Dari",
        {"component": "topics", "points": 0.2, "topics": ["housing"], "languages": "x" * 65},
    ]
    event = _foreign(
        event_type="match_proposed",
        score=0.7,
        reasons=reasons * 3,
        match_id=str(uuid4()),
    )
    details = details_of(event)
    assert set(details) == {"match_id", "score", "reasons"}
    assert details["score"] == 0.7
    kept = details["reasons"]
    assert isinstance(kept, list) and len(kept) == 8  # ten at most, of which two were no reasons
    assert kept[:3] == [
        {"component": "language", "points": 0.4, "languages": ["prs"]},
        {"component": "distance", "points": 0.1, "distance_km": 4.2},
        {"component": "topics", "points": 0.2, "topics": ["housing"]},
    ]


def test_matchings_outcomes_keep_their_reason_and_the_wait() -> None:
    withdrawn = _foreign(event_type="match_withdrawn", match_id=str(uuid4()), reason="consent_withdrawn")
    assert details_of(withdrawn)["reason"] == "consent_withdrawn"
    waiting = _foreign(
        event_type="person_waiting_for_mentor",
        waiting_since="2026-11-02",
        waiting_days=30,
        reason="no_capacity",
    )
    assert details_of(waiting) == {"waiting_since": "2026-11-02", "waiting_days": 30, "reason": "no_capacity"}


def test_every_timeline_event_keeps_some_details() -> None:
    names = {event.EVENT for event in timeline_events()}
    assert {"match_expired", "match_withdrawn", "person_waiting_for_mentor"} <= names
    assert names <= set(DETAILS)


@pytest.mark.parametrize("event", timeline_events(), ids=lambda event: event.EVENT)
def test_the_golden_examples_keep_only_whitelisted_details_and_no_contact(event: type[Event]) -> None:
    for example in golden_examples(event):
        parsed = tolerant(ForeignEvent).model_validate_json(example.model_dump_json())
        details = details_of(parsed)
        assert details and set(details) <= set(DETAILS[event.EVENT])
        shown = json.dumps(details)
        assert "://" not in shown and "+49" not in shown and "@" not in shown


def test_every_service_the_catalog_asks_to_erase_must_confirm_matching_and_interpreting_too() -> None:
    assert set(CONFIRMING) == CONSUMERS[PersonErasureRequested] == set(Service)
    assert CONFIRMING[0] == Service.INTAKE
    everyone_but_matching = {s.value for s in CONFIRMING} - {"matching"}
    assert not all_confirmed(everyone_but_matching)
    assert all_confirmed(everyone_but_matching | {"matching"})
    request = ErasureRequest(
        id=uuid4(),
        person_id=uuid4(),
        requested_at=NOW,
        overdue_at=None,
        completed_at=None,
        confirmations={Service(s): NOW for s in everyone_but_matching - {"interpreting"}},
    )
    assert request.outstanding() == (Service.MATCHING, Service.INTERPRETING)
