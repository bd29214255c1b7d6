"""Every template renders in every language against the golden example events: a missing
translation, placeholder or term fails here, not at run time."""

from __future__ import annotations

from itertools import product
from uuid import uuid4
from zoneinfo import ZoneInfo

import pytest
from jinja2 import ChoiceLoader, DictLoader

from wir_contracts.competence.v1 import CompetenceRecordShared
from wir_contracts.intake.v1 import PersonRegistered
from wir_contracts.interpreting import v1 as interpreting
from wir_contracts.interpreting.v1 import (
    AppointmentCancelled,
    AppointmentConfirmed,
    AppointmentReminderDue,
    AppointmentRescheduled,
    CancellationReason,
    CancelledBy,
    InterpreterAssigned,
    InterpreterComplianceExpiring,
    InterpreterDeclined,
    InterpretingMode,
    InterpretingUnfilled,
    UnfilledReason,
    Venue,
)
from wir_contracts.matching.v1 import (
    ComplianceDocument,
    DeclineReason,
    EndReason,
    MatchAccepted,
    MatchDeclined,
    MatchExpired,
    MatchProposed,
    MatchWithdrawn,
    MentorshipEnded,
    PersonWaitingForMentor,
    ScoreComponent,
    VolunteerComplianceExpiring,
    VolunteerSuspended,
    WaitingReason,
    WithdrawReason,
)
from wir_contracts.needs import MentoringTopic
from wir_kit.testing.examples import golden_examples
from wir_notifications.adapters.rendering import SMS_NOTICE, Renderer, shipped_templates
from wir_notifications.domain import appointment_notices, notices
from wir_notifications.domain.errors import TemplateFailure
from wir_notifications.domain.languages import TEMPLATE_LANGUAGES, script
from wir_notifications.domain.policy import SENSITIVITY, Sensitivity

BERLIN = ZoneInfo("Europe/Berlin")
LANGUAGES = sorted(TEMPLATE_LANGUAGES)
TEMPLATES = sorted(SENSITIVITY)
NAME = "Amina <Rahimi> & Co"
SMS_LIMIT = 200  # three UCS-2 segments: short enough for Arabic, Persian and Ukrainian too
CONTACT = {
    "name": "WIR-Fallmanagement",
    "role": "Kreisverwaltung",
    "phone": "+49 6252 15-0",
    "email": "wir@example.org",
    "address": "Gräffstraße 5, 64646 Heppenheim",
}
SOURCES = {
    PersonRegistered: lambda e: [notices.welcome(e)],
    MatchProposed: notices.match_proposed,
    MatchAccepted: notices.match_accepted,
    InterpreterAssigned: appointment_notices.interpreter_assigned,
    AppointmentReminderDue: appointment_notices.appointment_reminder,
    # With and without the appointment's time and place (a 1.0 producer sends none).
    AppointmentConfirmed: lambda e: [
        *appointment_notices.appointment_confirmed(e),
        *appointment_notices.appointment_confirmed(e.model_copy(update={"appointment": None})),
    ],
    # Every side of a cancellation, with and without the details, by whom and how late.
    AppointmentCancelled: lambda e: [
        *appointment_notices.appointment_cancelled(e),
        *appointment_notices.appointment_cancelled(
            e.model_copy(update={"appointment": None, "cancelled_by": None, "short_notice": True})
        ),
    ],
    # The interpreter who keeps it is asked with the link; without, the others are told, and
    # one who cannot take the new time is let go.
    AppointmentRescheduled: lambda e: [
        *appointment_notices.appointment_rescheduled(e),
        *appointment_notices.appointment_rescheduled(
            e.model_copy(
                update={
                    "interpreter_id": None,
                    "respond_by": None,
                    "answer_url": None,
                    "released_interpreter_id": e.interpreter_id,
                }
            )
        ),
    ],
    # The golden example declined a request (nobody is told); one given back after confirming.
    InterpreterDeclined: lambda e: appointment_notices.interpreter_declined(
        e.model_copy(update={"after_confirming": True})
    ),
    InterpretingUnfilled: lambda e: [*appointment_notices.interpreting_unfilled(e), *_unfilled_staff(e)],
    InterpreterComplianceExpiring: appointment_notices.interpreter_compliance_expiring,
    CompetenceRecordShared: notices.competence_shared,
    # Both sides of a withdrawal: the volunteer's message for a proposal and a running
    # mentorship, and the person's of a running one.
    MatchWithdrawn: lambda e: [
        *notices.match_withdrawn(e, running=False),
        *notices.match_withdrawn(e, running=True),
    ],
    # The golden example ran its course, which the person is not told of; one ended by the
    # volunteer they are.
    MentorshipEnded: lambda e: notices.mentorship_ended(
        e.model_copy(update={"reason": EndReason.ENDED_BY_VOLUNTEER})
    ),
    VolunteerComplianceExpiring: notices.compliance_expiring,
    VolunteerSuspended: notices.volunteer_suspended,
    MatchDeclined: lambda e: _staff(e),
    MatchExpired: lambda e: _staff(e),
    PersonWaitingForMentor: lambda e: _staff(e),
}
RENDERER = Renderer()


