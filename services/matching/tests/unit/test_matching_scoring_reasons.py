"""Every score carries its reasons: largest first, adding up, readable, and as the contract's."""

from __future__ import annotations

from datetime import date, time, timedelta
from uuid import UUID

import pytest

from wir_contracts.matching.v1 import MatchReason, ScoreComponent
from wir_contracts.needs import MentoringTopic
from wir_matching.domain.model import Mentor, Seeker, Spoken, WeeklySlot
from wir_matching.domain.scoring import Reason, describe_de, score

TODAY = date(2026, 12, 7)
PERSON = Seeker(
    person_id=UUID(int=1),
    need_id=UUID(int=2),
    municipality="06431011",
    languages=(Spoken("prs", native=True),),
    topics=frozenset({"housing", "authorities"}),
    urgency="routine",
    waiting_since=TODAY - timedelta(days=12),
    requested_gender="female",
    previous_mentors=frozenset({UUID(int=3)}),
)
HELPER = Mentor(
    volunteer_id=UUID(int=3),
    municipality="06431002",
    travel_km=10,
    languages=(Spoken("fas", native=True),),
    topics=frozenset({"housing", "authorities"}),
    free_places=2,
    weekly=(WeeklySlot(1, time(18), time(21)),),
    gender="female",
)


def test_reasons_come_largest_first_and_add_up_to_the_total() -> None:
    result = score(PERSON, HELPER, today=TODAY)
    assert result is not None
    assert {reason.component for reason in result.reasons} == set(ScoreComponent)
    assert [r.points for r in result.reasons] == sorted((r.points for r in result.reasons), reverse=True)
    assert result.total == pytest.approx(sum(r.points for r in result.reasons))


def test_a_coordinator_reads_the_reasons_in_german() -> None:
    result = score(PERSON, HELPER, today=TODAY)
    assert result is not None
    assert describe_de(result.reasons) == (
        "spricht Dari; 5 km; Behörden und Wohnen; 3 Std. pro Woche frei; gewünschtes Geschlecht; "
        "hat die Person schon begleitet; wartet seit 12 Tagen"
    )


def test_the_short_description_names_language_distance_and_topics() -> None:
    reasons = (
        Reason(ScoreComponent.TOPICS, 0.2, topics=("housing", "authorities")),
        Reason(ScoreComponent.LANGUAGE, 0.4, languages=("prs",)),
        Reason(ScoreComponent.DISTANCE, 0.12, distance_km=4.2),
    )
    assert describe_de(reasons) == "spricht Dari; 4 km; Wohnen und Behörden"


@pytest.mark.parametrize(
    ("reason", "text"),
    [
        (
            Reason(ScoreComponent.LANGUAGE, 0.3, languages=("prs", "deu", "xyz")),
            "spricht Dari, Deutsch und xyz",
        ),
        (Reason(ScoreComponent.DISTANCE, 0.15, distance_km=0.0), "am selben Ort"),
        (Reason(ScoreComponent.DISTANCE, 0.14, distance_km=0.3), "1 km"),
        (Reason(ScoreComponent.DISTANCE, 0.07), "Entfernung unbekannt"),
        (Reason(ScoreComponent.TOPICS, 0.1), ""),
        (Reason(ScoreComponent.AVAILABILITY, 0.05), ""),
        (Reason(ScoreComponent.AVAILABILITY, 0.01, hours_per_week=0.4), "unter 1 Std. pro Woche frei"),
        (Reason(ScoreComponent.WAITING, 0.01, waiting_days=1), "wartet seit 1 Tag"),
    ],
)
def test_each_reason_reads_as_a_short_phrase(reason: Reason, text: str) -> None:
    assert describe_de([reason]) == text


def test_a_reason_becomes_the_contracts_match_reason() -> None:
    reason = Reason(
        ScoreComponent.TOPICS,
        0.123456,
        topics=("housing",),
        distance_km=4.26,
        hours_per_week=2.04,
        waiting_days=3,
    )
    contract = reason.to_contract()
    assert isinstance(contract, MatchReason)
    assert contract.points == 0.1235 and contract.distance_km == 4.3 and contract.hours_per_week == 2.0
    assert contract.topics == (MentoringTopic.HOUSING,) and contract.waiting_days == 3


def test_every_reason_of_a_score_validates_as_the_contracts() -> None:
    result = score(PERSON, HELPER, today=TODAY)
    assert result is not None
    contracts = [reason.to_contract() for reason in result.reasons]
    assert [c.component for c in contracts] == [r.component for r in result.reasons]
    language = next(c for c in contracts if c.component is ScoreComponent.LANGUAGE)
    assert language.languages == ("prs",)
