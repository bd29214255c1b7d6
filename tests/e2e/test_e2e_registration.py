"""End to end: intake, competence and notifications as separate processes started by `wir run`.

A case manager registers a person over HTTP; the person's competence record is opened from
intake's event and the welcome e-mail reaches a real SMTP server in the person's language.
"""

from __future__ import annotations

import uuid

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
        ],
    }


async def test_registration_opens_the_competence_record_and_sends_the_welcome_in_arabic(
    sink: MailSink,
) -> None:
    async with sandbox(["intake", "competence", "notifications"], sink.environ()) as platform:
        token = issue_dev_token(
            platform.settings, sub="e2e-case-manager", district=BERGSTRASSE, roles=["case_manager"]
        )
        headers = {"Authorization": f"Bearer {token}"}
        email = f"sara.{uuid.uuid4().hex[:8]}@example.org"
        async with httpx.AsyncClient(headers=headers, timeout=10.0) as http:
            registered = await http.post(
                platform.url("intake", "/persons?confirmed_new=true"),
                json=arabic_speaker(email),
                headers={"Idempotency-Key": str(uuid.uuid4())},
            )
            assert registered.status_code == 201, registered.text
            person_id = registered.json()["id"]

            async def record_opened() -> bool:
                answer = await http.get(platform.url("competence", f"/records/{person_id}"))
                return answer.status_code == 200

            assert await eventually(record_opened, timeout=60.0)

        welcome = (await sink.wait_for(email)).message
        html = welcome.get_body(preferencelist=("html",))
        text = welcome.get_body(preferencelist=("plain",))
        assert html is not None and text is not None
        assert 'dir="rtl"' in html.get_content()
        assert any("\u0600" <= ch <= "\u06ff" for ch in str(welcome["Subject"]) + text.get_content())