def _staff(event: MatchDeclined | MatchExpired | PersonWaitingForMentor) -> list[notices.Notice]:
    template, facts = notices.staff_facts(event)
    return notices.for_staff(template, [uuid4()], facts)


def _unfilled_staff(event: InterpretingUnfilled) -> list[notices.Notice]:
    template, facts = appointment_notices.unfilled_for_staff(event)
    return notices.for_staff(template, [uuid4()], facts)


def with_templates(sources: dict[str, str]) -> Renderer:
    return Renderer(ChoiceLoader([DictLoader(sources), shipped_templates()]))


@pytest.fixture(scope="module")
def golden_notices() -> list[notices.Notice]:
    return [
        notice
        for event, make in SOURCES.items()
        for example in golden_examples(event)
        for notice in make(example)
    ]


def values(notice: notices.Notice, *, contacts=(CONTACT,), integreat="https://integreat.app/x/de") -> dict:
    return {
        **notice.facts,
        "name": NAME,
        "district": "Kreis Bergstraße",
        "inbox_url": "https://wir.example/inbox",
        "contacts": list(contacts),
        "integreat_url": integreat,
    }


def test_the_shipped_templates_are_the_ones_the_policy_knows() -> None:
    assert RENDERER.templates() == {*SENSITIVITY, SMS_NOTICE}


@pytest.mark.parametrize("template", [*TEMPLATES, SMS_NOTICE])
def test_every_template_is_written_in_every_language(template: str) -> None:
    assert RENDERER.languages(template) == set(TEMPLATE_LANGUAGES)


def test_the_golden_examples_reach_every_template(golden_notices) -> None:
    assert {notice.template for notice in golden_notices} == set(TEMPLATES)


@pytest.mark.parametrize(("template", "language"), list(product(TEMPLATES, LANGUAGES)))
def test_renders_against_every_golden_example(golden_notices, template: str, language: str) -> None:
    examples = [n for n in golden_notices if n.template == template]
    notice_sms = RENDERER.sms_notice(language, values(examples[0]))
    for notice in examples:
        message = RENDERER.render(template, language, values(notice), sensitive=notice.sensitive, zone=BERLIN)

        for part in (message.subject, message.text, message.html, message.sms):
            assert part and "{{" not in part and "{%" not in part and "}}" not in part
        assert "\n" not in message.subject
        assert NAME in message.text
        assert "Amina &lt;Rahimi&gt; &amp; Co" in message.html and NAME not in message.html
        tag, direction = script(language).tag, "rtl" if script(language).rtl else "ltr"
        assert f'<html lang="{tag}" dir="{direction}">' in message.html
        assert len(message.sms) <= SMS_LIMIT, message.sms
        if notice.sensitive:
            assert message.sms == notice_sms  # nothing of the message itself


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_welcome_without_district_content_still_renders(golden_notices, language: str) -> None:
    welcome = next(n for n in golden_notices if n.template == "welcome")
    message = RENDERER.render(
        "welcome", language, values(welcome, contacts=(), integreat=None), sensitive=False, zone=BERLIN
    )
    assert "integreat" not in message.text and "6252" not in message.text


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_welcome_lists_the_districts_contacts(golden_notices, language: str) -> None:
    welcome = next(n for n in golden_notices if n.template == "welcome")
    message = RENDERER.render("welcome", language, values(welcome), sensitive=False, zone=BERLIN)
    assert "WIR-Fallmanagement (Kreisverwaltung), +49 6252 15-0, wir@example.org" in message.text
    assert "https://integreat.app/x/de" in message.text and "WIR-Fallmanagement, +49 6252 15-0" in message.sms


