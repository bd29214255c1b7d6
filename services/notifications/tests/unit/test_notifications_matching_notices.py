"""Matching's new messages: who is told what of a proposal, a withdrawal, an ending and a
compliance lapse; what coordinators see (ids and the reason only); how a reason reads."""

from __future__ import annotations

from uuid import uuid4
from zoneinfo import ZoneInfo

import pytest

from wir_contracts.channels import Channel
from wir_contracts.matching.v1 import (
    EndReason,
    MatchDeclined,
    MatchExpired,
    MatchProposed,
    MatchWithdrawn,
    MentorshipEnded,
    PersonWaitingForMentor,
    ScoreComponent,
    VolunteerComplianceExpiring,
    WithdrawReason,
)
from wir_contracts.notifications.v1 import RecipientKind
from wir_kit.testing.examples import golden
from wir_notifications.adapters.rendering import Renderer
from wir_notifications.domain import notices
from wir_notifications.domain.errors import TemplateFailure
from wir_notifications.domain.languages import TEMPLATE_LANGUAGES
from wir_notifications.domain.recipients import Recipient, delivery_plan
from wir_notifications.domain.staff import coordinator_id, nobody_id

RENDERER = Renderer()
BERLIN = ZoneInfo("Europe/Berlin")
PROBE = "{% block subject %}-{% endblock %}{% block text %}{{ reason | reason }}{% endblock %}"


def reason_in(language: str, **reason: object) -> str:
    """One reason rendered the way the proposal renders it."""
    full = {"languages": [], "distance_km": None, "topics": [], "hours_per_week": None, "waiting_days": None}
    template = RENDERER.env.from_string(PROBE)
    context = {"reason": {**full, **reason}, "_language": language, "terms": RENDERER.terms(language)}
    return "".join(template.blocks["text"](template.new_context(context)))


def test_a_proposal_carries_its_reasons_and_the_answer_link() -> None:
    [notice] = notices.match_proposed(golden(MatchProposed))

    assert notice.facts["answer_url"].startswith("https://wir.example.org/matching/answers/")
    assert [r["component"] for r in notice.facts["reasons"]] == ["language", "topics", "distance"]
    assert notice.facts["reasons"][0]["languages"] == ["prs"]
    assert "points" not in notice.facts["reasons"][0]  # what earned it, not the arithmetic


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("eng", ["you both speak Dari and Arabic", "4.2 km away", "you help with housing and health"]),
        (
            "deu",
            [
                "Sie sprechen beide Dari und Arabisch",
                "4,2 km entfernt",
                "Sie helfen bei Wohnen und Gesundheit",
            ],
        ),
    ],
)
def test_a_reason_names_languages_distance_and_topics_in_the_volunteers_language(
    language: str, expected: list[str]
) -> None:
    got = [
        reason_in(language, component="language", languages=["prs", "ara"]),
        reason_in(language, component="distance", distance_km=4.2),
        reason_in(language, component="topics", topics=["housing", "health"]),
    ]
    assert got == expected


@pytest.mark.parametrize("language", sorted(TEMPLATE_LANGUAGES))
@pytest.mark.parametrize("component", list(ScoreComponent))
def test_every_score_component_reads_in_every_language(language: str, component: ScoreComponent) -> None:
    text = reason_in(
        language,
        component=component.value,
        languages=["prs"],
        distance_km=12.5,
        topics=["work"],
        hours_per_week=3.0,
        waiting_days=41,
    )
    assert text.strip() and "{" not in text and "}" not in text


def test_an_unknown_score_component_is_an_error_not_a_blank() -> None:
    with pytest.raises(TemplateFailure, match="no match_reason term 'luck'"):
        RENDERER.render(
            "match_proposed",
            "eng",
            {
                "name": "Jutta",
                "district": "Kreis Bergstraße",
                "message_url": "https://wir.example/messages/x",
                "topics": ["work"],
                "respond_by": None,
                "answer_url": None,
                "reasons": [{"component": "luck", "languages": [], "topics": []}],
            },
            sensitive=False,
            zone=BERLIN,
        )


