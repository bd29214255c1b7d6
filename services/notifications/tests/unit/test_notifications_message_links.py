"""The signed link to a message: it opens only what it names, only for its use, until its time,
and the page it opens shows the message in its language and direction, never cached."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest

from wir_kit import sign_link
from wir_notifications.adapters import message_page
from wir_notifications.adapters.message_links import BadLink, LinkExpired, read_message, sign_message

SECRET = "a-test-secret-long-enough-for-hs256-keys"
DUE = datetime(2027, 1, 5, 12, 0, tzinfo=UTC)


def test_a_link_names_its_district_and_message_until_its_time() -> None:
    notification_id = uuid4()
    token = sign_message(SECRET, district="06431", notification_id=notification_id, expires_at=DUE)

    claim = read_message(SECRET, token, now=DUE - timedelta(seconds=1))

    assert (claim.district, claim.notification_id, claim.expires_at) == ("06431", notification_id, DUE)


def test_a_link_past_its_time_is_expired() -> None:
    token = sign_message(SECRET, district="06431", notification_id=uuid4(), expires_at=DUE)

    with pytest.raises(LinkExpired):
        read_message(SECRET, token, now=DUE)


def test_a_tampered_link_or_another_secrets_is_bad() -> None:
    token = sign_message(SECRET, district="06431", notification_id=uuid4(), expires_at=DUE)
    header, payload, signature = token.split(".")
    tampered = ".".join((header, payload, signature[:-2] + ("AA" if signature[-2:] != "AA" else "BB")))

    for bad in (tampered, "not-a-token", ""):
        with pytest.raises(BadLink):
            read_message(SECRET, bad, now=DUE - timedelta(days=1))
    with pytest.raises(BadLink):
        read_message(SECRET + "-other", token, now=DUE - timedelta(days=1))


def test_a_link_for_another_use_opens_no_message() -> None:
    # An answer link of matching's, signed with the same key, names no notification.
    token = sign_link(
        SECRET, use="matching.answer", district="06431", ids={"notification_id": uuid4()}, expires_at=DUE
    )

    with pytest.raises(BadLink):
        read_message(SECRET, token, now=DUE - timedelta(days=1))


@pytest.mark.parametrize(
    ("language", "tag", "direction"), [("fas", "fa", "rtl"), ("ara", "ar", "rtl"), ("ukr", "uk", "ltr")]
)
def test_the_page_shows_the_message_in_its_language_and_direction(
    language: str, tag: str, direction: str
) -> None:
    page = message_page.message(
        "Betreff <b>", "Hallo <i>Amina</i>\nZeile 2\n\nMehr: https://integreat.app/x", language
    )

    html = page.body.decode()
    assert page.status_code == 200
    assert f'<article lang="{tag}" dir="{direction}"><h2>Betreff &lt;b&gt;</h2>' in html
    assert "<p>Hallo &lt;i&gt;Amina&lt;/i&gt;<br>Zeile 2</p>" in html
    assert 'href="https://integreat.app/x"' in html
    assert page.headers["Cache-Control"] == "no-store"


def test_the_pages_of_a_bad_and_an_expired_link_speak_every_language() -> None:
    missing, over = message_page.not_found(), message_page.expired()

    assert (missing.status_code, over.status_code) == (404, 410)
    for page in (missing, over):
        html = page.body.decode()
        assert html.count("<article ") == 6 and '<article lang="fa" dir="rtl">' in html
        assert page.headers["Cache-Control"] == "no-store"
