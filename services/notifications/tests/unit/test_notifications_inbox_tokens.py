"""The person token of the inbox sign-in: issued with the inbox's own key and told apart by its
key id; anything else carrying that key id is refused. The code's hint and keyed hash."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import uuid4

import jwt
import pytest
from pydantic import ValidationError

from wir_contracts.channels import Channel
from wir_kit import Role
from wir_notifications.adapters import inbox_tokens
from wir_notifications.adapters.rendering import Renderer
from wir_notifications.domain import inbox_codes
from wir_notifications.domain.languages import TEMPLATE_LANGUAGES, script
from wir_notifications.settings import DEV_MESSAGE_LINK_SECRET, NotificationSettings

SECRET = "an-inbox-secret-of-at-least-thirty-two-characters"
NOW = datetime.now(UTC)


def test_a_token_names_the_person_and_district_as_a_person_only() -> None:
    person_id = uuid4()
    token, expires_at = inbox_tokens.issue(SECRET, person_id=person_id, district="06431", now=NOW, minutes=30)

    who = inbox_tokens.verify(SECRET, token, max_minutes=30)

    assert (who.sub, who.district, who.roles) == (str(person_id), "06431", frozenset({Role.PERSON}))
    assert inbox_tokens.is_inbox_token(token) and expires_at - NOW == timedelta(minutes=30)


def _claims(**changes: object) -> dict[str, object]:
    return {
        "iss": inbox_tokens.ISSUER,
        "aud": inbox_tokens.AUDIENCE,
        "use": inbox_tokens.USE,
        "sub": str(uuid4()),
        "district": "06431",
        "roles": ["person"],
        "iat": int(NOW.timestamp()),
        "exp": int((NOW + timedelta(minutes=10)).timestamp()),
        **changes,
    }


@pytest.mark.parametrize(
    "changes",
    [
        {"roles": ["person", "coordinator"]},
        {"roles": ["case_manager"]},
        {"use": "notifications.message"},
        {"aud": "wir"},
        {"iss": "someone"},
        {"district": "99999"},
        {"sub": "cm-1"},
        {"exp": int((NOW - timedelta(minutes=5)).timestamp())},
        {"exp": int((NOW + timedelta(hours=5)).timestamp())},
    ],
)
def test_a_token_not_exactly_ours_is_refused(changes: dict[str, object]) -> None:
    token = jwt.encode(_claims(**changes), SECRET, algorithm="HS256", headers={"kid": inbox_tokens.KEY_ID})
    with pytest.raises(inbox_tokens.InvalidInboxToken):
        inbox_tokens.verify(SECRET, token, max_minutes=30)


def test_a_token_signed_with_another_key_is_refused() -> None:
    token, _ = inbox_tokens.issue("x" * 40, person_id=uuid4(), district="06431", now=NOW, minutes=30)
    with pytest.raises(inbox_tokens.InvalidInboxToken):
        inbox_tokens.verify(SECRET, token, max_minutes=30)


def test_production_refuses_the_development_key_and_a_key_shared_with_the_links() -> None:
    with pytest.raises(ValidationError, match="INBOX_TOKEN_SECRET"):
        NotificationSettings(env="production", message_link_secret="m" * 40)
    with pytest.raises(ValidationError, match="must differ"):
        NotificationSettings(
            message_link_secret=DEV_MESSAGE_LINK_SECRET, inbox_token_secret=DEV_MESSAGE_LINK_SECRET
        )
    assert NotificationSettings(env="production", message_link_secret="m" * 40, inbox_token_secret=SECRET)


def test_a_hint_shows_no_more_than_a_letter_or_two_digits() -> None:
    assert inbox_codes.masked(Channel.EMAIL, "amina.rahimi@example.org") == "a•••@e•••.org"
    assert inbox_codes.masked(Channel.EMAIL, "x@localhost") == "x•••@l•••"
    assert inbox_codes.masked(Channel.SMS, "+49 151 0000 0042") == "•••42"


def test_a_codes_hash_is_keyed_and_salted_by_its_id() -> None:
    code_id = uuid4()
    stored = inbox_codes.code_hash(SECRET, code_id, "123456")
    assert inbox_codes.matches(SECRET, code_id, "123456", stored)
    assert not inbox_codes.matches(SECRET, code_id, "123457", stored)
    assert not inbox_codes.matches("y" * 40, code_id, "123456", stored)
    assert inbox_codes.code_hash(SECRET, uuid4(), "123456") != stored
    assert len(inbox_codes.new_code()) == 6 and inbox_codes.new_code().isdigit()


@pytest.mark.parametrize("language", sorted(TEMPLATE_LANGUAGES))
def test_the_code_is_written_in_every_language(language: str) -> None:
    message = Renderer().inbox_code(language, "042917", 10)

    assert "042917" in message.text and "042917" in message.sms and "10" in message.sms
    assert len(message.sms) <= 160 and "\n" not in message.subject
    tag, direction = script(language).tag, "rtl" if script(language).rtl else "ltr"
    assert f'<html lang="{tag}" dir="{direction}">' in message.html
