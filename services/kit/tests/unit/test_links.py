"""Signed links: genuine ones open, tampered, foreign, garbage, other uses and expired ones do not;
the page a link opens is never cached and sends no referrer."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID

import jwt
import pytest
from starlette.requests import Request

from wir_kit.links import (
    BadLink,
    LinkClaim,
    LinkExpired,
    choice_form,
    form_value,
    link_notice,
    link_page,
    link_page_answer,
    read_link,
    sign_link,
)

SECRET = "a-test-secret-long-enough-for-hs256-keys-0123456789"
NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
DUE = NOW + timedelta(days=7)
EXP = int(DUE.timestamp())
MATCH, VOLUNTEER = UUID(int=7), UUID(int=8)


USE = "matching.answer"
IDS = ("match_id", "volunteer_id")


def link(secret: str = SECRET, expires_at: datetime = DUE) -> str:
    ids = {"match_id": MATCH, "volunteer_id": VOLUNTEER}
    return sign_link(secret, use=USE, district="06431", ids=ids, expires_at=expires_at)


def read_answer(secret: str, token: str, *, now: datetime) -> LinkClaim:
    return read_link(secret, token, use=USE, ids=IDS, now=now)


def test_a_genuine_link_names_its_district_and_ids() -> None:
    claim = read_answer(SECRET, link(), now=NOW)
    assert claim == LinkClaim("06431", {"match_id": MATCH, "volunteer_id": VOLUNTEER}, DUE)
    valid = {"district": "06431", "match_id": str(MATCH), "volunteer_id": str(VOLUNTEER), "exp": EXP}
    made_elsewhere = jwt.encode({**valid, "use": "matching.answer"}, SECRET, algorithm="HS256")
    assert read_answer(SECRET, made_elsewhere, now=NOW).ids["match_id"] == MATCH


def test_a_link_signed_with_another_secret_is_bad() -> None:
    with pytest.raises(BadLink):
        read_answer(SECRET, link(secret="another-secret-just-as-long-as-the-real-one-00"), now=NOW)


def test_a_tampered_link_is_bad() -> None:
    header, payload, signature = link().split(".")
    forged = jwt.encode(
        {
            "district": "06412",
            "match_id": str(MATCH),
            "volunteer_id": str(VOLUNTEER),
            "exp": 2**40,
            "use": "x",
        },
        "guess-of-a-secret-that-is-long-enough-for-hs256",
        algorithm="HS256",
    ).split(".")[1]
    with pytest.raises(BadLink):
        read_answer(SECRET, f"{header}.{forged}.{signature}", now=NOW)
    with pytest.raises(BadLink):
        read_answer(SECRET, f"{header}.{payload}.{signature[:-4]}AAAA", now=NOW)


@pytest.mark.parametrize("garbage", ["", "not-a-token", "a.b.c", "eyJhbGciOiJub25lIn0.e30."])
def test_garbage_is_a_bad_link(garbage: str) -> None:
    with pytest.raises(BadLink):
        read_answer(SECRET, garbage, now=NOW)


def test_an_unsigned_token_is_a_bad_link() -> None:
    claims = {"district": "06431", "match_id": str(MATCH), "volunteer_id": str(VOLUNTEER), "exp": 2**40}
    with pytest.raises(BadLink):
        read_answer(SECRET, jwt.encode({**claims, "use": "matching.answer"}, "", algorithm="none"), now=NOW)


@pytest.mark.parametrize(
    "claims",
    [
        {"district": "06431", "match_id": str(MATCH), "exp": EXP},
        {"district": "06431", "match_id": "nope", "volunteer_id": str(VOLUNTEER), "exp": EXP},
        {"district": 6431, "match_id": str(MATCH), "volunteer_id": str(VOLUNTEER), "exp": EXP},
        {
            "district": "06431",
            "match_id": str(MATCH),
            "volunteer_id": str(VOLUNTEER),
            "exp": EXP,
            "use": "share",
        },
        {"district": "06431", "match_id": str(MATCH), "volunteer_id": str(VOLUNTEER), "exp": 10**15},
    ],
)
def test_a_token_of_the_same_secret_but_not_a_link_for_this_use_is_bad(claims: dict[str, object]) -> None:
    claims.setdefault("use", "matching.answer")
    with pytest.raises(BadLink):
        read_answer(SECRET, jwt.encode(claims, SECRET, algorithm="HS256"), now=NOW)


def test_a_link_past_its_time_has_expired() -> None:
    with pytest.raises(LinkExpired):
        read_answer(SECRET, link(), now=DUE)
    with pytest.raises(LinkExpired):
        read_answer(SECRET, link(expires_at=NOW - timedelta(days=1)), now=NOW)


def test_a_link_needs_an_aware_expiry() -> None:
    with pytest.raises(ValueError, match="time zone"):
        link(expires_at=datetime(2026, 12, 14, 9, 0))


def test_the_page_a_link_opens_is_escaped_uncached_and_sends_no_referrer() -> None:
    page = link_page("<Anfrage>", "<p>ok</p>", 410)
    assert page.status_code == 410
    assert b"<h1>&lt;Anfrage&gt;</h1><p>ok</p>" in page.body
    assert page.headers["cache-control"] == "no-store"
    assert page.headers["referrer-policy"] == "no-referrer"


async def test_a_link_pages_form_gives_one_field_and_nothing_for_an_oversized_body() -> None:
    async def request_with(body: bytes) -> Request:
        async def receive() -> dict[str, object]:
            return {"type": "http.request", "body": body, "more_body": False}

        return Request({"type": "http", "method": "POST", "headers": []}, receive)

    assert await form_value(await request_with(b"reason=other&x=1"), "reason") == "other"
    assert await form_value(await request_with(b"x=1"), "reason") == ""
    assert await form_value(await request_with(b"reason=" + b"a" * 4096), "reason") == ""


def test_a_notice_escapes_its_words_and_the_form_names_its_one_field() -> None:
    notice = link_notice("Link", "<b>weg</b>", 404)
    assert notice.status_code == 404
    assert b"<p>&lt;b&gt;weg&lt;/b&gt;</p>" in notice.body
    assert link_page_answer("gone") == {"description": "gone", "content": {"text/html": {}}}
    schema = choice_form("reason", ["a", "b"])["requestBody"]["content"]["application/x-www-form-urlencoded"]
    assert schema["schema"]["properties"] == {"reason": {"type": "string", "enum": ["a", "b"]}}
    assert schema["schema"]["required"] == ["reason"]