def test_a_withdrawn_proposal_tells_only_the_volunteer() -> None:
    told = notices.match_withdrawn(golden(MatchWithdrawn), running=False)
    assert [(n.template, n.recipient_kind) for n in told] == [("match_withdrawn", RecipientKind.VOLUNTEER)]


def test_a_withdrawn_mentorship_tells_the_person_too_but_never_why_the_mentor_left() -> None:
    suspended = golden(MatchWithdrawn, reason=WithdrawReason.VOLUNTEER_SUSPENDED)

    volunteer, person = notices.match_withdrawn(suspended, running=True)

    assert volunteer.facts == {"reason": "volunteer_suspended", "running": True}
    assert (person.template, person.recipient_kind) == ("mentorship_ended", RecipientKind.PERSON)
    assert person.facts == {"reason": "mentor_unavailable"}


def test_an_erased_person_is_told_nothing_of_the_withdrawal() -> None:
    erased = golden(MatchWithdrawn, reason=WithdrawReason.PERSON_ERASED)
    told = notices.match_withdrawn(erased, running=True)
    assert [n.recipient_kind for n in told] == [RecipientKind.VOLUNTEER]


@pytest.mark.parametrize(
    ("reason", "told"),
    [
        (EndReason.COMPLETED, False),
        (EndReason.ENDED_BY_PERSON, False),
        (EndReason.ENDED_BY_VOLUNTEER, True),
        (EndReason.ENDED_BY_COORDINATOR, True),
    ],
)
def test_the_person_hears_only_of_an_ending_they_may_not_know_of(reason: EndReason, told: bool) -> None:
    notes = notices.mentorship_ended(golden(MentorshipEnded, reason=reason))
    assert bool(notes) is told


def test_coordinators_see_ids_and_the_reason_only() -> None:
    declined = notices.staff_facts(golden(MatchDeclined))
    expired = notices.staff_facts(golden(MatchExpired))
    waiting = notices.staff_facts(golden(PersonWaitingForMentor))

    assert declined[0] == "staff_match_declined" and set(declined[1]) == {"match_id", "person_id", "reason"}
    assert expired[0] == "staff_match_expired" and set(expired[1]) == {"match_id", "person_id"}
    assert waiting[0] == "staff_person_waiting" and set(waiting[1]) == {"person_id", "need_id", "reason"}
    assert waiting[1]["reason"] == "no_shared_language"


def coordinator(email: str | None) -> Recipient:
    return Recipient(
        kind=RecipientKind.STAFF,
        recipient_id=uuid4(),
        display_name="Kim",
        email=email,
        mobile=None,
        channels=(Channel.EMAIL,),
        preferred_language="deu",
    )


def test_a_coordinator_is_written_to_by_e_mail_only() -> None:
    assert delivery_plan(coordinator("kim@example.org"), sms_available=True) == (Channel.EMAIL,)
    # No inbox to fall back on: an address gone meanwhile fails the e-mail when it is sent.
    assert delivery_plan(coordinator(None), sms_available=True) == (Channel.EMAIL,)


def test_a_coordinators_id_follows_the_address_within_the_district() -> None:
    assert coordinator_id("06431", "Kim@Example.org ") == coordinator_id("06431", "kim@example.org")
    assert coordinator_id("06431", "kim@example.org") != coordinator_id("06435", "kim@example.org")
    assert nobody_id("06431") not in {coordinator_id("06431", "kim@example.org"), nobody_id("06435")}


@pytest.mark.parametrize(("language", "day"), [("eng", "March 1, 2027"), ("deu", "1. März 2027")])
def test_a_documents_expiry_is_the_calendar_day_whatever_the_time_zone(language: str, day: str) -> None:
    [notice] = notices.compliance_expiring(golden(VolunteerComplianceExpiring))
    values = {
        **notice.facts,
        "name": "Jutta",
        "district": "Kreis Bergstraße",
        "message_url": "https://x/m",
    }

    for zone in (BERLIN, ZoneInfo("Pacific/Kiritimati"), ZoneInfo("Pacific/Pago_Pago")):
        message = RENDERER.render("compliance_expiring", language, values, sensitive=True, zone=zone)
        assert day in message.text
