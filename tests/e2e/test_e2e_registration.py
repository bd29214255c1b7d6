"""End to end: intake, competence and notifications as separate processes started by `wir run`.

A case manager registers a person over HTTP; the person's competence record is opened from
intake's event and the welcome e-mail reaches a real SMTP server in the person's language. The case
manager then adds a work entry and shares it with an employer: the employer's e-mail (German)
carries the link, and the link opens the record naming its holder in both scripts, the name having
reached competence only through intake's PersonIdentified.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import httpx

from wir_kit.auth import issue_dev_token
from wir_kit.testing.districts import BERGSTRASSE, HEPPENHEIM
from wir_kit.testing.waiting import eventually
from wir_ops.commands.run_mail_sink import MailSink
from wir_ops.sandbox import sandbox


def arabic_speaker(email: str) -> dict[str, object]:
    return {
        "given_names": "سارة",
        "family_name": "الخطيب",
        "transliteration": "Sara Al-Khatib",
        "date_of_birth": {"year": 1991},
        "country_of_origin": "SY",
        "nationalities": ["SY"],
        "languages": [{"language": "arb", "level": "native"}, {"language": "eng", "level": "basic"}],
        "preferred_language": "arb",
        "contact": {"email": email, "channels": ["email"]},
        "municipality": HEPPENHEIM,
        "arrival_date": "2026-11-01",
        "residence_status": "aufenthaltsgestattung",
        "consents": [
            {"purpose": "processing", "given": True, "legal_basis": "consent"},
            {"purpose": "contact_email", "given": True, "legal_basis": "consent"},
            {"purpose": "share_with_employers", "given": True, "legal_basis": "consent"},
        ],
    }


WORK = {
    "kind": "work",
    "occupation": "7512",
    "years": 4.5,
    "country": "SY",
    "started_on": "2016-09-01",
    "ended_on": "2021-02-28",
    "evidence": {"kind": "self_declared"},
}


def share_with(employer: str) -> dict[str, object]:
    return {
        "sections": ["work"],
        "recipient_organisation": "Bäckerei Sonnenschein GmbH",
        "recipient_email": employer,
        "expires_at": (datetime.now(UTC) + timedelta(days=14)).isoformat(),
    }


async def test_registration_welcomes_in_arabic_and_the_employers_link_names_the_holder(
    sink: MailSink,
) -> None:
    async with sandbox(["intake", "competence", "notifications"], sink.environ()) as platform:
        token = issue_dev_token(
            platform.settings, sub="e2e-case-manager", district=BERGSTRASSE, roles=["case_manager"]
        )
        headers = {"Authorization": f"Bearer {token}"}
        email = f"sara.{uuid.uuid4().hex[:8]}@example.org"
        employer = f"personal.{uuid.uuid4().hex[:8]}@baeckerei.example"
        async with httpx.AsyncClient(headers=headers, timeout=10.0) as http:
            registered = await http.post(
                platform.url("intake", "/persons?confirmed_new=true"),
                json=arabic_speaker(email),
                headers={"Idempotency-Key": str(uuid.uuid4())},
            )
            assert registered.status_code == 201, registered.text
            person_id = registered.json()["id"]
            record = platform.url("competence", f"/records/{person_id}")

            async def record_opened() -> bool:
                answer = await http.get(record)
                return answer.status_code == 200

            assert await eventually(record_opened, timeout=60.0)
            # The welcome first: the share below sends the person a second message.
            welcome = (await sink.wait_for(email)).message

            added = await http.post(f"{record}/entries", json=WORK)
            assert added.status_code == 201, added.text
            shared = await http.post(f"{record}/shares", json=share_with(employer))
            assert shared.status_code == 201, shared.text
            link = shared.json()["url"]

            to_employer = (await sink.wait_for(employer)).message

        # Without an account. The link is built on the configured public URL, and the sandbox's
        # competence listens on a port of its own: the link's path is opened there.
        async with httpx.AsyncClient(timeout=10.0) as anyone:
            opened = await anyone.get(platform.url("competence", urlsplit(link).path))
            printed = await anyone.get(platform.url("competence", f"{urlsplit(link).path}/document.pdf"))

        html = welcome.get_body(preferencelist=("html",))
        text = welcome.get_body(preferencelist=("plain",))
        assert html is not None and text is not None
        assert 'dir="rtl"' in html.get_content()
        assert any("\u0600" <= ch <= "\u06ff" for ch in str(welcome["Subject"]) + text.get_content())

        employer_text = to_employer.get_body(preferencelist=("plain",))
        assert employer_text is not None
        assert (to_employer["Content-Language"], to_employer["Subject"]) == (
            "de",
            "Ein Kompetenznachweis wurde mit Ihnen geteilt",
        )
        assert link in employer_text.get_content()

        assert opened.status_code == 200, opened.text
        holder = opened.json()["holder"]
        assert (holder["name_latin"], holder["name_original"]) == ("Sara Al-Khatib", "سارة الخطيب")
        assert holder["date_of_birth"] == {"year": 1991, "month": None, "day": None}
        assert [entry["occupation"] for entry in opened.json()["sections"]["work"]] == ["7512"]
        assert (printed.status_code, printed.headers["content-type"]) == (200, "application/pdf")
