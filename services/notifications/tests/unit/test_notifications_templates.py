"""Every template renders in every language against the golden example events: a missing
translation, placeholder or term fails here, not at run time."""

from __future__ import annotations

from datetime import UTC, datetime
from itertools import product
from uuid import uuid4
from zoneinfo import ZoneInfo

import pytest
from jinja2 import ChoiceLoader, DictLoader

from wir_contracts.interpreting import v1 as interpreting
from wir_contracts.interpreting.v1 import (
    CancellationReason,
    CancelledBy,
    InterpretingMode,
    UnfilledReason,
    Venue,
)
from wir_contracts.matching.v1 import (
    ComplianceDocument,
    DeclineReason,
    ScoreComponent,
    WaitingReason,
    WithdrawReason,
)
from wir_contracts.needs import MentoringTopic
from wir_notifications.adapters.message_links import sign_message
from wir_notifications.adapters.rendering import SMS_NOTICE, Renderer, shipped_templates
from wir_notifications.domain import notices
from wir_notifications.domain.errors import TemplateFailure
from wir_notifications.domain.languages import TEMPLATE_LANGUAGES, script
from wir_notifications.domain.policy import SENSITIVITY, Sensitivity

BERLIN = ZoneInfo("Europe/Berlin")
LANGUAGES = sorted(TEMPLATE_LANGUAGES)
TEMPLATES = sorted(SENSITIVITY)
NAME = "Amina <Rahimi> & Co"
SMS_LIMIT = 200  # three UCS-2 segments: short enough for Arabic, Persian and Ukrainian too
#: A link to the message as `compose` signs it (its length is the kit's JWT's, not the words').
MESSAGE_URL = "https://wir.example/messages/" + sign_message(
    "a-test-secret-long-enough-for-hs256-keys",
    district="06431",
    notification_id=uuid4(),
    expires_at=datetime(2027, 1, 1, tzinfo=UTC),
)
CONTACT = {
    "name": "WIR-Fallmanagement",
    "role": "Kreisverwaltung",
    "phone": "+49 6252 15-0",
    "email": "wir@example.org",
    "address": "Gräffstraße 5, 64646 Heppenheim",
}
RENDERER = Renderer()


def with_templates(sources: dict[str, str]) -> Renderer:
    return Renderer(ChoiceLoader([DictLoader(sources), shipped_templates()]))


def values(notice: notices.Notice, *, contacts=(CONTACT,), integreat="https://integreat.app/x/de") -> dict:
    return {
        **notice.facts,
        "name": NAME,
        "district": "Kreis Bergstraße",
        "message_url": MESSAGE_URL,
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
        assert len(message.sms.replace(MESSAGE_URL, "")) <= SMS_LIMIT, message.sms
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