@pytest.mark.parametrize("template", TEMPLATES)
def test_only_templates_that_may_be_harmless_have_an_sms_of_their_own(template: str) -> None:
    for language in LANGUAGES:
        source = RENDERER.env.get_template(f"messages/{template}/{language}.jinja")
        assert ("sms" in source.blocks) is (SENSITIVITY[template] is not Sensitivity.ALWAYS)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_vocabulary_word_is_translated(language: str) -> None:
    expected = {
        "venue": {v.value for v in Venue},
        "mode": {m.value for m in InterpretingMode},
        "topic": {t.value for t in MentoringTopic},
        "cancellation_reason": {r.value for r in CancellationReason},
        "match_reason": {c.value for c in ScoreComponent},
        "decline_reason": {r.value for r in DeclineReason},
        "withdraw_reason": {r.value for r in WithdrawReason},
        "mentorship_end_reason": set(notices.PERSON_SIDE_OF_WITHDRAWAL.values())
        | {r.value for r in notices.ENDINGS_TOLD_TO_PERSON},
        "waiting_reason": {r.value for r in WaitingReason},
        "compliance_document": {d.value for d in ComplianceDocument},
        "cancelled_by": {c.value for c in CancelledBy},
        "interpreter_decline_reason": {r.value for r in interpreting.DeclineReason},
        "unfilled_reason": {r.value for r in UnfilledReason},
        "interpreter_document": {d.value for d in interpreting.ComplianceDocument},
    }
    terms = RENDERER.terms(language)
    assert {kind: set(words) for kind, words in terms.items()} == expected
    assert all(word.strip() for words in terms.values() for word in words.values())


TIMES = {
    "deu": "09:30",
    "eng": "9:30 AM",
    "ara": "9:30 ص",
    "fas": "9:30",
    "ukr": "09:30",
    "tur": "09:30",
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_appointment_times_are_written_in_the_language_and_the_districts_time(language: str) -> None:
    source = "{% block subject %}{{ at | time }}{% endblock %}{% block text %}-{% endblock %}"
    probe = with_templates({f"messages/probe/{language}.jinja": source + "{% block sms %}-{% endblock %}"})
    message = probe.render("probe", language, {"at": "2026-11-17T08:30:00Z"}, sensitive=False, zone=BERLIN)
    assert message.subject == TIMES[language]  # 08:30 UTC is 09:30 in Berlin in November


def test_a_missing_placeholder_names_it_and_nothing_else() -> None:
    broken = with_templates({"messages/x/deu.jinja": "{% block subject %}{{ secret }}{% endblock %}"})
    with pytest.raises(TemplateFailure) as failure:
        broken.render("x", "deu", {"name": NAME}, sensitive=False, zone=BERLIN)
    assert failure.value.reason == "template x/deu: 'secret' is undefined"


def test_a_missing_term_is_an_error_not_a_blank() -> None:
    broken = Renderer(
        DictLoader(
            {"messages/x/deu.jinja": "{% block subject %}{{ 'castle' | term('venue') }}{% endblock %}"}
        )
    )
    with pytest.raises(TemplateFailure, match="no venue term 'castle'"):
        broken.render("x", "deu", {}, sensitive=False, zone=BERLIN)
